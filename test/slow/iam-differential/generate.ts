// Random IAM cases within the subset both our evaluator and the oracle (@cloud-copilot/iam-simulate, AGPL, test
// only) decide: one same-account role, identity policies and one resource policy (bucket, table, key, topic), with
// actions, wildcards, NotAction/NotResource, principals, NotPrincipal and condition operators over keys whose
// values the request carries (or explicitly lacks).
import { random } from '../../../src/local/synthetic.ts';

export const ACCOUNT_ID = '123456789012';
export const PRINCIPAL = `arn:aws:iam::${ACCOUNT_ID}:role/alice`;
/** The session alice's requests are made as (a role acts through its sessions). */
export const SESSION_NAME = 'nightly';
export const SESSION = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/alice/${SESSION_NAME}`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/bob`;
const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;

export interface Target { kind: 's3-bucket' | 'dynamodb-table' | 'kms-key' | 'sns-topic'; arn: string; resource: string; action: string; }
export interface Case {
  seed: number;
  target: Target;
  identity: { Version: string; Statement: Record<string, unknown>[] }[];
  resourcePolicy?: { Version: string; Statement: Record<string, unknown>[] };
  /** The policy of the VPC endpoint the request goes through, if any. */
  endpointPolicy?: { Version: string; Statement: Record<string, unknown>[] };
  context: Record<string, string>;
  /** Condition keys the policies use that the request does not carry. */
  absent: string[];
}

/** The same small PRNG the synthetic data uses (mulberry32), so cases are reproducible from a seed. */
export const rng = random;

const BUCKET = 'arn:aws:s3:::bucket-a';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/ledger`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:alerts`;

