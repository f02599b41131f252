// Cases where the condition keys the policies test are missing from the request: every condition operator IAM has
// (string, ARN, numeric, date, boolean, binary, IP address, Null), each with and without ...IfExists, and the set
// operators ForAnyValue:/ForAllValues: over single- and multi-valued keys. Allows and denies both test missing keys,
// so the outcome turns on IAM's missing-key rules: a plain operator is false, a negated one true, ...IfExists true,
// ForAnyValue false, ForAllValues true, Null true only when it asks for a missing key.
import { ACCOUNT_ID, rng, type Case, type Target } from './generate.ts';

const BUCKET = 'arn:aws:s3:::bucket-a';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/ledger`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TARGETS: Target[] = [
  { kind: 's3-bucket', arn: BUCKET, resource: `${BUCKET}/in/batch-1.csv`, action: 's3:GetObject' },
  { kind: 's3-bucket', arn: BUCKET, resource: `${BUCKET}/out/batch-1.csv`, action: 's3:PutObject' },
  { kind: 'dynamodb-table', arn: TABLE, resource: TABLE, action: 'dynamodb:PutItem' },
  { kind: 'kms-key', arn: KEY, resource: KEY, action: 'kms:Decrypt' },
];

interface Family {
  operators: string[];
  keys: string[];
  values: string[];
  sets?: boolean;
}
/** Global condition keys (valid for every action) that a request may lack, by the operator family that tests them. */
const FAMILIES: Family[] = [
  {
    operators: [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
    ],
    keys: ['aws:SourceVpce', 'aws:PrincipalTag/team', 'aws:RequestTag/env', 'aws:SourceAccount'],
    values: ['vpce-0a1b2c3d', 'payments', 'prod*', '111122223333'],
  },
  {
    operators: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'],
    keys: ['aws:TagKeys', 'aws:CalledVia'],
    values: ['env', 'team', 'cloudformation.amazonaws.com'],
    sets: true,
  },
  {
    operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
    keys: ['aws:SourceArn'],
    values: [`arn:aws:sns:us-east-1:${ACCOUNT_ID}:alerts`, 'arn:aws:cloudtrail:*:*:trail/*'],
    sets: true,
  },
  {
    operators: [
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
    ],
    keys: ['aws:MultiFactorAuthAge'],
    values: ['3600', '0'],
  },
  {
    operators: [
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
    ],
    keys: ['aws:TokenIssueTime'],
    values: ['2026-01-01T00:00:00Z'],
  },
  { operators: ['Bool'], keys: ['aws:MultiFactorAuthPresent'], values: ['true', 'false'] },
  { operators: ['BinaryEquals'], keys: ['aws:SourceVpce'], values: ['QmluYXJ5VmFsdWU='] },
  {
    operators: ['IpAddress', 'NotIpAddress'],
    keys: ['aws:SourceIp', 'aws:VpcSourceIp'],
    values: ['10.0.0.0/16', '203.0.113.0/24'],
  },
  {
    operators: ['Null'],
    keys: ['aws:SourceVpce', 'aws:MultiFactorAuthAge', 'aws:TokenIssueTime', 'aws:SourceIp', 'aws:TagKeys'],
    values: ['true', 'false'],
  },
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** One condition on a key the request will not carry: the operator, maybe ...IfExists, maybe a set operator. */
function absentCondition(r: () => number): { operator: string; key: string; value: string | string[] } {
  const family = pick(r, FAMILIES);
  const base = pick(r, family.operators);
  const key = pick(r, family.keys);
  if (base === 'Null') return { operator: 'Null', key, value: pick(r, family.values) };
  const ifExists = r() < 0.5 ? 'IfExists' : '';
  const set = family.sets && r() < 0.6 ? pick(r, ['ForAnyValue:', 'ForAllValues:']) : '';
  const value = r() < 0.3 ? family.values.slice(0, 2) : pick(r, family.values);
  return { operator: `${set}${base}${ifExists}`, key, value };
}

export function generateAbsent(seed: number): Case {
  const r = rng(seed * 7919 + 17);
  const target = pick(r, TARGETS);
  const absent = new Set<string>();
  const conditioned = (effect: 'Allow' | 'Deny', count: number) => {
    const statement: Record<string, unknown> = {
      Effect: effect,
      Action: target.action,
      Resource: pick(r, ['*', target.arn.startsWith('arn:aws:s3') ? `${target.arn}/*` : target.arn]),
    };
    const condition: Record<string, Record<string, string | string[]>> = {};
    for (let i = 0; i < count; i++) {
      const c = absentCondition(r);
      absent.add(c.key);
      (condition[c.operator] ??= {})[c.key] = c.value;
    }
    statement['Condition'] = condition;
    return statement;
  };
  const statements: Record<string, unknown>[] = [];
  // An allow that holds only if its missing-key conditions do, or an unconditional one.
  statements.push(
    r() < 0.6
      ? conditioned('Allow', 1 + Math.floor(r() * 2))
      : { Effect: 'Allow', Action: target.action, Resource: '*' },
  );
  // A deny whose firing turns on missing keys.
  if (r() < 0.7) statements.push(conditioned('Deny', 1 + Math.floor(r() * 2)));
  const identity = [{ Version: '2012-10-17', Statement: statements }];
  let resourcePolicy: Case['resourcePolicy'];
  if (target.kind === 'kms-key') {
    // The key policy delegates to IAM, and sometimes adds its own missing-key deny.
    const key: Record<string, unknown>[] = [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'kms:*', Resource: '*' },
    ];
    if (r() < 0.4) key.push({ ...conditioned('Deny', 1), Principal: '*' });
    resourcePolicy = { Version: '2012-10-17', Statement: key };
  } else if (r() < 0.3) {
    resourcePolicy = { Version: '2012-10-17', Statement: [{ ...conditioned('Deny', 1), Principal: '*' }] };
  }
  return { seed, target, identity, ...(resourcePolicy ? { resourcePolicy } : {}), context: {}, absent: [...absent] };
}
