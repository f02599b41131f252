// Local deployment of an environment into the emulator, for real:
//   npm run deploy:local -- <environment> [--destroy] [--var name=value]… [--no-build] [--verbose]
// - isolated-processing, payment-api, zero-trust: real Terraform and the real AWS provider (deploy-terraform.ts).
// - payment-files: the CloudFormation template, created through the emulator's CloudFormation API. The processor
//   package (the build's zip) is uploaded to a code bucket, the stack created, and the uploaded processor run
//   in-process on a sample file (moto cannot run Lambda containers here: no docker). It says which template
//   resources the emulator did not create and which declared settings it did not apply: nothing is reported as
//   deployed that was not.
// Either way cfn-outputs/flat-outputs.json holds the outputs and cfn-outputs/deployment.json says which deployment
// and which emulator they belong to, for the deployed suites (test/deployed/<environment>).
//
// Emulator: ENCLAVE_AWS_ENDPOINT (one that is already running), else the project's own, started if needed and
// left running, since a deployment lives exactly as long as it (emulator-service.ts; npm run emulator -- stop).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { buildFunction } from '../packaging/functions.ts';
import { LOCAL_REGION, type Emulator } from './emulator.ts';
import { clientConfigFor, emulatorAnswers, ensureEmulator, runningEmulator } from './emulator-service.ts';
import {
  TERRAFORM_ENVIRONMENTS,
  deployTerraform,
  destroyTerraform,
  forgetDeployment,
  writeDeploymentRecord,
} from './deploy-terraform.ts';
import { runFunctionInProcess } from './run-function.ts';
import { objectCreatedEvent } from './s3-events.ts';

export const projectRoot = new URL('../..', import.meta.url).pathname;
export const PAYMENT_FILES_TEMPLATE = join(projectRoot, 'infra', 'cloudformation', 'payment-files.json');
export const DEFAULT_OUTPUTS_FILE = join(projectRoot, 'cfn-outputs', 'flat-outputs.json');
const PROCESSOR_BUNDLE = join(projectRoot, 'dist', 'functions', 'processor');

export type ClientConfig = Emulator['clientConfig'];

/** What the emulator made of the template: nothing here is guessed, all of it is read back from the emulator. */
export interface EmulatorFidelity {
  /** Template resources the emulator's CloudFormation skipped (it has no implementation for the type). */
  notCreated: { logicalId: string; type: string }[];
  /** Settings the template declares that the emulator did not apply (read back through the service APIs). */
  notApplied: { logicalId: string; setting: string; declared: string; actual: string }[];
}

export interface DeployResult {
  stackName: string;
  stackStatus: string;
  outputs: Record<string, string>;
  created: { logicalId: string; type: string; physicalId: string }[];
  fidelity: EmulatorFidelity;
  code: { bucket: string; key: string; sha256: string; bytes: number; bundleDir: string };
  outputsFile: string;
}

export interface DeployOptions {
  clientConfig: ClientConfig;
  environmentSuffix?: string;
  outputsFile?: string;
  /** Run CORE's build first (default true). */
  build?: boolean;
  /** Where the processor bundle is built and read from (default dist/functions/processor). */
  bundleDir?: string;
  log?: (line: string) => void;
}

// ------------------------------------------------------------------------------------------------- packaging

/**
 * The processor's deployment package as the build writes it (src/packaging/functions.ts, the same code as
 * `npm run build`): `<bundleDir>.zip`, reproducible, so its hash names the code object. Builds first unless told not
 * to.
 */
export async function packageProcessor(
  options: { build?: boolean; bundleDir?: string; log?: (line: string) => void } = {},
): Promise<{ zip: Buffer; sha256: string; bundleDir: string }> {
  const bundleDir = options.bundleDir ?? PROCESSOR_BUNDLE;
  if (options.build ?? true) {
    options.log?.(`building the processor bundle into ${relative(projectRoot, bundleDir) || bundleDir}…`);
    await buildFunction('processor', bundleDir);
  }
  const zipFile = `${bundleDir}.zip`;
  if (!existsSync(join(bundleDir, 'index.mjs')) || !existsSync(zipFile)) {
    throw new Error(
      `no processor build at ${relative(projectRoot, bundleDir) || bundleDir}(.zip): run "npm run build"`,
    );
  }
  const zip = readFileSync(zipFile);
  return { zip, sha256: createHash('sha256').update(zip).digest('hex'), bundleDir };
}

