// The Terraform loader: a root module directory → LoadedStack. See README.md for what is evaluated and how
// unknowns behave.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic, LoadedStack, SourceLocation, Value } from '../types.ts';
import { loadModuleConfig, sha256, type ModuleConfig } from './config.ts';
import type { LoadShare } from './share.ts';
import { evaluate, Scope } from './evaluate.ts';
import { evaluateRoot, type InputValue, type LoadedProvider, type LoadSession } from './module.ts';
import { parseHcl, parseHclSync } from './parse.ts';
import { chooseProviderSchema } from './provider-version.ts';
import { comparePlan, type PlanInputs } from './plan.ts';
import { EvalError } from './values.ts';
import { linkSkipped } from '../values.ts';

export type { LoadedProvider } from './module.ts';
export { decodeJson, jsonEncode } from './values.ts';

export interface TerraformOptions {
  /** -var overrides: name → value as written on the command line. */
  vars?: Record<string, string>;
  /** -var-file paths, relative to cwd; applied after terraform.tfvars and *.auto.tfvars. */
  varFiles?: string[];
  /** Paths in locations are relative to this (default: process.cwd()). */
  cwd?: string;
  /** What a Terraform plan knows (plan.ts): its variable values and the data sources it read. */
  plan?: PlanInputs;
  /**
   * False: do not work out the longest value each bounded root variable accepts (stack.inputs stays empty). The load
   * at those longest values needs no bounds of its own, and asking each validation dozens of candidates doubled
   * its cost.
   */
  inputBounds?: boolean;
  /** What the loads of one verification share: files read and modules parsed. */
  shared?: LoadShare;
}

/** A LoadedStack with the evaluated provider blocks (default_tags, region, aliases). */
export interface TerraformStack extends LoadedStack {
  providers: LoadedProvider[];
}

