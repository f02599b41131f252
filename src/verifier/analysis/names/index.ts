// Names AWS limits, judged at their longest: each named resource's name as the code writes it, and again with every
// bounded input at the longest value its validation accepts (the load stage finds those, see load/inputs.ts). The
// rules compare both with AWS's length limits and patterns.
import type { Diagnostic, SourceLocation } from '../../load/types.ts';
import { ACCOUNT, REGION } from '../../model/iam/identity.ts';
import { showSym, type Sym } from '../../model/iam/symbolic.ts';
import type { Field, Model } from '../../model/model.ts';

/** What AWS enforces on one kind of name. */
export interface NameRule {
  kind: string;
  /** What it is called in messages. */
  what: string;
  min: number;
  max: number;
  /** A pattern the whole name must match, with what it says. */
  pattern?: { re: RegExp; says: string };
  /** Patterns the name must not match, each with what it says. */
  forbidden?: { re: RegExp; says: string }[];
  doc: string;
}

const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names';
export const NAME_RULES: Record<string, NameRule> = {
  'iam-role': {
    kind: 'iam-role',
    what: 'IAM role name',
    min: 1,
    max: 64,
    pattern: { re: /^[\w+=,.@-]+$/, says: 'letters, digits and +=,.@_-' },
    doc: IAM,
  },
  'iam-user': {
    kind: 'iam-user',
    what: 'IAM user name',
    min: 1,
    max: 64,
    pattern: { re: /^[\w+=,.@-]+$/, says: 'letters, digits and +=,.@_-' },
    doc: IAM,
  },
  'iam-group': {
    kind: 'iam-group',
    what: 'IAM group name',
    min: 1,
    max: 128,
    pattern: { re: /^[\w+=,.@-]+$/, says: 'letters, digits and +=,.@_-' },
    doc: IAM,
  },
  'iam-policy': {
    kind: 'iam-policy',
    what: 'IAM policy name',
    min: 1,
    max: 128,
    pattern: { re: /^[\w+=,.@-]+$/, says: 'letters, digits and +=,.@_-' },
    doc: IAM,
  },
  's3-bucket': {
    kind: 's3-bucket',
    what: 'S3 bucket name',
    min: 3,
    max: 63,
    pattern: {
      re: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
      says: 'lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
    },
    forbidden: [
      { re: /\.\./, says: 'two adjacent dots' },
      { re: /^xn--/, says: 'the prefix xn--' },
      { re: /^sthree-/, says: 'the prefix sthree-' },
      { re: /-s3alias$|--ol-s3$|\.mrap$|--x-s3$/, says: 'a reserved suffix' },
      { re: /^\d+\.\d+\.\d+\.\d+$/, says: 'the form of an IP address' },
    ],
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
  },
  'lambda-function': {
    kind: 'lambda-function',
    what: 'Lambda function name',
    min: 1,
    max: 64,
    pattern: { re: /^[a-zA-Z0-9_-]+$/, says: 'letters, digits, hyphens and underscores' },
    doc: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName',
  },
  'log-group': {
    kind: 'log-group',
    what: 'log group name',
    min: 1,
    max: 512,
    pattern: { re: /^[.\-_/#A-Za-z0-9]+$/, says: 'letters, digits and ._-/#' },
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  'sns-topic': {
    kind: 'sns-topic',
    what: 'SNS topic name',
    min: 1,
    max: 256,
    pattern: { re: /^[A-Za-z0-9_-]+(\.fifo)?$/, says: 'letters, digits, hyphens and underscores' },
    doc: 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html',
  },
  'sqs-queue': {
    kind: 'sqs-queue',
    what: 'SQS queue name',
    min: 1,
    max: 80,
    pattern: { re: /^[A-Za-z0-9_-]+(\.fifo)?$/, says: 'letters, digits, hyphens and underscores' },
    doc: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html',
  },
  secret: {
    kind: 'secret',
    what: 'secret name',
    min: 1,
    max: 512,
    pattern: { re: /^[\w/+=.@-]+$/, says: 'letters, digits and /_+=.@-' },
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  },
  'dynamodb-table': {
    kind: 'dynamodb-table',
    what: 'DynamoDB table name',
    min: 3,
    max: 255,
    pattern: { re: /^[a-zA-Z0-9_.-]+$/, says: 'letters, digits and _.-' },
    doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html',
  },
  cloudtrail: {
    kind: 'cloudtrail',
    what: 'trail name',
    min: 3,
    max: 128,
    pattern: {
      re: /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/,
      says: 'letters, digits and ._-, starting and ending with a letter or digit',
    },
    forbidden: [{ re: /[._-]{2}/, says: 'adjacent . _ or -' }],
    doc: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html',
  },
  'event-rule': {
    kind: 'event-rule',
    what: 'EventBridge rule name',
    min: 1,
    max: 64,
    pattern: { re: /^[.\-_A-Za-z0-9]+$/, says: 'letters, digits and ._-' },
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
  },
  alarm: {
    kind: 'alarm',
    what: 'alarm name',
    min: 1,
    max: 255,
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  },
  'security-group': {
    kind: 'security-group',
    what: 'security group name',
    min: 1,
    max: 255,
    forbidden: [{ re: /^sg-/i, says: 'the prefix sg-' }],
    doc: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
  },
  'db-instance': {
    kind: 'db-instance',
    what: 'DB instance identifier',
    min: 1,
    max: 63,
    pattern: { re: /^[a-zA-Z][a-zA-Z0-9-]*$/, says: 'letters, digits and hyphens, starting with a letter' },
    forbidden: [
      { re: /--/, says: 'two consecutive hyphens' },
      { re: /-$/, says: 'a trailing hyphen' },
    ],
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  },
  'db-parameter-group': {
    kind: 'db-parameter-group',
    what: 'DB parameter group name',
    min: 1,
    max: 255,
    pattern: { re: /^[a-zA-Z][a-zA-Z0-9-]*$/, says: 'letters, digits and hyphens, starting with a letter' },
    forbidden: [
      { re: /--/, says: 'two consecutive hyphens' },
      { re: /-$/, says: 'a trailing hyphen' },
    ],
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html',
  },
  'db-subnet-group': {
    kind: 'db-subnet-group',
    what: 'DB subnet group name',
    min: 1,
    max: 255,
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html',
  },
  'kms-alias': {
    kind: 'kms-alias',
    what: 'KMS alias',
    min: 7,
    max: 256,
    pattern: { re: /^alias\/[a-zA-Z0-9/_-]+$/, says: 'alias/ followed by letters, digits and /_-' },
    forbidden: [{ re: /^alias\/aws\//, says: 'the reserved prefix alias/aws/' }],
    doc: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
};

/** Tokens whose length is known: the account id (12 digits) and the region (the longest AWS region code). */
const TOKEN_LENGTH: Record<string, number> = { [ACCOUNT.tok]: 12, [REGION.tok]: 'ap-southeast-5'.length };
/** The unique id Terraform appends to a name_prefix (terraform-plugin-sdk helper/id). */
const PREFIXED_UNIQUE_ID_LENGTH = 26;
/** What a token stands for in the text that is checked against patterns. */
const TOKEN_TEXT: Record<string, string> = { [ACCOUNT.tok]: '123456789012', [REGION.tok]: 'ap-southeast-5' };

export interface NameFact {
  address: string;
  rule: NameRule;
  /** The name as the code writes it (defaults), and at the longest inputs; undefined when AWS generates it. */
  written: string | undefined;
  longest: string | undefined;
  /** Something in the name is known only after apply (and not of known length). */
  unknown?: string;
  location: SourceLocation;
}

export interface NameAnalysis {
  facts: NameFact[];
  /** The inputs set to their longest accepted value for `longest`. */
  longestInputs: Record<string, string>;
  /** What the configuration refuses at those values (a module's validation, an argument too long). */
  longestErrors: Diagnostic[];
}

/** A symbolic name as text, tokens of known length replaced by a representative value; undefined when one is not. */
function text(name: Sym): { value?: string; unknown?: string } {
  let out = '';
  for (const part of name) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (TOKEN_TEXT[part.tok] !== undefined) {
      out += TOKEN_TEXT[part.tok]!.padEnd(TOKEN_LENGTH[part.tok]!, 'x');
      continue;
    }
    // Terraform's name_prefix / bucket_prefix: the provider appends a 26-character unique id (timestamp and counter,
    // digits) to the prefix the code writes (terraform-plugin-sdk helper/id, UniqueIDSuffixLength).
    if (part.identity && part.tok.startsWith('name:') && out !== '') {
      out += '0'.repeat(PREFIXED_UNIQUE_ID_LENGTH);
      continue;
    }
    return { unknown: showSym([part]) };
  }
  return { value: out };
}

/** The name of one object in a model: its IAM identity name, or its name field. */
function nameOf(
  model: Model,
  address: string,
  field?: (m: Model) => Field<string> | undefined,
): { value?: string; unknown?: string; generated?: boolean } | undefined {
  if (field) {
    const f = field(model);
    if (!f) return undefined;
    if (f.provenance === 'unknown') return { unknown: 'a value known only after apply' };
    return f.value === undefined ? { generated: true } : { value: f.value };
  }
  const id = model.identities.get(address);
  if (!id) return undefined;
  // A name the code does not write is generated by AWS (or Terraform) within the limits.
  if (id.name.length === 1 && typeof id.name[0] !== 'string' && id.name[0]!.identity) return { generated: true };
  return text(id.name);
}

export function analyseNames(
  model: Model,
  longest: Model | undefined,
  longestInputs: Record<string, string>,
  longestErrors: Diagnostic[] = [],
): NameAnalysis {
  const facts: NameFact[] = [];
  const push = (
    address: string,
    kind: string,
    location: SourceLocation,
    field?: (m: Model) => Field<string> | undefined,
  ) => {
    const rule = NAME_RULES[kind]!;
    const written = nameOf(model, address, field);
    if (!written || written.generated) return;
    const atLongest = longest ? nameOf(longest, address, field) : written;
    const fact: NameFact = {
      address,
      rule,
      written: written.value,
      longest: atLongest?.value ?? written.value,
      location,
    };
    const unknown = written.unknown ?? atLongest?.unknown;
    if (unknown) fact.unknown = unknown;
    facts.push(fact);
  };
  for (const [address, object] of model.objects) {
    if (NAME_RULES[object.kind] && model.identities.has(address)) push(address, object.kind, object.location);
  }
  const byAddress =
    <T extends { address: string }>(list: (m: Model) => T[], pick: (o: T) => Field<string>) =>
    (address: string) =>
    (m: Model) => {
      const o = list(m).find((x) => x.address === address);
      return o ? pick(o) : undefined;
    };
  for (const g of model.securityGroups)
    if (!g.isDefault)
      push(
        g.address,
        'security-group',
        g.name.location,
        byAddress(
          (m) => m.securityGroups,
          (o) => o.name,
        )(g.address),
      );
  for (const d of model.dbInstances)
    push(
      d.address,
      'db-instance',
      d.identifier.location,
      byAddress(
        (m) => m.dbInstances,
        (o) => o.identifier,
      )(d.address),
    );
  for (const p of model.dbParameterGroups)
    push(
      p.address,
      'db-parameter-group',
      p.name.location,
      byAddress(
        (m) => m.dbParameterGroups,
        (o) => o.name,
      )(p.address),
    );
  for (const s of model.dbSubnetGroups)
    push(
      s.address,
      'db-subnet-group',
      s.name.location,
      byAddress(
        (m) => m.dbSubnetGroups,
        (o) => o.name,
      )(s.address),
    );
  for (const a of model.aliases)
    push(
      a.address,
      'kms-alias',
      a.name.location,
      byAddress(
        (m) => m.aliases,
        (o) => o.name,
      )(a.address),
    );
  return { facts, longestInputs, longestErrors };
}
