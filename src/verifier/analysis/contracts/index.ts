// Function contracts against the environment. Each Lambda function is linked to its bundle by the model
// (LambdaFunction.bundle), and the bundle to its contract, read in the load stage (src/verifier/load/contracts.ts).
// Then: every variable it reads is set; every call is allowed on the resource its variable names (identity +
// resource policy + key policy, from the endpoint the call goes through); every service it calls is reachable; and
// what its role holds beyond the contract on card-data resources. Pure: the contracts, the network and the IAM
// analyses come in computed.
import type { ContractCall, ContractVariable, FunctionContract, RequestValue } from '../../../core/contract.ts';
import type { SourceLocation } from '../../load/types.ts';
import { show } from '../../model/fields.ts';
import { ACCOUNT, REGION } from '../../model/iam/identity.ts';
import { literalOf, showSym, sym, symEquals, type Sym, type Token } from '../../model/iam/symbolic.ts';
import type { EnvironmentVariable, LambdaFunction, Model } from '../../model/model.ts';
import { actionInfo, resourceTypeArn } from '../iam/catalogue.ts';
import type { RequestContext } from '../iam/conditions.ts';
import { DECISION_RANK } from '../iam/decision.ts';
import { evaluateRequest, type EvalResult } from '../iam/evaluate.ts';
import type { IamAnalysis } from '../iam/index.ts';
import { CAPABILITIES, capabilityArns } from '../iam/sod.ts';
import { stricter, type ContractClassifications, type IamResource, type IamView } from '../iam/view.ts';
import type { NetworkAnalysis, PathResult } from '../network/index.ts';
import { proveInferred } from './inferred.ts';

/** A bundle's contract as the load stage found it: the contract and its file, or why there is none. */
export interface LoadedContract {
  contract?: FunctionContract;
  source?: string;
  problem?: string;
}

export interface ContractLink {
  function: string;
  bundle?: string;
  /** How the bundle was found. */
  via?: 'archive_file' | 'filename' | 'metadata';
  location: SourceLocation;
  contract?: FunctionContract;
  /** Where the contract came from. */
  source?: string;
  problem?: string;
  /** Why the contract rules do not apply to this function (the repository declares no contracts). */
  notApplicable?: string;
}

export interface ProveOptions {
  /**
   * Whether the repository declares any contract. When it declares none, a function the template does not
   * explicitly link to an Enclave bundle (CloudFormation Metadata) has no contract to meet: not applicable, not unknown.
   */
  declared: boolean;
}

export type FindingKind = 'link' | 'environment' | 'call' | 'service' | 'excess';

export interface ContractFinding {
  function: string;
  kind: FindingKind;
  verdict: 'compliant' | 'non-compliant' | 'unknown';
  message: string;
  location: SourceLocation;
}

export interface ContractProof {
  link: ContractLink;
  findings: ContractFinding[];
}

/** The function's contract, through the bundle the model links it to. */
export function linkFunction(fn: LambdaFunction, contracts: ReadonlyMap<string, LoadedContract>): ContractLink {
  const base: ContractLink = { function: fn.address, location: fn.location };
  const bundle = fn.bundle.name;
  if (bundle === undefined) return { ...base, problem: fn.bundle.problem ?? `${fn.address} names no bundle` };
  const loaded = contracts.get(bundle) ?? { problem: `the contract of bundle ${bundle} was not read` };
  return { ...base, bundle, ...(fn.bundle.via ? { via: fn.bundle.via } : {}), ...loaded };
}

const KIND_FOR: Record<string, IamResource['kind'][]> = {
  's3-bucket': ['s3-bucket'], 's3-object': ['s3-bucket'], 'dynamodb-table': ['dynamodb-table'], 'kms-key': ['kms-key'], 'sns-topic': ['sns-topic'], secret: ['secret'],
};

/**
 * "Any resource" of the action's first resource type, as a symbolic ARN (`arn:aws:s3:::${any-BucketName}`), or `*`
 * for actions IAM does not scope to resources.
 */
