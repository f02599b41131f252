// The payments API over API Gateway proxy events: route, parse, call the core (tokenize, mask) and the store, map
// the outcome to a response, log a redacted summary. It never logs a body and never returns a stack or a PAN:
// request fields that could hold one are refused (schema.ts), the Idempotency-Key is stored only as a keyed hash,
// and every response passes the card-number detector on its way out.
import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { containsPan } from '../../core/detect.ts';
import { maskPan } from '../../core/pan.ts';
import { redactDeep, redactPans } from '../../core/redact.ts';
import { tokenize } from '../../core/token.ts';
import type { ApiKeys } from './config.ts';
import {
  API_ERRORS,
  ApiError,
  StoreTlsError,
  StoreUnavailableError,
  type ApiErrorCode,
  type FieldProblem,
} from './errors.ts';
import { parseCreatePayment } from './schema.ts';
import type { Payment, PaymentStore } from './store.ts';

export const MAX_BODY_BYTES = 16 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ApiLogger {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export interface ApiDependencies {
  /** Resolved once per cold start; a rejection (secret unreachable) is answered with 503 and retried next time. */
  store: () => Promise<PaymentStore>;
  keys: () => Promise<ApiKeys>;
  logger: ApiLogger;
  now?: () => Date;
  newId?: () => string;
}

export type ProxyEvent = Pick<APIGatewayProxyEvent, 'httpMethod' | 'path' | 'headers' | 'body' | 'isBase64Encoded'> & {
  requestContext?: { requestId?: string };
};

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** Every response, the last guard included: whatever the body and headers hold passes the detector first. */
function respond(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: redactDeep({ ...JSON_HEADERS, ...headers }),
    body: JSON.stringify(redactDeep(body)),
  };
}

function errorResponse(code: ApiErrorCode, requestId: string, details?: FieldProblem[]): APIGatewayProxyResult {
  const { status, message } = API_ERRORS[code];
  const error: Record<string, unknown> = { code, message, request_id: requestId };
  if (details && details.length > 0) error.details = details;
  return respond(status, { error }, status === 503 ? { 'retry-after': '1' } : {});
}

export function paymentView(p: Payment): Record<string, unknown> {
  return {
    id: p.id,
    merchant_id: p.merchantId,
    amount_minor: p.amountMinor,
    currency: p.currency,
    card: { token: p.cardToken, masked: p.cardMasked, brand: p.cardBrand, expiry: p.cardExpiry },
    reference: p.reference,
    status: p.status,
    created_at: p.createdAt,
  };
}

function header(event: ProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const key in headers) if (key.toLowerCase() === name) return headers[key] ?? undefined;
  return undefined;
}

