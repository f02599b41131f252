// Which AWS provider a configuration will run with, decided as `terraform init` decides: the version pinned in the
// root module's .terraform.lock.hcl, else the newest version every `required_providers` constraint of every module
// allows. The loader knows two: 5.100.0 (the last 5.x) and 6.25.0, and validates against that one's schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, LoadedStack } from '../types.ts';
import type { Expr } from './ast.ts';
import type { ModuleConfig } from './config.ts';
import { parseHclSync } from './parse.ts';

export const KNOWN_AWS_VERSIONS = [
  { version: '6.25.0', major: 6 },
  { version: '5.100.0', major: 5 },
] as const;

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Terraform's version constraint syntax: `>= 5.0, < 6.0`, `~> 5.46`, `5.100.0`, `!= 5.1.0`. Undefined when unreadable.
 */
export function allows(constraint: string, version: string): boolean | undefined {
  const v = parseVersion(version)!;
  for (const part of constraint
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/.exec(part);
    const bound = match ? parseVersion(match[2]!) : undefined;
    if (!match || !bound) return undefined;
    const op = match[1] ?? '=';
    const c = compare(v, bound);
    let ok: boolean;
    switch (op) {
      case '=':
        ok = c === 0;
        break;
      case '!=':
        ok = c !== 0;
        break;
      case '>':
        ok = c > 0;
        break;
      case '>=':
        ok = c >= 0;
        break;
      case '<':
        ok = c < 0;
        break;
      case '<=':
        ok = c <= 0;
        break;
      default: {
        // ~> x.y allows >= x.y and < (x+1).0; ~> x.y.z allows >= x.y.z and < x.(y+1).0.
        const segments = match[2]!.split('.').length;
        const upper: Version = segments >= 3 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
        ok = c >= 0 && compare(v, upper) < 0;
      }
    }
    if (!ok) return false;
  }
  return true;
}

function literalString(expr: Expr | undefined): string | undefined {
  return expr?.t === 'literal' && typeof expr.value === 'string' ? expr.value : undefined;
}

/** `aws = { source = "hashicorp/aws", version = "~> 5.0" }` (or the legacy `aws = "~> 5.0"`) in every module. */
function awsConstraints(configs: Iterable<ModuleConfig>): { constraint: string; file: string; line: number }[] {
  const out: { constraint: string; file: string; line: number }[] = [];
  for (const config of configs) {
    for (const { block, file } of config.terraformBlocks) {
      for (const required of block.body.blocks.filter((b) => b.type === 'required_providers')) {
        for (const attribute of required.body.attributes) {
          const expr = attribute.expr;
          let source: string | undefined;
          let version: string | undefined;
          if (expr.t === 'object') {
            for (const item of expr.items) {
              const key = literalString(item.key);
              if (key === 'source') source = literalString(item.value);
              if (key === 'version') version = literalString(item.value);
            }
          } else version = literalString(expr);
          const isAws = source
            ? /^(registry\.terraform\.io\/)?hashicorp\/aws$/i.test(source)
            : attribute.name === 'aws';
          if (isAws && version) out.push({ constraint: version, file: attribute.file ?? file, line: attribute.line });
        }
      }
    }
  }
  return out;
}

/** The AWS provider version .terraform.lock.hcl pins, if the root module has one. */
function lockedVersion(
  rootDir: string,
  display: (absolute: string) => string,
): { version: string; file: string } | undefined {
  const absolute = join(rootDir, '.terraform.lock.hcl');
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
  const { parsed } = parseHclSync(text, display(absolute));
  for (const block of parsed?.body.blocks ?? []) {
    if (block.type !== 'provider' || !/^registry\.terraform\.io\/hashicorp\/aws$/i.test(block.labels[0] ?? ''))
      continue;
    const version = literalString(block.body.attributes.find((a) => a.name === 'version')?.expr);
    if (version) return { version, file: display(absolute) };
  }
  return undefined;
}

/** The schema, and what pins the provider: the lock file's version, and the constraints written in every module. */
export function chooseProviderSchema(
  rootDir: string,
  configs: Iterable<ModuleConfig>,
  display: (absolute: string) => string,
  diagnostics: Diagnostic[],
): NonNullable<LoadedStack['providerSchema']> {
  const list = [...configs];
  const locked = lockedVersion(rootDir, display);
  const constraints = awsConstraints(list).map((c) => ({
    constraint: c.constraint,
    location: { file: c.file, line: c.line },
  }));
  return { ...schemaFor(locked, list, diagnostics), ...(locked ? { lock: locked } : {}), constraints };
}

function schemaFor(
  locked: { version: string; file: string } | undefined,
  configs: ModuleConfig[],
  diagnostics: Diagnostic[],
): Pick<NonNullable<LoadedStack['providerSchema']>, 'provider' | 'version' | 'major' | 'reason'> {
  if (locked) {
    const major = parseVersion(locked.version)?.[0];
    const known = KNOWN_AWS_VERSIONS.find((k) => k.major === major);
    if (known)
      return {
        provider: 'aws',
        version: known.version,
        major: known.major,
        reason: `${locked.file} pins hashicorp/aws ${locked.version}`,
      };
    diagnostics.push({
      severity: 'warning',
      code: 'tf-provider-version-unknown',
      message: `${locked.file} pins hashicorp/aws ${locked.version}; Enclave knows the schemas of 5.100.0 and 6.25.0 only, and validates against 5.100.0`,
      location: { file: locked.file, line: 1 },
    });
    return {
      provider: 'aws',
      version: '5.100.0',
      major: 5,
      reason: `${locked.file} pins ${locked.version}, whose schema is not known; the nearest known is used`,
    };
  }
  const constraints = awsConstraints(configs);
  if (constraints.length === 0)
    return {
      provider: 'aws',
      version: '6.25.0',
      major: 6,
      reason: 'no version constraint: terraform init would install the newest provider',
    };
  for (const known of KNOWN_AWS_VERSIONS) {
    if (constraints.every(({ constraint }) => allows(constraint, known.version) !== false)) {
      const listed = [...new Set(constraints.map((c) => c.constraint))].join('", "');
      return {
        provider: 'aws',
        version: known.version,
        major: known.major,
        reason: `the newest version the required_providers constraints ("${listed}") allow`,
      };
    }
  }
  const listed = constraints.map((c) => `"${c.constraint}" (${c.file})`).join(', ');
  diagnostics.push({
    severity: 'warning',
    code: 'tf-provider-version-unknown',
    message: `the hashicorp/aws constraints ${listed} allow neither 5.100.0 nor 6.25.0, the versions whose schemas Enclave knows; validated against 5.100.0`,
  });
  return {
    provider: 'aws',
    version: '5.100.0',
    major: 5,
    reason: 'the constraints allow no version whose schema is known; the nearest known is used',
  };
}
