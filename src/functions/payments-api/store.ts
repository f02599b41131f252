// Payment storage behind an interface, so the API is tested without a database and the PostgreSQL adapter is
// tested against a real one. The adapter only ever connects with TLS and certificate verification on.
import pg from 'pg';
import { StoreTlsError, StoreUnavailableError } from './errors.ts';

export interface Payment {
  id: string;
  merchantId: string;
  amountMinor: number;
  currency: string;
  cardToken: string;
  cardMasked: string;
  cardBrand: string;
  cardExpiry: string;
  reference: string | null;
  status: 'accepted';
  createdAt: string;
}

export interface NewPayment extends Omit<Payment, 'status' | 'createdAt'> {
  /** HMAC-SHA-256 of the Idempotency-Key header (config.ts): the header itself is never stored. */
  idempotencyKeyHash: Buffer;
  /** SHA-256 of the canonical request (card already tokenized). */
  fingerprint: Buffer;
}

export type CreateOutcome =
  | { kind: 'created'; payment: Payment }
  /** The key was used before: with the same request (`replay`) or with a different one (`conflict`). */
  | { kind: 'replay'; payment: Payment }
  | { kind: 'conflict' };

export interface PaymentStore {
  create(payment: NewPayment): Promise<CreateOutcome>;
  get(id: string): Promise<Payment | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DbCredentials {
  username: string;
  password: string;
}

export interface PgStoreOptions {
  host: string;
  port: number;
  database: string;
  /** PEM bundle of the CAs that may sign the server certificate (the RDS CA bundle in Lambda). */
  ca: string;
  /** Called for every new connection; cached by the caller. `stale()` is called when authentication fails. */
  credentials: { get(): Promise<DbCredentials>; stale(): void };
  /** Lambda serves one request at a time per instance: one connection is enough. */
  poolSize?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  onBackgroundError?: (error: Error) => void;
}

/**
 * Builds the TLS options for pg. Verification cannot be turned off through here: there is no parameter for it,
 * and a missing CA is an error rather than a silent fall-back to the system store or to no verification.
 */
export function verifiedTls(
  ca: string,
  servername?: string,
): { rejectUnauthorized: true; ca: string; servername?: string } {
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error('the database CA bundle is empty or not PEM');
  return servername === undefined ? { rejectUnauthorized: true, ca } : { rejectUnauthorized: true, ca, servername };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const AUTH_CODES = new Set(['28P01', '28000']);
// Node's certificate verification failures (tls.checkServerIdentity and OpenSSL chain errors).
const TLS_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/** pg's words when the server answers the SSLRequest with "N": TLS is switched off on the server. */
const SERVER_WITHOUT_TLS = 'The server does not support SSL connections';

/**
 * True when no verified TLS session could be made: the certificate did not verify, or the server does not speak
 * TLS at all (an RDS instance whose parameter group lost rds.force_ssl and ssl, or an impostor). Either way the
 * client refuses to talk, and monitoring must count it as an encryption violation, not as an outage.
 */
export function isTlsVerificationFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && TLS_CODES.has(e.code)) return true;
  return e?.message === SERVER_WITHOUT_TLS;
}

