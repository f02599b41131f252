// A Terraform plan, as `terraform show -json <planfile>` prints it: what it knows that the configuration alone does
// not. The verifier still evaluates the configuration itself (so every value keeps its file:line and every unknown
// its identity); the plan supplies the inputs Terraform had:
// - the root module's variable values the plan was made with;
// - the data sources Terraform read while planning (availability zones, AMIs, existing VPCs…), so counts and
//   for_each that depend on them expand as they will.
// Data sources that only name this account, region or partition are left symbolic (ACCOUNT, REGION: the identity
// the IAM analysis reasons with), and policy documents are rendered by the loader as always. After loading, the
// planned resources are compared with the configuration as loaded: a resource in one and not the other, or a
// value known to both that differs, is a `plan-mismatch` warning (a plan made from other code or other inputs).
// https://developer.hashicorp.com/terraform/internals/json-format
import { readFileSync } from 'node:fs';
import type { Diagnostic, RawResource, Value } from '../types.ts';
import { isTemplateValue, isUnknownValue } from '../values.ts';

export interface PlanInputs {
  /** The file the plan came from (for messages). */
  file: string;
  terraformVersion: string;
  /** Root variable values the plan was made with. */
  variables: Record<string, Value>;
  /** Data source instance address → the values Terraform read. */
  dataSources: Map<string, Record<string, Value>>;
  /** Managed resource instance address → its planned values (known ones only). */
  planned: Map<string, { type: string; values: Record<string, Value> }>;
}

export class PlanReadError extends Error {
  override name = 'PlanReadError';
}

/** Data sources whose values are this account, region or partition: kept as the identity tokens the model uses. */
const IDENTITY_DATA = new Set(['aws_caller_identity', 'aws_region', 'aws_partition', 'aws_iam_session_context', 'aws_iam_policy_document']);

interface JsonModule { resources?: JsonResource[]; child_modules?: JsonModule[] }
interface JsonResource { address: string; mode: 'managed' | 'data'; type: string; values?: Record<string, Value> }

function* resourcesOf(module: JsonModule | undefined): Generator<JsonResource> {
  if (!module) return;
  for (const r of module.resources ?? []) yield r;
  for (const child of module.child_modules ?? []) yield* resourcesOf(child);
}

/** Reads and checks a plan JSON file; a file that is not one is a clear error. */
export function readPlan(path: string, display: string = path): PlanInputs {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlanReadError(`cannot read the plan ${display}: ${(error as Error).message}`);
  }
  let json: {
    format_version?: string;
    terraform_version?: string;
    planned_values?: { root_module?: JsonModule };
    prior_state?: { values?: { root_module?: JsonModule } };
    variables?: Record<string, { value: Value }>;
  };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw new PlanReadError(`${display} is not JSON (${(error as Error).message}): give the output of \`terraform show -json <planfile>\`, not the binary plan file`);
  }
  if (typeof json !== 'object' || json === null || typeof json.format_version !== 'string' || !json.planned_values) {
    throw new PlanReadError(`${display} is not a Terraform plan in JSON (no format_version and planned_values): give the output of \`terraform show -json <planfile>\``);
  }
  if (!/^1\./.test(json.format_version)) throw new PlanReadError(`${display}: plan JSON format ${json.format_version} is not supported (1.x is)`);
  const dataSources = new Map<string, Record<string, Value>>();
  for (const r of resourcesOf(json.prior_state?.values?.root_module)) if (r.mode === 'data' && r.values) dataSources.set(r.address, r.values);
  const planned = new Map<string, { type: string; values: Record<string, Value> }>();
  for (const r of resourcesOf(json.planned_values.root_module)) {
    if (r.mode === 'data' && r.values && !dataSources.has(r.address)) dataSources.set(r.address, r.values);
    if (r.mode === 'managed') planned.set(r.address, { type: r.type, values: r.values ?? {} });
  }
  const variables: Record<string, Value> = {};
  for (const [name, v] of Object.entries(json.variables ?? {})) variables[name] = v.value;
  return { file: display, terraformVersion: json.terraform_version ?? 'unknown', variables, dataSources, planned };
}

/** The values of a data source instance the plan read, unless it is one the model keeps symbolic. */
export function plannedDataSource(plan: PlanInputs | undefined, type: string, address: string): Record<string, Value> | undefined {
  if (!plan || IDENTITY_DATA.has(type)) return undefined;
  return plan.dataSources.get(address);
}

function known(value: Value | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (isUnknownValue(value) || isTemplateValue(value)) return false;
  if (Array.isArray(value)) return value.every(known);
  if (typeof value === 'object') return Object.values(value as Record<string, Value>).every(known);
  return true;
}

/** Keys sorted at every level: JSON documents compared by content, not layout. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Whether a value the configuration gives equals the plan's: as text, or, for JSON documents (the provider
 * normalises policy JSON: `{"Statement":…,"Version":…}`), as the same document.
 */
function sameValue(ours: Value, theirs: Value): boolean {
  if (String(theirs) === String(ours)) return true;
  if (typeof ours !== 'string' || typeof theirs !== 'string') return false;
  try {
    return canonical(JSON.parse(ours)) === canonical(JSON.parse(theirs));
  } catch {
    return false;
  }
}

/**
 * The configuration as loaded against the plan: resources one has and the other does not, and top-level arguments
 * both know whose values differ.
 */
export function comparePlan(plan: PlanInputs, resources: readonly RawResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const loaded = new Map(resources.filter((r) => r.mode === 'resource' && r.type.startsWith('aws_')).map((r) => [r.address, r]));
  for (const [address, { type }] of plan.planned) {
    if (!type.startsWith('aws_') || loaded.has(address)) continue;
    out.push({ severity: 'warning', code: 'plan-mismatch', message: `${address} is in the plan ${plan.file} but not in the configuration as loaded: the plan was made from other code or other inputs` });
  }
  for (const [address, resource] of loaded) {
    const planned = plan.planned.get(address);
    if (!planned) {
      if (!address.endsWith('[*]')) out.push({ severity: 'warning', code: 'plan-mismatch', message: `${address} is in the configuration but not in the plan ${plan.file}`, location: resource.locations[''] });
      continue;
    }
    for (const [name, value] of Object.entries(resource.attributes)) {
      const theirs = planned.values[name];
      if (!known(value) || !known(theirs) || typeof value === 'object') continue;
      if (!sameValue(value, theirs!)) {
        out.push({ severity: 'warning', code: 'plan-mismatch', message: `${address}: ${name} is ${JSON.stringify(value)} in the configuration and ${JSON.stringify(theirs)} in the plan ${plan.file}`, location: resource.locations[name] ?? resource.locations[''] });
      }
    }
  }
  return out;
}
