// ENC-DLV-006: someone can read the audit trail: for every trail and every flow log delivered to S3, a principal of
// the account may both get the objects and decrypt them (PCI DSS 10.4.1: logs are reviewed; validate-logs reads
// log and digest files).
import type { Analysis } from '../../analysis/index.ts';
import { ask, mostPermissive, type Answer, type Asker, type KeyValue } from '../../analysis/iam/questions.ts';
import type { IamResource } from '../../analysis/iam/view.ts';
import { sym, type Sym } from '../../model/iam/symbolic.ts';
import type { Base, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { ACCOUNT, arnOf, bucketKey, bucketOf, keyOf, resource, token } from './common.ts';
import { trailKeys } from './trails-delivered.ts';

const REVIEW_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html#create-kms-key-policy-for-cloudtrail-decrypt';
const VALIDATE_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-cli.html';

/** One kind of object to read: where it is, the key that encrypts it, the encryption contexts it may carry. */
interface Readable { what: string; bucket: IamResource; objectKey: Sym; key?: IamResource; contexts: Record<string, KeyValue>[] }

interface Reader { who: string; asker: Asker }

/** May the reader read the object, from wherever it chooses, and decrypt it in every context it may carry? */
function canRead(analysis: Analysis, reader: Reader, item: Readable): { ok: 'yes' | 'no' | 'maybe'; why: Answer; step: string } {
  const view = analysis.iam.view;
  const get = mostPermissive(ask(view, { asker: reader.asker, action: 's3:GetObject', resource: item.bucket, objectKey: item.objectKey }))!;
  if (get.decision !== 'allowed') return { ok: get.decision === 'denied' ? 'no' : 'maybe', why: get, step: `s3:GetObject on ${item.what}` };
  for (const context of item.key ? item.contexts : []) {
    const decrypt = mostPermissive(ask(view, { asker: reader.asker, action: 'kms:Decrypt', resource: item.key!, request: { 'kms:viaservice': [sym('s3.', view.region, '.amazonaws.com')], 'kms:encryptioncontext:*': null, ...context } }))!;
    if (decrypt.decision !== 'allowed') return { ok: decrypt.decision === 'denied' ? 'no' : 'maybe', why: decrypt, step: `kms:Decrypt of ${item.what} under ${item.key!.address}` };
  }
  return { ok: 'yes', why: get, step: '' };
}

function readables(model: Model, analysis: Analysis): { source: Base; items: Readable[] }[] {
  const out: { source: Base; items: Readable[] }[] = [];
  const region = analysis.iam.view.region;
  for (const trail of model.trails) {
    const bucket = bucketOf(model, trail.bucket);
    const keys = trailKeys(analysis, trail);
    if (!bucket || !keys) continue;
    const b = resource(analysis, bucket.address);
    const trailKey = keyOf(model, trail.kmsKey);
    const defaultKey = bucketKey(model, bucket);
    const bucketKeyOn = bucket.encryption?.bucketKey.value === true;
    const trailArn = arnOf(model, trail.address);
    const s3arn = (k: Sym) => (bucketKeyOn ? [[b.arn], [sym(b.arn, '/', k)]] : [[sym(b.arn, '/', k)]]);
    const items: Readable[] = [];
    // Log files: SSE-KMS under the trail's key with the trail in the context (the S3 ARN part depends on the Bucket Key: both asked).
    const logKey = trailKey ?? defaultKey;
    items.push({ what: `${trail.address}'s log files`, bucket: b, objectKey: keys.logs, ...(logKey ? { key: resource(analysis, logKey.address) } : {}),
      contexts: s3arn(keys.logs).map((a) => (trailKey ? { 'kms:encryptioncontext:aws:cloudtrail:arn': [trailArn], 'kms:encryptioncontext:aws:s3:arn': a } : { 'kms:encryptioncontext:aws:s3:arn': a })) });
    // Digest files: which key and context CloudTrail uses for them is not documented beyond the bucket's; both forms asked.
    const digestKey = trailKey ?? defaultKey;
    items.push({ what: `${trail.address}'s digest files`, bucket: b, objectKey: keys.digests, ...(digestKey ? { key: resource(analysis, digestKey.address) } : {}),
      contexts: s3arn(keys.digests).flatMap((a) => [{ 'kms:encryptioncontext:aws:s3:arn': a }, ...(trailKey ? [{ 'kms:encryptioncontext:aws:cloudtrail:arn': [trailArn], 'kms:encryptioncontext:aws:s3:arn': a }] : [])]) });
    out.push({ source: trail, items });
  }
  for (const flow of model.flowLogs) {
    if (flow.destinationType.value !== 's3') continue;
    const bucket = bucketOf(model, flow.destination);
    if (!bucket || flow.destinationPrefix.value === undefined) continue;
    const b = resource(analysis, bucket.address);
    const hive = flow.hivePartitions.value === true;
    const objectKey = sym(flow.destinationPrefix.value, 'AWSLogs/', hive ? 'aws-account-id=' : '', ACCOUNT, hive ? '/aws-service=vpcflowlogs/aws-region=' : '/vpcflowlogs/', region, '/', token('date/flow-log file'));
    const key = bucketKey(model, bucket);
    const context = bucket.encryption?.bucketKey.value === true ? b.arn : sym(b.arn, '/', objectKey);
    out.push({ source: flow, items: [{ what: `${flow.address}'s files`, bucket: b, objectKey, ...(key ? { key: resource(analysis, key.address) } : {}), contexts: [{ 'kms:encryptioncontext:aws:s3:arn': [context] }] }] });
  }
  return out;
}

export const auditTrailReadable: Rule = {
  id: 'ENC-DLV-006',
  title: 'Someone can read the audit trail',
  description: `Audit logs nobody can read cannot be reviewed (PCI DSS 10.4.1) or validated (aws cloudtrail validate-logs reads log and digest files, ${VALIDATE_DOC}). For every CloudTrail trail and every flow log delivered to S3, some principal of the account — a role or user of the stack, or one made elsewhere and given IAM permissions, which the key policy must then delegate to — must be allowed s3:GetObject on the files and kms:Decrypt through S3 under the encryption context they carry: aws:cloudtrail:arn for trail files (${REVIEW_DOC}), aws:s3:arn (the object, or the bucket when it uses an S3 Bucket Key) for the rest. Where AWS does not document the context (digest files, CloudTrail with a Bucket Key), every form is asked and all must be readable.`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.3.1', '10.3.4'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const readers: Reader[] = [
      ...view.principals.filter((p) => p.kind !== 'service').map((p) => ({ who: p.id, asker: { principal: p } as Asker })),
      { who: 'a principal of this account given IAM permissions', asker: { unnamed: true } },
    ];
    return resultOf(readables(model, analysis).flatMap(({ source, items }): Check[] => items.map((item) => {
      const results = readers.map((r) => ({ r, result: canRead(analysis, r, item) }));
      const yes = results.filter((x) => x.result.ok === 'yes');
      if (yes.length > 0) return check('compliant', source, `${item.what} can be read and decrypted by ${yes.map((x) => x.r.who).join(', ')}`, item.bucket.location);
      const maybe = results.find((x) => x.result.ok === 'maybe');
      if (maybe) return check('unknown', source, `whether anyone can read ${item.what} depends on values known only after apply or on conditions the code does not decide (${maybe.r.who}: ${maybe.result.step}: ${maybe.result.why.reason})`, item.bucket.location);
      const unnamed = results[results.length - 1]!;
      const at = unnamed.result.why.evidence.find((e) => e.match !== 'no')?.location ?? item.key?.policy?.location ?? item.bucket.location;
      return check('non-compliant', source, `nobody can read ${item.what}: not one of ${readers.length} principal(s) (${readers.slice(0, -1).map((r) => r.who).join(', ') || 'none in the stack'}, or one made elsewhere) may both get and decrypt them — e.g. ${unnamed.r.who}: ${unnamed.result.step} is denied (${unnamed.result.why.reason}) (${REVIEW_DOC})`, at);
    })));
  },
};