export function genericArn(action: string, region: string | { tok: string } = REGION): Sym {
  const info = actionInfo(action);
  const type = info?.resourceTypes[0];
  const format = type ? resourceTypeArn(info!.service, type) : undefined;
  if (!format) return ['*'];
  const parts: (string | { tok: string })[] = [];
  let last = 0;
  for (const m of format.matchAll(/\$\{(\w+)\}/g)) {
    parts.push(format.slice(last, m.index));
    parts.push(m[1] === 'Partition' ? 'aws' : m[1] === 'Region' ? region : m[1] === 'Account' ? ACCOUNT : { tok: `any-${m[1]}` });
    last = m.index! + m[0].length;
  }
  parts.push(format.slice(last));
  return sym(...parts);
}

function bestOf<T extends { result: EvalResult }>(results: T[]): T {
  return results.reduce((a, b) => (DECISION_RANK[b.result.decision] > DECISION_RANK[a.result.decision] ? b : a));
}

/** The request that lets the least through: every one of them is a request the code really makes. */
function worstOf<T extends { result: EvalResult }>(results: T[]): T {
  return results.reduce((a, b) => (DECISION_RANK[b.result.decision] < DECISION_RANK[a.result.decision] ? b : a));
}

/** The resource a variable names in the IAM view (by reference, or by a literal name or ARN equal to one). */
function namedBy(view: IamView, variable: EnvironmentVariable, kinds?: readonly IamResource['kind'][]): IamResource | undefined {
  const named = variable.names ? view.resourceByAddress.get(variable.names) : undefined;
  if (named && (!kinds || kinds.includes(named.kind))) return named;
  return view.resources.find((x) => (!kinds || kinds.includes(x.kind)) && (symEquals(x.name, variable.sym) === 'yes' || symEquals(x.arn, variable.sym) === 'yes'));
}

/** A database instance a variable refers to (DB_HOST = its address, DB_SECRET_ARN = its master user secret). */
function databaseOf(model: Model, variable: EnvironmentVariable | undefined) {
  return variable?.ref.target ? model.dbInstances.find((d) => d.address === variable.ref.target) : undefined;
}

/**
 * What each store holds, as the contracts of the functions using it say (`holds` on the variable that names it):
 * the stricter of several. A store no function names keeps its tag or, failing that, a guess from its name.
 */
export function contractClassifications(model: Model, contracts: ReadonlyMap<string, LoadedContract>): ContractClassifications {
  const out = new Map<string, { classification: 'card-data' | 'audit' | 'other'; by: string }>();
  for (const fn of model.functions) {
    const contract = contracts.get(fn.bundle.name ?? '')?.contract;
    if (!contract) continue;
    for (const v of contract.environment) {
      if (!v.holds) continue;
      const address = fn.variables?.[v.name]?.names;
      if (!address) continue;
      const before = out.get(address);
      const classification = before ? stricter(before.classification, v.holds) : v.holds;
      out.set(address, { classification, by: before && before.classification === classification ? before.by : `${fn.address} (${contract.function}: ${v.name})` });
    }
  }
  return out;
}

/** A value chosen at run time: it differs from nothing a policy can name for sure. */
const CHOSEN_AT_RUN_TIME: Token = { tok: 'a value chosen at run time' };

/** The VPC endpoint each service is reached through, when the network analysis names one. */
function endpointsUsed(view: IamView, services: Record<string, PathResult>): Map<string, IamResource> {
  const out = new Map<string, IamResource>();
  for (const [service, result] of Object.entries(services)) {
    if (result.verdict !== 'reachable') continue;
    const e = result.path.map((hop) => view.resourceByAddress.get(hop)).find((r) => r?.kind === 'vpc-endpoint');
    if (e) out.set(service, e);
  }
  return out;
}

type Add = (kind: FindingKind, verdict: ContractFinding['verdict'], message: string, location?: SourceLocation) => void;

/**
 * The `rds` service of a contract is the database itself (its own endpoint and port, no IAM action): the database is
 * the instance an environment variable of the function names (`DB_HOST = aws_db_instance.this.address`), or the
 * model's only one; the network analysis decides whether the function can connect to it.
 */
