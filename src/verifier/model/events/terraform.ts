// Terraform → EventBridge rules with their targets.
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asString, at, field, locate, refAt, jsonField } from '../fields.ts';

export function adaptTerraformEvents(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_cloudwatch_event_rule')) {
    const enabled = at(raw.attributes, 'is_enabled');
    m.eventRules.push({
      ...base(raw, 'event-rule'),
      name: field(raw, 'name', asString),
      eventPattern: jsonField(raw, 'event_pattern'),
      schedule: field(raw, 'schedule_expression', asString),
      state:
        at(raw.attributes, 'state') !== undefined || enabled === undefined
          ? field(raw, 'state', asString, 'ENABLED')
          : {
              value: enabled === false ? 'DISABLED' : 'ENABLED',
              provenance: 'explicit',
              location: locate(raw, 'is_enabled'),
            },
      targets: [],
    });
  }
  for (const raw of ofType(ctx, 'aws_cloudwatch_event_target')) {
    const rule = find(refAt(raw, 'rule', ctx.addresses), m.eventRules, (r) => [r.name.value]);
    if (!rule) {
      orphan(ctx, raw, 'an EventBridge rule');
      continue;
    }
    rule.targets.push({ target: refAt(raw, 'arn', ctx.addresses), location: locate(raw, ''), address: raw.address });
    attach(rule, raw);
  }
}
