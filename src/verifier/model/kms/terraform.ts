// Terraform → KMS keys (with aws_kms_key_policy) and aliases.
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, at, field, locate, refAt } from '../fields.ts';
import type { KmsKey } from '../model.ts';

export function adaptTerraformKms(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_kms_key')) {
    const key: KmsKey = {
      ...base(raw, 'kms-key'),
      description: field(raw, 'description', asString),
      rotation: field(raw, 'enable_key_rotation', asBoolean, false),
      enabled: field(raw, 'is_enabled', asBoolean, true),
      keyUsage: field(raw, 'key_usage', asString, 'ENCRYPT_DECRYPT'),
      keySpec: field(raw, 'customer_master_key_spec', asString, 'SYMMETRIC_DEFAULT'),
      deletionWindowDays: field(raw, 'deletion_window_in_days', asNumber, 30),
      policy: undefined,
      policySources: [],
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) {
      key.policySources.push({ address: raw.address, location: locate(raw, 'policy') });
      policyAt(ctx, raw, 'policy', (d) => { key.policy = d; });
    }
    m.keys.push(key);
  }
  for (const raw of ofType(ctx, 'aws_kms_key_policy')) {
    const key = find(refAt(raw, 'key_id', ctx.addresses), m.keys);
    if (!key) {
      orphan(ctx, raw, 'a KMS key', 'kms-key', 'key policy');
      continue;
    }
    key.policySources.push({ address: raw.address, location: locate(raw, '') });
    policyAt(ctx, raw, 'policy', (d) => { key.policy = d; });
    attach(key, raw);
  }
  for (const raw of ofType(ctx, 'aws_kms_alias')) {
    m.aliases.push({ ...base(raw, 'kms-alias'), name: field(raw, 'name', asString), key: refAt(raw, 'target_key_id', ctx.addresses) });
  }
}