function proveDatabase(model: Model, network: NetworkAnalysis, fn: LambdaFunction, add: Add): void {
  const named = new Set<string>();
  for (const variable of Object.values(fn.variables ?? {})) if (variable.ref.target && model.dbInstances.some((d) => d.address === variable.ref.target)) named.add(variable.ref.target);
  const databases = named.size > 0 ? model.dbInstances.filter((d) => named.has(d.address)) : model.dbInstances.length === 1 ? model.dbInstances : [];
  if (databases.length === 0) {
    add('service', 'unknown', `${fn.address} connects to a database, but ${model.dbInstances.length === 0 ? 'the model has no database instance' : 'no environment variable names one of the database instances'}`);
    return;
  }
  for (const db of databases) {
    const r = network.databases.find((d) => d.place === fn.address && d.database === db.address)?.result;
    if (!r) add('service', 'unknown', `${fn.address}: whether ${db.address} is reachable was not analysed`);
    else if (r.verdict === 'reachable') add('service', 'compliant', `${fn.address} reaches database ${db.address}: ${r.reason}`, r.location ?? fn.location);
    else if (r.verdict === 'unreachable') add('service', 'non-compliant', `${fn.address} connects to ${db.address} but has no network path to it (${r.reason}): connections will time out at run time`, r.location ?? fn.location);
    else add('service', 'unknown', `${fn.address}: whether ${db.address} is reachable is known only after apply (${r.reason})`, r.location ?? fn.location);
  }
}

const NAMED_KINDS: Record<NonNullable<ContractVariable['names']>, IamResource['kind'][]> = {
  's3-bucket': ['s3-bucket'], 'dynamodb-table': ['dynamodb-table'], 'kms-key': ['kms-key'], 'sns-topic': ['sns-topic'], secret: ['secret'], 'rds-database': [],
};

/** Whether a variable names what the contract says it names (a bucket, a key…) in this environment. */
function checkNamed(model: Model, view: IamView, fn: LambdaFunction, v: ContractVariable, variable: EnvironmentVariable): { verdict: ContractFinding['verdict']; message: string } {
  if (!v.names) return { verdict: 'compliant', message: `${fn.address} sets ${v.name}` };
  const database = databaseOf(model, variable);
  if (v.names === 'rds-database' || (v.names === 'secret' && database)) {
    if (database) return { verdict: 'compliant', message: `${fn.address} sets ${v.name}, which names ${v.names === 'secret' ? 'the master user secret of ' : ''}${database.address}` };
    return { verdict: 'unknown', message: `${fn.address} sets ${v.name}=${show(variable.value)}, which names no database instance of this environment` };
  }
  const named = namedBy(view, variable);
  if (named && NAMED_KINDS[v.names].includes(named.kind)) return { verdict: 'compliant', message: `${fn.address} sets ${v.name}, which names ${named.address}` };
  if (named) return { verdict: 'non-compliant', message: `${fn.address} sets ${v.name} to ${named.address}, a ${named.kind}, where its contract expects a ${v.names}: every call on it fails` };
  return { verdict: 'unknown', message: `${fn.address} sets ${v.name}=${show(variable.value)}, which names no ${v.names} of this environment; what the code reaches is known only after apply` };
}

/** The key that encrypts what a variable names: a secret's, a bucket's default, a table's, a topic's, a database's master user secret's. */
function keyOf(model: Model, view: IamView, variable: EnvironmentVariable): IamResource | 'aws-managed' | undefined {
  const database = databaseOf(model, variable);
  const ref = database ? database.masterUserSecretKmsKey
    : (() => {
      const named = namedBy(view, variable);
      if (!named) return undefined;
      if (named.kmsKey) return { target: named.kmsKey } as { target?: string; provenance?: string };
      const object = model.objects.get(named.address) as { kmsKey?: { target?: string; provenance: string } } | undefined;
      return object?.kmsKey;
    })();
  if (!ref) return undefined;
  if ((ref as { provenance?: string }).provenance === 'default') return 'aws-managed';
  return ref.target ? view.resourceByAddress.get(ref.target) : undefined;
}

