// `enclave verify <path>... [--format] [--out] [--var k=v] [--var-file f]`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORMATS, render, type Format } from '../../verifier/report/index.ts';
import { clock } from '../../verifier/clock.ts';
import { verify } from '../../verifier/verify.ts';
import { parseArgs, parseVars } from '../args.ts';
import { UsageError, type Io } from '../io.ts';

export interface VerifyCommandOptions {
  cwd: string;
  paths: string[];
  format: Format;
  out?: string;
  vars: Record<string, string>;
  varFiles: string[];
  now?: Date;
  /** Print the time each stage took to stderr. */
  timings?: boolean;
  /**
   * Directories holding the function contracts (dist/functions or src/functions), instead of the stack's repository.
   */
  contracts?: string[];
  /** `terraform show -json` of a plan of the one Terraform directory verified. */
  plan?: string;
}

export function verifyOptions(args: string[], cwd: string): VerifyCommandOptions {
  const timings = args.includes('--timings');
  const { positional, flags } = parseArgs(
    args.filter((a) => a !== '--timings'),
    { format: 'value', out: 'value', var: 'repeat', 'var-file': 'repeat', contracts: 'repeat', plan: 'value' },
  );
  if (positional.length === 0)
    throw new UsageError('verify needs at least one path (a Terraform directory or a CloudFormation template)');
  const format = (flags.get('format')?.[0] ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const options: VerifyCommandOptions = {
    cwd,
    paths: positional,
    format,
    vars: parseVars(flags.get('var') ?? []),
    varFiles: flags.get('var-file') ?? [],
  };
  const out = flags.get('out')?.[0];
  if (out !== undefined) options.out = out;
  if (timings) options.timings = true;
  const contracts = flags.get('contracts');
  if (contracts) options.contracts = contracts;
  const plan = flags.get('plan')?.[0];
  if (plan !== undefined) {
    if (positional.length !== 1)
      throw new UsageError('--plan goes with exactly one path: the Terraform root module the plan was made from');
    options.plan = plan;
  }
  return options;
}

/** Runs the verification and writes the report; returns the exit code (0 clean, 1 findings, 2 unreadable input). */
export async function runVerify(options: VerifyCommandOptions, io: Io): Promise<number> {
  // The clock counts from the process start: what it took to get here is the start-up.
  const startup = clock();
  const verification = await verify(options.paths, {
    cwd: options.cwd,
    ...(Object.keys(options.vars).length > 0 ? { vars: options.vars } : {}),
    ...(options.varFiles.length > 0 ? { varFiles: options.varFiles } : {}),
    ...(options.contracts ? { contracts: options.contracts } : {}),
    ...(options.plan ? { plan: options.plan } : {}),
    iamMatrix: options.format === 'html' || options.format === 'json',
    ...(options.now ? { now: options.now } : {}),
  });
  const t = clock();
  const report = render(options.format, verification);
  if (options.out) {
    writeFileSync(resolve(options.cwd, options.out), report);
    io.stderr.write(`enclave verify: ${verification.failed ? 'FAILED' : 'PASSED'}; report written to ${options.out}\n`);
  } else io.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
  const reportMs = clock() - t;
  if (options.timings) {
    for (const s of verification.stacks) {
      const stages = Object.entries(s.timings)
        .map(([stage, ms]) => `${stage}=${ms.toFixed(1)}`)
        .join(' ');
      io.stderr.write(
        `enclave timings ${s.path}: startup=${startup.toFixed(1)} ${stages} report=${(reportMs / verification.stacks.length).toFixed(1)} (ms)\n`,
      );
    }
  }
  // An input that could not be read or parsed at all is a usage-level failure (exit 2), not a finding.
  return verification.stacks.some((st) => st.unreadable) ? 2 : verification.failed ? 1 : 0;
}

export async function verifyCommand(args: string[], io: Io): Promise<number> {
  return runVerify(verifyOptions(args, io.cwd), io);
}
