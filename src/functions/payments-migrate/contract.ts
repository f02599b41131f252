// What the payments database's migration function needs from its environment: the verifier proves the payment-api
// stack gives exactly this, and that only this function may log in as the master user.
import { defineContract } from '../../core/contract.ts';

// Secrets Manager decrypts each secret under the secret's own key, for the function, with this encryption context.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
const secretContext = (variable: string) => ({
  SecretARN: { arnOf: variable },
  SecretVersionId: { any: true as const },
});

export const contract = defineContract({
  function: 'payments-migrate',
  environment: [
    { name: 'DB_HOST', required: true, names: 'rds-database', description: 'RDS PostgreSQL endpoint address' },
    { name: 'DB_PORT', required: false, description: 'database port (default 5432)' },
    { name: 'DB_NAME', required: true, description: 'database name' },
    {
      name: 'DB_MASTER_SECRET_ARN',
      required: true,
      names: 'secret',
      holds: 'other',
      description: 'RDS-managed master user secret: creates and maintains the two roles',
    },
    {
      name: 'DB_MIGRATOR_SECRET_ARN',
      required: true,
      names: 'secret',
      holds: 'other',
      description: 'secret of the migration role (username, password): owns the schema, runs the migrations',
    },
    {
      name: 'DB_APP_SECRET_ARN',
      required: true,
      names: 'secret',
      holds: 'other',
      description: 'secret of the application role (username, password): its password is set from here',
    },
    {
      name: 'DB_CA_PATH',
      required: false,
      description: 'CA bundle for the database certificate (default: Lambda runtime RDS CAs)',
    },
  ],
  calls: [
    {
      action: 'secretsmanager:GetSecretValue',
      resource: { kind: 'secret', env: 'DB_MASTER_SECRET_ARN' },
      why: 'the master login, to create and maintain the roles',
    },
    {
      action: 'secretsmanager:GetSecretValue',
      resource: { kind: 'secret', env: 'DB_MIGRATOR_SECRET_ARN' },
      why: 'the migration role: its login and the password to set',
    },
    {
      action: 'secretsmanager:GetSecretValue',
      resource: { kind: 'secret', env: 'DB_APP_SECRET_ARN' },
      why: 'the application role: the password to set',
    },
    ...(['DB_MASTER_SECRET_ARN', 'DB_MIGRATOR_SECRET_ARN', 'DB_APP_SECRET_ARN'] as const).map((env) => ({
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key' as const, keyOf: env },
      viaService: 'secretsmanager',
      encryptionContext: secretContext(env),
      why: 'Secrets Manager decrypts the secret under its key',
    })),
  ],
  databaseLogins: [
    {
      secret: 'DB_MASTER_SECRET_ARN',
      as: 'administration',
      why: 'creates and maintains the migration and application roles and their passwords; runs no migration and serves no request',
    },
    {
      secret: 'DB_MIGRATOR_SECRET_ARN',
      as: 'migration',
      why: 'applies db/migrations as the schema owner and grants the application role its DML',
    },
  ],
  // `rds` is the database endpoint itself (TCP 5432 over TLS, password authentication), `logs` the runtime's own.
  extraServices: ['rds', 'logs'],
});

export default contract;
