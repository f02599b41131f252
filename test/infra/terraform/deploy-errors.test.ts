// deploy:local's bad-input paths, each with real Terraform where one is involved: a missing or stale build, no
// Terraform, no provider (the mirror lacks it, and neither mirror nor registry), no emulator, a variable without a
// value (nothing planned, nothing applied), and an apply that fails part-way (what it created is listed, and
// --destroy removes it). The working copies live in a temporary directory, never in .enclave/deploy.
// Without Terraform on the machine the Terraform cases are skipped, saying so; under CI=true they fail.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  MissingBuildError,
  MissingVariableError,
  PartialDeploymentError,
  checkBuild,
  deployTerraform,
  destroyTerraform,
} from '../../../src/local/deploy-terraform.ts';
import { startEmulator, freePort, type Emulator } from '../../../src/local/emulator.ts';
import { EmulatorNotRunningError, ensureEmulator } from '../../../src/local/emulator-service.ts';
import { TerraformSetupError, terraformSetup } from '../../../src/local/terraform.ts';
import { needsTerraform } from './needs-terraform.ts';

const scratch = mkdtempSync(join(tmpdir(), 'enclave-deploy-errors-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('deploy:local refuses bad input with a message that says what is missing', () => {
  it('a missing build', () => {
    const dist = join(scratch, 'empty-dist');
    mkdirSync(dist, { recursive: true });
    assert.throws(
      () => checkBuild('isolated-processing', dist),
      (error: Error) => {
        assert.ok(error instanceof MissingBuildError);
        assert.match(
          error.message,
          /^missing build: \S*processor\.zip is missing; \S*validator\.zip is missing\. Run "npm run build"/,
        );
        return true;
      },
    );
  });

  it('a build older than its contract', () => {
    const dist = join(scratch, 'stale-dist');
    mkdirSync(join(dist, 'compliance-scanner'), { recursive: true });
    writeFileSync(join(dist, 'compliance-scanner.zip'), 'PK');
    writeFileSync(join(dist, 'compliance-scanner', 'contract.json'), '{}');
    utimesSync(join(dist, 'compliance-scanner', 'contract.json'), new Date('2001-01-01'), new Date('2001-01-01'));
    assert.throws(
      () => checkBuild('zero-trust', dist),
      /compliance-scanner\.zip is older than src\/functions\/compliance-scanner\/contract\.ts/,
    );
  });

  it('no terraform on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(scratch, 'no-bin');
    try {
      await assert.rejects(
        terraformSetup(),
        (error: Error) =>
          error instanceof TerraformSetupError && /terraform is not installed \(not on PATH\)/.test(error.message),
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('no project CLI configuration', { skip: needsTerraform }, async () => {
    await assert.rejects(
      terraformSetup({ cliConfig: join(scratch, 'none.tfrc') }),
      /CLI configuration .*none\.tfrc is missing: run "npm run bootstrap"/,
    );
  });

  it('a provider mirror without the locked hashicorp/aws', { skip: needsTerraform }, async () => {
    const mirror = join(scratch, 'mirror');
    mkdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.1.0'), { recursive: true });
    const source = join(scratch, 'provider-source-mirror');
    writeFileSync(source, `mirror ${mirror}\n`);
    await assert.rejects(terraformSetup({ providerSourceFile: source }), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`no provider: the mirror ${mirror} has no hashicorp/aws 5\\.100\\.0 for linux_amd64`),
      );
      assert.match(error.message, /ENCLAVE_TF_PLUGIN_MIRROR/);
      return true;
    });
  });

  it('neither a mirror nor a reachable registry', { skip: needsTerraform }, async () => {
    const source = join(scratch, 'provider-source-registry');
    writeFileSync(source, 'registry registry.terraform.io\n');
    let probed = '';
    await assert.rejects(
      terraformSetup({
        providerSourceFile: source,
        probeRegistry: async (url) => {
          probed = url;
          throw new Error('getaddrinfo ENOTFOUND registry.terraform.io');
        },
      }),
      /no provider: there is no filesystem mirror .* and registry\.terraform\.io cannot be reached \(getaddrinfo ENOTFOUND registry\.terraform\.io\)/,
    );
    assert.equal(probed, 'https://registry.terraform.io/v1/providers/hashicorp/aws/5.100.0/download/linux/amd64');
  });

  it('an emulator that is not running', async () => {
    const saved = process.env.ENCLAVE_AWS_ENDPOINT;
    process.env.ENCLAVE_AWS_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
    try {
      await assert.rejects(
        ensureEmulator(),
        (error: Error) =>
          error instanceof EmulatorNotRunningError &&
          /no emulator answers at ENCLAVE_AWS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+/.test(error.message),
      );
    } finally {
      if (saved === undefined) delete process.env.ENCLAVE_AWS_ENDPOINT;
      else process.env.ENCLAVE_AWS_ENDPOINT = saved;
    }
  });
});

