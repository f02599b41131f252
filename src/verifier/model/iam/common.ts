// What the IAM adapters of both dialects share: inline policies and managed-policy attachments added to a
// principal's list in the order they are written, completed by the IAM pass (link.ts).
import type { RawResource, Value } from '../../load/types.ts';
import { policyAt, type AdaptContext } from '../context.ts';
import { at, locate } from '../fields.ts';
import type { AttachedPolicy } from '../model.ts';

/** A policy written inline (on the principal or in a resource of its own) at `path` of `raw`. */
export function inlinePolicy(
  ctx: AdaptContext,
  policies: AttachedPolicy[],
  raw: RawResource,
  path: string,
  origin: string,
): void {
  if (at(raw.attributes, path) === undefined || at(raw.attributes, path) === null) return;
  const entry: AttachedPolicy = { inline: true, document: undefined, origin, location: locate(raw, path) };
  policies.push(entry);
  policyAt(
    ctx,
    raw,
    path,
    (d) => {
      entry.document = d;
    },
    origin,
  );
}

/** Managed policies attached by ARN at `path`: a list, one value, or a list known only after apply. */
export function attachPolicies(
  ctx: AdaptContext,
  holder: { address: string; policies: AttachedPolicy[] },
  raw: RawResource,
  path: string,
  listPath = path,
): void {
  const value = at(raw.attributes, path);
  if (value === undefined || value === null) return;
  const values: (Value | undefined)[] = Array.isArray(value) ? [...value] : [value];
  // A whole list only apply can tell (`managed_policy_arns = var.policies`) is one attachment of unknown policies.
  values.forEach((v, i) => {
    const entry: AttachedPolicy = {
      inline: false,
      document: undefined,
      origin: raw.address,
      location: locate(raw, Array.isArray(value) ? `${listPath}.${i}` : listPath),
    };
    holder.policies.push(entry);
    ctx.attachments.push({ entry, value: v, holder: holder.address });
  });
}
