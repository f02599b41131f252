// Lambda entry point for the payments API (API Gateway REST proxy events). Everything slow happens once per cold
// start and is cached: configuration, the CA bundle, the Secrets Manager reads, the connection pool. It logs in as
// the application role (DML on its own tables; roles.ts), never as the master user.
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createPaymentsApi, type ApiLogger, type ProxyEvent } from './app.ts';
import { createLogger } from '../../aws/logger.ts';
import { fetchApiKeys, fetchDbCredentials, once, readCaBundle, readConfig, secretsClient } from './config.ts';
import { StoreUnavailableError } from './errors.ts';
import { PgPaymentStore } from './store.ts';

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  secrets?: SecretsManagerClientConfig;
  logger?: ApiLogger;
  poolSize?: number;
}

/** Builds a handler with its own cold-start state (tests and the benchmark build several). */
export function buildHandler(options: BuildOptions = {}) {
  const logger: ApiLogger = options.logger ?? createLogger('payments-api');
  let store: PgPaymentStore | undefined;
  const init = once(async () => {
    const config = readConfig(options.env);
    const client = secretsClient(options.secrets);
    const credentials = once(() => fetchDbCredentials(client, config.dbSecretArn));
    const keys = once(() => fetchApiKeys(client, config.tokenKeySecretArn));
    store = new PgPaymentStore({
      host: config.dbHost,
      port: config.dbPort,
      database: config.dbName,
      ca: readCaBundle(config.dbCaPath),
      credentials,
      poolSize: options.poolSize ?? 1,
      onBackgroundError: (error) =>
        logger.error('idle database connection lost', { code: (error as { code?: string }).code }),
    });
    return { store, keys };
  });
  const unavailable = (what: string) => (error: unknown) => {
    if (error instanceof StoreUnavailableError) throw error;
    const name = (error as Error)?.name;
    // Secrets Manager unreachable or throttled is transient; a missing variable is not, but both are logged.
    if (name === 'ConfigurationError') throw error;
    throw new StoreUnavailableError(`${what} unavailable`, { cause: error });
  };
  const handle = createPaymentsApi({
    logger,
    store: async () => (await init.get()).store,
    keys: async () => (await init.get()).keys.get().catch(unavailable('token key')),
  });
  return Object.assign((event: ProxyEvent): Promise<APIGatewayProxyResult> => handle(event), {
    async close() {
      await store?.close();
    },
  });
}

let cold: ReturnType<typeof buildHandler> | undefined;

/**
 * API Gateway proxy events only. Migrations are not the API's: its database role may not change the schema, and
 * its role may not read the master secret; they are the payments-migrate function's.
 */
export async function handler(event: ProxyEvent): Promise<APIGatewayProxyResult> {
  cold ??= buildHandler();
  return cold(event);
}

/** The spec's name for the entry point. */
export const lambda_handler = handler;
