// Function contracts against the environment. Each Lambda function is linked to its bundle (Terraform: the
// archive_file its filename/source_code_hash come from, whose source_dir ends in dist/functions/<name>;
// CloudFormation: Metadata {"enclave": {"bundle": "<name>"}}), and the bundle to its contract: the build's
// dist/functions/<name>/contract.json, or, when dist is absent, src/functions/<name>/contract.ts loaded in a child
// process (the verifier is synchronous). Then: every variable it reads is set; every call is allowed on the
// resource its variable names (identity + resource policy + key policy, from the endpoint the call goes through);
// every service it calls is reachable; and what its role holds beyond the contract on card-data resources.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionContract, ContractCall } from '../../../core/contract.ts';
import type { RawResource, SourceLocation, Value } from '../../load/types.ts';
import { at, isTemplateValue, isUnknownValue, locate, show } from '../../model/fields.ts';
import type { DbInstance, LambdaFunction, Model } from '../../model/model.ts';
import { databaseReachability, reachability, type PathResult } from '../network/index.ts';
import type { RequestContext } from '../iam/conditions.ts';
import { evaluateRequest, type Decision, type EvalResult } from '../iam/evaluate.ts';
import type { IamModel, IamPrincipal, IamResource } from '../iam/model.ts';
import { CAPABILITIES, capabilityArns, defaultContext, iamOf } from '../iam/sod.ts';
import { showSym, sym, symEquals, type Sym } from '../iam/symbolic.ts';
import { actionInfo, resourceTypeArn } from '../iam/catalogue.ts';
import { ACCOUNT, REGION } from '../iam/model.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** tsx resolved from this package, so a contract outside it (another checkout) still loads. */
const tsxLoader = (() => {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
})();

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
}

export type FindingKind = 'link' | 'environment' | 'call' | 'service' | 'excess';

export interface ContractFinding {
  function: string;
  kind: FindingKind;
  verdict: 'compliant' | 'non-compliant' | 'unknown';
  message: string;
  location: SourceLocation;
}

const contractCache = new Map<string, { contract?: FunctionContract; source?: string; problem?: string }>();

/**
 * The contract of a bundle: dist/functions/<name>/contract.json, else the source contract.ts (child process). A
 * built contract older than its source is a problem (the link is unknown), not a silent use of the old one.
 */
