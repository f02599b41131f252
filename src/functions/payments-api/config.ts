// Cold-start configuration: environment variables, the database CA bundle, and the two secrets (the RDS-managed
// master secret and the token key) read from Secrets Manager once per cold start and then held in memory.
import { createHmac, createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../../core/errors.ts';
import { tokenKeyFromBytes, type TokenKey } from '../../core/token.ts';
import type { DbCredentials } from './store.ts';

/**
 * Lambda's Node.js runtimes ship the Amazon RDS CA certificates in this file (Node 20+ no longer loads it by
 * default), so the bundle needs no copy of its own.
 */
export const LAMBDA_RDS_CA_PATH = '/var/runtime/ca-cert.pem';

export interface ApiConfig {
  dbHost: string;
  dbPort: number;
  dbName: string;
  dbSecretArn: string;
  tokenKeySecretArn: string;
  dbCaPath: string;
}

/** A variable the function cannot run without: set and not empty. */
export function requiredVariable(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return v;
}

/** Where the database is: DB_HOST, DB_PORT (5432), DB_NAME, DB_CA_PATH (the Lambda runtime's RDS CAs). */
export function readDatabaseEndpoint(
  env: NodeJS.ProcessEnv,
): Pick<ApiConfig, 'dbHost' | 'dbPort' | 'dbName' | 'dbCaPath'> {
  const port = Number(env.DB_PORT ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigurationError('DB_PORT is not a port number');
  return {
    dbHost: requiredVariable(env, 'DB_HOST'),
    dbPort: port,
    dbName: requiredVariable(env, 'DB_NAME'),
    dbCaPath: env.DB_CA_PATH || LAMBDA_RDS_CA_PATH,
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return {
    ...readDatabaseEndpoint(env),
    dbSecretArn: requiredVariable(env, 'DB_SECRET_ARN'),
    tokenKeySecretArn: requiredVariable(env, 'TOKEN_KEY_SECRET_ARN'),
  };
}

export function readCaBundle(path: string): string {
  const pem = readFileSync(path, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigurationError(`no PEM certificate in ${path}`);
  return pem;
}

/** A value fetched at most once until `stale()`; a failed fetch is not cached, so the next request retries. */
export function once<T>(fetch: () => Promise<T>): { get(): Promise<T>; stale(): void } {
  let pending: Promise<T> | undefined;
  return {
    get() {
      pending ??= fetch().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    stale() {
      pending = undefined;
    },
  };
}

async function secretJson(client: SecretsManagerClient, arn: string): Promise<Record<string, unknown>> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (out.SecretString === undefined) throw new ConfigurationError('secret has no string value');
  try {
    return JSON.parse(out.SecretString) as Record<string, unknown>;
  } catch {
    throw new ConfigurationError('secret is not JSON'); // never quote the secret
  }
}

/** The RDS-managed master user secret: {"username": "...", "password": "..."}. */
export async function fetchDbCredentials(client: SecretsManagerClient, arn: string): Promise<DbCredentials> {
  const s = await secretJson(client, arn);
  if (typeof s.username !== 'string' || typeof s.password !== 'string') {
    throw new ConfigurationError('database secret lacks username/password');
  }
  return { username: s.username, password: s.password };
}

/** The keys the API holds in memory: the tokenization key, and the key that hashes Idempotency-Key headers. */
export interface ApiKeys {
  token: TokenKey;
  /** HMAC-SHA-256 of an Idempotency-Key header: what is stored and looked up instead of the header. */
  hashIdempotencyKey(key: string): Buffer;
}

/**
 * Both keys from the token key's bytes. The idempotency key is derived (HMAC of a fixed label), so one secret
 * serves both purposes and neither value says anything about the other. A new token key version therefore also
 * changes the hashes: a retry that spans a key rotation is a new request (its card token changes too).
 */
export function apiKeysFromBytes(version: number, bytes: Uint8Array): ApiKeys {
  const token = tokenKeyFromBytes(version, bytes);
  const derived = createHmac('sha256', bytes).update('enclave payments-api idempotency-key v1').digest();
  const idempotency = createSecretKey(derived);
  derived.fill(0);
  return { token, hashIdempotencyKey: (key) => createHmac('sha256', idempotency).update(key, 'utf8').digest() };
}

/** The token key secret: {"version": 1, "key": "<base64 of at least 32 random bytes>"}. */
export async function fetchApiKeys(client: SecretsManagerClient, arn: string): Promise<ApiKeys> {
  const s = await secretJson(client, arn);
  if (typeof s.version !== 'number' || typeof s.key !== 'string')
    throw new ConfigurationError('token key secret lacks version/key');
  const bytes = Buffer.from(s.key, 'base64');
  try {
    return apiKeysFromBytes(s.version, bytes);
  } finally {
    bytes.fill(0);
  }
}

export function secretsClient(config: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 2, ...config });
}
