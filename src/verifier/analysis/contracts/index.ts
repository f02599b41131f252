// Function contracts against the environment. Each Lambda function is linked to its bundle by the model
// (LambdaFunction.bundle), and the bundle to its contract, read in the load stage (src/verifier/load/contracts.ts).
// Then: every variable it reads is set; every call is allowed on the resource its variable names (identity +
// resource policy + key policy, from the endpoint the call goes through); every service it calls is reachable; and
// what its role holds beyond the contract on card-data resources. Pure: the contracts, the network and the IAM
// analyses come in computed.
import type { ContractCall, FunctionContract } from '../../../core/contract.ts';
import type { SourceLocation } from '../../load/types.ts';
import { show } from '../../model/fields.ts';
import { ACCOUNT, REGION } from '../../model/iam/identity.ts';
import { showSym, sym, symEquals, type Sym } from '../../model/iam/symbolic.ts';
import type { EnvironmentVariable, LambdaFunction, Model } from '../../model/model.ts';
import { actionInfo, resourceTypeArn } from '../iam/catalogue.ts';
import type { RequestContext } from '../iam/conditions.ts';
import { DECISION_RANK } from '../iam/decision.ts';
import { evaluateRequest, type EvalResult } from '../iam/evaluate.ts';
import type { IamAnalysis } from '../iam/index.ts';
import { CAPABILITIES, capabilityArns } from '../iam/sod.ts';
import type { IamResource, IamView } from '../iam/view.ts';
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

function bestOf(results: { result: EvalResult; resource: Sym }[]): { result: EvalResult; resource: Sym } {
  return results.reduce((a, b) => (DECISION_RANK[b.result.decision] > DECISION_RANK[a.result.decision] ? b : a));
}

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

/** The resource a call acts on: the one its variable names, or why that is not known. */
function callTargets(model: Model, view: IamView, fn: LambdaFunction, call: ContractCall, add: Add, granted: Set<string>): { resource: Sym; target?: IamResource }[] | undefined {
  const kinds = KIND_FOR[call.resource.kind] ?? [];
  if (call.resource.kind === 'any' || call.resource.kind === 'rds-database') return [{ resource: genericArn(call.action, view.region) }];
  if (!call.resource.env) {
    // No variable names it (a key used through another service): any resource of that kind in the environment.
    const candidates = view.resources.filter((r) => kinds.includes(r.kind));
    if (candidates.length === 0) { add('call', 'unknown', `${fn.address} calls ${call.action} on a ${call.resource.kind} its contract does not name, and the environment has none`); return undefined; }
    return candidates.map((r) => ({ resource: r.arn, target: r }));
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
  return call.resource.kind === 's3-object' ? capabilityArns(view, r, 's3:GetObject').map((resource) => ({ resource, target: r })) : [{ resource: r.arn, target: r }];
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
    } else add('environment', 'compliant', `${fn.address} sets ${v.name}`, variable.location);
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
    const results = targets.flatMap(({ resource, target }) => {
      // A KMS call may be made for the function by a service it calls (S3, DynamoDB, SNS, Secrets Manager…).
      const viaServices: (string | null)[] = call.resource.kind === 'kms-key' ? [null, ...contract.services.filter((x) => x !== 'kms' && x !== 'rds' && x !== 'logs')] : [null];
      return viaServices.map((via) => {
        // A KMS call S3 or DynamoDB makes for the function (kms:ViaService) does not cross the VPC's KMS endpoint.
        const base = contextFor(role, call.action, resource);
        const ctx = via ? base : withNetwork(base, service);
        if (via) ctx.set('kms:viaservice', [sym(`${via}.`, view.region, '.amazonaws.com')]);
        const endpoint = via ? undefined : endpoints.get(service);
        return { result: evaluateRequest(view, { principal: role, action: call.action, resource, ...(target ? { target } : {}), context: ctx, ...(endpoint ? { endpoints: [endpoint] } : {}) }), resource };
      });
    });
    const best = bestOf(results);
    const where = best.result.evidence.find((e) => e.effect === (best.result.decision === 'denied' && best.result.explicitDeny ? 'Deny' : 'Allow') && e.match !== 'no')?.location;
    const verdict = best.result.decision === 'allowed' ? 'compliant' : best.result.decision === 'denied' ? 'non-compliant' : 'unknown';
    add('call', verdict, `${fn.address} (${contract.function}) ${best.result.decision === 'allowed' ? 'may' : best.result.decision === 'denied' ? 'is denied' : 'may only conditionally'} ${call.action} on ${showSym(best.resource)} (${call.why}): ${best.result.reason}${best.result.decision === 'denied' ? ' — the call fails with AccessDenied at run time' : ''}`, where ?? fn.role.location);
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
  // 4. Beyond the contract, on card-data resources and the keys that protect them.
  if (role) {
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
