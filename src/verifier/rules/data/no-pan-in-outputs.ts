// ENC-DATA-001: no card number in outputs, function environments or tags (Luhn-valid digit runs).
import { findPans } from '../../../core/detect.ts';
import type { SourceLocation, Value } from '../../load/types.ts';
import { isTemplateValue, isUnknownValue } from '../../model/fields.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

/** Every known string inside a value (template parts included). */
function strings(value: Value | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' && Number.isInteger(value)) out.push(String(value));
  else if (isTemplateValue(value))
    for (const p of value.parts) {
      if (typeof p === 'string') out.push(p);
    }
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && !isUnknownValue(value))
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

function scan(where: string, value: Value | undefined, resource: string, location: SourceLocation): Check {
  const masks = strings(value).flatMap((s) => findPans(s).map((f) => f.masked));
  return masks.length > 0
    ? {
        verdict: 'non-compliant',
        resource,
        message: `${where} holds ${masks.length} card number(s) (${masks.join(', ')})`,
        location,
      }
    : { verdict: 'compliant', resource, message: `${where} holds no card number`, location };
}

export const noPanInOutputs: Rule = {
  id: 'ENC-DATA-001',
  title: 'No card numbers in outputs, function environments or tags',
  description:
    'PAN is never stored where it is not protected: stack outputs, Lambda environment variables and tags are scanned for Luhn-valid 13–19 digit runs; findings show only the mask (first six, last four).',
  service: 'data',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['3.3.1', '3.4.1', '3.5.1'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const o of model.outputs)
      checks.push(scan(`output ${o.name}`, [o.value, o.description ?? null], `output.${o.name}`, o.location));
    for (const f of model.functions)
      if (f.environment.provenance !== 'default')
        checks.push(
          scan(
            `the environment of ${f.address}`,
            f.environment.value ?? f.environment.unknown,
            f.address,
            f.environment.location,
          ),
        );
    for (const entry of model.inventory) {
      const { entries } = entry.tags;
      if (Object.keys(entries).length === 0) continue;
      const c = scan(
        `the tags of ${entry.address}`,
        [...Object.keys(entries), ...Object.values(entries)],
        entry.address,
        entry.tags.location,
      );
      if (c.verdict === 'non-compliant') checks.push(c);
    }
    return resultOf(checks);
  },
};
