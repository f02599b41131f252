// IAM's view of the model: the principals (roles, users with their groups' policies, and the AWS service principals
// that resource policies name) with every policy they hold, and the resources IAM decides about with their
// canonical ARNs, resource policies, keys and data classification. Built once per verification from model objects;
// nothing here reads a raw resource.
import type { SourceLocation, Value } from '../../load/types.ts';
import { ACCOUNT, REGION } from '../../model/iam/identity.ts';
import type { PolicyDoc } from '../../model/iam/policy.ts';
import { literalOf, showSym, type Sym, type Token } from '../../model/iam/symbolic.ts';
import type { AttachedPolicy, Base, IamRole, Model, Ref, Tags } from '../../model/model.ts';

export { ACCOUNT, REGION };

/**
 * What a principal is for. Declared with the tag enclave:duty on the role or user:
 * - execution: a Lambda function's execution role (its contract says what it needs);
 * - auditor: reads configuration and audit records, changes nothing, never reads card data;
 * - administrator: manages configuration, never decrypts data nor alters audit records;
 * - data-processor: starts processing (invokes the functions), never touches data itself;
 * - ingest: brings card data in (uploads), never reads it back;
 * - monitoring: read-only operations (cross-account monitoring, database operations, lookups of tokens and masks);
 * - delivery: assumed by an AWS service to move logs or records (Firehose, flow logs, log subscriptions, RDS monitoring);
 * - break-glass: emergency access, the only one exempt from the guard-rails on keys and audit records;
 * - other.
 */
export type Duty = 'execution' | 'auditor' | 'administrator' | 'data-processor' | 'ingest' | 'monitoring' | 'delivery' | 'break-glass' | 'service' | 'other';
export type Classification = 'card-data' | 'audit' | 'other';

export interface UnknownPolicy {
  arn: Sym;
  origin: string;
  location: SourceLocation;
  /** AWS managed policies are assumed to contain no Deny; a customer policy we cannot see might. */
  awsManaged: boolean;
}

export interface IamPrincipal {
  /** Role or user address, or `service:<principal>` for service principals named in resource policies. */
  id: string;
  kind: 'role' | 'user' | 'service';
  address?: string;
  name: Sym;
  arn: Sym;
  /** The principal's account; this account when absent. */
  account?: Sym;
  /** Service principal name (`s3.amazonaws.com`) for kind `service`. */
  service?: string;
  trust?: PolicyDoc;
  /** Roles: the session name its sessions carry when it is fixed (otherwise whoever assumes the role chooses it). */
  sessionName?: Sym;
  policies: PolicyDoc[];
  unknownPolicies: UnknownPolicy[];
  duty: Duty;
  /** How the duty was found: declared (tag enclave:duty), from a Lambda trust, or guessed from the name (a fallback the reports flag). */
  dutyFrom?: 'declared' | 'trust' | 'name';
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
  classification: Classification;
  /**
   * How the classification was found: the tag enclave:classification, the contract of a function that reads or
   * writes the store (what its variable says the store holds), the store's kind (keys, roles…: not data stores), or
   * its name and tags (a guess the reports flag).
   */
  classifiedFrom: 'tag' | 'contract' | 'kind' | 'name';
  /** Lambda functions: the execution role's address, when in the model. */
  role?: string;
  location: SourceLocation;
}

export interface IamView {
  principals: IamPrincipal[];
  resources: IamResource[];
  resourceByAddress: Map<string, IamResource>;
  principalById: Map<string, IamPrincipal>;
  /** Customer managed policies by address, for escalation through policy versions. */
  managedPolicies: Map<string, { arn: Sym; doc: PolicyDoc; attachedTo: string[] }>;
  /** The account id when it is known literally (tests); otherwise the account is the ACCOUNT token. */
  accountId?: string;
  /** The region: the literal the stack pins, else the REGION token. */
  region: string | Token;
}

function tagText(tags: Tags, key: string): string {
  const v = tags.entries[key];
  return typeof v === 'string' ? v : '';
}

const DATA_KINDS = new Set<IamResourceKind>(['s3-bucket', 'dynamodb-table', 'log-group', 'cloudtrail', 'secret', 'sns-topic', 'sqs-queue']);

/**
 * A data store's classification: the tag enclave:classification = card-data | audit | other wins; otherwise the
 * address, name and DataClassification/Purpose tags: audit|trail|flow-log → audit; raw|card|pan|cardholder|incoming|
 * inbound (buckets and tables) → card-data. Processed stores hold tokens and masks only.
 */
