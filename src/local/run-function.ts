// Runs a deployed function's built package in this process: moto records Lambda functions but cannot run them
// here (no container runtime), so the handler the package exports is called with the deployed function's own
// environment (read back from the emulator's Lambda), its SDK clients pointed at the emulator through the SDK's
// standard AWS_ENDPOINT_URL, and the credentials given (the emulator's defaults, or a role's session when the
// emulator enforces IAM).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { EmulatorClientConfig } from './emulator-service.ts';

export interface FunctionRun {
  result: unknown;
  /** Names of the environment variables the deployed function has (values are not returned: they may be ARNs). */
  environment: string[];
}

export interface RunFunctionOptions {
  /** Reads the deployed function's configuration (an identity that may). */
  inspect: EmulatorClientConfig;
  functionName: string;
  /** The built package folder (dist/functions/<name>), whose index.mjs exports `handler`. */
  packageDir: string;
  event: unknown;
  /** Credentials the function runs with; default: inspect's. */
  credentials?: EmulatorClientConfig['credentials'];
  /** Variables set on top of the deployed environment (what the emulator cannot provide, e.g. a database host). */
  environmentOverrides?: Record<string, string>;
  /**
   * A fresh module instance (a cold start): its SDK clients pick up these credentials instead of reusing the ones
   * an earlier run cached. Default false: consecutive runs share the warm instance, as Lambda containers do.
   */
  coldStart?: boolean;
}

let instances = 0;

export async function runFunctionInProcess(options: RunFunctionOptions): Promise<FunctionRun> {
  const lambda = new LambdaClient(options.inspect);
  const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: options.functionName }));
  const variables = fn.Environment?.Variables ?? {};
  const credentials = options.credentials ?? options.inspect.credentials;
  Object.assign(process.env, variables, options.environmentOverrides ?? {}, {
    AWS_ENDPOINT_URL: options.inspect.endpoint,
    AWS_REGION: options.inspect.region,
    AWS_DEFAULT_REGION: options.inspect.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
  });
  if (credentials.sessionToken) process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
  else delete process.env.AWS_SESSION_TOKEN;
  const entry = join(options.packageDir, 'index.mjs');
  if (!existsSync(entry)) throw new Error(`no built package at ${options.packageDir}: run "npm run build"`);
  const url = pathToFileURL(entry).href + (options.coldStart ? `?instance=${++instances}` : '');
  const module = (await import(url)) as { handler?: unknown; default?: { handler?: unknown } };
  const handler = (module.handler ?? module.default?.handler) as
    | ((event: unknown, context: unknown) => Promise<unknown>)
    | undefined;
  if (typeof handler !== 'function') throw new Error(`${entry} exports no handler`);
  const context = {
    awsRequestId: `local-${Date.now().toString(36)}`,
    invokedFunctionArn: fn.FunctionArn ?? options.functionName,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(fn.MemorySize ?? 1024),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => (fn.Timeout ?? 300) * 1000,
  };
  return { result: await handler(options.event, context), environment: Object.keys(variables).sort() };
}
