// The separation-of-duties matrix: every principal × sensitive capability × resource, decided with escalation,
// with the deciding statements (file:line) and the escalation path. Rules and the evidence report read it.
import type { SourceLocation } from '../../load/types.ts';
import { showSym, sym, type Sym } from '../../model/iam/symbolic.ts';
import type { RequestContext } from './conditions.ts';
import { DECISION_RANK, strength, type Decision } from './decision.ts';
import { capabilityOf, type CapabilityResult, type ContextFor, type EscalationStep } from './escalation.ts';
import { targetOf } from './evaluate.ts';
import { ACCOUNT, type Duty, type IamPrincipal, type IamResource, type IamResourceKind, type IamView } from './view.ts';

export interface Capability {
  id: 'read-data' | 'write-data' | 'delete-data' | 'decrypt' | 'administer-key' | 'tamper-logs' | 'change-permissions' | 'invoke';
  label: string;
  /** Actions per resource kind; the capability holds when any of them is allowed. */
  actions: Partial<Record<IamResourceKind, string[]>>;
}

export const CAPABILITIES: Capability[] = [
  { id: 'read-data', label: 'read data', actions: { 's3-bucket': ['s3:GetObject', 's3:GetObjectVersion'], 'dynamodb-table': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem'], secret: ['secretsmanager:GetSecretValue'] } },
  { id: 'write-data', label: 'write data', actions: { 's3-bucket': ['s3:PutObject'], 'dynamodb-table': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], secret: ['secretsmanager:PutSecretValue'] } },
  { id: 'delete-data', label: 'delete data', actions: { 's3-bucket': ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket', 's3:PutLifecycleConfiguration'], 'dynamodb-table': ['dynamodb:DeleteItem', 'dynamodb:DeleteTable'], secret: ['secretsmanager:DeleteSecret'] } },
  { id: 'decrypt', label: 'use the key to decrypt', actions: { 'kms-key': ['kms:Decrypt'] } },
  { id: 'administer-key', label: 'administer the key', actions: { 'kms-key': ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateGrant'] } },
  { id: 'tamper-logs', label: 'tamper with logs', actions: { 'log-group': ['logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey'], cloudtrail: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail'] } },
  { id: 'change-permissions', label: 'change permissions', actions: { 'iam-role': ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePolicy'], 's3-bucket': ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'] } },
  { id: 'invoke', label: 'invoke the function', actions: { 'lambda-function': ['lambda:InvokeFunction'] } },
];

export interface SodCell {
  principal: string;
  capability: Capability['id'];
  resource: string;
  decision: Decision;
  /** The action that decided (the strongest allowed one, or the first evaluated). */
  action: string;
  reason: string;
  evidence: { effect: 'Allow' | 'Deny'; origin: string; sid?: string; location: SourceLocation }[];
  path: EscalationStep[];
}

export interface SodMatrix {
  rows: { principal: string; kind: IamPrincipal['kind']; duty: Duty; arn: string; location: SourceLocation }[];
  columns: { capability: Capability['id']; label: string; resource: string; kind: IamResourceKind; classification: IamResource['classification'] }[];
  cells: SodCell[];
  /** Cell lookup: principal → capability → resource. */
  cell(principal: string, capability: Capability['id'], resource: string): SodCell | undefined;
}

/**
 * What a request from this principal looks like when it tries its best: over TLS, with SSE-KMS under the bucket's
 * key, from its own account. What the network decides (aws:SourceVpce, source IP) stays undecided; MFA too.
 */
const contexts = new WeakMap<IamView, ContextFor>();

export function defaultContext(view: IamView): ContextFor {
  const existing = contexts.get(view);
  if (existing) return existing;
  const made = makeDefaultContext(view);
  contexts.set(view, made);
  return made;
}

function makeDefaultContext(view: IamView): ContextFor {
  return (principal, action, resource) => {
    const ctx: RequestContext = new Map();
    const set = (k: string, v: Sym[] | null) => ctx.set(k.toLowerCase(), v);
    set('aws:SecureTransport', [['true']]);
    if (/^s3:/i.test(action)) set('s3:TlsVersion', [['1.2']]);
    set('aws:PrincipalIsAWSService', [[principal.kind === 'service' ? 'true' : 'false']]);
    set('aws:PrincipalAccount', [[ACCOUNT]]);
    if (principal.kind === 'service') {
      set('aws:PrincipalServiceName', [[principal.service!]]);
      set('aws:PrincipalArn', null);
      set('aws:SourceAccount', [[ACCOUNT]]);
    } else {
      set('aws:PrincipalArn', [principal.arn]);
      set('aws:PrincipalServiceName', null);
      set('aws:SourceAccount', null);
      set('aws:SourceArn', null);
      set('sts:ExternalId', null);
      set('kms:ViaService', null);
      set('kms:GrantIsForAWSResource', null);
    }
    if (/^s3:PutObject$/i.test(action)) {
      set('s3:x-amz-server-side-encryption', [['aws:kms']]);
      const bucket = view.resources.find((r) => r.kind === 's3-bucket' && resource.length > 0 && showSym(resource).startsWith(showSym(r.arn) + '/'));
      const key = bucket?.kmsKey ? view.resourceByAddress.get(bucket.kmsKey) : undefined;
      if (key) set('s3:x-amz-server-side-encryption-aws-kms-key-id', [key.arn]);
    }
    // The encryption context is a request parameter the caller chooses: give it the values the policies ask for.
    if (/^kms:/i.test(action)) {
      const target = targetOf(view, resource);
      const docs = [...principal.policies, ...(target?.policy ? [target.policy] : [])];
      for (const doc of docs) for (const st of doc.statements) for (const c of st.conditions) {
        if (/^kms:EncryptionContext:/i.test(c.key) && /^(StringEquals|StringLike)(IfExists)?$/.test(c.operator) && !ctx.has(c.key.toLowerCase())) ctx.set(c.key.toLowerCase(), [c.values[0]!]);
      }
    }
    return ctx;
  };
}

/** The ARN a capability is tried on: objects of a bucket for object actions, the resource itself otherwise. */
export function capabilityArn(resource: IamResource, action: string): Sym {
  if (resource.kind === 's3-bucket' && isObjectAction(action)) return sym(resource.arn, '/', { tok: 'object-key' });
  return resource.arn;
}

export function isObjectAction(action: string): boolean {
  return /^s3:(GetObject|PutObject|DeleteObject|AbortMultipartUpload|RestoreObject|ListMultipartUploadParts|BypassGovernanceRetention)/i.test(action);
}

const probeCache = new WeakMap<IamView, Map<string, Sym[]>>();

/**
 * ARNs to try an action on. For object actions: any key (a token, undecided against prefix-scoped statements) and one
 * probe key under every literal prefix a statement of the model grants or denies in that bucket (`incoming/…`).
 */
export function capabilityArns(iam: IamView, resource: IamResource, action: string): Sym[] {
  if (!(resource.kind === 's3-bucket' && isObjectAction(action))) return [resource.arn];
  let byBucket = probeCache.get(iam);
  if (!byBucket) { byBucket = new Map(); probeCache.set(iam, byBucket); }
  const hit = byBucket.get(resource.address);
  if (hit) return hit;
  const prefix = showSym(sym(resource.arn, '/'));
  const literals = new Set<string>();
  const docs = [...iam.principals.flatMap((p) => p.policies), ...iam.resources.flatMap((r) => (r.policy ? [r.policy] : []))];
  for (const doc of docs) for (const st of doc.statements) for (const p of [...(st.resources ?? []), ...(st.notResources ?? [])]) {
    const text = showSym(p);
    if (!text.startsWith(prefix)) continue;
    const literal = text.slice(prefix.length).split(/[*?]/)[0] ?? '';
    if (literal.includes('${') || literal === '') continue;
    literals.add(literal);
  }
  const out: Sym[] = [sym(resource.arn, '/', { tok: 'object-key' }), ...[...literals].sort().map((l) => sym(resource.arn, '/', `${l}enclave-probe`))];
  byBucket.set(resource.address, out);
  return out;
}


/** The most permissive outcome of the action over the ARNs it is tried on (explicit denies rank below implicit). */
export function strongestCapability(iam: IamView, principal: IamPrincipal, action: string, resource: IamResource, contextFor: ContextFor = defaultContext(iam)): { result: CapabilityResult; arn: Sym } {
  let best: { result: CapabilityResult; arn: Sym } | undefined;
  for (const arn of capabilityArns(iam, resource, action)) {
    const result = capabilityOf(iam, principal, action, arn, resource, contextFor);
    if (!best || strength(result) > strength(best.result)) best = { result, arn };
  }
  return best!;
}

export function decideCapability(iam: IamView, principal: IamPrincipal, capability: Capability, resource: IamResource, contextFor: ContextFor = defaultContext(iam)): SodCell | undefined {
  const actions = capability.actions[resource.kind];
  if (!actions) return undefined;
  let best: SodCell | undefined;
  for (const action of actions) {
    const { result: r } = strongestCapability(iam, principal, action, resource, contextFor);
    const c: SodCell = {
      principal: principal.id, capability: capability.id, resource: resource.address, decision: r.decision, action, reason: r.reason, path: r.path,
      evidence: r.evidence.filter((e) => e.match !== 'no').map((e) => ({ effect: e.effect, origin: e.origin, ...(e.sid ? { sid: e.sid } : {}), location: e.location })),
    };
    if (!best || DECISION_RANK[c.decision] > DECISION_RANK[best.decision]) best = c;
    if (best.decision === 'allowed') break;
  }
  return best;
}

/** The full matrix (every principal × capability × resource it applies to). */
export function sodMatrix(iam: IamView): SodMatrix {
  const contextFor = defaultContext(iam);
  const cells: SodCell[] = [];
  const columns: SodMatrix['columns'] = [];
  for (const capability of CAPABILITIES) {
    for (const r of iam.resources) if (capability.actions[r.kind]) columns.push({ capability: capability.id, label: capability.label, resource: r.address, kind: r.kind, classification: r.classification });
  }
  for (const p of iam.principals) {
    for (const col of columns) {
      const capability = CAPABILITIES.find((c) => c.id === col.capability)!;
      const cell = decideCapability(iam, p, capability, iam.resourceByAddress.get(col.resource)!, contextFor);
      if (cell) cells.push(cell);
    }
  }
  const index = new Map(cells.map((c) => [`${c.principal}\u0000${c.capability}\u0000${c.resource}`, c]));
  return {
    rows: iam.principals.map((p) => ({ principal: p.id, kind: p.kind, duty: p.duty, arn: showSym(p.arn), location: p.location })),
    columns,
    cells,
    cell: (principal, capability, resource) => index.get(`${principal}\u0000${capability}\u0000${resource}`),
  };
}