const SENSITIVITY: Record<Classification, number> = { other: 0, audit: 1, 'card-data': 2 };

/** The more sensitive of two classifications: where a tag and a contract disagree, the store is treated as the stricter. */
export function stricter(a: Classification, b: Classification): Classification {
  return SENSITIVITY[b] > SENSITIVITY[a] ? b : a;
}

/** What a function's contract says a store holds (its variable's `holds`), by store address. */
export type ContractClassifications = ReadonlyMap<string, { classification: Classification; by: string }>;

function classify(object: Base, kind: IamResourceKind, name: Sym, contracts: ContractClassifications | undefined): { classification: Classification; from: IamResource['classifiedFrom'] } {
  if (!DATA_KINDS.has(kind)) return { classification: 'other', from: 'kind' };
  const explicit = tagText(object.tags, 'enclave:classification').toLowerCase();
  const tagged = explicit === 'card-data' || explicit === 'audit' || explicit === 'other' ? explicit : undefined;
  const declared = contracts?.get(object.address)?.classification;
  if (tagged && declared) return { classification: stricter(tagged, declared), from: SENSITIVITY[declared] > SENSITIVITY[tagged] ? 'contract' : 'tag' };
  if (tagged) return { classification: tagged, from: 'tag' };
  if (declared) return { classification: declared, from: 'contract' };
  const label = `${object.address} ${literalOf(name) ?? showSym(name)} ${tagText(object.tags, 'DataClassification')} ${tagText(object.tags, 'Purpose')}`.toLowerCase();
  if (/audit|trail|flow[-_]?log/.test(label)) return { classification: 'audit', from: 'name' };
  if ((kind === 's3-bucket' || kind === 'dynamodb-table') && /raw|card|\bpans?\b|cardholder|incoming|inbound/.test(label)) return { classification: 'card-data', from: 'name' };
  return { classification: 'other', from: 'name' };
}

function trustsLambda(trust: PolicyDoc | undefined): boolean {
  return trust?.statements.some((s) => s.principal && !s.principal.any && (s.principal.byType.get('Service') ?? []).some((x) => literalOf(x) === 'lambda.amazonaws.com')) ?? false;
}

export const DECLARABLE_DUTIES: Duty[] = ['execution', 'auditor', 'administrator', 'data-processor', 'ingest', 'monitoring', 'delivery', 'break-glass', 'other'];
const DUTIES = DECLARABLE_DUTIES;

/** A role's duty: declared with the tag enclave:duty; else a Lambda trust makes an execution role; else its name. */
function dutyOf(object: Base, name: Sym, trust: PolicyDoc | undefined): { duty: Duty; from: IamPrincipal['dutyFrom'] } {
  const tag = tagText(object.tags, 'enclave:duty').toLowerCase();
  if (DUTIES.includes(tag as Duty)) return { duty: tag as Duty, from: 'declared' };
  if (trustsLambda(trust)) return { duty: 'execution', from: 'trust' };
  const label = `${object.address} ${literalOf(name) ?? showSym(name)}`.toLowerCase();
  const duty: Duty = /audit/.test(label) ? 'auditor' : /admin/.test(label) ? 'administrator' : /processor|operator/.test(label) ? 'data-processor' : 'other';
  return { duty, from: 'name' };
}

function split(policies: AttachedPolicy[]): { documents: PolicyDoc[]; unknown: UnknownPolicy[] } {
  const documents: PolicyDoc[] = [];
  const unknown: UnknownPolicy[] = [];
  for (const p of policies) {
    if (p.document) documents.push(p.document);
    else unknown.push({ arn: p.arn ?? [{ tok: `${p.origin}.policy` }], origin: p.origin, location: p.location, awsManaged: p.awsManaged ?? false });
  }
  return { documents, unknown };
}

function keyOf(model: Model, ref: Ref | undefined): string | undefined {
  return ref?.target && model.keys.some((k) => k.address === ref.target) ? ref.target : undefined;
}

