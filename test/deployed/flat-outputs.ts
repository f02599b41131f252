// The outputs file a deployment leaves for the deployed suites (cfn-outputs/flat-outputs.json): its outputs, or why
// a suite cannot run (no file, or another environment's) with how to produce the right one.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FLAT_OUTPUTS_FILE = fileURLToPath(new URL('../../cfn-outputs/flat-outputs.json', import.meta.url));

export function readFlatOutputs(options: {
  /** The environment the suite checks, for the message when the file describes another. */
  environment: string;
  /** Outputs that only this environment has: any missing means the file is not its deployment. */
  required: readonly string[];
  /** How to deploy the environment and write the file. */
  how: string;
  file?: string;
}): { outputs: Record<string, unknown> } | { skip: string } {
  const file = options.file ?? FLAT_OUTPUTS_FILE;
  if (!existsSync(file)) return { skip: `no cfn-outputs/flat-outputs.json: ${options.how}` };
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const missing = options.required.filter((name) => outputs[name] === undefined || outputs[name] === null);
  if (missing.length > 0) {
    return { skip: `cfn-outputs/flat-outputs.json is not a ${options.environment} deployment (missing ${missing.join(', ')}): ${options.how}` };
  }
  return { outputs };
}
