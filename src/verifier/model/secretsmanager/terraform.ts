// Terraform → Secrets Manager secrets (rotation from aws_secretsmanager_secret_rotation).
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, refAt } from '../fields.ts';
import type { Secret } from '../model.ts';

export function adaptTerraformSecretsManager(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret')) {
    const secret: Secret = {
      ...base(raw, 'secret'),
      name: field(raw, 'name', asString),
      fixedName: at(raw.attributes, 'name') !== undefined && at(raw.attributes, 'name') !== null,
      kmsKey: refAt(raw, 'kms_key_id', ctx.addresses),
      rotationEnabled: false,
      recoveryWindowDays: field(raw, 'recovery_window_in_days', asNumber, 30),
      policy: undefined,
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) policyAt(ctx, raw, 'policy', (d) => { secret.policy = d; });
    m.secrets.push(secret);
  }
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret_policy')) {
    const secret = find(refAt(raw, 'secret_arn', ctx.addresses), m.secrets, (s) => [s.name.value]);
    if (!secret) {
      orphan(ctx, raw, 'a secret', 'secret', 'secret policy');
      continue;
    }
    policyAt(ctx, raw, 'policy', (d) => { secret.policy = d; });
    attach(secret, raw);
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