export async function loadTerraform(dir: string, options: TerraformOptions = {}): Promise<TerraformStack> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const rootDir = resolve(cwd, dir);
  const display = (absolute: string) => relative(cwd, absolute) || '.';
  const files = new Map<string, string>();
  const stack: TerraformStack = {
    dialect: 'terraform',
    root: display(rootDir),
    resources: [],
    outputs: [],
    diagnostics: [],
    files: [],
    providers: [],
  };
  if (!existsSync(rootDir) || !statSync(rootDir).isDirectory()) {
    stack.diagnostics.push({
      severity: 'error',
      code: 'tf-read',
      unreadable: true,
      message: `${display(rootDir)} is not a directory`,
    });
    return stack;
  }
  // Each file's digest, the first time the stack meets it (a file read again keeps its first reading).
  const keep = (absolute: string, digest: () => string) => {
    const path = display(absolute);
    if (!files.has(path)) files.set(path, digest());
  };
  const record = (absolute: string, text: string | Buffer) => keep(absolute, () => sha256(text));

  // Every module directory reachable through local sources, parsed once per verification.
  const configs = new Map<string, ModuleConfig>();
  const pending = [rootDir];
  while (pending.length > 0) {
    const moduleDir = pending.pop()!;
    if (configs.has(moduleDir)) continue;
    let parsed = options.shared?.modules.get(moduleDir);
    if (parsed) {
      for (const [absolute, digest] of parsed.digests) keep(absolute, () => digest);
    } else {
      const digests: [string, string][] = [];
      const config = await loadModuleConfig(moduleDir, {
        record: (absolute, text) => {
          const digest = sha256(text);
          digests.push([absolute, digest]);
          keep(absolute, () => digest);
        },
        display,
      });
      parsed = { config, digests };
      options.shared?.modules.set(moduleDir, parsed);
    }
    const { config } = parsed;
    configs.set(moduleDir, config);
    stack.diagnostics.push(...config.diagnostics);
    for (const { block, file } of config.modules.values()) {
      const source = block.body.attributes.find((a) => a.name === 'source')?.expr;
      if (
        source?.t === 'literal' &&
        typeof source.value === 'string' &&
        (source.value.startsWith('./') || source.value.startsWith('../'))
      ) {
        const child = resolve(moduleDir, source.value);
        if (!existsSync(child)) {
          stack.diagnostics.push({
            severity: 'error',
            code: 'tf-module-missing',
            message: `module source ${source.value} does not exist`,
            location: { file, line: block.line },
          });
        } else if (!configs.has(child)) pending.push(child);
      }
    }
  }
  const rootConfig = configs.get(rootDir)!;
  stack.providerSchema = chooseProviderSchema(rootDir, configs.values(), display, stack.diagnostics);
  const rootInputs = await rootVariableValues(rootDir, rootConfig, options, cwd, display, record, stack.diagnostics);

  const session: LoadSession = {
    cwd,
    rootDir,
    configs,
    display,
    record,
    diagnostics: stack.diagnostics,
    resources: stack.resources,
    providers: stack.providers,
    notedProviders: new Set(),
    locations: new Map(),
    skipped: [],
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.inputBounds === false ? {} : { inputs: [] }),
    ...(options.shared ? { reads: options.shared.files } : {}),
  };
  const outputs = evaluateRoot(session, rootConfig, rootInputs);
  stack.inputs = session.inputs ?? [];
  for (const [name, declared] of rootConfig.outputs) {
    const description = declared.block.body.attributes.find((a) => a.name === 'description')?.expr;
    const sensitive = declared.block.body.attributes.find((a) => a.name === 'sensitive')?.expr;
    stack.outputs.push({
      name,
      value: outputs[name] ?? null,
      ...(description?.t === 'literal' && typeof description.value === 'string'
        ? { description: description.value }
        : {}),
      sensitive: sensitive?.t === 'literal' && sensitive.value === true,
      location: { file: declared.file, line: declared.block.line },
    });
  }
  // Evaluation order is the graph's; report in reading order (instances of one block stay in instance order): files
  // by name as Terraform reads them (Go's sort.Strings: byte order, not a locale's), then lines. localeCompare cost
  // 5 ms of every run for ICU's collator alone, and put "iam_roles.tf" before "iam.tf", which Terraform does not.
  const byLocation = (a?: SourceLocation, b?: SourceLocation) =>
    byName(a?.file ?? '', b?.file ?? '') || (a?.line ?? 0) - (b?.line ?? 0);
  stack.resources.sort(
    (a, b) => a.modulePath.length - b.modulePath.length || byLocation(a.locations[''], b.locations['']),
  );
  stack.providers.sort((a, b) => byLocation(a.location, b.location));
  stack.diagnostics.sort((a, b) => byLocation(a.location, b.location));
  stack.files = [...files].map(([path, hash]) => ({ path, sha256: hash }));
  if (options.plan) stack.diagnostics.push(...comparePlan(options.plan, stack.resources));
  // A configuration file that could not be read leaves its module incomplete: nothing loaded is proven.
  for (const d of stack.diagnostics) {
    if (d.code === 'tf-read' && d.location === undefined)
      session.skipped.push({
        kind: 'unreadable-file',
        source: d.message,
        address: '*',
        reason: d.message,
        affects: [],
      });
  }
  if (session.skipped.length > 0) {
    stack.skipped = session.skipped;
    linkSkipped(stack);
  }
  return stack;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** terraform.tfvars, then *.auto.tfvars (alphabetically), then the -var-file files, then -var: later wins. */