export function iamView(model: Model, options: { accountId?: string; classifications?: ContractClassifications } = {}): IamView {
  const order = new Map(model.inventory.map((e, i) => [e.address, i]));
  const byOrder = <T extends { address?: string }>(list: T[]) => list.sort((a, b) => (order.get(a.address ?? '') ?? 0) - (order.get(b.address ?? '') ?? 0));
  const identity = (address: string) => model.identities.get(address)!;

  const resources: IamResource[] = [];
  const add = (object: Base, kind: IamResourceKind, extra: Partial<IamResource> = {}) => {
    const { name, arn } = identity(object.address);
    const { classification, from } = classify(object, kind, name, options.classifications);
    resources.push({ address: object.address, type: object.resourceType, kind, arn, name, classification, classifiedFrom: from, location: object.location, ...extra });
  };
  for (const b of model.buckets) add(b, 's3-bucket', { ...(b.policy ? { policy: b.policy } : {}), ...(keyOf(model, b.encryption?.key) ? { kmsKey: keyOf(model, b.encryption?.key)! } : {}) });
  for (const k of model.keys) add(k, 'kms-key', k.policy ? { policy: k.policy } : {});
  for (const t of model.tables) add(t, 'dynamodb-table', keyOf(model, t.kmsKey) ? { kmsKey: keyOf(model, t.kmsKey)! } : {});
  for (const f of model.functions) add(f, 'lambda-function', { ...(f.policy ? { policy: f.policy } : {}), ...(f.role.target && model.roles.some((r) => r.address === f.role.target) ? { role: f.role.target } : {}) });
  for (const g of model.logGroups) add(g, 'log-group', keyOf(model, g.kmsKey) ? { kmsKey: keyOf(model, g.kmsKey)! } : {});
  // A role's trust policy is its resource policy for sts:AssumeRole.
  for (const r of model.roles) add(r, 'iam-role', { policy: r.trust });
  for (const u of model.users) add(u, 'iam-user');
  for (const p of model.managedPolicies) add(p, 'iam-policy');
  for (const t of model.topics) add(t, 'sns-topic', t.policy ? { policy: t.policy } : {});
  for (const s of model.secrets) add(s, 'secret', s.policy ? { policy: s.policy } : {});
  for (const t of model.trails) add(t, 'cloudtrail');
  for (const q of model.queues) add(q, 'sqs-queue', q.policy ? { policy: q.policy } : {});
  for (const e of model.vpcEndpoints) add(e, 'vpc-endpoint', e.policy ? { policy: e.policy } : {});
  byOrder(resources);

  const principals: IamPrincipal[] = [];
  const role = (r: IamRole): IamPrincipal => {
    const { name, arn } = identity(r.address);
    const { documents, unknown } = split(r.policies);
    const { duty, from } = dutyOf(r, name, r.trust);
    return { id: r.address, kind: 'role', address: r.address, name, arn, trust: r.trust, policies: documents, unknownPolicies: unknown, duty, dutyFrom: from, location: r.location };
  };
  for (const r of model.roles) principals.push(role(r));
  for (const u of model.users) {
    const { name, arn } = identity(u.address);
    const groups = u.groups.map((g) => model.groups.find((x) => x.address === g.target)).filter((g) => g !== undefined);
    const { documents, unknown } = split([...u.policies, ...groups.flatMap((g) => g.policies)]);
    const { duty, from } = dutyOf(u, name, undefined);
    principals.push({ id: u.address, kind: 'user', address: u.address, name, arn, policies: documents, unknownPolicies: unknown, duty, dutyFrom: from, location: u.location });
  }
  byOrder(principals);

  // Service principals named in resource policies and trust policies.
  const services = new Set<string>();
  for (const doc of resources.map((r) => r.policy)) {
    for (const s of doc?.statements ?? []) {
      if (s.principal && !s.principal.any) for (const x of s.principal.byType.get('Service') ?? []) { const l = literalOf(x); if (l) services.add(l); }
    }
  }
  for (const service of [...services].sort()) {
    principals.push({ id: `service:${service}`, kind: 'service', name: [service], arn: [service], service, policies: [], unknownPolicies: [], duty: 'service', location: { file: '(service principal)', line: 0 } });
  }

  const managedPolicies = new Map(model.managedPolicies.map((p) => [p.address, { arn: identity(p.address).arn, doc: p.document, attachedTo: p.attachedTo }]));
  return {
    principals, resources, managedPolicies, region: model.region,
    resourceByAddress: new Map(resources.map((r) => [r.address, r])),
    principalById: new Map(principals.map((p) => [p.id, p])),
    ...(options.accountId ? { accountId: options.accountId } : {}),
  };
}

export type { Value };
