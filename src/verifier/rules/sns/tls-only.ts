// ENC-SNS-002: topic policies deny publishing without TLS.
import type { Analysis } from '../../analysis/index.ts';
import { ask } from '../../analysis/iam/questions.ts';
import type { Topic } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const topicTlsOnly: Rule = {
  id: 'ENC-SNS-002',
  title: 'Topic policies deny publishing without TLS',
  description:
    'SNS accepts Publish over plain HTTP unless the topic policy denies it; server-side encryption (ENC-SNS-001) protects a message only once SNS holds it. AWS recommends a Deny of sns:Publish when aws:SecureTransport is false (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html, "Enforce encryption of data in transit"). Asked of the IAM evaluator: may anyone in the account publish to the topic over plain HTTP?',
  service: 'sns',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['4.2.1'] },
  crossReference: { cdkNag: ['AwsSolutions-SNS3'] },
  evaluate(model, analysis) {
    return resultOf(model.topics.map((topic) => judgeTopic(analysis, topic)));
  },
};

function judgeTopic(analysis: Analysis, topic: Topic): Check {
  if (!topic.policy)
    return check(
      'non-compliant',
      topic,
      `${topic.address} has no topic policy, so publishing without TLS is not denied`,
    );
  // Nothing of the policy can be read before apply.
  if (topic.policy.unknown && topic.policy.statements.length === 0)
    return check('unknown', topic, `${topic.address}'s topic policy is known only after apply`, topic.policy.location);
  const resource = analysis.iam.view.resourceByAddress.get(topic.address)!;
  const answers = ask(analysis.iam.view, {
    asker: { anyone: true },
    action: 'sns:Publish',
    resource,
    request: { 'aws:SecureTransport': 'false' },
  });
  const through = answers.find((a) => a.denied === 'no');
  if (through)
    return check(
      'non-compliant',
      topic,
      `${topic.address}'s policy does not deny publishing without TLS: sns:Publish over plain HTTP by ${through.as} is not denied (Deny sns:Publish when aws:SecureTransport is false)`,
      topic.policy.location,
    );
  const unsure = answers.find((a) => a.denied === 'maybe');
  const deny = (unsure ?? answers[0])?.evidence.find((e) => e.effect === 'Deny' && e.match !== 'no')?.location;
  if (unsure)
    return check(
      'unknown',
      topic,
      `${topic.address}: whether sns:Publish over plain HTTP by ${unsure.as} is denied depends on values known only after apply or on conditions the code does not decide`,
      deny ?? topic.policy.location,
    );
  return check(
    'compliant',
    topic,
    `${topic.address}'s policy denies publishing without TLS`,
    deny ?? topic.policy.location,
  );
}
