// `enclave model <path> --format json`: the evaluated model, for people and tests.
import { buildModel } from '../../verifier/model/build.ts';
import { loadPath } from '../../verifier/verify.ts';
import { parseArgs, parseVars } from '../args.ts';
import { UsageError, type Io } from '../io.ts';

export interface ModelCommandOptions {
  cwd: string;
  path: string;
  vars: Record<string, string>;
  varFiles: string[];
}

export async function modelJson(options: ModelCommandOptions): Promise<{ json: string; failed: boolean }> {
  const stack = await loadPath(options.path, {
    cwd: options.cwd,
    ...(Object.keys(options.vars).length > 0 ? { vars: options.vars } : {}),
    ...(options.varFiles.length > 0 ? { varFiles: options.varFiles } : {}),
  });
  const { model, diagnostics } = buildModel(stack);
  const { stacks: _stacks, objects: _objects, identities: _identities, inventory: _inventory, ...services } = model;
  const json = JSON.stringify(
    {
      root: stack.root,
      dialect: stack.dialect,
      files: stack.files,
      diagnostics: [...stack.diagnostics, ...diagnostics],
      resources: stack.resources,
      ...services,
    },
    null,
    2,
  );
  return { json, failed: stack.diagnostics.some((d) => d.severity === 'error') };
}

export async function modelCommand(args: string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, { format: 'value', var: 'repeat', 'var-file': 'repeat' });
  if (positional.length !== 1) throw new UsageError('model needs exactly one path');
  const format = flags.get('format')?.[0] ?? 'json';
  if (format !== 'json') throw new UsageError('model supports --format json only');
  const { json, failed } = await modelJson({
    cwd: io.cwd,
    path: positional[0]!,
    vars: parseVars(flags.get('var') ?? []),
    varFiles: flags.get('var-file') ?? [],
  });
  io.stdout.write(`${json}\n`);
  return failed ? 1 : 0;
}