export function loadContract(bundle: string, roots: string[] = [process.cwd(), repoRoot]): { contract?: FunctionContract; source?: string; problem?: string } {
  const key = `${bundle}\u0000${roots.join('\u0000')}`;
  const hit = contractCache.get(key);
  if (hit) return hit;
  let result: { contract?: FunctionContract; source?: string; problem?: string } = { problem: `no contract found for bundle ${bundle}: neither dist/functions/${bundle}/contract.json (run npm run build) nor src/functions/${bundle}/contract.ts` };
  if (/^[a-z0-9][a-z0-9._-]*$/i.test(bundle)) {
    for (const root of roots) {
      const built = join(root, 'dist', 'functions', bundle, 'contract.json');
      const source = join(root, 'src', 'functions', bundle, 'contract.ts');
      if (existsSync(built) && existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs) {
        // A contract edited after the build: the bundle that would be deployed may not be what the code now needs,
        // and a proof against either one would not be a proof about the other.
        result = { problem: `${built} is older than ${source}: the built bundle may not match the code (run npm run build)` };
        break;
      }
      if (existsSync(built)) {
        try {
          result = { contract: JSON.parse(readFileSync(built, 'utf8')) as FunctionContract, source: built };
        } catch (error) {
          result = { problem: `${built} is not valid JSON: ${(error as Error).message}` };
        }
        break;
      }
      if (existsSync(source)) {
        try {
          const out = execFileSync(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', `const m = await import(${JSON.stringify(source)}); process.stdout.write(JSON.stringify(m.contract ?? m.default?.contract ?? null));`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
          const parsed = JSON.parse(out) as FunctionContract | null;
          result = parsed ? { contract: parsed, source } : { problem: `${source} exports no \`contract\`` };
        } catch (error) {
          result = { problem: `cannot load ${source}: ${(error as Error).message.split('\n')[0]}` };
        }
        break;
      }
    }
  }
  contractCache.set(key, result);
  return result;
}

function bundleFromPath(path: string): string | undefined {
  const m = /(?:^|[\\/])dist[\\/]functions[\\/]([^\\/]+?)(?:\.zip)?[\\/]?$/.exec(path) ?? /(?:^|[\\/])functions[\\/]([^\\/]+?)[\\/]?$/.exec(path);
  return m?.[1];
}

function text(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (isTemplateValue(v)) return v.parts.map((p) => (typeof p === 'string' ? p : `\${${p.address}.${p.attribute}}`)).join('');
  return undefined;
}

/** The function's bundle, from the archive its code comes from, or from CloudFormation Metadata. */
export function linkFunction(model: Model, fn: LambdaFunction): ContractLink {
  const raw = model.byAddress.get(fn.address);
  const base: ContractLink = { function: fn.address, location: fn.location };
  if (!raw) return { ...base, problem: `${fn.address} has no raw resource` };
  let bundle: string | undefined;
  let via: ContractLink['via'];
  if (raw.dialect === 'cloudformation') {
    const b = raw.metadata ? at(raw.metadata as Value, 'enclave.bundle') : undefined;
    if (typeof b === 'string') { bundle = b; via = 'metadata'; }
  } else {
    for (const attr of ['filename', 'source_code_hash']) {
      const v = raw.attributes[attr];
      const unknowns = isUnknownValue(v) ? [v] : isTemplateValue(v) ? v.parts.filter(isUnknownValue) : [];
      for (const u of unknowns) {
        const archive = model.byAddress.get(u.address);
        if (archive?.type === 'archive_file') {
          const dir = text(archive.attributes['source_dir']) ?? text(archive.attributes['source_file']);
          if (dir) { bundle = bundleFromPath(dir); via = 'archive_file'; }
        }
      }
      if (bundle) break;
    }
    if (!bundle) {
      const filename = text(raw.attributes['filename']);
      const archive = filename ? model.resources.find((r) => r.type === 'archive_file' && text(r.attributes['output_path']) === filename) : undefined;
      const dir = archive ? text(archive.attributes['source_dir']) : undefined;
      if (dir) { bundle = bundleFromPath(dir); via = 'archive_file'; }
      else if (filename && bundleFromPath(filename.replace(/\.zip$/, ''))) { bundle = bundleFromPath(filename.replace(/\.zip$/, '')); via = 'filename'; }
    }
  }
  if (!bundle) return { ...base, problem: raw.dialect === 'cloudformation' ? `${fn.address} has no Metadata {"enclave": {"bundle": "<name>"}} naming its bundle` : `${fn.address}'s code does not come from an archive_file over dist/functions/<name>` };
  const roots = [...new Set(model.stacks.map((s) => resolve(dirname(s.root))).flatMap((d) => ancestors(d)).concat([process.cwd(), repoRoot]))];
  const loaded = loadContract(bundle, roots);
  return { ...base, bundle, ...(via ? { via } : {}), ...loaded };
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(d, 'dist', 'functions')) || existsSync(join(d, 'src', 'functions'))) out.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return out;
}

const KIND_FOR: Record<string, IamResource['kind'][]> = {
  's3-bucket': ['s3-bucket'], 's3-object': ['s3-bucket'], 'dynamodb-table': ['dynamodb-table'], 'kms-key': ['kms-key'], 'sns-topic': ['sns-topic'], secret: ['secret'],
};

/** The model resource an environment value names (name, ARN or id; unknown references by identity). */
function resourceNamed(iam: IamModel, value: Value, kinds: IamResource['kind'][]): IamResource | undefined {
  if (isUnknownValue(value)) {
    const direct = iam.resourceByAddress.get(value.address);
    if (direct && kinds.includes(direct.kind)) return direct;
  }
  const s = iam.toSym(value);
  return iam.resources.find((r) => kinds.includes(r.kind) && (symEquals(r.name, s) === 'yes' || symEquals(r.arn, s) === 'yes'));
}

const RANK: Record<Decision, number> = { denied: 0, unknown: 1, conditional: 2, allowed: 3 };

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
  return results.reduce((a, b) => (RANK[b.result.decision] > RANK[a.result.decision] ? b : a));
}

/** The VPC endpoint each service is reached through, when the network analysis names one. */
function endpointsUsed(iam: IamModel, services: Record<string, PathResult>): Map<string, IamResource> {
  const out = new Map<string, IamResource>();
  for (const [service, result] of Object.entries(services)) {
    if (result.verdict !== 'reachable') continue;
    const e = result.path.map((hop) => iam.resourceByAddress.get(hop)).find((r) => r?.kind === 'vpc-endpoint');
    if (e) out.set(service, e);
  }
  return out;
}

