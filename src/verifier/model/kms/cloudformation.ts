// CloudFormation → KMS keys and aliases.
import { base, ofType, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, at, field, locate, refAt } from '../fields.ts';
import type { KmsKey } from '../model.ts';

export function adaptCloudFormationKms(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::KMS::Key')) {
    const key: KmsKey = {
      ...base(raw, 'kms-key'),
      description: field(raw, 'Description', asString),
      rotation: field(raw, 'EnableKeyRotation', asBoolean, false),
      enabled: field(raw, 'Enabled', asBoolean, true),
      keyUsage: field(raw, 'KeyUsage', asString, 'ENCRYPT_DECRYPT'),
      keySpec: field(raw, 'KeySpec', asString, 'SYMMETRIC_DEFAULT'),
      deletionWindowDays: field(raw, 'PendingWindowInDays', asNumber, 30),
      policy: undefined,
      policySources: [],
    };
    if (at(raw.attributes, 'KeyPolicy') !== undefined) {
      key.policySources.push({ address: raw.address, location: locate(raw, 'KeyPolicy') });
      policyAt(ctx, raw, 'KeyPolicy', (d) => { key.policy = d; });
    }
    m.keys.push(key);
  }
  for (const raw of ofType(ctx, 'AWS::KMS::Alias')) {
    m.aliases.push({ ...base(raw, 'kms-alias'), name: field(raw, 'AliasName', asString), key: refAt(raw, 'TargetKeyId', ctx.addresses) });
  }
}
