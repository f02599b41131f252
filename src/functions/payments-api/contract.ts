// What the payments API needs from its environment, and the requests it really sends: the verifier proves the
// payment-api stack gives exactly this.
import { defineContract } from '../../core/contract.ts';

// Secrets Manager decrypts each secret under the secret's own key, for the function, with this encryption context.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
const secretContext = (variable: string) => ({
  SecretARN: { arnOf: variable },
  SecretVersionId: { any: true as const },
});

export const contract = defineContract({
  function: 'payments-api',
  // POST /payments carries the card number; only its token and mask are stored.
  receivesCardNumbers: true,
  environment: [
    { name: 'DB_HOST', required: true, names: 'rds-database', description: 'RDS PostgreSQL endpoint address' },
    { name: 'DB_PORT', required: false, description: 'database port (default 5432)' },
    { name: 'DB_NAME', required: true, description: 'database name' },
    {
      name: 'DB_SECRET_ARN',
      required: true,
      names: 'secret',
      holds: 'other',
      description: 'secret of the application role (username, password): DML on its own tables, never the master user',
    },
    {
      name: 'TOKEN_KEY_SECRET_ARN',
      required: true,
      names: 'secret',
      holds: 'other',
      description: 'secret holding the card tokenization key',
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
      resource: { kind: 'secret', env: 'DB_SECRET_ARN' },
      why: 'database credentials, once per cold start',
    },
    {
      action: 'secretsmanager:GetSecretValue',
      resource: { kind: 'secret', env: 'TOKEN_KEY_SECRET_ARN' },
      why: 'tokenization key, once per cold start',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', keyOf: 'DB_SECRET_ARN' },
      viaService: 'secretsmanager',
      encryptionContext: secretContext('DB_SECRET_ARN'),
      why: 'Secrets Manager decrypts the database secret under its key',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', keyOf: 'TOKEN_KEY_SECRET_ARN' },
      viaService: 'secretsmanager',
      encryptionContext: secretContext('TOKEN_KEY_SECRET_ARN'),
      why: 'Secrets Manager decrypts the token key secret under its key',
    },
  ],
  databaseLogins: [
    {
      secret: 'DB_SECRET_ARN',
      as: 'application',
      why: 'every request runs as the application role: SELECT and INSERT on payments and idempotency_keys',
    },
  ],
  // `rds` is the database endpoint itself (TCP 5432 over TLS, password authentication: no IAM action), `logs` the
  // runtime's own log delivery.
  extraServices: ['rds', 'logs'],
});

export default contract;
