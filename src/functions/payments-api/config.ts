// Cold-start configuration: environment variables, the database CA bundle, and the two secrets (the RDS-managed
// master secret and the token key) read from Secrets Manager once per cold start and then held in memory.
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const need = (name: string) => {
    const v = env[name];
    if (v === undefined || v === '') throw new ConfigurationError(`environment variable ${name} is not set`);
    return v;
  };
  const port = Number(env.DB_PORT ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigurationError('DB_PORT is not a port number');
  return {
    dbHost: need('DB_HOST'),
    dbPort: port,
    dbName: need('DB_NAME'),
    dbSecretArn: need('DB_SECRET_ARN'),
    tokenKeySecretArn: need('TOKEN_KEY_SECRET_ARN'),
    dbCaPath: env.DB_CA_PATH || LAMBDA_RDS_CA_PATH,
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

/** The token key secret: {"version": 1, "key": "<base64 of at least 32 random bytes>"}. */
export async function fetchTokenKey(client: SecretsManagerClient, arn: string): Promise<TokenKey> {
  const s = await secretJson(client, arn);
  if (typeof s.version !== 'number' || typeof s.key !== 'string') throw new ConfigurationError('token key secret lacks version/key');
  const bytes = Buffer.from(s.key, 'base64');
  try {
    return tokenKeyFromBytes(s.version, bytes);
  } finally {
    bytes.fill(0);
  }
}

export function secretsClient(config: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 2, ...config });
}