/**
 * The `rds` service of a contract is the database itself (its own endpoint and port, no IAM action): the database is
 * the instance an environment variable of the function names (`DB_HOST = aws_db_instance.this.address`), or the
 * model's only one; the network analysis decides whether the function can connect to it.
 */
function proveDatabase(model: Model, fn: LambdaFunction, vars: Record<string, Value> | undefined, add: (kind: FindingKind, verdict: ContractFinding['verdict'], message: string, location?: SourceLocation) => void): void {
  const named = new Set<string>();
  for (const value of Object.values(vars ?? {})) {
    const unknowns = isUnknownValue(value) ? [value] : isTemplateValue(value) ? value.parts.filter(isUnknownValue) : [];
    for (const u of unknowns) if (model.dbInstances.some((d) => d.address === u.address)) named.add(u.address);
  }
  const databases: DbInstance[] = named.size > 0 ? model.dbInstances.filter((d) => named.has(d.address)) : model.dbInstances.length === 1 ? model.dbInstances : [];
  if (databases.length === 0) {
    add('service', 'unknown', `${fn.address} connects to a database, but ${model.dbInstances.length === 0 ? 'the model has no database instance' : 'no environment variable names one of the database instances'}`);
    return;
  }
  for (const db of databases) {
    const r = databaseReachability(model, fn.address, db);
    if (r.verdict === 'reachable') add('service', 'compliant', `${fn.address} reaches database ${db.address}: ${r.reason}`, r.location ?? fn.location);
    else if (r.verdict === 'unreachable') add('service', 'non-compliant', `${fn.address} connects to ${db.address} but has no network path to it (${r.reason}): connections will time out at run time`, r.location ?? fn.location);
    else add('service', 'unknown', `${fn.address}: whether ${db.address} is reachable is known only after apply (${r.reason})`, r.location ?? fn.location);
  }
}

