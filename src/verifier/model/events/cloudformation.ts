// CloudFormation → EventBridge rules with their inline targets.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asString, at, field, locate, objects, refOf, jsonField } from '../fields.ts';

export function adaptCloudFormationEvents(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::Events::Rule')) {
    ctx.model.eventRules.push({
      ...base(raw, 'event-rule'),
      name: field(raw, 'Name', asString),
      eventPattern: jsonField(raw, 'EventPattern'),
      schedule: field(raw, 'ScheduleExpression', asString),
      state: field(raw, 'State', asString, 'ENABLED'),
      targets: objects(at(raw.attributes, 'Targets')).map((t, i) => ({
        target: refOf(t.Arn, locate(raw, `Targets.${i}.Arn`), ctx.addresses),
        location: locate(raw, `Targets.${i}`),
        address: raw.address,
      })),
    });
  }
}