// ------------------------------------------------------------------------------------------------- deploy

export function stackNameFor(suffix: string): string {
  return `payment-files-${suffix}`;
}

async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return out.Stacks?.[0];
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

async function waitForStack(
  cfn: CloudFormationClient,
  stackName: string,
  timeoutMs = 30 * 60_000,
): Promise<Stack | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = await describeStack(cfn, stackName);
    if (!stack?.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    if (Date.now() > deadline)
      throw new Error(`stack ${stackName} still ${stack.StackStatus} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function deployPaymentFiles(options: DeployOptions): Promise<DeployResult> {
  const log = options.log ?? (() => undefined);
  const suffix = options.environmentSuffix ?? 'local';
  const stackName = stackNameFor(suffix);
  const config = options.clientConfig;
  const outputsFile = options.outputsFile ?? DEFAULT_OUTPUTS_FILE;

  const packaged = await packageProcessor({
    ...(options.build === undefined ? {} : { build: options.build }),
    ...(options.bundleDir === undefined ? {} : { bundleDir: options.bundleDir }),
    log,
  });
  const account = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account ?? '000000000000';
  const s3 = new S3Client(config);
  const codeBucket = `payment-processing-code-${suffix}-${account}`;
  const codeKey = `processor/${packaged.sha256.slice(0, 16)}.zip`;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: codeBucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: codeBucket }));
  }
  await s3.send(new PutObjectCommand({ Bucket: codeBucket, Key: codeKey, Body: packaged.zip }));
  log(
    `uploaded processor bundle s3://${codeBucket}/${codeKey} (${packaged.zip.length} bytes, sha256 ${packaged.sha256.slice(0, 16)}…)`,
  );

  const cfn = new CloudFormationClient(config);
  if (await describeStack(cfn, stackName)) {
    log(`stack ${stackName} exists: deleting it first`);
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitForStack(cfn, stackName);
  }
  const templateBody = readFileSync(PAYMENT_FILES_TEMPLATE, 'utf8');
  const started = Date.now();
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: templateBody,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: [
        { ParameterKey: 'EnvironmentSuffix', ParameterValue: suffix },
        { ParameterKey: 'CodeS3Bucket', ParameterValue: codeBucket },
        { ParameterKey: 'CodeS3Key', ParameterValue: codeKey },
      ],
      Tags: [{ Key: 'Environment', Value: suffix }],
    }),
  );
  const stack = await waitForStack(cfn, stackName);
  const stackStatus = stack?.StackStatus ?? 'MISSING';
  log(`stack ${stackName}: ${stackStatus} in ${Date.now() - started} ms`);
  if (stackStatus !== 'CREATE_COMPLETE')
    throw new Error(`stack ${stackName} ended ${stackStatus}: ${stack?.StackStatusReason ?? ''}`);

  const outputs: Record<string, string> = {};
  for (const o of stack?.Outputs ?? [])
    if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  mkdirSync(dirname(outputsFile), { recursive: true });
  writeFileSync(outputsFile, JSON.stringify(outputs, null, 2) + '\n');

  const described = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const created = (described.StackResources ?? [])
    .filter((r) => r.LogicalResourceId && r.ResourceStatus === 'CREATE_COMPLETE')
    .map((r) => ({
      logicalId: r.LogicalResourceId!,
      type: r.ResourceType ?? '?',
      physicalId: r.PhysicalResourceId ?? '',
    }));
  const template = JSON.parse(templateBody) as { Resources: Record<string, { Type: string }> };
  const fidelity = await checkFidelity(config, template.Resources, created, outputs);
  return {
    stackName,
    stackStatus,
    outputs,
    created,
    fidelity,
    code: {
      bucket: codeBucket,
      key: codeKey,
      sha256: packaged.sha256,
      bytes: packaged.zip.length,
      bundleDir: packaged.bundleDir,
    },
    outputsFile,
  };
}

