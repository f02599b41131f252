// CloudFormation → KMS keys and aliases.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, field, refAt, policyField } from '../fields.ts';

export function adaptCloudFormationKms(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::KMS::Key')) {
    m.keys.push({
      ...base(raw, 'kms-key'),
      description: field(raw, 'Description', asString),
      rotation: field(raw, 'EnableKeyRotation', asBoolean, false),
      enabled: field(raw, 'Enabled', asBoolean, true),
      keyUsage: field(raw, 'KeyUsage', asString, 'ENCRYPT_DECRYPT'),
      keySpec: field(raw, 'KeySpec', asString, 'SYMMETRIC_DEFAULT'),
      deletionWindowDays: field(raw, 'PendingWindowInDays', asNumber, 30),
      policy: policyField(raw, 'KeyPolicy'),
    });
  }
  for (const raw of ofType(ctx, 'AWS::KMS::Alias')) {
    m.aliases.push({ ...base(raw, 'kms-alias'), name: field(raw, 'AliasName', asString), key: refAt(raw, 'TargetKeyId', ctx.addresses) });
  }
}
