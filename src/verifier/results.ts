// What a verification produces, for the reports and the CLI: per stack, what was loaded, the diagnostics, the model,
// the analyses, the pack's outcomes and the time each stage took. The reports import this, never the pipeline.
import type { Analysis } from './analysis/index.ts';
import type { Reachability, SubnetExposure } from './analysis/network/index.ts';
import type { Diagnostic, LoadedStack } from './load/types.ts';
import type { Model } from './model/model.ts';
import type { PackRun } from './rules/engine.ts';

export const TOOL = { name: 'enclave', version: '0.1.0' };

/** Milliseconds per stage of one stack (load includes reading the contracts its functions name). */
export interface StageTimes {
  load: number;
  validate: number;
  model: number;
  analysis: number;
  rules: number;
}

export interface StackVerification {
  path: string;
  dialect: LoadedStack['dialect'] | 'unknown';
  stack: LoadedStack | undefined;
  diagnostics: Diagnostic[];
  model: Model | undefined;
  analysis: Analysis | undefined;
  run: PackRun | undefined;
  network: Reachability[];
  /** Every subnet's way to the internet (direct, through a NAT, none), whatever runs in it. */
  subnets: SubnetExposure[];
  /** The separation-of-duties matrix, or why it could not be built. */
  iam: { matrix?: unknown; error?: string };
  /** An input could not be read or parsed at all (a loader said so): exit 2, not a finding. */
  unreadable: boolean;
  failed: boolean;
  timings: StageTimes;
}

export interface Verification {
  tool: typeof TOOL;
  generatedAt: string;
  stacks: StackVerification[];
  failed: boolean;
}
