// The IAM model: principals with their identity policies and trust, the resources IAM decides about with their
// canonical (symbolic) ARNs and resource policies. Built from raw resources of both dialects.
import type { RawResource, SourceLocation, Value } from '../../load/types.ts';
import { at, isTemplateValue, isUnknownValue, locate } from '../../model/fields.ts';
import { AWS_MANAGED_POLICIES, isAwsManagedArn, managedPolicyName } from './managed.ts';
import { policyDocumentFromData, statementsOf, structured, type PolicyDoc, type Statement } from './policy.ts';
import { literalOf, showSym, sym, symEquals, type Sym, type Token } from './symbolic.ts';

export const ACCOUNT: Token = { tok: 'ACCOUNT' };
export const REGION: Token = { tok: 'REGION' };

export type Duty = 'execution' | 'auditor' | 'administrator' | 'data-processor' | 'service' | 'other';

export interface UnknownPolicy {
  arn: Sym;
  origin: string;
  location: SourceLocation;
  /** AWS managed policies are assumed to contain no Deny; a customer policy we cannot see might. */
  awsManaged: boolean;
}

export interface IamPrincipal {
  /** Role address, or `service:<principal>` for service principals named in resource policies. */
  id: string;
  kind: 'role' | 'user' | 'service';
  address?: string;
  name: Sym;
  arn: Sym;
  /** Service principal name (`s3.amazonaws.com`) for kind `service`. */
  service?: string;
  trust?: PolicyDoc;
  maxSessionDuration?: { value: number | undefined; explicit: boolean; location: SourceLocation };
  policies: PolicyDoc[];
  unknownPolicies: UnknownPolicy[];
  /** Inline policies (for the managed-policies-only rule). */
  inline: { origin: string; location: SourceLocation }[];
  duty: Duty;
  location: SourceLocation;
}

export type IamResourceKind = 's3-bucket' | 'kms-key' | 'dynamodb-table' | 'lambda-function' | 'log-group' | 'iam-role' | 'iam-user' | 'iam-policy' | 'sns-topic' | 'secret' | 'cloudtrail' | 'sqs-queue' | 'vpc-endpoint';

export interface IamResource {
  address: string;
  type: string;
  kind: IamResourceKind;
  arn: Sym;
  name: Sym;
  policy?: PolicyDoc;
  /** The key that encrypts it (bucket default encryption, table SSE, log group), by address, when in the model. */
  kmsKey?: string;
  classification: 'card-data' | 'audit' | 'other';
  /** Lambda functions: the execution role's address, when in the model. */
  role?: string;
  location: SourceLocation;
}

export interface IamModel {
  principals: IamPrincipal[];
  resources: IamResource[];
  resourceByAddress: Map<string, IamResource>;
  principalById: Map<string, IamPrincipal>;
  /** Long-lived access keys written in code (aws_iam_access_key, AWS::IAM::AccessKey). */
  accessKeys: RawResource[];
  /** Managed policy documents by address (customer managed), for escalation through policy versions. */
  managedPolicies: Map<string, { arn: Sym; doc: PolicyDoc; attachedTo: string[] }>;
  toSym(value: Value): Sym;
  /** The account id when it is known literally (tests, a CLI option); otherwise the account is the ACCOUNT token. */
  accountId?: string;
  /** The region: the literal of the AWS provider (or the option given) when known, else the REGION token. */
  region: string | Token;
}

export interface IamOptions {
  /** The region the stack deploys to (the Terraform aws provider's `region`, a CLI option). */
  region?: string;
}

