// Terraform → KMS keys (with aws_kms_key_policy) and aliases.
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, field, refAt, policyField } from '../fields.ts';

export function adaptTerraformKms(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_kms_key')) {
    m.keys.push({
      ...base(raw, 'kms-key'),
      description: field(raw, 'description', asString),
      rotation: field(raw, 'enable_key_rotation', asBoolean, false),
      enabled: field(raw, 'is_enabled', asBoolean, true),
      keyUsage: field(raw, 'key_usage', asString, 'ENCRYPT_DECRYPT'),
      keySpec: field(raw, 'customer_master_key_spec', asString, 'SYMMETRIC_DEFAULT'),
      deletionWindowDays: field(raw, 'deletion_window_in_days', asNumber, 30),
      policy: policyField(raw, 'policy'),
    });
  }
  for (const raw of ofType(ctx, 'aws_kms_key_policy')) {
    const key = find(refAt(raw, 'key_id', ctx.addresses), m.keys);
    if (!key) {
      orphan(ctx, raw, 'a KMS key');
      continue;
    }
    key.policy = policyField(raw, 'policy');
    attach(key, raw);
  }
  for (const raw of ofType(ctx, 'aws_kms_alias')) {
    m.aliases.push({ ...base(raw, 'kms-alias'), name: field(raw, 'name', asString), key: refAt(raw, 'target_key_id', ctx.addresses) });
  }
}
