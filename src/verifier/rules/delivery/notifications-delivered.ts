// ENC-DLV-003: alarms and EventBridge rules can reach their targets: the topic policy and the topic's key for
// CloudWatch and EventBridge, the function's resource policy for EventBridge.
import type { Analysis } from '../../analysis/index.ts';
import { sym, type Sym } from '../../model/iam/symbolic.ts';
import type { Base, Model, Ref } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { ACCOUNT, arnOf, keyOf, named, needsChecks, resource, type Need } from './common.ts';

const SNS_DOC = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';
const ALARM_DOC = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html';
const EVENTS_DOC = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html';

/** What the service needs to deliver to one target: publish (and use the topic's key), or invoke the function. */
function needsFor(model: Model, analysis: Analysis, service: string, source: Base, target: Ref): Need[] | 'not-a-target' | 'unknown' {
  const presents = { 'aws:sourcearn': [arnOf(model, source.address)], 'aws:sourceaccount': [[ACCOUNT]] };
  const topic = named(target, model.topics);
  if (topic) {
    const t = resource(analysis, topic.address);
    const needs: Need[] = [{ what: `${service} publishes ${source.address}'s notifications to ${topic.address}`, asker: { service, forAccount: 'this' }, action: 'sns:Publish', resource: t, request: presents, doc: service === 'events.amazonaws.com' ? EVENTS_DOC : ALARM_DOC }];
    const key = keyOf(model, topic.kmsKey);
    if (key) {
      const context: Sym = t.arn;
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        needs.push({ what: `${service} uses ${key.address}, the key of ${topic.address}`, asker: { service, forAccount: 'this' }, action, resource: resource(analysis, key.address),
          request: { ...presents, 'kms:viaservice': [sym('sns.', analysis.iam.view.region, '.amazonaws.com')], 'kms:encryptioncontext:aws:sns:topicarn': [context], 'kms:encryptioncontext:*': null },
          doc: `an encrypted topic takes events from ${service} only if its key policy allows the service kms:Decrypt and kms:GenerateDataKey (${SNS_DOC})` });
      }
    }
    return needs;
  }
  const fn = named(target, model.functions);
  if (fn && service === 'events.amazonaws.com') {
    return [{ what: `${service} invokes ${fn.address} for ${source.address}`, asker: { service, forAccount: 'this' }, action: 'lambda:InvokeFunction', resource: resource(analysis, fn.address), request: presents, doc: EVENTS_DOC }];
  }
  if (target.target || target.literal !== undefined) return 'not-a-target';
  return 'unknown';
}

function targetChecks(model: Model, analysis: Analysis, service: string, source: Base, targets: Ref[]): Check[] {
  const checks: Check[] = [];
  for (const target of targets) {
    const needs = needsFor(model, analysis, service, source, target);
    if (needs === 'not-a-target') continue;
    if (needs === 'unknown') { checks.push(check('unknown', source, `${source.address} notifies a target known only after apply`, target.location)); continue; }
    checks.push(...needsChecks(analysis, source, needs, `${service} can deliver ${source.address}'s notifications`));
  }
  return checks;
}

export const notificationsDelivered: Rule = {
  id: 'ENC-DLV-003',
  title: 'Alarms and EventBridge rules can deliver to their topics and functions',
  description: `A security alert reaches nobody if the service cannot deliver it. CloudWatch (cloudwatch.amazonaws.com, presenting the alarm's ARN as aws:SourceArn, ${ALARM_DOC}) and EventBridge (events.amazonaws.com, presenting the rule's ARN, ${EVENTS_DOC}) must be allowed sns:Publish by the topic policy, and kms:GenerateDataKey and kms:Decrypt by the key of an encrypted topic, through SNS with the encryption context aws:sns:topicArn (${SNS_DOC}); EventBridge must be allowed lambda:InvokeFunction by a function target's resource policy.`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.7.2', '12.10.5'] },
  evaluate(model, analysis) {
    return resultOf([
      ...model.alarms.flatMap((a) => targetChecks(model, analysis, 'cloudwatch.amazonaws.com', a, [...a.actions, ...a.okActions])),
      ...model.eventRules.flatMap((r) => targetChecks(model, analysis, 'events.amazonaws.com', r, r.targets.map((t) => t.target))),
    ]);
  },
};
