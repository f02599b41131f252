// Terraform → Secrets Manager secrets (rotation from aws_secretsmanager_secret_rotation).
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asNumber, asString, field, refAt } from '../fields.ts';

export function adaptTerraformSecretsManager(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret')) {
    m.secrets.push({
      ...base(raw, 'secret'),
      name: field(raw, 'name', asString),
      kmsKey: refAt(raw, 'kms_key_id', ctx.addresses),
      rotationEnabled: false,
      recoveryWindowDays: field(raw, 'recovery_window_in_days', asNumber, 30),
    });
  }
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret_rotation')) {
    const secret = find(refAt(raw, 'secret_id', ctx.addresses), m.secrets, (s) => [s.name.value]);
    if (!secret) {
      orphan(ctx, raw, 'a secret');
      continue;
    }
    secret.rotationEnabled = true;
    attach(secret, raw);
  }
}