const TARGETS: { kind: Target['kind']; arn: string; requests: [string, string][] }[] = [
  { kind: 's3-bucket', arn: BUCKET, requests: [['s3:GetObject', `${BUCKET}/in/batch-1.csv`], ['s3:PutObject', `${BUCKET}/out/batch-1.csv`], ['s3:DeleteObject', `${BUCKET}/in/batch-1.csv`], ['s3:ListBucket', BUCKET], ['s3:GetObjectVersion', `${BUCKET}/in/x.csv`]] },
  { kind: 'dynamodb-table', arn: TABLE, requests: [['dynamodb:GetItem', TABLE], ['dynamodb:PutItem', TABLE], ['dynamodb:DeleteItem', TABLE], ['dynamodb:Query', TABLE]] },
  { kind: 'kms-key', arn: KEY, requests: [['kms:Decrypt', KEY], ['kms:Encrypt', KEY], ['kms:GenerateDataKey', KEY], ['kms:PutKeyPolicy', KEY]] },
  { kind: 'sns-topic', arn: TOPIC, requests: [['sns:Publish', TOPIC], ['sns:Subscribe', TOPIC]] },
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function actionPatterns(action: string): string[] {
  const [svc, name] = action.split(':') as [string, string];
  return [action, `${svc}:*`, `${svc}:${name.slice(0, 3)}*`, '*', `${svc}:${name.slice(0, -1)}?`, action.toLowerCase(), 's3:GetObject', 'dynamodb:PutItem', 'kms:Decrypt', 'sns:Publish', `${svc}:List*`];
}

function resourcePatterns(t: Target): string[] {
  const common = ['*', t.arn, t.resource];
  switch (t.kind) {
    case 's3-bucket': return [...common, `${BUCKET}/*`, `${BUCKET}/in/*`, 'arn:aws:s3:::bucket-?/*', 'arn:aws:s3:::bucket-b/*', 'arn:aws:s3:::*'];
    case 'dynamodb-table': return [...common, `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/*`, `arn:aws:dynamodb:*:*:table/led*`, `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/other`];
    case 'kms-key': return [...common, `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/*`, `arn:aws:kms:*:${ACCOUNT_ID}:key/other`];
    case 'sns-topic': return [...common, `arn:aws:sns:us-east-1:${ACCOUNT_ID}:*`, `arn:aws:sns:us-east-1:${ACCOUNT_ID}:other`];
  }
}

interface KeySpec { key: string; values: string[]; operators: string[] }
const GLOBAL_KEYS: KeySpec[] = [
  { key: 'aws:SecureTransport', values: ['true', 'false'], operators: ['Bool', 'BoolIfExists'] },
  { key: 'aws:SourceVpce', values: ['vpce-0a1b2c3d', 'vpce-99999999'], operators: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'] },
  { key: 'aws:PrincipalArn', values: [PRINCIPAL, OTHER_ROLE, `arn:aws:iam::${ACCOUNT_ID}:role/a*`], operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringEquals', 'StringLike', 'StringNotLike'] },
  { key: 'aws:PrincipalAccount', values: [ACCOUNT_ID, '111122223333'], operators: ['StringEquals', 'StringNotEquals'] },
];
const SERVICE_KEYS: Record<string, KeySpec[]> = {
  's3:PutObject': [{ key: 's3:x-amz-server-side-encryption', values: ['aws:kms', 'AES256'], operators: ['StringEquals', 'StringNotEquals', 'Null', 'StringNotEqualsIfExists'] }],
  'kms:Decrypt': [{ key: 'kms:ViaService', values: ['s3.us-east-1.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com', 's3.*.amazonaws.com'], operators: ['StringEquals', 'StringLike', 'StringNotEquals', 'Null'] }],
  'kms:GenerateDataKey': [{ key: 'kms:ViaService', values: ['s3.us-east-1.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com'], operators: ['StringEquals', 'StringNotEquals', 'Null'] }],
};

function requestValue(r: () => number, spec: KeySpec): string {
  if (spec.key === 'aws:PrincipalArn') return PRINCIPAL;
  if (spec.key === 'aws:PrincipalAccount') return ACCOUNT_ID;
  if (spec.key === 'kms:ViaService') return pick(r, ['s3.us-east-1.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com']);
  return pick(r, spec.values.filter((v) => !v.includes('*')));
}

export function generate(seed: number): Case {
  const r = rng(seed);
  const t = pick(r, TARGETS);
  const [action, resource] = pick(r, t.requests);
  const target: Target = { kind: t.kind, arn: t.arn, resource, action };
  const keys = [...GLOBAL_KEYS, ...(SERVICE_KEYS[action] ?? [])];
  const used = new Set<KeySpec>();
  const condition = (): Record<string, Record<string, string | string[]>> | undefined => {
    if (r() < 0.55) return undefined;
    const spec = pick(r, keys);
    used.add(spec);
    const op = pick(r, spec.operators);
    const value = op === 'Null' ? pick(r, ['true', 'false']) : r() < 0.3 ? spec.values.slice(0, 2) : pick(r, spec.values);
    return { [op]: { [spec.key]: value } };
  };
  const statement = (resourcePolicy: boolean): Record<string, unknown> => {
    const s: Record<string, unknown> = { Effect: r() < 0.65 ? 'Allow' : 'Deny' };
    const acts = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, actionPatterns(action)));
    if (r() < 0.12) s['NotAction'] = pick(r, ['iam:*', 's3:Delete*', 'kms:*', 'sns:*', 'dynamodb:Scan']);
    else s['Action'] = acts.length === 1 ? acts[0] : acts;
    if (r() < 0.1) s['NotResource'] = pick(r, resourcePatterns(target).filter((p) => p !== '*'));
    else s['Resource'] = pick(r, resourcePatterns(target));
    if (resourcePolicy) {
      const principals: unknown[] = ['*', { AWS: PRINCIPAL }, { AWS: ROOT }, { AWS: OTHER_ROLE }, { AWS: ACCOUNT_ID }, { AWS: [OTHER_ROLE, PRINCIPAL] }];
      // NotPrincipal exempts a role only when it lists the whole chain — session, role, account — as AWS's page
      // shows; a partial chain is where the oracle (its authors mark it unresearched) and AWS's page part ways, so it
      // is tested against the page in test/verifier/iam/depth.test.ts instead.
      if (s['Effect'] === 'Deny' && r() < 0.15) s['NotPrincipal'] = pick(r, [{ AWS: [SESSION, PRINCIPAL, ROOT] }, { AWS: OTHER_ROLE }]);
      else s['Principal'] = pick(r, principals);
    }
    const c = condition();
    if (c) s['Condition'] = c;
    return s;
  };
  const identity = Array.from({ length: 1 + Math.floor(r() * 2) }, () => ({ Version: '2012-10-17', Statement: Array.from({ length: 1 + Math.floor(r() * 3) }, () => statement(false)) }));
  let resourcePolicy: Case['resourcePolicy'];
  if (t.kind === 'kms-key' || r() < 0.6) {
    const statements = Array.from({ length: 1 + Math.floor(r() * 3) }, () => statement(true));
    // Most real key policies delegate to IAM through the root principal.
    if (t.kind === 'kms-key' && r() < 0.6) statements.unshift({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' });
    resourcePolicy = { Version: '2012-10-17', Statement: statements };
  }
  let endpointPolicy: Case['endpointPolicy'];
  if (r() < 0.3) {
    // Endpoint policies name Principal "*" (narrowing by aws:PrincipalArn conditions).
    const statements = Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
      const st: Record<string, unknown> = statement(true);
      delete st['NotPrincipal'];
      st['Principal'] = '*';
      return st;
    });
    if (r() < 0.5) statements.unshift({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
    endpointPolicy = { Version: '2012-10-17', Statement: statements };
  }
  const context: Record<string, string> = {};
  const absent: string[] = [];
  for (const spec of used) {
    if (r() < 0.2 && spec.key !== 'aws:PrincipalArn' && spec.key !== 'aws:PrincipalAccount') absent.push(spec.key);
    else context[spec.key] = requestValue(r, spec);
  }
  return { seed, target, identity, ...(resourcePolicy ? { resourcePolicy } : {}), ...(endpointPolicy ? { endpointPolicy } : {}), context, absent };
}
