// What the payments API needs from its environment: the verifier proves the payment-api stack gives exactly this.
import { defineContract } from '../../core/contract.ts';

export const contract = defineContract({
  function: 'payments-api',
  environment: [
    { name: 'DB_HOST', required: true, description: 'RDS PostgreSQL endpoint address' },
    { name: 'DB_PORT', required: false, description: 'database port (default 5432)' },
    { name: 'DB_NAME', required: true, description: 'database name' },
    { name: 'DB_SECRET_ARN', required: true, description: 'secret of the application role (username, password): DML on its own tables, never the master user' },
    { name: 'TOKEN_KEY_SECRET_ARN', required: true, description: 'secret holding the card tokenization key' },
    { name: 'DB_CA_PATH', required: false, description: 'CA bundle for the database certificate (default: Lambda runtime RDS CAs)' },
  ],
  calls: [
    { action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', env: 'DB_SECRET_ARN' }, why: 'database credentials, once per cold start' },
    { action: 'secretsmanager:GetSecretValue', resource: { kind: 'secret', env: 'TOKEN_KEY_SECRET_ARN' }, why: 'tokenization key, once per cold start' },
    // Both secrets are encrypted under customer-managed keys that are not inputs of the function.
    { action: 'kms:Decrypt', resource: { kind: 'kms-key' }, why: 'Secrets Manager decrypts each secret under its CMK on our behalf' },
  ],
  databaseLogins: [
    { secret: 'DB_SECRET_ARN', as: 'application', why: 'every request runs as the application role: SELECT and INSERT on payments and idempotency_keys' },
  ],
  // `rds` is the database endpoint itself (TCP 5432 over TLS, password authentication: no IAM action), `logs` the
  // runtime's own log delivery.
  extraServices: ['rds', 'logs'],
});

export default contract;