const RESOURCE_TYPES: Record<string, IamResourceKind> = {
  aws_s3_bucket: 's3-bucket', 'AWS::S3::Bucket': 's3-bucket',
  aws_kms_key: 'kms-key', 'AWS::KMS::Key': 'kms-key',
  aws_dynamodb_table: 'dynamodb-table', 'AWS::DynamoDB::Table': 'dynamodb-table',
  aws_lambda_function: 'lambda-function', 'AWS::Lambda::Function': 'lambda-function',
  aws_cloudwatch_log_group: 'log-group', 'AWS::Logs::LogGroup': 'log-group',
  aws_iam_role: 'iam-role', 'AWS::IAM::Role': 'iam-role',
  aws_iam_user: 'iam-user', 'AWS::IAM::User': 'iam-user',
  aws_iam_policy: 'iam-policy', 'AWS::IAM::ManagedPolicy': 'iam-policy',
  aws_sns_topic: 'sns-topic', 'AWS::SNS::Topic': 'sns-topic',
  aws_secretsmanager_secret: 'secret', 'AWS::SecretsManager::Secret': 'secret',
  aws_cloudtrail: 'cloudtrail', 'AWS::CloudTrail::Trail': 'cloudtrail',
  aws_sqs_queue: 'sqs-queue', 'AWS::SQS::Queue': 'sqs-queue',
  aws_vpc_endpoint: 'vpc-endpoint', 'AWS::EC2::VPCEndpoint': 'vpc-endpoint',
};

/** Attribute names that yield the resource's name (or id) and its ARN, per dialect. */
const NAME_ATTRS = new Set(['id', 'name', 'bucket', 'function_name', 'key_id', 'Ref', 'TableName', 'BucketName', 'FunctionName', 'RoleName', 'LogGroupName', 'TopicName', 'KeyId', 'QueueName']);
const ARN_ATTRS = new Set(['arn', 'Arn']);