// ------------------------------------------------------------------------------------------------- fidelity

async function settle<T>(read: () => Promise<T>): Promise<T | Error> {
  try {
    return await read();
  } catch (error) {
    return error as Error;
  }
}

/**
 * Compares what the template declares with what the emulator holds: which resources exist in the stack, and, for
 * the security settings the tests rely on, what the service APIs return.
 */
export async function checkFidelity(
  config: ClientConfig,
  resources: Record<string, { Type: string }>,
  created: { logicalId: string }[],
  outputs: Record<string, string>,
): Promise<EmulatorFidelity> {
  const have = new Set(created.map((c) => c.logicalId));
  const notCreated = Object.entries(resources)
    .filter(([id]) => !have.has(id))
    .map(([logicalId, r]) => ({ logicalId, type: r.Type }));
  const notApplied: EmulatorFidelity['notApplied'] = [];
  const expect = (logicalId: string, setting: string, declared: string, actual: string | Error) => {
    const value = actual instanceof Error ? `error: ${actual.name}` : actual;
    if (value !== declared) notApplied.push({ logicalId, setting, declared, actual: value });
  };
  const s3 = new S3Client(config);
  for (const [logicalId, output] of [
    ['PaymentFilesBucket', 'PaymentFilesBucketName'],
    ['AuditLogsBucket', 'AuditLogsBucketName'],
  ] as const) {
    const bucket = outputs[output];
    if (!bucket) continue;
    const versioning = await settle(() => s3.send(new GetBucketVersioningCommand({ Bucket: bucket })));
    expect(
      logicalId,
      'VersioningConfiguration.Status',
      'Enabled',
      versioning instanceof Error ? versioning : String(versioning.Status ?? 'unset'),
    );
    const block = await settle(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
    const c = block instanceof Error ? undefined : block.PublicAccessBlockConfiguration;
    expect(
      logicalId,
      'PublicAccessBlockConfiguration',
      'all four blocks on',
      block instanceof Error
        ? block
        : c?.BlockPublicAcls && c.BlockPublicPolicy && c.IgnorePublicAcls && c.RestrictPublicBuckets
          ? 'all four blocks on'
          : 'not all on',
    );
    const policy = await settle(() => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(
      `${logicalId}Policy`,
      'bucket policy',
      'present',
      policy instanceof Error ? policy : policy.Policy ? 'present' : 'absent',
    );
  }
  const ddb = new DynamoDBClient(config);
  for (const [logicalId, output] of [
    ['JobsTable', 'JobsTableName'],
    ['AuditTable', 'AuditTableName'],
  ] as const) {
    const table = outputs[output];
    if (!table) continue;
    const described = await settle(() => ddb.send(new DescribeTableCommand({ TableName: table })));
    expect(
      logicalId,
      'SSESpecification',
      `KMS ${outputs.KmsKeyArn ?? ''}`,
      described instanceof Error
        ? described
        : `${described.Table?.SSEDescription?.SSEType ?? 'unset'} ${described.Table?.SSEDescription?.KMSMasterKeyArn ?? ''}`.trim(),
    );
    const backups = await settle(() => ddb.send(new DescribeContinuousBackupsCommand({ TableName: table })));
    expect(
      logicalId,
      'PointInTimeRecoverySpecification',
      'ENABLED',
      backups instanceof Error
        ? backups
        : String(
            backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ?? 'unset',
          ),
    );
  }
  if (outputs.KmsKeyId) {
    const rotation = await settle(() =>
      new KMSClient(config).send(new GetKeyRotationStatusCommand({ KeyId: outputs.KmsKeyId })),
    );
    expect(
      'EncryptionKey',
      'EnableKeyRotation',
      'true',
      rotation instanceof Error ? rotation : String(rotation.KeyRotationEnabled),
    );
  }
  if (outputs.ProcessorLogGroupName) {
    const groups = await settle(() =>
      new CloudWatchLogsClient(config).send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: outputs.ProcessorLogGroupName }),
      ),
    );
    const group =
      groups instanceof Error
        ? undefined
        : groups.logGroups?.find((g) => g.logGroupName === outputs.ProcessorLogGroupName);
    expect(
      'ProcessorLogGroup',
      'KmsKeyId',
      outputs.KmsKeyArn ?? '',
      groups instanceof Error ? groups : String(group?.kmsKeyId ?? 'unset'),
    );
    expect(
      'ProcessorLogGroup',
      'RetentionInDays',
      '30',
      groups instanceof Error ? groups : String(group?.retentionInDays ?? 'unset'),
    );
  }
  if (outputs.ProcessorFunctionName) {
    const fn = await settle(() =>
      new LambdaClient(config).send(
        new GetFunctionConfigurationCommand({ FunctionName: outputs.ProcessorFunctionName }),
      ),
    );
    expect(
      'ProcessorFunction',
      'KmsKeyArn',
      outputs.KmsKeyArn ?? '',
      fn instanceof Error ? fn : String(fn.KMSKeyArn ?? 'unset'),
    );
    expect(
      'ProcessorFunction',
      'VpcConfig.SubnetIds',
      outputs.PrivateSubnetIds ?? '',
      fn instanceof Error ? fn : [...(fn.VpcConfig?.SubnetIds ?? [])].join(','),
    );
  }
  if (outputs.TrailName) {
    const trail = await settle(() =>
      new CloudTrailClient(config).send(new GetTrailStatusCommand({ Name: outputs.TrailName })),
    );
    expect('Trail', 'IsLogging', 'true', trail instanceof Error ? trail : String(trail.IsLogging));
  }
  return { notCreated, notApplied };
}