/** True when the error means "the database is not reachable or not serving now", as opposed to a bug. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || AUTH_CODES.has(code)) return true;
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown).
  if (/^(08|53|57P)/.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection timed out|Query read timeout|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

interface PaymentRow {
  id: string;
  merchant_id: string;
  amount_minor: string;
  currency: string;
  card_token: string;
  card_masked: string;
  card_brand: string;
  card_expiry: string;
  reference: string | null;
  status: 'accepted';
  created_at: Date;
  request_fingerprint?: Buffer;
}

function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    cardToken: r.card_token,
    cardMasked: r.card_masked,
    cardBrand: r.card_brand,
    cardExpiry: r.card_expiry,
    reference: r.reference,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  };
}

const COLUMNS =
  'id, merchant_id, amount_minor, currency, card_token, card_masked, card_brand, card_expiry, reference, status, created_at';

// One round trip: the key row and the payment row are inserted by one statement, or neither is. ON CONFLICT DO
// NOTHING waits for a concurrent insert of the same key to commit, so two racing requests cannot both create.
// The foreign key from idempotency_keys to payments is checked at the end of the statement, when both rows exist.
const INSERT_SQL = `WITH k AS (
    INSERT INTO idempotency_keys (key_hash, request_fingerprint, payment_id) VALUES ($1, $2, $3)
    ON CONFLICT (key_hash) DO NOTHING RETURNING payment_id)
  INSERT INTO payments (id, merchant_id, amount_minor, currency, card_token, card_masked, card_brand, card_expiry, reference)
  SELECT k.payment_id, $4, $5, $6, $7, $8, $9, $10, $11 FROM k
  RETURNING ${COLUMNS}`;
const REPLAY_SQL = `SELECT k.request_fingerprint, ${COLUMNS.split(', ')
  .map((c) => 'p.' + c)
  .join(', ')}
  FROM idempotency_keys k JOIN payments p ON p.id = k.payment_id WHERE k.key_hash = $1`;
const GET_SQL = `SELECT ${COLUMNS} FROM payments WHERE id = $1`;

export class PgPaymentStore implements PaymentStore {
  readonly pool: pg.Pool;
  private readonly options: PgStoreOptions;

  constructor(options: PgStoreOptions) {
    this.options = options;
    const tls = verifiedTls(options.ca);
    this.pool = new pg.Pool({
      host: options.host,
      port: options.port,
      database: options.database,
      // pg asks for the password on every new connection, so a rotated secret is picked up without a restart.
      // The user is set by ensureUser() before the first query (RDS rotation keeps the user name).
      password: async () => (await options.credentials.get()).password,
      ssl: tls,
      max: options.poolSize ?? 1,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      statement_timeout: options.statementTimeoutMs ?? 5000,
      query_timeout: (options.statementTimeoutMs ?? 5000) + 1000,
      idleTimeoutMillis: 60_000,
      application_name: 'payments-api',
    });
    // An idle connection dropped by the server (failover, restart) must not crash the process.
    this.pool.on('error', (error) => options.onBackgroundError?.(error));
  }

  private async run<R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    await this.ensureUser();
    try {
      return await this.pool.query<R>({ name, text, values });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && AUTH_CODES.has(code)) this.options.credentials.stale(); // rotated secret: re-read next time
      if (isTlsVerificationFailure(error))
        throw new StoreTlsError('database certificate not verified', { cause: error });
      if (isUnavailable(error)) throw new StoreUnavailableError('database unavailable', { cause: error });
      throw error;
    }
  }

  /** pg reads `user` before it asks for the password, so the first connection needs the secret read beforehand. */
  private async ensureUser(): Promise<void> {
    if ((this.pool.options as { user?: string }).user) return;
    try {
      const credentials = await this.options.credentials.get();
      (this.pool.options as { user?: string }).user = credentials.username;
    } catch (error) {
      throw new StoreUnavailableError('database credentials unavailable', { cause: error });
    }
  }

  async create(p: NewPayment): Promise<CreateOutcome> {
    const inserted = await this.run<PaymentRow>('payments_insert', INSERT_SQL, [
      p.idempotencyKeyHash,
      p.fingerprint,
      p.id,
      p.merchantId,
      p.amountMinor,
      p.currency,
      p.cardToken,
      p.cardMasked,
      p.cardBrand,
      p.cardExpiry,
      p.reference,
    ]);
    if (inserted.rows[0]) return { kind: 'created', payment: toPayment(inserted.rows[0]) };
    const existing = await this.run<PaymentRow>('payments_replay', REPLAY_SQL, [p.idempotencyKeyHash]);
    const row = existing.rows[0];
    if (!row) throw new Error('idempotency key conflicted but its row is gone');
    return row.request_fingerprint!.equals(p.fingerprint)
      ? { kind: 'replay', payment: toPayment(row) }
      : { kind: 'conflict' };
  }

  async get(id: string): Promise<Payment | null> {
    const result = await this.run<PaymentRow>('payments_get', GET_SQL, [id]);
    return result.rows[0] ? toPayment(result.rows[0]) : null;
  }

  async ping(): Promise<void> {
    await this.run('ping', 'SELECT 1', []);
  }

  /** Runs `work` on one pooled connection (migrations); errors are classified like every query's. */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ensureUser();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      if (isTlsVerificationFailure(error))
        throw new StoreTlsError('database certificate not verified', { cause: error });
      throw new StoreUnavailableError('database unavailable', { cause: error });
    }
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
