// ENC-KMS-004: conditions on encryption context keys no one sends, and kms:ViaService values no service has.
import { encryptionContextSenders, isViaServiceShape } from '../../analysis/iam/context-keys.ts';
import type { PolicyDoc, Statement } from '../../model/iam/policy.ts';
import { literalOf, showSym } from '../../model/iam/symbolic.ts';
import type { FunctionContract } from '../../../core/contract.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

/** Operators that hold only when the key is present (no IfExists, no negation, no ForAllValues). */
function needsKey(operator: string): boolean {
  if (/IfExists$/.test(operator) || operator.startsWith('ForAllValues:') || operator === 'Null') return false;
  const base = operator.replace(/^ForAnyValue:/, '');
  return !/Not/.test(base);
}

export const contextKeysSent: Rule = {
  id: 'ENC-KMS-004',
  title: 'Key and identity policies test only the encryption context AWS and the functions send',
  description: [
    'A statement that tests an encryption context key no caller sends never matches: an Allow grants nothing (and a proof built on it proves nothing), a Deny protects nothing.',
    'The encryption context each AWS service sends is catalogued from its documentation — Lambda encrypts environment variables under aws:lambda:FunctionArn (not LambdaFunctionName) through the grant it creates',
    '(https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html); S3 sends aws:s3:arn (the bucket ARN with an S3 Bucket Key); CloudWatch Logs aws:logs:arn; CloudTrail aws:cloudtrail:arn; Secrets Manager SecretARN and SecretVersionId; DynamoDB aws:dynamodb:tableName; SNS aws:sns:topicArn; SQS aws:sqs:arn —',
    'and a function contract adds the context its code sends (the token key\'s purpose and version); while any function\'s contract cannot be read, a key outside the catalogue is unknown rather than dead.',
    'A key outside both is reported: if some service does send it and the catalogue lacks it, say so and extend the catalogue (analysis/iam/context-keys.ts) rather than trust it.',
    'kms:ViaService values must have the shape AWS sends, <service>.<region>.amazonaws.com: "s3.amazonaws.com" matches nothing.',
    'Condition key names are compared case-insensitively, as IAM does.',
  ].join(' '),
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '7.2.1'] },
  evaluate(model, analysis) {
    const contracts = analysis.contracts.map((p) => p.link.contract).filter((c): c is FunctionContract => c !== undefined);
    const senders = encryptionContextSenders(contracts);
    // A function whose contract could not be read (missing, stale build, malformed) may send any context: a key
    // outside the catalogue is then unknown, not dead.
    const unread = analysis.contracts.filter((p) => !p.link.contract && !p.link.notApplicable).map((p) => p.link);
    const checks: Check[] = [];
    const docs: { doc: PolicyDoc; owner: string }[] = [
      ...model.keys.flatMap((k) => (k.policy ? [{ doc: k.policy, owner: k.address }] : [])),
      ...analysis.iam.view.principals.flatMap((p) => p.policies.map((doc) => ({ doc, owner: p.id }))),
    ];
    // A key policy only apply can tell may test anything: whether its statements can ever match is unknown.
    for (const k of model.keys) if (k.policy?.unknown && k.policy.statements.length === 0) checks.push({ verdict: 'unknown', resource: k.address, message: `${k.address}'s key policy is known only after apply: which encryption context it tests is unknown`, location: k.policy.location });
    const seen = new Set<Statement>();
    let examined = 0;
    for (const { doc, owner } of docs) {
      for (const st of doc.statements) {
        if (seen.has(st)) continue;
        seen.add(st);
        for (const c of st.conditions) {
          const key = c.key.toLowerCase();
          if (key.startsWith('kms:encryptioncontext:') && needsKey(c.operator)) {
            examined++;
            const contextKey = key.slice('kms:encryptioncontext:'.length);
            if (!senders.has(contextKey) && unread.length > 0) {
              checks.push({ verdict: 'unknown', resource: owner, message: `${st.origin}${st.sid ? ` (${st.sid})` : ''} tests the encryption context key "${c.key.slice('kms:EncryptionContext:'.length)}", which no AWS service sends; whether a function sends it is unknown, because the contract of ${unread.map((l) => `${l.function} (${l.problem ?? 'no contract'})`).join(', ')} could not be read`, location: st.location });
            } else if (!senders.has(contextKey)) {
              checks.push({ verdict: 'non-compliant', resource: owner, message: `${st.origin}${st.sid ? ` (${st.sid})` : ''} ${st.effect === 'Allow' ? 'allows' : 'denies'} only when the encryption context carries "${c.key.slice('kms:EncryptionContext:'.length)}", which no AWS service and no function of this stack sends: the statement never ${st.effect === 'Allow' ? 'grants anything' : 'denies anything'}${contextKey === 'lambdafunctionname' ? ' (Lambda decrypts environments under aws:lambda:FunctionArn, through its grant)' : ''}`, location: st.location });
            }
          }
          if (key === 'kms:viaservice' && !/Not/.test(c.operator)) {
            examined++;
            for (const v of c.values) {
              const text = literalOf(v) ?? showSym(v);
              if (text.includes('*') || text.includes('?')) continue;
              if (!isViaServiceShape(text)) checks.push({ verdict: 'non-compliant', resource: owner, message: `${st.origin}${st.sid ? ` (${st.sid})` : ''} tests kms:ViaService = "${text}", a value AWS never sends (it sends <service>.<region>.amazonaws.com)`, location: st.location });
            }
          }
        }
      }
    }
    if (!checks.some((c) => c.verdict === 'non-compliant') && examined > 0) checks.push({ verdict: 'compliant', resource: model.stacks[0]?.root ?? '(stack)', message: `every encryption context key and kms:ViaService value the policies test (${examined}) is one AWS or a function of the stack sends`, location: { file: model.stacks[0]?.files[0]?.path ?? '(stack)', line: 1 } });
    return resultOf(checks);
  },
};
