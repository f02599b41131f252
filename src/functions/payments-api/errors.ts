// Every error the API returns has a stable code; clients branch on the code, never on the message. Messages are
// fixed strings: they never echo input, so they can never carry a PAN, and never a stack trace.
import { EnclaveError } from '../../core/errors.ts';

export const API_ERRORS = {
  INVALID_JSON: { status: 400, message: 'the request body is not a JSON object' },
  VALIDATION_FAILED: { status: 400, message: 'the request does not match the schema' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: 'POST /payments needs an Idempotency-Key header' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, message: 'Idempotency-Key must be 1-255 visible ASCII characters' },
  NOT_FOUND: { status: 404, message: 'no such payment' },
  ROUTE_NOT_FOUND: { status: 404, message: 'no such route' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'method not allowed on this route' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: 'this Idempotency-Key was used with a different request' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is larger than 16 KiB' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'the request body must be application/json' },
  INTERNAL_ERROR: { status: 500, message: 'internal error' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'the service is temporarily unavailable; retry later' },
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

/** One reason a field failed; `field` is a path such as `card.pan`, never the value. */
export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends EnclaveError {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    readonly details?: FieldProblem[],
    options?: { cause?: unknown },
  ) {
    super(API_ERRORS[code].message, options);
  }
  get status(): number {
    return API_ERRORS[this.code].status;
  }
}

/** The database (or the secret that opens it) cannot be reached right now: 503, retryable. */
export class StoreUnavailableError extends EnclaveError {
  override name = 'StoreUnavailableError';
}

/**
 * The database's certificate did not verify (wrong CA, wrong name, expired): possibly an interception. Answered
 * like an outage (503) but logged apart, because monitoring counts it as an encryption violation.
 */
export class StoreTlsError extends StoreUnavailableError {
  override name = 'StoreTlsError';
}
