// Turns `terraform output -json` into cfn-outputs/flat-outputs.json: one flat JSON object, output name → value,
// the file every post-deployment test reads (the convention the CloudFormation environments get for free).
//
//   terraform -chdir=infra/terraform/stacks/<stack> output -json | npx tsx scripts/tf-outputs-to-flat.ts
//   npx tsx scripts/tf-outputs-to-flat.ts --input outputs.json --out cfn-outputs/flat-outputs.json
//   npx tsx scripts/tf-outputs-to-flat.ts --chdir infra/terraform/stacks/<stack>     (runs terraform itself)
//
// Strings, numbers and booleans are kept as they are; lists and maps stay JSON arrays and objects (tests read
// `private_subnet_ids` as an array), unless --stringify turns them into JSON text as CloudFormation outputs would
// be. Outputs marked sensitive are left out unless --include-sensitive is given, so a flat file can be shared
// with a test runner without carrying secrets.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FlatValue = string | number | boolean | null | FlatValue[] | { [key: string]: FlatValue };

export interface TerraformOutput {
  value: unknown;
  type?: unknown;
  sensitive?: boolean;
}

export interface FlattenOptions {
  includeSensitive?: boolean;
  stringify?: boolean;
}

export interface FlattenResult {
  outputs: Record<string, FlatValue>;
  /** Names of sensitive outputs left out. */
  omitted: string[];
}

/** `terraform output -json` is `{ name: { value, type, sensitive } }`; anything else is refused with the reason. */
export function flattenTerraformOutputs(json: unknown, options: FlattenOptions = {}): FlattenResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('expected the JSON object printed by `terraform output -json`');
  }
  const outputs: Record<string, FlatValue> = {};
  const omitted: string[] = [];
  for (const name of Object.keys(json).sort()) {
    const entry = (json as Record<string, unknown>)[name];
    if (typeof entry !== 'object' || entry === null || !('value' in entry)) {
      throw new Error(
        `output ${name} has no "value": is this \`terraform output -json\` (not \`terraform show -json\`)?`,
      );
    }
    const output = entry as TerraformOutput;
    if (output.sensitive === true && !options.includeSensitive) {
      omitted.push(name);
      continue;
    }
    const value = output.value as FlatValue;
    outputs[name] = options.stringify && typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  return { outputs, omitted };
}

interface Args {
  input?: string;
  chdir?: string;
  out: string;
  includeSensitive: boolean;
  stringify: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { out: 'cfn-outputs/flat-outputs.json', includeSensitive: false, stringify: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--input') args.input = next();
    else if (arg === '--chdir') args.chdir = next();
    else if (arg === '--out') args.out = next();
    else if (arg === '--include-sensitive') args.includeSensitive = true;
    else if (arg === '--stringify') args.stringify = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let text: string;
  if (args.input) text = readFileSync(args.input, 'utf8');
  else if (args.chdir)
    text = execFileSync('terraform', [`-chdir=${args.chdir}`, 'output', '-json'], { encoding: 'utf8' });
  else text = readFileSync(0, 'utf8');
  const { outputs, omitted } = flattenTerraformOutputs(JSON.parse(text), {
    includeSensitive: args.includeSensitive,
    stringify: args.stringify,
  });
  const out = resolve(args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(outputs, null, 2) + '\n');
  console.log(
    `wrote ${Object.keys(outputs).length} outputs to ${args.out}` +
      (omitted.length ? ` (left out sensitive: ${omitted.join(', ')})` : ''),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`tf-outputs-to-flat: ${(error as Error).message}`);
    process.exit(1);
  }
}