async function rootVariableValues(
  rootDir: string,
  config: ModuleConfig,
  options: TerraformOptions,
  cwd: string,
  display: (absolute: string) => string,
  record: (absolute: string, text: string | Buffer) => void,
  diagnostics: Diagnostic[],
): Promise<Map<string, InputValue>> {
  const values = new Map<string, InputValue>();
  const varFiles: string[] = [];
  for (const name of ['terraform.tfvars', 'terraform.tfvars.json'])
    if (existsSync(join(rootDir, name))) varFiles.push(join(rootDir, name));
  for (const name of readdirSync(rootDir).sort())
    if (name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')) varFiles.push(join(rootDir, name));
  for (const file of options.varFiles ?? []) varFiles.push(isAbsolute(file) ? file : resolve(cwd, file));
  const constants = new Scope(
    {
      moduleDir: rootDir,
      readFile: () => {
        throw new EvalError('file() is not available in a tfvars file');
      },
      fileExists: () => false,
      renderTemplate: () => null,
    },
    () => undefined,
  );
  for (const absolute of varFiles) {
    const file = display(absolute);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        code: 'tf-read',
        unreadable: true,
        message: `cannot read ${file}: ${(error as Error).message}`,
      });
      continue;
    }
    record(absolute, text);
    if (absolute.endsWith('.json')) {
      readJsonVariables(text, file, config, values, diagnostics);
      continue;
    }
    const { parsed, diagnostics: parseDiagnostics } = await parseHcl(text, file);
    diagnostics.push(...parseDiagnostics);
    if (!parsed) continue;
    for (const block of parsed.body.blocks) {
      diagnostics.push({
        severity: 'error',
        code: 'tf-tfvars-block',
        message: `a variables file holds only name = value lines, not blocks`,
        location: { file, line: block.line },
      });
    }
    for (const attribute of parsed.body.attributes) {
      const location: SourceLocation = { file, line: attribute.line };
      if (!config.variables.has(attribute.name)) {
        diagnostics.push({
          severity: 'warning',
          code: 'tf-tfvars-undeclared',
          message: `${file} sets "${attribute.name}", which no variable declares`,
          location,
        });
        continue;
      }
      try {
        values.set(attribute.name, { value: evaluate(attribute.expr, constants), location });
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        diagnostics.push({
          severity: 'error',
          code: 'tf-eval',
          message: `${attribute.name}: ${error.message}`,
          location,
        });
      }
    }
  }
  // The values the plan was made with, as Terraform resolved them; a -var given as well still wins (and the
  // comparison with the plan says where that leads).
  for (const [name, value] of Object.entries(options.plan?.variables ?? {}))
    if (config.variables.has(name)) values.set(name, { value });
  for (const [name, text] of Object.entries(options.vars ?? {})) {
    const declared = config.variables.get(name);
    if (!declared) {
      diagnostics.push({
        severity: 'error',
        code: 'tf-var-undeclared',
        message: `-var ${name}: no variable "${name}" is declared in the root module`,
      });
      continue;
    }
    const type = declared.block.body.attributes.find((a) => a.name === 'type')?.expr;
    const primitive = !type || (type.t === 'variable' && ['string', 'number', 'bool'].includes(type.name));
    let value: Value = text;
    if (!primitive) {
      const { parsed } = parseHclSync(`value = ${text}\n`, `-var ${name}`);
      const expr = parsed?.body.attributes[0]?.expr;
      try {
        if (!expr) throw new EvalError('not a valid value');
        value = evaluate(expr, constants);
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        diagnostics.push({ severity: 'error', code: 'tf-var-invalid', message: `-var ${name}: ${error.message}` });
        continue;
      }
    }
    values.set(name, { value });
  }
  return values;
}

/** A *.tfvars.json file: one JSON object, variable name → value. */
function readJsonVariables(
  text: string,
  file: string,
  config: ModuleConfig,
  values: Map<string, InputValue>,
  diagnostics: Diagnostic[],
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      code: 'tf-tfvars-json',
      message: `${file} is not valid JSON: ${(error as Error).message}`,
      location: { file, line: 1 },
    });
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    diagnostics.push({
      severity: 'error',
      code: 'tf-tfvars-json',
      message: `${file} must hold one JSON object of variable values`,
      location: { file, line: 1 },
    });
    return;
  }
  for (const [name, value] of Object.entries(parsed as Record<string, Value>)) {
    const at = text.indexOf(JSON.stringify(name));
    const location: SourceLocation = { file, line: at < 0 ? 1 : text.slice(0, at).split('\n').length };
    if (!config.variables.has(name)) {
      diagnostics.push({
        severity: 'warning',
        code: 'tf-tfvars-undeclared',
        message: `${file} sets "${name}", which no variable declares`,
        location,
      });
      continue;
    }
    values.set(name, { value, location });
  }
}
