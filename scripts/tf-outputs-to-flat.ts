// Writes cfn-outputs/flat-outputs.json from `terraform output -json` (src/local/flat-outputs.ts says how).
//
//   terraform -chdir=infra/terraform/stacks/<stack> output -json | npx tsx scripts/tf-outputs-to-flat.ts
//   npx tsx scripts/tf-outputs-to-flat.ts --input outputs.json --out cfn-outputs/flat-outputs.json
//   npx tsx scripts/tf-outputs-to-flat.ts --chdir infra/terraform/stacks/<stack>     (runs terraform itself)
//
// Outputs marked sensitive are left out unless --include-sensitive is given; --stringify writes lists and maps as
// JSON text, as CloudFormation outputs would be.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flattenTerraformOutputs } from '../src/local/flat-outputs.ts';

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
