import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCloudFormation, type CloudFormationOptions } from '../../../../src/verifier/load/cloudformation/index.ts';
import type { LoadedStack, RawResource } from '../../../../src/verifier/load/types.ts';

/** Writes a template (object or raw text) to a temp file and loads it through the real loader. */
export async function loadInline(template: object | string, options: CloudFormationOptions = {}): Promise<LoadedStack> {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-cfn-'));
  const file = join(dir, 'template.json');
  await writeFile(file, typeof template === 'string' ? template : JSON.stringify(template, null, 2));
  return loadCloudFormation(file, { cwd: dir, ...options });
}

export function resource(stack: LoadedStack, id: string): RawResource {
  const found = stack.resources.find((r) => r.address === id);
  if (!found) throw new Error(`no resource ${id}; have ${stack.resources.map((r) => r.address).join(', ')}`);
  return found;
}

export function errors(stack: LoadedStack): string[] {
  return stack.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** A one-resource template whose single property P holds `value`, plus extra sections. */
export function withProperty(value: unknown, extra: Record<string, unknown> = {}): object {
  return {
    ...extra,
    Resources: {
      Other: { Type: 'AWS::SNS::Topic' },
      Subject: { Type: 'AWS::SSM::Parameter', Properties: { P: value } },
      ...((extra.Resources as object) ?? {}),
    },
  };
}
