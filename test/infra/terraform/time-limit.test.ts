// A terraform command that runs past its time limit is stopped, with its provider plugins, and says so with its last
// output: first with a stand-in process tree that ignores the interrupt, then with real Terraform, whose destroy of a
// VPC that moto holds a subnet in (one Terraform does not know of) would otherwise retry DependencyViolation for
// the provider's 20-minute delete timeout. Without Terraform on the machine the second is skipped, saying so; under
// CI=true it fails.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateSubnetCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { emulatorProviderEnvironment } from '../../../src/local/deploy-terraform.ts';
import { startEmulator } from '../../../src/local/emulator.ts';
import {
  TerraformTimeLimitError,
  runBounded,
  terraform,
  terraformOk,
  timeLimitMessage,
} from '../../../src/local/terraform.ts';
import { needsTerraform } from './needs-terraform.ts';

const scratch = mkdtempSync(join(tmpdir(), 'enclave-time-limit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Whether `pid` is still a running process. A killed process whose parent died too stays a zombie until whatever
 * adopted it reaps it, and in a container PID 1 may never do so; a zombie runs nothing, so it counts as gone (state Z
 * or X in /proc/<pid>/stat). SIGKILL is delivered asynchronously, so this waits up to two seconds for the state.
 */
async function alive(pid: number): Promise<boolean> {
  const running = () => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  };
  for (let waited = 0; waited < 2000 && running(); waited += 50) await new Promise((r) => setTimeout(r, 50));
  return running();
}

/** Processes whose working directory is `dir` (Linux /proc): what a stopped command may have left behind. */
function runningIn(dir: string): number[] {
  const pids = execFileSync('ps', ['-A', '-o', 'pid='], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
  return pids.filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === dir;
    } catch {
      return false;
    }
  });
}

describe('a command past its time limit is stopped, with everything it started', () => {
  it('one that ignores the interrupt is killed after the grace, its child too, and the result says so', async () => {
    // sh ignores SIGINT and so does its background child, as a command stuck past an interrupt would.
    const result = await runBounded('sh', ['-c', 'trap "" INT; sleep 300 & echo $!; wait'], {
      timeoutMs: 500,
      graceMs: 500,
    });
    const child = Number(result.stdout.trim());
    assert.ok(child > 0, `the stand-in printed its child's pid: ${result.stdout}`);
    assert.equal(result.timedOutAfterMs, 500);
    assert.equal(await alive(child), false, 'the child was killed with its parent');
    assert.match(
      timeLimitMessage('the stand-in', result),
      /^the stand-in did not finish within its 0\.5 s limit and was stopped \(interrupted, then its processes killed\)\. Its last output:\n\d+$/,
    );
  });

  it('one that finishes in time is left alone', async () => {
    const result = await runBounded('sh', ['-c', 'echo done'], { timeoutMs: 10_000, graceMs: 500 });
    assert.deepEqual([result.code, result.stdout, result.timedOutAfterMs], [0, 'done\n', undefined]);
  });

  it('real Terraform: a destroy the emulator can never finish is stopped at its limit, and no plugin is left', {
    skip: needsTerraform,
    timeout: 300_000,
  }, async () => {
    const emulator = await startEmulator();
    try {
      const root = join(scratch, 'stuck-destroy');
      execFileSync('mkdir', ['-p', root]);
      writeFileSync(
        join(root, 'main.tf'),
        [
          'terraform {',
          '  required_providers {',
          '    aws = { source = "hashicorp/aws", version = "5.100.0" }',
          '  }',
          '}',
          'provider "aws" {',
          '  region = "us-east-1"',
          '}',
          'resource "aws_vpc" "held" {',
          '  cidr_block = "10.50.0.0/16"',
          '}',
          '',
        ].join('\n'),
      );
      const env = emulatorProviderEnvironment(emulator.endpoint);
      await terraformOk(root, ['init', '-input=false', '-no-color'], { env, timeoutMs: 120_000 });
      await terraformOk(root, ['apply', '-auto-approve', '-input=false', '-no-color'], { env, timeoutMs: 120_000 });
      const ec2 = new EC2Client(emulator.clientConfig);
      const VpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find((v) => !v.IsDefault)!.VpcId!;
      await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.1.0/24' })); // Terraform does not know it

      const destroy = await terraform(root, ['destroy', '-auto-approve', '-input=false', '-no-color'], {
        env,
        timeoutMs: 20_000,
        graceMs: 15_000,
      });
      assert.equal(destroy.timedOutAfterMs, 20_000);
      const message = timeLimitMessage('terraform destroy for the test root', destroy);
      assert.match(message, /did not finish within its 20 s limit and was stopped/);
      assert.match(message, /aws_vpc\.held: (Destroying|Still destroying)/, 'the output says what it was waiting on');
      assert.deepEqual(runningIn(root), [], 'neither Terraform nor its provider plugin is still running');
      await assert.rejects(
        terraformOk(root, ['destroy', '-auto-approve', '-input=false', '-no-color'], {
          env,
          timeoutMs: 5_000,
          graceMs: 15_000,
        }),
        (error: Error) => {
          assert.ok(error instanceof TerraformTimeLimitError, error.message);
          assert.match(error.message, /^terraform destroy in \S+ did not finish within its 5 s limit/);
          return true;
        },
      );
      assert.deepEqual(runningIn(root), []);
    } finally {
      await emulator.stop();
    }
  });
});