/** The contract proof for one function. */
export function proveFunction(model: Model, fn: LambdaFunction): { link: ContractLink; findings: ContractFinding[] } {
  const link = linkFunction(model, fn);
  const findings: ContractFinding[] = [];
  const add = (kind: FindingKind, verdict: ContractFinding['verdict'], message: string, location: SourceLocation = fn.location) => findings.push({ function: fn.address, kind, verdict, message, location });
  if (!link.contract) {
    add('link', 'unknown', `${fn.address}: ${link.problem ?? 'no contract'}; its permissions cannot be checked against what its code needs`);
    return { link, findings };
  }
  const contract = link.contract;
  const iam = iamOf(model);
  const raw = model.byAddress.get(fn.address)!;
  // 1. Environment.
  const env = fn.environment;
  const vars: Record<string, Value> | undefined = env.value && typeof env.value === 'object' && !Array.isArray(env.value) && !isUnknownValue(env.value) && !isTemplateValue(env.value) ? (env.value as Record<string, Value>) : env.provenance === 'default' ? {} : undefined;
  const envLocation = (name: string) => locate(raw, raw.dialect === 'cloudformation' ? `Environment.Variables.${name}` : `environment.0.variables.${name}`);
  for (const v of contract.environment) {
    if (vars === undefined) { add('environment', 'unknown', `${fn.address}: its environment is known only after apply (${show(env.unknown)}), so whether ${v.name} is set is unknown`, env.location); continue; }
    if (vars[v.name] === undefined || vars[v.name] === null) {
      if (v.required) add('environment', 'non-compliant', `${fn.address} (${contract.function}) reads ${v.name} (${v.description}) but it is not set: the function fails at start`, env.location);
    } else add('environment', 'compliant', `${fn.address} sets ${v.name}`, envLocation(v.name));
  }
  // 2. Calls, from the endpoints the network analysis says they go through.
  const role = fn.role.target ? iam.principalById.get(fn.role.target) : undefined;
  let reach: ReturnType<typeof reachability> | undefined;
  try {
    reach = reachability(model, fn.address, contract.services.filter((s) => s !== 'rds'));
  } catch {
    reach = undefined;
  }
  const endpoints = reach ? endpointsUsed(iam, reach.services) : new Map<string, IamResource>();
  const contextFor = defaultContext(iam);
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
    let targets: { resource: Sym; target?: IamResource }[];
    if (call.resource.kind === 'any' || call.resource.kind === 'rds-database') targets = [{ resource: genericArn(call.action, iam.region) }];
    else if (!call.resource.env) {
      // No variable names it (a key used through another service): any resource of that kind in the environment.
      const candidates = iam.resources.filter((r) => (KIND_FOR[call.resource.kind] ?? []).includes(r.kind));
      if (candidates.length === 0) { add('call', 'unknown', `${fn.address} calls ${call.action} on a ${call.resource.kind} its contract does not name, and the environment has none`); continue; }
      targets = candidates.map((r) => ({ resource: r.arn, target: r }));
    } else {
      const value = call.resource.env ? vars?.[call.resource.env] : undefined;
      if (call.resource.env && (value === undefined || value === null)) {
        add('call', vars === undefined ? 'unknown' : 'non-compliant', `${fn.address} calls ${call.action} on the resource named by ${call.resource.env}, which is ${vars === undefined ? 'known only after apply' : 'not set'}`, env.location);
        continue;
      }
      const r = value !== undefined && value !== null ? resourceNamed(iam, value, KIND_FOR[call.resource.kind] ?? []) : undefined;
      const managedSecret = !r && call.resource.kind === 'secret' && value !== undefined && value !== null && (isUnknownValue(value) || isTemplateValue(value))
        ? (isUnknownValue(value) ? [value] : value.parts.filter(isUnknownValue)).map((u) => model.byAddress.get(u.address)).find((x) => x && /^(aws_db_instance|aws_rds_cluster|AWS::RDS::DBInstance|AWS::RDS::DBCluster)$/.test(x.type))
        : undefined;
      if (managedSecret) {
        // A secret RDS manages for the master user: no resource policy, so the role's own policies decide.
        targets = [{ resource: iam.toSym(value!) }];
      } else if (!r) {
        add('call', 'unknown', `${fn.address} calls ${call.action} on ${call.resource.env}=${show(value ?? undefined)}, which names no ${call.resource.kind} of this environment; whether it is allowed is unknown`, call.resource.env ? envLocation(call.resource.env) : env.location);
        continue;
      } else {
        granted.add(`${call.action.toLowerCase()}\u0000${r.address}`);
        targets = call.resource.kind === 's3-object' ? capabilityArns(iam, r, 's3:GetObject').map((resource) => ({ resource, target: r })) : [{ resource: r.arn, target: r }];
      }
    }
    const results = targets.flatMap(({ resource, target }) => {
      // A KMS call may be made for the function by a service it calls (S3, DynamoDB, SNS, Secrets Manager…).
      const viaServices: (string | null)[] = call.resource.kind === 'kms-key' ? [null, ...contract.services.filter((x) => x !== 'kms' && x !== 'rds' && x !== 'logs')] : [null];
      return viaServices.map((via) => {
        // A KMS call S3 or DynamoDB makes for the function (kms:ViaService) does not cross the VPC's KMS endpoint.
        const base = contextFor(role, call.action, resource);
        const ctx = via ? base : withNetwork(base, service);
        if (via) ctx.set('kms:viaservice', [sym(`${via}.`, iam.region, '.amazonaws.com')]);
        const endpoint = via ? undefined : endpoints.get(service);
        return { result: evaluateRequest(iam, { principal: role, action: call.action, resource, ...(target ? { target } : {}), context: ctx, ...(endpoint ? { endpoints: [endpoint] } : {}) }), resource };
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
        proveDatabase(model, fn, vars, add);
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
    const scope = iam.resources.filter((r) => r.classification === 'card-data' || r.kind === 'kms-key');
    for (const r of scope) {
      for (const capability of CAPABILITIES) {
        for (const action of capability.actions[r.kind] ?? []) {
          if (granted.has(`${action.toLowerCase()}\u0000${r.address}`)) continue;
          // The runtime decrypts the function's own environment with the key the function names (kms_key_arn).
          if (action === 'kms:Decrypt' && fn.kmsKey.target === r.address) continue;
          const candidates = capabilityArns(iam, r, action);
          const best = bestOf(candidates.map((resource) => ({ resource, result: evaluateRequest(iam, { principal: role, action, resource, target: r, context: withNetwork(contextFor(role, action, resource), action.split(':')[0]!) }) })));
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

export function proveContracts(model: Model): { link: ContractLink; findings: ContractFinding[] }[] {
  return model.functions.map((fn) => proveFunction(model, fn));
}

export type { ContractCall, RawResource };
