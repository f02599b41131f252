// What a verification produces, for the reports and the CLI: per stack, what was loaded, the diagnostics, the model,
// the analyses, the pack's outcomes and the time each stage took. The reports import this, never the pipeline.
import type { Analysis } from './analysis/index.ts';
import type { Reachability, SubnetExposure } from './analysis/network/index.ts';
import type { Diagnostic, LoadedStack } from './load/types.ts';
import type { Model } from './model/model.ts';
import type { PackRun } from './rules/engine.ts';
// The published package says what this tool is called and where it lives; the bundle carries it (esbuild inlines
// the JSON), so `enclave --version` and every report name the version that was installed.
import cliPackage from '../../packages/cli/package.json' with { type: 'json' };

export interface PackageManifest {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

export interface Tool {
  name: string;
  version: string;
  /** Where people read about the tool: the package's homepage or repository, only when it declares one. */
  informationUri?: string;
}

export function toolFrom(manifest: PackageManifest): Tool {
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const uri = manifest.homepage ?? repository?.replace(/^git\+/, '').replace(/\.git$/, '');
  return {
    name: 'enclave',
    version: manifest.version,
    ...(uri && /^https:\/\//.test(uri) ? { informationUri: uri } : {}),
  };
}

export const TOOL: Tool = toolFrom(cliPackage);

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
