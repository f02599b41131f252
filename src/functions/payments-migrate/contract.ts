// What the payments database's migration function needs from its environment: the verifier proves the payment-api
// stack gives exactly this, and that only this function may log in as the master user.
import { defineContract } from '../../core/contract.ts';

export const contract = defineContract({
  function: 'payments-migrate',
  environment: [
    { name: 'DB_HOST', required: true, description: 'RDS PostgreSQL endpoint address' },
    { name: 'DB_PORT', required: false, description: 'database port (default 5432)' },
    { name: 'DB_NAME', required: true, description: 'database name' },
    { name: 'DB_MASTER_SECRET_ARN', required: true, description: 'RDS-managed master user secret: creates and maintains the two roles' },
    { name: 'DB_MIGRATOR_SECRET_ARN', required: true, description: 'secret of the migration role (username, password): owns the schema, runs the migrations' },
    { name: 'DB_APP_SECRET_ARN', required: true, description: 'secret of the application role (username, password): its password is set from here' },
    { name: 'DB_CA_PATH', required: false, description: 'CA bundle for the database certificate (default: Lambda runtime RDS CAs)' },
  ],
  calls: [
    { action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', env: 'DB_MASTER_SECRET_ARN' }, why: 'the master login, to create and maintain the roles' },
    { action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', env: 'DB_MIGRATOR_SECRET_ARN' }, why: 'the migration role: its login and the password to set' },
    { action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', env: 'DB_APP_SECRET_ARN' }, why: 'the application role: the password to set' },
    // The secrets are encrypted under customer-managed keys that are not inputs of the function.
    { action: 'kms:Decrypt', resource: { kind: 'kms-key' }, why: 'Secrets Manager decrypts each secret under its CMK on our behalf' },
  ],
  databaseLogins: [
    { secret: 'DB_MASTER_SECRET_ARN', as: 'administration', why: 'creates and maintains the migration and application roles and their passwords; runs no migration and serves no request' },
    { secret: 'DB_MIGRATOR_SECRET_ARN', as: 'migration', why: 'applies db/migrations as the schema owner and grants the application role its DML' },
  ],
  // `rds` is the database endpoint itself (TCP 5432 over TLS, password authentication), `logs` the runtime's own.
  extraServices: ['rds', 'logs'],
});

export default contract;