function readJson(event: ProxyEvent): unknown {
  const contentType = header(event, 'content-type');
  if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The SyntaxError's message quotes the input: it is dropped here, never kept as a cause nor logged.
    throw new ApiError('INVALID_JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError('INVALID_JSON');
  return value;
}

/**
 * A random UUID that a card-number scanner cannot mistake for a PAN. About 1 UUID in 450 has hyphen-separated
 * digit groups that form a Luhn-valid 13-19 digit run (the version nibble is always a digit); data-loss scans
 * downstream would flag those ids, so they are drawn again.
 */
export function scanSafeUuid(): string {
  for (;;) {
    const id = randomUUID();
    if (!containsPan(id)) return id;
  }
}

export function createPaymentsApi(deps: ApiDependencies) {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? scanSafeUuid;

  async function createPayment(event: ProxyEvent): Promise<APIGatewayProxyResult> {
    const key = header(event, 'idempotency-key');
    if (key === undefined || key === '') throw new ApiError('IDEMPOTENCY_KEY_REQUIRED');
    if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError('IDEMPOTENCY_KEY_INVALID');
    const parsed = parseCreatePayment(readJson(event), now());
    if (!parsed.ok) throw new ApiError('VALIDATION_FAILED', parsed.problems);
    const p = parsed.payment;
    const keys = await deps.keys();
    const cardToken = tokenize(p.pan, keys.token);
    const cardMasked = maskPan(p.pan);
    // The fingerprint covers what the client asked for, with the card as its token: same key + same body gives
    // the same fingerprint, and nothing in it can be reversed to the PAN without the token key.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([p.merchantId, p.amountMinor, p.currency, cardToken, p.expiry, p.reference]))
      .digest();
    const store = await deps.store();
    const outcome = await store.create({
      id: newId(),
      idempotencyKeyHash: keys.hashIdempotencyKey(key),
      fingerprint,
      merchantId: p.merchantId,
      amountMinor: p.amountMinor,
      currency: p.currency,
      cardToken,
      cardMasked,
      cardBrand: p.brand,
      cardExpiry: p.expiry,
      reference: p.reference,
    });
    if (outcome.kind === 'conflict') throw new ApiError('IDEMPOTENCY_KEY_REUSED');
    const replayed = outcome.kind === 'replay';
    return respond(201, paymentView(outcome.payment), {
      location: `/payments/${outcome.payment.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  }

  async function getPayment(id: string): Promise<APIGatewayProxyResult> {
    if (!UUID.test(id)) throw new ApiError('NOT_FOUND');
    const payment = await (await deps.store()).get(id);
    if (payment === null) throw new ApiError('NOT_FOUND');
    return respond(200, paymentView(payment));
  }

  async function health(): Promise<APIGatewayProxyResult> {
    await (await deps.store()).ping();
    return respond(200, { status: 'ok' });
  }

  /** The route name (for logs and metrics) and what serves it; unknown paths and wrong methods are errors. */
  function match(event: ProxyEvent): { route: string; run: () => Promise<APIGatewayProxyResult> } {
    const method = (event.httpMethod ?? '').toUpperCase();
    const path = (event.path ?? '').replace(/\/+$/, '') || '/';
    const only = (allowed: string, route: string, run: () => Promise<APIGatewayProxyResult>) => ({
      route,
      run: method === allowed ? run : () => Promise.reject(new ApiError('METHOD_NOT_ALLOWED')),
    });
    if (path === '/health') return only('GET', 'GET /health', health);
    if (path === '/payments') return only('POST', 'POST /payments', () => createPayment(event));
    const m = /^\/payments\/([^/]+)$/.exec(path);
    if (m) return only('GET', 'GET /payments/{id}', () => getPayment(m[1]!.toLowerCase()));
    return { route: 'unmatched', run: () => Promise.reject(new ApiError('ROUTE_NOT_FOUND')) };
  }

  return async function handle(event: ProxyEvent): Promise<APIGatewayProxyResult> {
    const started = performance.now();
    // API Gateway makes the request id, but a direct invocation can say anything: it is echoed only masked.
    const requestId =
      typeof event.requestContext?.requestId === 'string' ? redactPans(event.requestContext.requestId) : scanSafeUuid();
    let response: APIGatewayProxyResult;
    const { route: routeName, run } = match(event);
    let code: string | undefined;
    try {
      response = await run();
    } catch (error) {
      if (error instanceof ApiError) {
        code = error.code;
        response = errorResponse(error.code, requestId, error.details);
      } else if (error instanceof StoreUnavailableError) {
        code = 'SERVICE_UNAVAILABLE';
        response = errorResponse('SERVICE_UNAVAILABLE', requestId);
        // The cause's code (ECONNREFUSED, 57P01…) helps operators; its message could name hosts, so it stays out.
        // These two messages are what the stack's metric filters count (infra/terraform/stacks/payment-api).
        const cause = (error.cause as { code?: unknown } | undefined)?.code;
        deps.logger.error(
          error instanceof StoreTlsError ? 'database TLS verification failed' : 'database unavailable',
          {
            requestId,
            causeCode: typeof cause === 'string' ? cause : undefined,
          },
        );
      } else {
        code = 'INTERNAL_ERROR';
        response = errorResponse('INTERNAL_ERROR', requestId);
        deps.logger.error('unexpected error', { requestId, errorName: (error as Error)?.name ?? 'unknown' });
      }
    }
    deps.logger.info('request', {
      requestId,
      method: event.httpMethod,
      route: routeName,
      status: response.statusCode,
      ...(code ? { code } : {}),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}
