// How IAM names what the model holds: each resource IAM decides about gets a canonical name and ARN, and every
// value written in a policy (a literal, `aws_s3_bucket.raw.arn`, `{"Fn::GetAtt": ["Raw", "Arn"]}`,
// `arn:aws:s3:::${aws_s3_bucket.raw.id}`) becomes a symbolic string (Sym) over them. Names the code does not fix
// are identity tokens (two different buckets never match each other); the account and region are the tokens
// ACCOUNT and REGION. Which attribute of a resource is its name or its ARN depends on the dialect: that knowledge
// stays here.
import type { RawResource, Value } from '../../load/types.ts';
import { isTemplateValue, isUnknownValue } from '../fields.ts';
import type { Base, Identity } from '../model.ts';
import { markStackPrincipal, sym, symEquals, type Sym, type Token } from './symbolic.ts';

/** This account. Distinct from every other account token (another account is `fresh`). */
export const ACCOUNT: Token = { tok: 'ACCOUNT', identity: true, chars: '0123456789' };
export const REGION: Token = { tok: 'REGION', chars: 'abcdefghijklmnopqrstuvwxyz0123456789-' };

/** Kinds of model object IAM decides about, and so names. */
export const IDENTIFIED_KINDS = new Set(['s3-bucket', 'kms-key', 'dynamodb-table', 'lambda-function', 'log-group', 'iam-role', 'iam-user', 'iam-group', 'iam-policy', 'sns-topic', 'secret', 'cloudtrail', 'sqs-queue', 'vpc-endpoint', 'event-rule', 'alarm']);

/** Attribute names that yield the resource's name (or id), per dialect. */
const NAME_ATTRIBUTES = new Set(['id', 'name', 'bucket', 'function_name', 'key_id', 'Ref', 'TableName', 'BucketName', 'FunctionName', 'RoleName', 'LogGroupName', 'TopicName', 'KeyId', 'QueueName', 'GroupName', 'UserName']);
const ARN_ATTRIBUTES = new Set(['arn', 'Arn']);
const NAME_ARGUMENTS = ['name', 'function_name', 'TableName', 'FunctionName', 'RoleName', 'UserName', 'GroupName', 'LogGroupName', 'TopicName', 'Name', 'ManagedPolicyName', 'QueueName', 'TrailName', 'alarm_name', 'AlarmName'];

export interface Symbols {
  /** A value written in the code as a symbolic string. */
  toSym(value: Value): Sym;
  identities: Map<string, Identity>;
  /** The model object a value names (by reference, or by a name or ARN equal to the object's), among `kinds`. */
  lookup(value: Value | undefined, kinds: readonly string[]): Base | undefined;
}