function isObj(v: Value | undefined): v is { readonly [k: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknownValue(v) && !isTemplateValue(v);
}

function text(v: Value | undefined): string {
  return typeof v === 'string' ? v : '';
}

function tagsOf(raw: RawResource): Record<string, string> {
  const out: Record<string, string> = {};
  const t = raw.attributes['tags'] ?? raw.attributes['Tags'];
  if (Array.isArray(t)) for (const x of t) { if (isObj(x) && typeof x['Key'] === 'string') out[x['Key']] = text(x['Value']); }
  else if (isObj(t)) for (const [k, v] of Object.entries(t)) out[k] = text(v);
  return out;
}

export function buildIamModel(resources: RawResource[], options: IamOptions = {}): IamModel {
  const region: string | Token = options.region ?? REGION;
  const byAddress = new Map(resources.map((r) => [r.address, r] as const));
  const nameCache = new Map<string, Sym>();
  const building = new Set<string>();

  const nameOf = (raw: RawResource): Sym => {
    const hit = nameCache.get(raw.address);
    if (hit) return hit;
    if (building.has(raw.address)) return [{ tok: `name:${raw.address}`, identity: true }];
    building.add(raw.address);
    const a = raw.attributes;
    const identity: Token = { tok: `name:${raw.address}`, identity: true };
    let name: Sym;
    const pick = (...keys: string[]) => keys.map((k) => a[k]).find((v) => v !== undefined && v !== null);
    switch (RESOURCE_TYPES[raw.type]) {
      case 's3-bucket': {
        const n = pick('bucket', 'BucketName');
        name = n !== undefined ? toSym(n) : a['bucket_prefix'] !== undefined ? sym(toSym(a['bucket_prefix']!), identity) : [identity];
        break;
      }
      case 'kms-key': name = [{ tok: `keyid:${raw.address}`, identity: true }]; break;
      case 'vpc-endpoint': name = [{ tok: `vpce:${raw.address}`, identity: true }]; break;
      default: {
        const n = pick('name', 'function_name', 'TableName', 'FunctionName', 'RoleName', 'UserName', 'LogGroupName', 'TopicName', 'Name', 'ManagedPolicyName', 'QueueName', 'TrailName');
        name = n !== undefined ? toSym(n) : a['name_prefix'] !== undefined ? sym(toSym(a['name_prefix']!), identity) : [identity];
      }
    }
    building.delete(raw.address);
    nameCache.set(raw.address, name);
    return name;
  };

  const arnOf = (raw: RawResource): Sym => {
    const name = nameOf(raw);
    const cfn = raw.dialect === 'cloudformation';
    switch (RESOURCE_TYPES[raw.type]) {
      case 's3-bucket': return sym('arn:aws:s3:::', name);
      case 'kms-key': return sym('arn:aws:kms:', region, ':', ACCOUNT, ':key/', name);
      case 'dynamodb-table': return sym('arn:aws:dynamodb:', region, ':', ACCOUNT, ':table/', name);
      case 'lambda-function': return sym('arn:aws:lambda:', region, ':', ACCOUNT, ':function:', name);
      case 'log-group': return sym('arn:aws:logs:', region, ':', ACCOUNT, ':log-group:', name, cfn ? ':*' : '');
      case 'iam-role': case 'iam-user': case 'iam-policy': {
        const kind = { 'iam-role': 'role', 'iam-user': 'user', 'iam-policy': 'policy' }[RESOURCE_TYPES[raw.type] as 'iam-role'];
        const pathValue = raw.attributes['path'] ?? raw.attributes['Path'];
        const path = typeof pathValue === 'string' ? pathValue.replace(/^\//, '') : '';
        return sym('arn:aws:iam::', ACCOUNT, `:${kind}/${path}`, name);
      }
      case 'sns-topic': return sym('arn:aws:sns:', region, ':', ACCOUNT, ':', name);
      case 'sqs-queue': return sym('arn:aws:sqs:', region, ':', ACCOUNT, ':', name);
      case 'secret': return sym('arn:aws:secretsmanager:', region, ':', ACCOUNT, ':secret:', name, { tok: `secretsuffix:${raw.address}`, identity: true });
      case 'cloudtrail': return sym('arn:aws:cloudtrail:', region, ':', ACCOUNT, ':trail/', name);
      case 'vpc-endpoint': return sym('arn:aws:ec2:', region, ':', ACCOUNT, ':vpc-endpoint/', name);
      default: return [{ tok: `arn:${raw.address}`, identity: true }];
    }
  };

  function unknownToSym(address: string, attribute: string): Sym {
    if (address === 'AWS::AccountId' || (/^data\.aws_caller_identity\./.test(address) && attribute === 'account_id') || /(^|\.)data\.aws_caller_identity\.[^.]+$/.test(address) && attribute === 'account_id') return [ACCOUNT];
    if (address === 'AWS::Region' || (/(^|\.)data\.aws_region\.[^.]+$/.test(address) && ['name', 'id', 'region'].includes(attribute))) return [region];
    if (address === 'AWS::Partition' || (/(^|\.)data\.aws_partition\.[^.]+$/.test(address) && attribute === 'partition')) return ['aws'];
    if (address === 'AWS::URLSuffix' || (/(^|\.)data\.aws_partition\.[^.]+$/.test(address) && attribute === 'dns_suffix')) return ['amazonaws.com'];
    const raw = byAddress.get(address);
    if (raw && RESOURCE_TYPES[raw.type]) {
      const kind = RESOURCE_TYPES[raw.type]!;
      if (ARN_ATTRS.has(attribute)) return arnOf(raw);
      if (attribute === 'Ref' && (kind === 'sns-topic' || kind === 'secret' || kind === 'iam-policy')) return arnOf(raw);
      if (kind === 'sns-topic' && attribute === 'id') return arnOf(raw);
      if (kind === 'secret' && attribute === 'id') return arnOf(raw);
      if (kind === 'iam-policy' && attribute === 'id') return arnOf(raw);
      if (kind === 'sqs-queue' && (attribute === 'id' || attribute === 'url' || attribute === 'Ref' || attribute === 'QueueUrl')) return [{ tok: `url:${address}`, identity: true }];
      if (NAME_ATTRS.has(attribute)) return nameOf(raw);
    }
    return [{ tok: attribute ? `${address}.${attribute}` : address }];
  }

  function toSym(value: Value): Sym {
    if (typeof value === 'string') return [value];
    if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
    if (value === null) return [''];
    if (isUnknownValue(value)) return unknownToSym(value.address, value.attribute);
    if (isTemplateValue(value)) return sym(...value.parts.map((p) => (typeof p === 'string' ? p : unknownToSym(p.address, p.attribute))));
    return [{ tok: `value:${JSON.stringify(value)}` }];
  }

  /** A resource in the model named by a reference value (`aws_iam_role.x.name`, `{"Ref": "Role"}`, a literal name/ARN). */
  const lookup = (value: Value | undefined, kinds: IamResourceKind[]): RawResource | undefined => {
    if (value === undefined || value === null) return undefined;
    const candidates = resources.filter((r) => kinds.includes(RESOURCE_TYPES[r.type]!));
    if (isUnknownValue(value)) {
      const direct = byAddress.get(value.address);
      if (direct && kinds.includes(RESOURCE_TYPES[direct.type]!)) return direct;
    }
    if (isTemplateValue(value)) {
      const us = value.parts.filter(isUnknownValue);
      for (const u of us) { const d = byAddress.get(u.address); if (d && kinds.includes(RESOURCE_TYPES[d.type]!)) return d; }
    }
    const s = toSym(value);
    return candidates.find((r) => symEquals(nameOf(r), s) === 'yes' || symEquals(arnOf(r), s) === 'yes');
  };

  const docFrom = (value: Value | undefined, raw: RawResource, path: string, origin: string): PolicyDoc => {
    const location = locate(raw, path);
    // A Terraform aws_iam_policy_document left unevaluated by the loader: evaluate it from its blocks.
    if (isUnknownValue(value) && value.attribute === 'json') {
      const data = byAddress.get(value.address);
      if (data && data.type === 'aws_iam_policy_document') {
        const { doc, locations } = policyDocumentFromData(data);
        const { statements, unknown } = statementsOf(doc, { toSym, origin, location: (i) => locations[i] ?? location });
        return { statements, unknown, origin, location };
      }
    }
    const s = structured(value);
    const cfn = raw.dialect === 'cloudformation';
    const { statements, unknown } = statementsOf(s, { toSym, origin, location: (i) => (cfn ? locate(raw, `${path}.Statement.${i}`) : location) });
    return { statements, unknown: unknown || s === undefined, origin, location };
  };

  // ── resources ──
  const iamResources: IamResource[] = [];
  const resourceByAddress = new Map<string, IamResource>();
  for (const raw of resources) {
    if (raw.mode !== 'resource') continue;
    const kind = RESOURCE_TYPES[raw.type];
    if (!kind) continue;
    const tags = tagsOf(raw);
    const label = `${raw.address} ${literalOf(nameOf(raw)) ?? showSym(nameOf(raw))} ${tags['DataClassification'] ?? ''} ${tags['Purpose'] ?? ''}`.toLowerCase();
    const explicit = (tags['enclave:classification'] ?? '').toLowerCase();
    const dataKinds: IamResourceKind[] = ['s3-bucket', 'dynamodb-table', 'log-group', 'cloudtrail', 'secret', 'sns-topic', 'sqs-queue'];
    const classification: IamResource['classification'] = !dataKinds.includes(kind) ? 'other' : explicit === 'card-data' || explicit === 'audit' || explicit === 'other' ? explicit
      : /audit|trail|flow[-_]?log/.test(label) ? 'audit'
      // Clear card data: the inbound/raw stores. Processed stores hold tokens and masks only; an environment whose
      // naming differs says so with the tag enclave:classification = card-data | audit | other.
      : (kind === 's3-bucket' || kind === 'dynamodb-table') && /raw|card|\bpans?\b|cardholder|incoming|inbound/.test(label) ? 'card-data'
      : 'other';
    const r: IamResource = { address: raw.address, type: raw.type, kind, arn: arnOf(raw), name: nameOf(raw), classification, location: locate(raw, '') };
    iamResources.push(r);
    resourceByAddress.set(raw.address, r);
  }
  const setPolicy = (target: RawResource | undefined, value: Value | undefined, source: RawResource, path: string) => {
    if (!target || value === undefined || value === null) return;
    const r = resourceByAddress.get(target.address);
    if (r) r.policy = docFrom(value, source, path, source.address);
  };
  for (const raw of resources) {
    const a = raw.attributes;
    switch (raw.type) {
      case 'aws_s3_bucket': if (a['policy'] !== undefined && a['policy'] !== null) setPolicy(raw, a['policy'], raw, 'policy'); break;
      case 'aws_s3_bucket_policy': setPolicy(lookup(a['bucket'], ['s3-bucket']), a['policy'], raw, 'policy'); break;
      case 'AWS::S3::BucketPolicy': setPolicy(lookup(a['Bucket'], ['s3-bucket']), a['PolicyDocument'], raw, 'PolicyDocument'); break;
      case 'aws_kms_key': if (a['policy'] !== undefined && a['policy'] !== null) setPolicy(raw, a['policy'], raw, 'policy'); break;
      case 'aws_kms_key_policy': setPolicy(lookup(a['key_id'], ['kms-key']), a['policy'], raw, 'policy'); break;
      case 'AWS::KMS::Key': setPolicy(raw, a['KeyPolicy'], raw, 'KeyPolicy'); break;
      case 'aws_sns_topic': if (a['policy'] !== undefined && a['policy'] !== null) setPolicy(raw, a['policy'], raw, 'policy'); break;
      case 'aws_sns_topic_policy': setPolicy(lookup(a['arn'], ['sns-topic']), a['policy'], raw, 'policy'); break;
      case 'AWS::SNS::TopicPolicy': for (const t of (Array.isArray(a['Topics']) ? a['Topics'] : [])) setPolicy(lookup(t, ['sns-topic']), a['PolicyDocument'], raw, 'PolicyDocument'); break;
      case 'aws_secretsmanager_secret_policy': setPolicy(lookup(a['secret_arn'], ['secret']), a['policy'], raw, 'policy'); break;
      case 'AWS::SecretsManager::ResourcePolicy': setPolicy(lookup(a['SecretId'], ['secret']), a['ResourcePolicy'], raw, 'ResourcePolicy'); break;
      case 'aws_vpc_endpoint': if (a['policy'] !== undefined && a['policy'] !== null) setPolicy(raw, a['policy'], raw, 'policy'); break;
      case 'aws_vpc_endpoint_policy': setPolicy(lookup(a['vpc_endpoint_id'], ['vpc-endpoint']), a['policy'], raw, 'policy'); break;
      case 'AWS::EC2::VPCEndpoint': setPolicy(raw, a['PolicyDocument'], raw, 'PolicyDocument'); break;
      case 'aws_sqs_queue_policy': setPolicy(lookup(a['queue_url'], ['sqs-queue']), a['policy'], raw, 'policy'); break;
      default: break;
    }
  }
  // Lambda permissions become statements of the function's resource policy.
  for (const raw of resources) {
    if (raw.type !== 'aws_lambda_permission' && raw.type !== 'AWS::Lambda::Permission') continue;
    const cfn = raw.type === 'AWS::Lambda::Permission';
    const a = raw.attributes;
    const fn = lookup(cfn ? a['FunctionName'] : a['function_name'], ['lambda-function']);
    const r = fn ? resourceByAddress.get(fn.address) : undefined;
    if (!r) continue;
    const principal = cfn ? a['Principal'] : a['principal'];
    const ps = principal !== undefined ? toSym(principal) : [];
    const p = literalOf(ps);
    const condition: { operator: string; key: string; values: Sym[] }[] = [];
    const srcArn = cfn ? a['SourceArn'] : a['source_arn'];
    const srcAccount = cfn ? a['SourceAccount'] : a['source_account'];
    if (srcArn !== undefined && srcArn !== null) condition.push({ operator: 'ArnLike', key: 'aws:SourceArn', values: [toSym(srcArn)] });
    if (srcAccount !== undefined && srcAccount !== null) condition.push({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [toSym(srcAccount)] });
    const st: Statement = {
      effect: 'Allow',
      actions: [toSym((cfn ? a['Action'] : a['action']) ?? 'lambda:InvokeFunction')],
      resources: [r.arn, sym(r.arn, ':*')],
      principal: { any: false, byType: new Map([[p !== undefined && p.endsWith('.amazonaws.com') ? 'Service' : 'AWS', [ps]]]) },
      conditions: condition,
      opaque: false,
      location: locate(raw, ''),
      origin: raw.address,
    };
    r.policy ??= { statements: [], unknown: false, origin: raw.address, location: locate(raw, '') };
    r.policy.statements.push(st);
  }
  // Bucket default encryption keys, table and log group keys (for KMS checks on data access).
  for (const raw of resources) {
    const a = raw.attributes;
    const setKey = (target: RawResource | undefined, keyValue: Value | undefined) => {
      if (!target) return;
      const key = lookup(keyValue, ['kms-key']);
      const r = resourceByAddress.get(target.address);
      if (r && key) r.kmsKey = key.address;
    };
    if (raw.type === 'aws_s3_bucket_server_side_encryption_configuration') {
      setKey(lookup(a['bucket'], ['s3-bucket']), at(a, 'rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id'));
    } else if (raw.type === 'AWS::S3::Bucket') {
      setKey(raw, at(a, 'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID'));
    } else if (raw.type === 'aws_s3_bucket') {
      setKey(raw, at(a, 'server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id'));
    } else if (raw.type === 'aws_dynamodb_table') setKey(raw, at(a, 'server_side_encryption.0.kms_key_arn'));
    else if (raw.type === 'AWS::DynamoDB::Table') setKey(raw, at(a, 'SSESpecification.KMSMasterKeyId'));
    else if (raw.type === 'aws_cloudwatch_log_group') setKey(raw, a['kms_key_id']);
    else if (raw.type === 'AWS::Logs::LogGroup') setKey(raw, a['KmsKeyId']);
  }

  // ── principals ──
  const principals: IamPrincipal[] = [];
  const principalById = new Map<string, IamPrincipal>();
  const managedPolicies = new Map<string, { arn: Sym; doc: PolicyDoc; attachedTo: string[] }>();
  for (const raw of resources) {
    if (raw.type === 'aws_iam_policy' || raw.type === 'AWS::IAM::ManagedPolicy') {
      const cfn = raw.dialect === 'cloudformation';
      managedPolicies.set(raw.address, { arn: arnOf(raw), doc: docFrom(cfn ? raw.attributes['PolicyDocument'] : raw.attributes['policy'], raw, cfn ? 'PolicyDocument' : 'policy', raw.address), attachedTo: [] });
    }
  }
  for (const raw of resources) {
    if (raw.mode !== 'resource') continue;
    const isRole = raw.type === 'aws_iam_role' || raw.type === 'AWS::IAM::Role';
    const isUser = raw.type === 'aws_iam_user' || raw.type === 'AWS::IAM::User';
    if (!isRole && !isUser) continue;
    const cfn = raw.dialect === 'cloudformation';
    const a = raw.attributes;
    const p: IamPrincipal = {
      id: raw.address, kind: isRole ? 'role' : 'user', address: raw.address, name: nameOf(raw), arn: arnOf(raw),
      policies: [], unknownPolicies: [], inline: [], duty: 'other', location: locate(raw, ''),
    };
    if (isRole) {
      const trustPath = cfn ? 'AssumeRolePolicyDocument' : 'assume_role_policy';
      p.trust = docFrom(a[trustPath], raw, trustPath, `${raw.address} trust policy`);
      const msdPath = cfn ? 'MaxSessionDuration' : 'max_session_duration';
      const msd = a[msdPath];
      p.maxSessionDuration = { value: msd === undefined || msd === null ? 3600 : typeof msd === 'number' ? msd : typeof msd === 'string' && /^\d+$/.test(msd) ? Number(msd) : undefined, explicit: msd !== undefined && msd !== null, location: locate(raw, msdPath) };
    }
    // Inline policies written on the role itself.
    const inlineBlocks = cfn ? a['Policies'] : a['inline_policy'];
    if (Array.isArray(inlineBlocks)) inlineBlocks.forEach((b, i) => {
      if (!isObj(b)) return;
      const path = cfn ? `Policies.${i}.PolicyDocument` : `inline_policy.${i}.policy`;
      const origin = `${raw.address} inline ${text(cfn ? b['PolicyName'] : b['name']) || String(i)}`;
      const v = cfn ? b['PolicyDocument'] : b['policy'];
      if (v === undefined || v === null) return;
      p.policies.push(docFrom(v, raw, path, origin));
      p.inline.push({ origin, location: locate(raw, path) });
    });
    const managed = cfn ? a['ManagedPolicyArns'] : a['managed_policy_arns'];
    if (Array.isArray(managed)) managed.forEach((m, i) => attachManaged(p, m, raw, cfn ? `ManagedPolicyArns.${i}` : 'managed_policy_arns'));
    else if (managed !== undefined && managed !== null) p.unknownPolicies.push({ arn: toSym(managed), origin: raw.address, location: locate(raw, cfn ? 'ManagedPolicyArns' : 'managed_policy_arns'), awsManaged: false });
    principals.push(p);
    principalById.set(p.id, p);
  }

  function attachManaged(p: IamPrincipal, arnValue: Value, source: RawResource, path: string) {
    const location = locate(source, path);
    const policyRaw = lookup(arnValue, ['iam-policy']);
    if (policyRaw) {
      const mp = managedPolicies.get(policyRaw.address)!;
      mp.attachedTo.push(p.id);
      p.policies.push({ ...mp.doc, origin: policyRaw.address });
      return;
    }
    const s = toSym(arnValue);
    const lit = literalOf(s);
    if (lit !== undefined && AWS_MANAGED_POLICIES[lit]) {
      const known = AWS_MANAGED_POLICIES[lit]!;
      const origin = managedPolicyName(lit);
      const { statements } = statementsOf(known.document as unknown as Value, { toSym, origin, location: () => location });
      p.policies.push({ statements, unknown: false, origin, location });
      return;
    }
    // `arn:${partition}:iam::aws:policy/...` written with a partition data source.
    const shown = showSym(s);
    p.unknownPolicies.push({ arn: s, origin: source.address, location, awsManaged: lit !== undefined ? isAwsManagedArn(lit) : /:iam::aws:policy\//.test(shown) });
  }

  const principalsFor = (value: Value | undefined): IamPrincipal[] => {
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => lookup(v, ['iam-role', 'iam-user'])).filter((r): r is RawResource => r !== undefined).map((r) => principalById.get(r.address)!).filter(Boolean);
  };
  for (const raw of resources) {
    const a = raw.attributes;
    switch (raw.type) {
      case 'aws_iam_role_policy': case 'aws_iam_user_policy':
        for (const p of principalsFor(a['role'] ?? a['user'])) {
          const origin = raw.address;
          p.policies.push(docFrom(a['policy'], raw, 'policy', origin));
          p.inline.push({ origin, location: locate(raw, '') });
        }
        break;
      case 'aws_iam_role_policy_attachment': case 'aws_iam_user_policy_attachment':
        for (const p of principalsFor(a['role'] ?? a['user'])) attachManaged(p, a['policy_arn'] ?? null, raw, 'policy_arn');
        break;
      case 'aws_iam_policy_attachment':
        for (const p of [...principalsFor(a['roles']), ...principalsFor(a['users'])]) attachManaged(p, a['policy_arn'] ?? null, raw, 'policy_arn');
        break;
      case 'AWS::IAM::Policy': case 'AWS::IAM::RolePolicy': {
        const targets = raw.type === 'AWS::IAM::Policy' ? [...principalsFor(a['Roles']), ...principalsFor(a['Users'])] : principalsFor(a['RoleName']);
        for (const p of targets) {
          const origin = `${raw.address} ${text(a['PolicyName'])}`.trim();
          p.policies.push(docFrom(a['PolicyDocument'], raw, 'PolicyDocument', origin));
          p.inline.push({ origin, location: locate(raw, '') });
        }
        break;
      }
      case 'AWS::IAM::ManagedPolicy':
        for (const p of [...principalsFor(a['Roles']), ...principalsFor(a['Users'])]) attachManaged(p, { kind: 'unknown', address: raw.address, attribute: 'Ref' }, raw, 'Roles');
        break;
      default: break;
    }
  }

  // A role's trust policy is its resource policy for sts:AssumeRole; a function's role is who its code runs as.
  for (const p of principals) {
    const r = p.address ? resourceByAddress.get(p.address) : undefined;
    if (r && p.trust) r.policy = p.trust;
  }
  for (const raw of resources) {
    if (raw.type !== 'aws_lambda_function' && raw.type !== 'AWS::Lambda::Function') continue;
    const role = lookup(raw.attributes[raw.type === 'aws_lambda_function' ? 'role' : 'Role'], ['iam-role']);
    const r = resourceByAddress.get(raw.address);
    if (r && role) r.role = role.address;
  }

  // Duties: an explicit tag wins; then a Lambda trust (an execution role, whatever its name); then the role's name.
  for (const p of principals) {
    const raw = byAddress.get(p.address!)!;
    const tag = (tagsOf(raw)['enclave:duty'] ?? '').toLowerCase();
    const label = `${p.address} ${literalOf(p.name) ?? showSym(p.name)}`.toLowerCase();
    const trustsLambda = p.trust?.statements.some((s) => s.principal && !s.principal.any && (s.principal.byType.get('Service') ?? []).some((x) => literalOf(x) === 'lambda.amazonaws.com')) ?? false;
    p.duty = (['execution', 'auditor', 'administrator', 'data-processor', 'other'] as Duty[]).includes(tag as Duty) ? (tag as Duty)
      : trustsLambda ? 'execution'
      : /audit/.test(label) ? 'auditor'
      : /admin/.test(label) ? 'administrator'
      : /processor|operator/.test(label) ? 'data-processor'
      : 'other';
  }

  // Service principals named in resource policies and trust policies.
  const services = new Set<string>();
  for (const doc of [...iamResources.map((r) => r.policy), ...principals.map((p) => p.trust)]) {
    for (const s of doc?.statements ?? []) {
      if (s.principal && !s.principal.any) for (const x of s.principal.byType.get('Service') ?? []) { const l = literalOf(x); if (l) services.add(l); }
    }
  }
  for (const service of [...services].sort()) {
    const sp: IamPrincipal = { id: `service:${service}`, kind: 'service', name: [service], arn: [service], service, policies: [], unknownPolicies: [], inline: [], duty: 'service', location: { file: '(service principal)', line: 0 } };
    principals.push(sp);
    principalById.set(sp.id, sp);
  }

  return {
    principals, resources: iamResources, resourceByAddress, principalById, managedPolicies, toSym, region,
    accessKeys: resources.filter((r) => r.type === 'aws_iam_access_key' || r.type === 'AWS::IAM::AccessKey'),
  };
}