// ------------------------------------------------------------------------------------------------- run

export interface ProcessorRun {
  result: unknown;
  environment: string[];
}

/**
 * Runs the uploaded processor bundle in this process with the deployed function's own environment (read back
 * from the emulator's Lambda), pointed at the emulator through the AWS SDK's standard AWS_ENDPOINT_URL.
 * The handler module keeps its clients for the life of the process, like a warm Lambda container.
 */
export async function runProcessorInProcess(
  config: ClientConfig,
  functionName: string,
  event: unknown,
  bundleDir: string = PROCESSOR_BUNDLE,
): Promise<ProcessorRun> {
  return runFunctionInProcess({ inspect: config, functionName, packageDir: bundleDir, event });
}

/** A small payment file of public test card numbers, one record deliberately invalid (failed Luhn check). */
export function samplePaymentFile(): string {
  const pans = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4111111111111112'];
  return (
    pans
      .map((pan, i) =>
        JSON.stringify({
          transaction_id: `txn-${String(i + 1).padStart(4, '0')}`,
          merchant_id: 'merchant-0001',
          pan,
          expiry: '12/30',
          amount_minor: 1000 + i * 250,
          currency: 'USD',
          timestamp: '2026-11-23T09:00:00Z',
        }),
      )
      .join('\n') + '\n'
  );
}

// ------------------------------------------------------------------------------------------------- CLI

export function printFidelity(fidelity: EmulatorFidelity, log: (line: string) => void): void {
  if (fidelity.notCreated.length === 0) log('emulator created every template resource');
  else {
    log(
      `emulator did NOT create ${fidelity.notCreated.length} template resource(s) (moto's CloudFormation has no implementation; it skips them):`,
    );
    for (const r of fidelity.notCreated) log(`  - ${r.logicalId} (${r.type})`);
  }
  if (fidelity.notApplied.length > 0) {
    log(
      `emulator did NOT apply ${fidelity.notApplied.length} declared setting(s) (read back through the service APIs):`,
    );
    for (const s of fidelity.notApplied)
      log(`  - ${s.logicalId}.${s.setting}: declared ${s.declared}, emulator has ${s.actual}`);
  }
}

/**
 * Packaging for a real account: build, zip, upload to an existing code bucket with the default AWS credential
 * chain, print the `aws cloudformation deploy` command that names the object.
 *   npx tsx src/local/deploy.ts package --code-bucket <bucket> [--suffix <s>] [--region us-east-1]
 */