describe('deploy:local with real Terraform against the emulator', { skip: needsTerraform }, () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await emulator?.stop();
  });
  const vpcs = async () =>
    ((await new EC2Client(emulator.clientConfig).send(new DescribeVpcsCommand({}))).Vpcs ?? []).filter(
      (v) => !v.IsDefault,
    );

  it('a variable with no value: named, with how to pass it, and nothing planned or applied', {
    timeout: 300_000,
  }, async () => {
    const workRoot = join(scratch, 'missing-variable');
    await assert.rejects(
      deployTerraform({
        environment: 'payment-api',
        endpoint: emulator.endpoint,
        emulatorVariables: false,
        workRoot,
        outputsFile: join(workRoot, 'outputs.json'),
      }),
      (error: Error) => {
        assert.ok(error instanceof MissingVariableError, error.message);
        assert.match(
          error.message,
          /variable "external_id" of payment-api has no value, so nothing was planned or applied: pass it with --var external_id=<value>/,
        );
        return true;
      },
    );
    assert.deepEqual(await vpcs(), [], 'nothing was created');
  });

  it('an apply that fails part-way lists what it created, and --destroy removes it', { timeout: 600_000 }, async () => {
    const workRoot = join(scratch, 'partial');
    // A table of the stack's name already exists: CreateTable fails while the rest of the stack is created.
    await new DynamoDBClient(emulator.clientConfig).send(
      new CreateTableCommand({
        TableName: 'dynamodb-audit-dev',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'audit_id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'audit_id', KeyType: 'HASH' }],
      }),
    );
    let created: string[] = [];
    await assert.rejects(
      deployTerraform({
        environment: 'isolated-processing',
        endpoint: emulator.endpoint,
        workRoot,
        outputsFile: join(workRoot, 'outputs.json'),
      }),
      (error: Error) => {
        assert.ok(error instanceof PartialDeploymentError, error.message);
        assert.match(error.message, /terraform apply failed for isolated-processing/);
        assert.match(error.message, /ResourceInUseException|already exists/);
        assert.match(error.message, /\d+ resource\(s\) were created and are still in the emulator/);
        assert.match(error.message, /npm run deploy:local -- isolated-processing --destroy/);
        created = error.created;
        return true;
      },
    );
    assert.ok(
      created.includes('module.network.aws_vpc.this'),
      `the VPC is among what was created: ${created.join(', ')}`,
    );
    assert.ok(
      !created.some((r) => r.startsWith('data.') || r.includes('.data.')),
      'data sources are not counted as created',
    );
    assert.equal((await vpcs()).length, 1, 'the half-deployed VPC is really there');
    const destroyed = await destroyTerraform({
      environment: 'isolated-processing',
      endpoint: emulator.endpoint,
      workRoot,
    });
    assert.equal(destroyed.destroyed, created.length);
    assert.deepEqual(await vpcs(), [], 'destroy removed it');
  });
});
