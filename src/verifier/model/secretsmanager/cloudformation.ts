// CloudFormation → Secrets Manager secrets (rotation from AWS::SecretsManager::RotationSchedule).
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, at, field, locate, refAt } from '../fields.ts';

export function adaptCloudFormationSecretsManager(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SecretsManager::Secret')) {
    m.secrets.push({
      ...base(raw, 'secret'),
      name: field(raw, 'Name', asString),
      fixedName: at(raw.attributes, 'Name') !== undefined && at(raw.attributes, 'Name') !== null,
      kmsKey: refAt(raw, 'KmsKeyId', ctx.addresses),
      rotationEnabled: false,
      // The template cannot set it: CloudFormation's own DeleteSecret call decides, and AWS does not document
      // whether it keeps a recovery window
      // (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1999 says it forces deletion).
      // Unknown, so nothing is proved from a guess.
      recoveryWindowDays: {
        value: undefined,
        provenance: 'unknown',
        location: locate(raw, ''),
        unknown: {
          kind: 'unknown',
          address: raw.address,
          attribute: 'RecoveryWindowInDays (chosen by CloudFormation at stack deletion)',
        },
      },
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
