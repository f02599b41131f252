// The payments database's migrations, as a function of its own (direct invocation {"action": "migrate"}; nothing
// else invokes it). It is the only code that may log in as the master user, and only to create and maintain the
// migration and application roles (../payments-api/roles.ts); the migrations themselves run as the migration role,
// which owns the schema, and the API logs in as the application role, which has DML on its own tables only.
// In a VPC without internet nothing outside can reach the database, hence a function rather than a CI step.
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { createLogger } from '../../aws/logger.ts';
import { ConfigurationError } from '../../core/errors.ts';
import {
  fetchDbCredentials,
  readCaBundle,
  readDatabaseEndpoint,
  requiredVariable,
  secretsClient,
} from '../payments-api/config.ts';
import { migrate } from '../payments-api/migrate.ts';
import { MIGRATIONS } from '../payments-api/migrations.generated.ts';
import { ensureRoles, grantApplication, type RoleLogin } from '../payments-api/roles.ts';
import { verifiedTls } from '../payments-api/store.ts';

export interface MigratorConfig {
  dbHost: string;
  dbPort: number;
  dbName: string;
  masterSecretArn: string;
  migratorSecretArn: string;
  appSecretArn: string;
  dbCaPath: string;
}

export function readMigratorConfig(env: NodeJS.ProcessEnv = process.env): MigratorConfig {
  return {
    ...readDatabaseEndpoint(env),
    masterSecretArn: requiredVariable(env, 'DB_MASTER_SECRET_ARN'),
    migratorSecretArn: requiredVariable(env, 'DB_MIGRATOR_SECRET_ARN'),
    appSecretArn: requiredVariable(env, 'DB_APP_SECRET_ARN'),
  };
}

export interface MigrationResult {
  applied: number[];
  latest: number;
  /** The roles as they now are: who migrates, who serves requests. */
  roles: { migration: string; application: string };
}

export interface MigratorLogger {
  info(message: string, fields: Record<string, unknown>): void;
}

export interface BuildMigratorOptions {
  env?: NodeJS.ProcessEnv;
  secrets?: SecretsManagerClientConfig;
  logger?: MigratorLogger;
}

/** A migration runner with its own configuration (tests build several against one database). */
export function buildMigrator(options: BuildMigratorOptions = {}) {
  const logger: MigratorLogger = options.logger ?? createLogger('payments-migrate');
  return {
    async run(): Promise<MigrationResult> {
      const config = readMigratorConfig(options.env);
      const client = secretsClient(options.secrets);
      const [master, migrator, application] = await Promise.all([
        fetchDbCredentials(client, config.masterSecretArn),
        fetchDbCredentials(client, config.migratorSecretArn),
        fetchDbCredentials(client, config.appSecretArn),
      ]);
      const ca = readCaBundle(config.dbCaPath);
      const connect = async (login: RoleLogin) => {
        const c = new pg.Client({
          host: config.dbHost,
          port: config.dbPort,
          database: config.dbName,
          user: login.username,
          password: login.password,
          ssl: verifiedTls(ca),
          application_name: 'payments-migrate',
        });
        await c.connect();
        return c;
      };
      const asMaster = await connect(master);
      try {
        await ensureRoles(asMaster, { database: config.dbName, migrator, application });
      } finally {
        await asMaster.end();
      }
      const asMigrator = await connect(migrator);
      let applied: number[];
      try {
        applied = await migrate(asMigrator, MIGRATIONS);
        await grantApplication(asMigrator, application.username);
      } finally {
        await asMigrator.end();
      }
      const result = {
        applied,
        latest: MIGRATIONS.length,
        roles: { migration: migrator.username, application: application.username },
      };
      logger.info('migrations applied', { applied, latest: result.latest, roles: result.roles });
      return result;
    },
  };
}

let cold: ReturnType<typeof buildMigrator> | undefined;

export async function handler(event: unknown): Promise<MigrationResult> {
  if ((event as { action?: unknown } | null)?.action !== 'migrate')
    throw new ConfigurationError('the migration function takes {"action": "migrate"} only');
  cold ??= buildMigrator();
  return cold.run();
}

/** The spec's name for the entry point. */
export const lambda_handler = handler;