async function packageForAccount(
  option: (name: string) => string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const bucket = option('code-bucket');
  if (!bucket)
    throw new Error(
      'usage: npx tsx src/local/deploy.ts package --code-bucket <bucket> [--suffix <s>] [--region us-east-1]',
    );
  const region = option('region') ?? 'us-east-1';
  const suffix = option('suffix') ?? 'dev';
  const packaged = await packageProcessor({ log });
  const key = `payment-files/processor-${packaged.sha256.slice(0, 16)}.zip`;
  await new S3Client({ region }).send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: packaged.zip, ServerSideEncryption: 'aws:kms' }),
  );
  log(`uploaded s3://${bucket}/${key} (${packaged.zip.length} bytes, sha256 ${packaged.sha256})`);
  log('deploy with:');
  log(
    `  aws cloudformation deploy --region ${region} --stack-name ${stackNameFor(suffix)} --template-file infra/cloudformation/payment-files.json ` +
      `--capabilities CAPABILITY_NAMED_IAM --parameter-overrides EnvironmentSuffix=${suffix} CodeS3Bucket=${bucket} CodeS3Key=${key}`,
  );
}

export interface DeployCommand {
  environment: string;
  destroy: boolean;
  build: boolean;
  verbose: boolean;
  variables: Record<string, string>;
  suffix: string;
}

const USAGE =
  'usage: npm run deploy:local -- <environment> [--destroy] [--var name=value]… [--no-build] [--verbose] [--suffix s]\n' +
  `  environments: ${[...Object.keys(TERRAFORM_ENVIRONMENTS), 'payment-files'].join(', ')}\n` +
  '  npm run deploy:local -- package --code-bucket <bucket> [--suffix s] [--region r]   (payment-files, for a real account)';

