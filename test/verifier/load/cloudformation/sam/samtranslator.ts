// Expands a SAM template with AWS's own translator (the aws-sam-translator Python package, in the project .venv
// when installed) and summarises what it makes: each resource's type and logical id (without SAM's hash suffixes),
// and each generated role's managed policies and allowed actions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const PYTHON = new URL('../../../../../.venv/bin/python', import.meta.url).pathname;

const SCRIPT = `
import json, sys
from samtranslator.translator.transform import transform
class Loader:
    def load(self): return {}
print(json.dumps(transform(json.load(sys.stdin), {}, Loader())))
`;

export interface SamSummary {
  resources: string[];
  roles: Record<string, { managed: string[]; actions: string[] }>;
}

export function samTranslatorPresent(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import samtranslator'], { stdio: 'ignore' }).status === 0;
}

/** CloudFormation YAML read only far enough to hand it to the translator (short forms become long forms). */
function readTemplate(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text);
  const tags = [
    'Ref',
    'Sub',
    'GetAtt',
    'Join',
    'Select',
    'Split',
    'If',
    'Equals',
    'Not',
    'And',
    'Or',
    'FindInMap',
    'Base64',
    'ImportValue',
    'GetAZs',
  ].flatMap((name) =>
    (['scalar', 'seq', 'map'] as const).map((collection) => ({
      tag: `!${name}`,
      ...(collection === 'scalar' ? {} : { collection }),
      resolve: (value: unknown) => {
        const raw =
          value && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
        if (name === 'Ref') return { Ref: raw };
        if (name === 'GetAtt' && typeof raw === 'string') return { 'Fn::GetAtt': raw.split('.') };
        return { [`Fn::${name}`]: raw };
      },
    })),
  );
  return parse(text, { customTags: tags as never });
}

export function translate(path: string): SamSummary {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify(readTemplate(path)),
    encoding: 'utf8',
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
  });
  if (run.status !== 0) throw new Error(`samtranslator failed on ${path}: ${run.stderr}`);
  const template = JSON.parse(run.stdout) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  return summarise(
    Object.entries(template.Resources).map(([id, r]) => ({ id, type: r.Type, properties: r.Properties ?? {} })),
  );
}

/** SAM appends a 10-hex-digit hash to versions, layers and deployments; the loader does not. */
export const withoutHash = (id: string) => id.replace(/[0-9a-f]{10}$/, '');

export function summarise(resources: { id: string; type: string; properties: Record<string, unknown> }[]): SamSummary {
  const roles: SamSummary['roles'] = {};
  for (const r of resources) {
    if (r.type !== 'AWS::IAM::Role') continue;
    const managed = ((r.properties['ManagedPolicyArns'] as unknown[]) ?? [])
      .map((arn) => (typeof arn === 'string' ? arn : JSON.stringify(arn)).replace(/^.*:policy\//, ''))
      .sort();
    const actions = new Set<string>();
    for (const policy of (r.properties['Policies'] as { PolicyDocument: { Statement: { Action: unknown }[] } }[]) ??
      []) {
      for (const statement of policy.PolicyDocument.Statement)
        for (const action of [statement.Action].flat()) if (typeof action === 'string') actions.add(action);
    }
    roles[r.id] = { managed, actions: [...actions].sort() };
  }
  return { resources: resources.map((r) => `${r.type} ${withoutHash(r.id)}`).sort(), roles };
}
