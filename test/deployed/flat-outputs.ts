// The deployment a deployed suite checks: the outputs file a deployment leaves (cfn-outputs/flat-outputs.json) and,
// when `npm run deploy:local` made it, the record beside it (cfn-outputs/deployment.json) naming the emulator it
// lives in. Without a matching deployment a suite is skipped with how to make one, except under CI=true, where it
// fails: in CI a suite that cannot run is an error, never a silent skip.
import { existsSync, readFileSync } from 'node:fs';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { fileURLToPath } from 'node:url';
import { clientConfigFor, emulatorAnswers, type EmulatorClientConfig } from '../../src/local/emulator-service.ts';

export const FLAT_OUTPUTS_FILE = fileURLToPath(new URL('../../cfn-outputs/flat-outputs.json', import.meta.url));
export const DEPLOYMENT_RECORD_FILE = fileURLToPath(new URL('../../cfn-outputs/deployment.json', import.meta.url));

/** A suite that cannot run: skipped with the reason, or, under CI=true, an error. */
function cannotRun(reason: string): { skip: string } {
  if (process.env.CI === 'true') throw new Error(`deployed suite cannot run under CI=true: ${reason}`);
  return { skip: reason };
}

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
  if (!existsSync(file)) return cannotRun(`no cfn-outputs/flat-outputs.json: ${options.how}`);
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const missing = options.required.filter((name) => outputs[name] === undefined || outputs[name] === null);
  if (missing.length > 0) {
    return cannotRun(
      `cfn-outputs/flat-outputs.json is not a ${options.environment} deployment (missing ${missing.join(', ')}): ${options.how}`,
    );
  }
  return { outputs };
}

export interface DeployedTarget {
  outputs: Record<string, unknown>;
  /** Client configuration for the AWS SDK: the emulator's endpoint and credentials, or a real account's region. */
  config: EmulatorClientConfig | { region: string };
  /** Present when the deployment lives in the local emulator (npm run deploy:local). */
  emulator?: { endpoint: string };
}

/**
 * The deployment to check. An emulator deployment is found through cfn-outputs/deployment.json (or
 * ENCLAVE_AWS_ENDPOINT); its emulator must still be running, since moto keeps everything in memory. Without such a
 * record the outputs describe a real account, reached with the default credential chain in `region`.
 */
export async function deployedTarget(options: {
  environment: string;
  required: readonly string[];
  how: string;
  /** The real account's region, from the outputs. */
  region: (outputs: Record<string, unknown>) => string;
  file?: string;
  recordFile?: string;
}): Promise<{ target: DeployedTarget } | { skip: string }> {
  const read = readFlatOutputs(options);
  if ('skip' in read) return read;
  const recordFile = options.recordFile ?? DEPLOYMENT_RECORD_FILE;
  const record = existsSync(recordFile)
    ? (JSON.parse(readFileSync(recordFile, 'utf8')) as { environment?: string; endpoint?: string })
    : undefined;
  const endpoint =
    process.env.ENCLAVE_AWS_ENDPOINT ?? (record?.environment === options.environment ? record.endpoint : undefined);
  if (!endpoint) return { target: { outputs: read.outputs, config: { region: options.region(read.outputs) } } };
  if (!(await emulatorAnswers(endpoint))) {
    return cannotRun(
      `the ${options.environment} deployment in cfn-outputs/ lived in the emulator at ${endpoint}, which is not running (moto keeps everything in memory): ${options.how}`,
    );
  }
  return { target: { outputs: read.outputs, config: clientConfigFor(endpoint), emulator: { endpoint } } };
}

/** How to make a local deployment of `environment` for its suite. */
export function deployLocally(environment: string): string {
  return `run \`npm run deploy:local -- ${environment}\` (the emulator), or deploy to an account and write its outputs there (the environment's README)`;
}

/**
 * A CloudWatch client for the target. The SDK speaks JSON 1.0 to CloudWatch; moto 5.2.5 answers CloudWatch only in
 * its query protocol (same API, same answers), so on the emulator the client is told to use that.
 */
export function cloudWatchClient(target: DeployedTarget): CloudWatchClient {
  return new CloudWatchClient(target.emulator ? { ...target.config, protocol: AwsQueryProtocol } : target.config);
}