export function buildSymbols(objects: ReadonlyMap<string, Base>, byAddress: ReadonlyMap<string, RawResource>, region: string | Token): Symbols {
  const names = new Map<string, Sym>();
  const building = new Set<string>();
  const identified = [...objects.values()].filter((o) => IDENTIFIED_KINDS.has(o.kind));

  const nameOf = (object: Base): Sym => {
    const hit = names.get(object.address);
    if (hit) return hit;
    const identity: Token = { tok: `name:${object.address}`, identity: true };
    if (building.has(object.address)) return [identity];
    building.add(object.address);
    const raw = byAddress.get(object.address);
    const a = raw?.attributes ?? {};
    const pick = (...keys: string[]) => keys.map((k) => a[k]).find((v) => v !== undefined && v !== null);
    let name: Sym;
    switch (object.kind) {
      case 's3-bucket': {
        const n = pick('bucket', 'BucketName');
        name = n !== undefined ? toSym(n) : a['bucket_prefix'] !== undefined ? sym(toSym(a['bucket_prefix']!), identity) : [identity];
        break;
      }
      case 'kms-key': name = [{ tok: `keyid:${object.address}`, identity: true }]; break;
      case 'vpc-endpoint': name = [{ tok: `vpce:${object.address}`, identity: true }]; break;
      default: {
        const n = pick(...NAME_ARGUMENTS);
        name = n !== undefined ? toSym(n) : a['name_prefix'] !== undefined ? sym(toSym(a['name_prefix']!), identity) : [identity];
      }
    }
    building.delete(object.address);
    names.set(object.address, name);
    return name;
  };

  const arnOf = (object: Base): Sym => {
    const name = nameOf(object);
    const raw = byAddress.get(object.address);
    switch (object.kind) {
      case 's3-bucket': return sym('arn:aws:s3:::', name);
      case 'kms-key': return sym('arn:aws:kms:', region, ':', ACCOUNT, ':key/', name);
      case 'dynamodb-table': return sym('arn:aws:dynamodb:', region, ':', ACCOUNT, ':table/', name);
      case 'lambda-function': return sym('arn:aws:lambda:', region, ':', ACCOUNT, ':function:', name);
      // CloudFormation's Arn of a log group ends in `:*`; Terraform's does not.
      case 'log-group': return sym('arn:aws:logs:', region, ':', ACCOUNT, ':log-group:', name, raw?.dialect === 'cloudformation' ? ':*' : '');
      case 'iam-role': case 'iam-user': case 'iam-group': case 'iam-policy': {
        const kind = object.kind.slice('iam-'.length);
        const pathValue = raw?.attributes['path'] ?? raw?.attributes['Path'];
        const path = typeof pathValue === 'string' ? pathValue.replace(/^\//, '') : '';
        return sym('arn:aws:iam::', ACCOUNT, `:${kind}/${path}`, name);
      }
      case 'sns-topic': return sym('arn:aws:sns:', region, ':', ACCOUNT, ':', name);
      case 'sqs-queue': return sym('arn:aws:sqs:', region, ':', ACCOUNT, ':', name);
      case 'secret': return sym('arn:aws:secretsmanager:', region, ':', ACCOUNT, ':secret:', name, { tok: `secretsuffix:${object.address}`, identity: true });
      case 'cloudtrail': return sym('arn:aws:cloudtrail:', region, ':', ACCOUNT, ':trail/', name);
      case 'vpc-endpoint': return sym('arn:aws:ec2:', region, ':', ACCOUNT, ':vpc-endpoint/', name);
      // The ARNs services present as aws:SourceArn when they deliver: EventBridge rules and CloudWatch alarms.
      case 'event-rule': return sym('arn:aws:events:', region, ':', ACCOUNT, ':rule/', name);
      case 'alarm': return sym('arn:aws:cloudwatch:', region, ':', ACCOUNT, ':alarm:', name);
      default: return [{ tok: `arn:${object.address}`, identity: true }];
    }
  };

  function unknownToSym(address: string, attribute: string): Sym {
    if (address === 'AWS::AccountId' || (/(^|\.)data\.aws_caller_identity\.[^.]+$/.test(address) && attribute === 'account_id')) return [ACCOUNT];
    if (address === 'AWS::Region' || (/(^|\.)data\.aws_region\.[^.]+$/.test(address) && ['name', 'id', 'region'].includes(attribute))) return [region];
    if (address === 'AWS::Partition' || (/(^|\.)data\.aws_partition\.[^.]+$/.test(address) && attribute === 'partition')) return ['aws'];
    // Who runs the deployment: a principal that exists before the stack, never one it creates.
    if ((/(^|\.)data\.aws_iam_session_context\.[^.]+$/.test(address) && attribute === 'issuer_arn') || (/(^|\.)data\.aws_caller_identity\.[^.]+$/.test(address) && attribute === 'arn')) {
      return [{ tok: `${address}.${attribute}`, outside: true }];
    }
    if (address === 'AWS::URLSuffix' || (/(^|\.)data\.aws_partition\.[^.]+$/.test(address) && attribute === 'dns_suffix')) return ['amazonaws.com'];
    const object = objects.get(address);
    if (object && IDENTIFIED_KINDS.has(object.kind)) {
      const kind = object.kind;
      if (ARN_ATTRIBUTES.has(attribute)) return kind === 'iam-role' || kind === 'iam-user' ? markStackPrincipal(arnOf(object), address) : arnOf(object);
      // These resources' Ref / id is their ARN.
      if ((attribute === 'Ref' || attribute === 'id') && (kind === 'sns-topic' || kind === 'secret' || kind === 'iam-policy')) return arnOf(object);
      if (kind === 'sqs-queue' && (attribute === 'id' || attribute === 'url' || attribute === 'Ref' || attribute === 'QueueUrl')) return [{ tok: `url:${address}`, identity: true }];
      if (NAME_ATTRIBUTES.has(attribute)) return nameOf(object);
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

  const identities = new Map<string, Identity>();
  for (const object of identified) {
    const arn = arnOf(object);
    if (object.kind === 'iam-role' || object.kind === 'iam-user') markStackPrincipal(arn, object.address);
    identities.set(object.address, { name: nameOf(object), arn });
  }

  const lookup = (value: Value | undefined, kinds: readonly string[]): Base | undefined => {
    if (value === undefined || value === null) return undefined;
    const direct = (address: string) => { const o = objects.get(address); return o && kinds.includes(o.kind) ? o : undefined; };
    if (isUnknownValue(value)) { const d = direct(value.address); if (d) return d; }
    if (isTemplateValue(value)) for (const u of value.parts.filter(isUnknownValue)) { const d = direct(u.address); if (d) return d; }
    const s = toSym(value);
    return identified.find((o) => kinds.includes(o.kind) && (symEquals(identities.get(o.address)!.name, s) === 'yes' || symEquals(identities.get(o.address)!.arn, s) === 'yes'));
  };

  return { toSym, identities, lookup };
}