/** The resource a call acts on: the one its variable names, or why that is not known. */
function callTargets(model: Model, view: IamView, fn: LambdaFunction, call: ContractCall, add: Add, granted: Set<string>): { resource: Sym; target?: IamResource }[] | undefined {
  const kinds = KIND_FOR[call.resource.kind] ?? [];
  if (call.resource.kind === 'any' || call.resource.kind === 'rds-database') return [{ resource: genericArn(call.action, view.region) }];
  if (call.resource.kind === 'kms-key' && !call.resource.env && call.resource.keyOf) {
    const holder = fn.variables?.[call.resource.keyOf];
    if (!holder) {
      add('call', fn.variables === undefined ? 'unknown' : 'non-compliant', `${fn.address} calls ${call.action} on the key of what ${call.resource.keyOf} names, which is ${fn.variables === undefined ? 'known only after apply' : 'not set'}`, fn.environment.location);
      return undefined;
    }
    const key = keyOf(model, view, holder);
    if (key === 'aws-managed') {
      add('call', 'compliant', `${fn.address} (${call.action}): what ${call.resource.keyOf} names is encrypted under an AWS managed key, which AWS lets its service use for the account's principals`, holder.location);
      return undefined;
    }
    if (!key) { add('call', 'unknown', `${fn.address} calls ${call.action} on the key that encrypts what ${call.resource.keyOf}=${show(holder.value)} names; that key is not a key of this environment, so whether the call is allowed is unknown`, holder.location); return undefined; }
    granted.add(`${call.action.toLowerCase()}\u0000${key.address}`);
    return [{ resource: key.arn, target: key }];
  }
  if (!call.resource.env) {
    // A call the contract ties to no resource is satisfied by none: which key (or table…) it needs is unknown.
    add('call', 'unknown', `${fn.address}'s contract (${call.action}: ${call.why}) names no variable for the ${call.resource.kind} it acts on, so no ${call.resource.kind} of the environment can be shown to satisfy it`);
    return undefined;
  }
  const variable: EnvironmentVariable | undefined = fn.variables?.[call.resource.env];
  if (!variable) {
    add('call', fn.variables === undefined ? 'unknown' : 'non-compliant', `${fn.address} calls ${call.action} on the resource named by ${call.resource.env}, which is ${fn.variables === undefined ? 'known only after apply' : 'not set'}`, fn.environment.location);
    return undefined;
  }
  const named = variable.names ? view.resourceByAddress.get(variable.names) : undefined;
  const r = named && kinds.includes(named.kind) ? named : view.resources.find((x) => kinds.includes(x.kind) && (symEquals(x.name, variable.sym) === 'yes' || symEquals(x.arn, variable.sym) === 'yes'));
  if (!r) {
    // A secret RDS manages for the master user: no resource policy, so the role's own policies decide.
    if (call.resource.kind === 'secret' && variable.ref.target && model.dbInstances.some((d) => d.address === variable.ref.target)) return [{ resource: variable.sym }];
    add('call', 'unknown', `${fn.address} calls ${call.action} on ${call.resource.env}=${show(variable.value)}, which names no ${call.resource.kind} of this environment; whether it is allowed is unknown`, variable.location);
    return undefined;
  }
  granted.add(`${call.action.toLowerCase()}\u0000${r.address}`);
  if (call.resource.kind !== 's3-object') return [{ resource: r.arn, target: r }];
  // The prefixes the code writes under, each a request it really makes; else the key an event names, which may be
  // any key the policies name in that bucket.
  if (call.resource.prefixes && call.resource.prefixes.length > 0) return call.resource.prefixes.map((prefix) => ({ resource: sym(r.arn, '/', `${prefix}enclave-probe`), target: r }));
  return capabilityArns(view, r, 's3:GetObject').map((resource) => ({ resource, target: r }));
}