export function parseDeployArguments(argv: string[]): DeployCommand {
  const command: DeployCommand = {
    environment: '',
    destroy: false,
    build: true,
    verbose: false,
    variables: {},
    suffix: 'local',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--destroy') command.destroy = true;
    else if (arg === '--no-build') command.build = false;
    else if (arg === '--verbose') command.verbose = true;
    else if (arg === '--suffix') command.suffix = value();
    else if (arg === '--var') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--var takes name=value, got ${pair}`);
      command.variables[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (!command.environment) command.environment = arg;
    else throw new Error(`one environment at a time (got ${command.environment} and ${arg})\n${USAGE}`);
  }
  if (!command.environment) throw new Error(USAGE);
  if (command.environment !== 'payment-files' && !TERRAFORM_ENVIRONMENTS[command.environment]) {
    throw new Error(`unknown environment ${command.environment}\n${USAGE}`);
  }
  return command;
}

/** What the emulator does not check, said after every local deployment (the README has the full list). */
const EMULATOR_LIMITS = [
  'network: VPCs, subnets, routes, NAT, endpoints, security groups and NACLs exist as records only; the emulator routes',
  '         nothing, so reachability is proven by `npx enclave verify`, not here.',
  'Lambda:  functions are recorded, never run (no container runtime); the suites run each built package in-process',
  "         with the function's own environment.",
  "IAM:     off by default (any request is allowed); the deployed suites switch on moto's identity-policy checks to",
  '         prove separation of duties. Bucket, key, secret and topic policies are stored but never evaluated.',
];

const PAYMENT_FILES_STATE = join(projectRoot, '.enclave', 'deploy', 'payment-files', 'deployment.json');

/** Deletes every object version and delete marker in a bucket; returns how many. */
async function emptyBucket(s3: S3Client, Bucket: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }));
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId,
    }));
    if (objects.length === 0) return removed;
    await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects, Quiet: true } }));
    removed += objects.length;
  }
}

async function deployPaymentFilesCommand(command: DeployCommand, log: (line: string) => void): Promise<void> {
  if (command.destroy) {
    const recorded = existsSync(PAYMENT_FILES_STATE)
      ? (JSON.parse(readFileSync(PAYMENT_FILES_STATE, 'utf8')) as {
          endpoint: string;
          stackName: string;
          buckets?: string[];
          codeBucket?: string;
        })
      : undefined;
    if (!recorded) {
      forgetDeployment('payment-files');
      log('payment-files: no local deployment to destroy');
      return;
    }
    if (!(await emulatorAnswers(recorded.endpoint))) {
      rmSync(PAYMENT_FILES_STATE, { force: true });
      forgetDeployment('payment-files');
      log(
        `payment-files was deployed into ${recorded.endpoint}, which is no longer running: its resources went with it`,
      );
      return;
    }
    const config = clientConfigFor(recorded.endpoint);
    const cfn = new CloudFormationClient(config);
    const started = Date.now();
    // As the README's teardown says: CloudFormation cannot delete a bucket that holds objects, so both versioned
    // buckets are emptied (every version and delete marker) first; the code bucket deploy:local made goes too.
    const s3 = new S3Client(config);
    for (const bucket of [...(recorded.buckets ?? []), recorded.codeBucket].filter(
      (b): b is string => typeof b === 'string',
    )) {
      const removed = await emptyBucket(s3, bucket);
      log(`emptied ${bucket} (${removed} object versions)`);
      if (bucket === recorded.codeBucket) await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    }
    // moto's CloudFormation deletes a stack's resources without regard to their dependencies, within the DeleteStack
    // call itself: the VPC can come before what is in it, and the call fails with EC2's DependencyViolation after
    // deleting part of the stack. CloudFormation orders deletions; here the call is repeated until nothing is left.
    for (let attempt = 1; ; attempt++) {
      try {
        await cfn.send(new DeleteStackCommand({ StackName: recorded.stackName }));
        break;
      } catch (error) {
        if (attempt >= 5 || !/has dependencies|DependencyViolation/.test((error as Error).message)) throw error;
        log(
          `DeleteStack, attempt ${attempt}: ${(error as Error).message} (moto deletes out of dependency order); again`,
        );
      }
    }
    const left = await waitForStack(cfn, recorded.stackName);
    if (left && left.StackStatus !== 'DELETE_COMPLETE')
      throw new Error(`stack ${recorded.stackName} ended ${left.StackStatus}: ${left.StackStatusReason ?? ''}`);
    rmSync(PAYMENT_FILES_STATE, { force: true });
    forgetDeployment('payment-files');
    log(`destroy: ${((Date.now() - started) / 1000).toFixed(1)} s — stack ${recorded.stackName} deleted`);
    return;
  }
  const { endpoint } = await ensureEmulator(log);
  const clientConfig = clientConfigFor(endpoint);
  log(`emulator: ${endpoint}`);
  // Recorded before the stack exists, so --destroy can remove whatever a failed create leaves.
  forgetDeployment('payment-files');
  const stackName = stackNameFor(command.suffix);
  mkdirSync(dirname(PAYMENT_FILES_STATE), { recursive: true });
  writeFileSync(PAYMENT_FILES_STATE, JSON.stringify({ endpoint, stackName }, null, 2) + '\n');
  let deployed: DeployResult;
  try {
    deployed = await deployPaymentFiles({ clientConfig, environmentSuffix: command.suffix, build: command.build, log });
  } catch (error) {
    const left = await new CloudFormationClient(clientConfig)
      .send(new DescribeStackResourcesCommand({ StackName: stackName }))
      .then((out) =>
        (out.StackResources ?? []).filter(
          (r) => r.ResourceStatus?.endsWith('_COMPLETE') && !r.ResourceStatus.startsWith('DELETE'),
        ),
      )
      .catch(() => []);
    throw new Error(
      `${(error as Error).message}\n` +
        (left.length === 0
          ? 'nothing of the stack is left in the emulator'
          : `${left.length} resource(s) of stack ${stackName} are still in the emulator:\n${left.map((r) => `  - ${r.LogicalResourceId} (${r.ResourceType})`).join('\n')}\n` +
            'Remove them with: npm run deploy:local -- payment-files --destroy'),
    );
  }
  writeFileSync(
    PAYMENT_FILES_STATE,
    JSON.stringify(
      {
        endpoint,
        stackName: deployed.stackName,
        buckets: [deployed.outputs.PaymentFilesBucketName, deployed.outputs.AuditLogsBucketName],
        codeBucket: deployed.code.bucket,
      },
      null,
      2,
    ) + '\n',
  );
  writeDeploymentRecord({
    environment: 'payment-files',
    iac: 'cloudformation',
    target: 'emulator',
    endpoint,
    region: LOCAL_REGION,
    deployedAt: new Date().toISOString(),
  });
  log(`created ${deployed.created.length} resources; outputs → ${relative(process.cwd(), deployed.outputsFile)}`);
  printFidelity(deployed.fidelity, log);

  const bucket = deployed.outputs.PaymentFilesBucketName!;
  const key = `incoming/sample-${Date.now().toString(36)}.jsonl`; // base 36: a 13-digit timestamp passes Luhn one time in ten
  const body = samplePaymentFile();
  const s3 = new S3Client(clientConfig);
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: deployed.outputs.KmsKeyArn,
    }),
  );
  const run = await runProcessorInProcess(
    clientConfig,
    deployed.outputs.ProcessorFunctionName!,
    objectCreatedEvent(bucket, key, put.VersionId, body.length),
    deployed.code.bundleDir,
  );
  log(
    `processor run in-process on ${key}: ${JSON.stringify((run.result as { jobs?: { status?: string; counts?: unknown }[] }).jobs?.map((j) => ({ status: j.status, counts: j.counts })))}`,
  );
  const jobs = (run.result as { jobs?: { outputs?: { bucket: string; key: string }[] }[] }).jobs ?? [];
  const processedOut = jobs[0]?.outputs?.find((o) => o.key.startsWith('processed/'));
  if (processedOut) {
    const object = await s3.send(new GetObjectCommand({ Bucket: processedOut.bucket, Key: processedOut.key }));
    const first = JSON.parse((await object.Body!.transformToString()).split('\n')[0] ?? '{}') as {
      token?: string;
      pan_masked?: string;
    };
    log(
      `first processed record: pan_masked=${first.pan_masked} token=${first.token} (${object.ServerSideEncryption} under ${object.SSEKMSKeyId ?? 'the bucket key'})`,
    );
  }
}

async function deployTerraformCommand(command: DeployCommand, log: (line: string) => void): Promise<void> {
  const { environment } = command;
  if (command.destroy) {
    const running = process.env.ENCLAVE_AWS_ENDPOINT ?? (await runningEmulator())?.endpoint ?? '';
    const result = await destroyTerraform({ environment, endpoint: running, log, verbose: command.verbose });
    if (result.times.destroy !== undefined) log(`${environment} destroyed (${result.destroyed} resources)`);
    return;
  }
  if (command.build) {
    log('building the function packages (npm run build)…');
    for (const name of TERRAFORM_ENVIRONMENTS[environment]!.functions) await buildFunction(name);
  }
  const { endpoint } = await ensureEmulator(log);
  log(`emulator: ${endpoint}`);
  const deployed = await deployTerraform({
    environment,
    endpoint,
    variables: command.variables,
    log,
    verbose: command.verbose,
  });
  log(
    `outputs → ${relative(process.cwd(), deployed.outputsFile)} (${Object.keys(deployed.outputs).length}` +
      (deployed.sensitiveOutputs.length ? `, including the sensitive ${deployed.sensitiveOutputs.join(', ')}` : '') +
      ')',
  );
  log(
    `run its suite: node scripts/run-tests.mjs test/deployed/${environment}; tear it down: npm run deploy:local -- ${environment} --destroy`,
  );
}

async function main(argv: string[]): Promise<void> {
  const log = (line: string) => process.stdout.write(line + '\n');
  if (argv[0] === 'package') {
    const option = (name: string) => {
      const i = argv.indexOf(`--${name}`);
      return i >= 0 ? argv[i + 1] : undefined;
    };
    return packageForAccount(option, log);
  }
  const command = parseDeployArguments(argv);
  const started = Date.now();
  if (command.environment === 'payment-files') await deployPaymentFilesCommand(command, log);
  else await deployTerraformCommand(command, log);
  if (!command.destroy) for (const line of EMULATOR_LIMITS) log(line);
  log(
    `deploy:local ${command.environment}${command.destroy ? ' --destroy' : ''}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`deploy:local failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
