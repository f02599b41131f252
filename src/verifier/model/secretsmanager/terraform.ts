// Terraform → Secrets Manager secrets (rotation from aws_secretsmanager_secret_rotation).
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, locate, refAt } from '../fields.ts';
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
      policySources: [],
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) {
      secret.policySources.push({ address: raw.address, location: locate(raw, 'policy') });
      policyAt(ctx, raw, 'policy', (d) => {
        secret.policy = d;
      });
    }
    m.secrets.push(secret);
  }
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret_policy')) {
    link(
      ctx,
      raw,
      'secret_arn',
      m.secrets,
      (s) => [s.name.value],
      (secret) => {
        secret.policySources.push({ address: raw.address, location: locate(raw, '') });
        policyAt(ctx, raw, 'policy', (d) => {
          secret.policy = d;
        });
        attach(secret, raw);
      },
      () => orphan(ctx, raw, 'a secret', 'secret', 'secret policy'),
    );
  }
  for (const raw of ofType(ctx, 'aws_secretsmanager_secret_rotation')) {
    link(
      ctx,
      raw,
      'secret_id',
      m.secrets,
      (s) => [s.name.value],
      (secret) => {
        secret.rotationEnabled = true;
        attach(secret, raw);
      },
      () => orphan(ctx, raw, 'a secret'),
    );
  }
}