/** A value of the request, as the code sends it in this environment: the values it may take, or null (not sent). */
function resolveValue(model: Model, view: IamView, fn: LambdaFunction, value: RequestValue): Sym[][] | null {
  if (value === null) return null;
  if (typeof value === 'string') return [[[value]]];
  if ('any' in value) return [[[CHOSEN_AT_RUN_TIME]]];
  if ('env' in value) {
    const variable = fn.variables?.[value.env];
    if (variable) return [[variable.sym]];
    return value.default !== undefined && fn.variables !== undefined ? [[[value.default]]] : [[[{ tok: `${fn.address}.${value.env}` }]]];
  }
  if ('arnOf' in value) {
    const variable = fn.variables?.[value.arnOf];
    if (!variable) return [[[{ tok: `${fn.address}.${value.arnOf}` }]]];
    return [[namedBy(view, variable)?.arn ?? variable.sym]];
  }
  const variable = fn.variables?.[value.s3ArnOf];
  const bucket = variable ? namedBy(view, variable, ['s3-bucket']) : undefined;
  if (!bucket) return [[[{ tok: `${fn.address}.${value.s3ArnOf} ARN` }]]];
  const modelled = model.buckets.find((b) => b.address === bucket.address);
  const objectArn = sym(bucket.arn, '/', { tok: 'object-key' });
  const bucketKey = modelled?.encryption?.bucketKey;
  // With an S3 Bucket Key S3 asks KMS for the bucket's key under the bucket's ARN; without, under the object's.
  if (bucketKey?.value === true) return [[bucket.arn]];
  if (bucketKey?.value === false) return [[objectArn]];
  return [[bucket.arn], [objectArn]];
}

/** Every combination of the values a request's keys take. */
function combinations(keys: [string, Sym[][] | null][]): Map<string, Sym[] | null>[] {
  let out: Map<string, Sym[] | null>[] = [new Map()];
  for (const [key, values] of keys) {
    const next: Map<string, Sym[] | null>[] = [];
    for (const combo of out) {
      for (const value of values === null ? [null] : values) {
        const c = new Map(combo);
        c.set(key, value);
        next.push(c);
      }
    }
    out = next;
  }
  return out;
}

/** The requests a call really makes: its ARNs, each with the request keys and encryption context the code sends. */
function requestsOf(model: Model, view: IamView, fn: LambdaFunction, call: ContractCall): Map<string, Sym[] | null>[] {
  const keys: [string, Sym[][] | null][] = [];
  for (const [key, value] of Object.entries(call.request ?? {})) keys.push([key.toLowerCase(), resolveValue(model, view, fn, value)]);
  if (call.resource.kind === 'kms-key') {
    const sent = Object.entries(call.encryptionContext ?? {});
    for (const [key, value] of sent) keys.push([`kms:encryptioncontext:${key.toLowerCase()}`, resolveValue(model, view, fn, value)]);
    keys.push(['kms:encryptioncontextkeys', sent.length > 0 ? [sent.map(([k]) => [k] as Sym)] : null]);
  }
  return combinations(keys);
}

