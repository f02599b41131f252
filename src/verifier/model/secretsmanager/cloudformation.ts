// CloudFormation → Secrets Manager secrets (rotation from AWS::SecretsManager::RotationSchedule).
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, field, locate, refAt } from '../fields.ts';

export function adaptCloudFormationSecretsManager(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SecretsManager::Secret')) {
    m.secrets.push({
      ...base(raw, 'secret'),
      name: field(raw, 'Name', asString),
      kmsKey: refAt(raw, 'KmsKeyId', ctx.addresses),
      rotationEnabled: false,
      recoveryWindowDays: { value: 30, provenance: 'default', location: locate(raw, '') },
      policy: undefined,
      policySources: [],
    });
  }
  for (const raw of ofType(ctx, 'AWS::SecretsManager::ResourcePolicy')) {
    link(
      ctx,
      raw,
      'SecretId',
      m.secrets,
      (s) => [s.name.value],
      (secret) => {
        secret.policySources.push({ address: raw.address, location: locate(raw, '') });
        policyAt(ctx, raw, 'ResourcePolicy', (d) => {
          secret.policy = d;
        });
        attach(secret, raw);
      },
      () => orphan(ctx, raw, 'a secret', 'secret', 'secret policy'),
    );
  }
  for (const raw of ofType(ctx, 'AWS::SecretsManager::RotationSchedule')) {
    link(
      ctx,
      raw,
      'SecretId',
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