/** The contract proof for one function. */
export function proveFunction(model: Model, iam: IamAnalysis, network: NetworkAnalysis, fn: LambdaFunction, contracts: ReadonlyMap<string, LoadedContract>, options: ProveOptions = { declared: true }): ContractProof {
  const link = linkFunction(fn, contracts);
  const findings: ContractFinding[] = [];
  const add: Add = (kind, verdict, message, location = fn.location) => findings.push({ function: fn.address, kind, verdict, message, location });
  // Code that is not ours has no contract: what its role and environment say it calls must still be reachable.
  const inferred = () => { for (const f of proveInferred(model, network, fn)) add('service', f.verdict, f.message, f.location); };
  if (!link.contract && !options.declared && link.via !== 'metadata') {
    inferred();
    return { link: { ...link, notApplicable: `${fn.address}: the repository declares no function contracts and the template links this function to no Enclave bundle` }, findings };
  }
  if (!link.contract) {
    add('link', 'unknown', `${fn.address}: ${link.problem ?? 'no contract'}; its permissions cannot be checked against what its code needs`);
    inferred();
    return { link, findings };
  }
  const contract = link.contract;
  const view = iam.view;
  // 1. Environment.
  for (const v of contract.environment) {
    if (fn.variables === undefined) { add('environment', 'unknown', `${fn.address}: its environment is known only after apply (${show(fn.environment.unknown)}), so whether ${v.name} is set is unknown`, fn.environment.location); continue; }
    const variable = fn.variables[v.name];
    if (!variable) {
      if (v.required) add('environment', 'non-compliant', `${fn.address} (${contract.function}) reads ${v.name} (${v.description}) but it is not set: the function fails at start`, fn.environment.location);
    } else {
      const named = checkNamed(model, iam.view, fn, v, variable);
      add('environment', named.verdict, named.message, variable.location);
    }
  }
  // 2. Calls, from the endpoints the network analysis says they go through.
  const role = fn.role.target ? view.principalById.get(fn.role.target) : undefined;
  const reach = network.places.find((p) => p.place.address === fn.address);
  const endpoints = reach ? endpointsUsed(view, reach.services) : new Map<string, IamResource>();
  const contextFor = iam.contextFor;
  const withNetwork = (ctx: RequestContext, service: string): RequestContext => {
    const e = endpoints.get(service);
    if (e) ctx.set('aws:sourcevpce', [e.name]);
    return ctx;
  };
  const granted = new Set<string>();
  if (!role) add('call', 'unknown', `${fn.address}'s execution role is not in the model (${fn.role.literal ?? show(fn.role.unknown)}); its calls cannot be checked`, fn.role.location);
  for (const call of contract.calls) {
    if (!role) break;
    const service = call.action.split(':')[0]!;
    const targets = callTargets(model, view, fn, call, add, granted);
    if (!targets) continue;
    // The call as the code makes it: directly from the function's network place, or by the service it names
    // (viaService) with kms:ViaService set and no VPC endpoint crossed; with the request keys and encryption
    // context the code sends — never the ones the policies happen to ask for.
    const via = call.viaService;
    const results = targets.map(({ resource, target }) => {
      const variants = requestsOf(model, view, fn, call).map((keys) => {
        const ctx = contextFor(role, call.action, resource);
        if (call.resource.kind === 'kms-key') {
          for (const k of [...ctx.keys()]) if (k.startsWith('kms:encryptioncontext')) ctx.delete(k);
          ctx.set('kms:encryptioncontext:*', null);
          ctx.set('kms:viaservice', via ? [sym(`${via}.`, view.region, '.amazonaws.com')] : null);
          ctx.set('kms:calleraccount', [[ACCOUNT]]);
        }
        for (const [k, v] of keys) ctx.set(k, v);
        if (!via) withNetwork(ctx, service);
        const endpoint = via ? undefined : endpoints.get(service);
        const described = [...keys].map(([k, v]) => `${k} ${v === null ? 'absent' : v.map(showSym).join(', ')}`).join('; ');
        return { result: evaluateRequest(view, { principal: role, action: call.action, resource, ...(target ? { target } : {}), context: ctx, ...(endpoint ? { endpoints: [endpoint] } : {}) }), resource, described };
      });
      return worstOf(variants);
    });
    // Every prefix the code writes under is a request it makes: each must be allowed. Without prefixes (the key an
    // event names), the most permissive key of those the policies name.
    const best = call.resource.kind === 's3-object' && !call.resource.prefixes?.length ? bestOf(results) : worstOf(results);
    const where = best.result.evidence.find((e) => e.effect === (best.result.decision === 'denied' && best.result.explicitDeny ? 'Deny' : 'Allow') && e.match !== 'no')?.location;
    const verdict = best.result.decision === 'allowed' ? 'compliant' : best.result.decision === 'denied' ? 'non-compliant' : 'unknown';
    const how = `${via ? ` through ${via}` : ''}${best.described ? ` with ${best.described}` : ''}`;
    add('call', verdict, `${fn.address} (${contract.function}) ${best.result.decision === 'allowed' ? 'may' : best.result.decision === 'denied' ? 'is denied' : 'may only conditionally'} ${call.action} on ${showSym(best.resource)}${how} (${call.why}): ${best.result.reason}${best.result.decision === 'denied' ? ' — the call fails with AccessDenied at run time' : ''}`, where ?? fn.role.location);
  }
  // 3. Services.
  if (reach) {
    for (const service of contract.services) {
      if (service === 'rds') {
        proveDatabase(model, network, fn, add);
        continue;
      }
      const r = reach.services[service];
      if (!r) { add('service', 'unknown', `${fn.address}: reachability of ${service} was not analysed`); continue; }
      if (r.verdict === 'reachable') add('service', 'compliant', `${fn.address} reaches ${service}: ${r.reason}`, r.location ?? fn.location);
      else if (r.verdict === 'unreachable') add('service', 'non-compliant', `${fn.address} calls ${service} but has no network path to it (${r.reason}): the call will time out at run time`, r.location ?? fn.location);
      else add('service', 'unknown', `${fn.address}: whether ${service} is reachable is known only after apply (${r.reason})`, r.location ?? fn.location);
    }
  } else add('service', 'unknown', `${fn.address}: the network analysis cannot place this function`);
  // 4. Beyond the contract, on card-data resources and the keys that protect them; and, where the contract names
  // the prefixes it writes under, on keys outside them.
  if (role) {
    const scoped = new Set<string>();
    for (const call of contract.calls) {
      const prefixes = call.resource.prefixes;
      if (call.resource.kind !== 's3-object' || !prefixes?.length || !call.resource.env) continue;
      if (scoped.has(`${call.action}\u0000${call.resource.env}`)) continue;
      scoped.add(`${call.action}\u0000${call.resource.env}`);
      const variable = fn.variables?.[call.resource.env];
      const bucket = variable ? namedBy(view, variable, ['s3-bucket']) : undefined;
      if (!bucket) continue;
      const elsewhere = sym(bucket.arn, '/', { tok: `a key outside ${prefixes.join(', ')}`, fresh: true });
      const result = evaluateRequest(view, { principal: role, action: call.action, resource: elsewhere, target: bucket, context: withNetwork(contextFor(role, call.action, elsewhere), 's3') });
      if (result.decision === 'allowed') {
        const at = result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location;
        add('excess', 'non-compliant', `${fn.address}'s role ${role.id} holds ${call.action} on every key of ${bucket.address}, where its contract (${contract.function}) ${call.action === 's3:PutObject' ? 'writes' : 'uses'} only ${prefixes.join(', ')}`, at ?? role.location);
      }
    }
    const scope = view.resources.filter((r) => r.classification === 'card-data' || r.kind === 'kms-key');
    for (const r of scope) {
      for (const capability of CAPABILITIES) {
        for (const action of capability.actions[r.kind] ?? []) {
          if (granted.has(`${action.toLowerCase()}\u0000${r.address}`)) continue;
          // The runtime decrypts the function's own environment with the key the function names (kms_key_arn).
          if (action === 'kms:Decrypt' && fn.kmsKey.target === r.address) continue;
          const candidates = capabilityArns(view, r, action);
          const best = bestOf(candidates.map((resource) => ({ resource, result: evaluateRequest(view, { principal: role, action, resource, target: r, context: withNetwork(contextFor(role, action, resource), action.split(':')[0]!) }) })));
          if (best.result.decision === 'allowed' || best.result.decision === 'conditional') {
            const at = best.result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location;
            add('excess', 'non-compliant', `${fn.address}'s role ${role.id} ${best.result.decision === 'allowed' ? 'holds' : 'may hold'} ${action} on ${r.address}, which its contract (${contract.function}) does not use`, at ?? role.location);
          }
        }
      }
    }
  }
  return { link, findings };
}

/** Every function's proof. */
export function proveContracts(model: Model, iam: IamAnalysis, network: NetworkAnalysis, contracts: ReadonlyMap<string, LoadedContract>, options: ProveOptions = { declared: true }): ContractProof[] {
  return model.functions.map((fn) => proveFunction(model, iam, network, fn, contracts, options));
}

export type { ContractCall };
