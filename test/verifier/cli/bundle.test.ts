// The bundled CLI stands on its own: built into a directory of its own, it verifies a Terraform module and a
// CloudFormation template with only the files beside it (grammar, schemas, IAM catalogue), the same as the sources do.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { main as fromSources } from '../../../src/cli/main.ts';

function io(cwd: string) {
  const out: string[] = [];
  return { io: { cwd, stdout: { write: (s: string) => (out.push(s), true) }, stderr: { write: () => true } }, out };
}

test('the bundle, built elsewhere, verifies Terraform and CloudFormation exactly as the sources do', async () => {
  const { buildCli } = (await import(pathToFileURL(join(process.cwd(), 'packages/cli/build.mjs')).href)) as {
    buildCli: (out: string) => Promise<{ bundle: string }>;
  };
  const out = await mkdtemp(join(tmpdir(), 'enclave-bundle-'));
  const { bundle } = await buildCli(out);
  const { main } = (await import(pathToFileURL(bundle).href)) as { main: typeof fromSources };
  const work = await mkdtemp(join(tmpdir(), 'enclave-bundle-work-'));
  await writeFile(
    join(work, 'main.tf'),
    'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\nresource "aws_s3_bucket" "b" { bucket = "payments-raw" }\n',
  );
  await writeFile(
    join(work, 't.json'),
    JSON.stringify({
      Resources: {
        K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, Tags: [{ Key: 'Name', Value: 'k' }] } },
        B: { Type: 'AWS::S3::Bucket', Properties: { BucketNam: 'x' } },
      },
    }),
  );
  for (const args of [
    ['verify', '.', '--format', 'json'],
    ['verify', 't.json', '--format', 'json'],
  ]) {
    const bundled = io(work);
    const sources = io(work);
    const codes = [await main(args, bundled.io), await fromSources(args, sources.io)];
    assert.equal(codes[0], codes[1], args.join(' '));
    const strip = (text: string) =>
      JSON.parse(text, (key, value) => (key === 'generatedAt' ? undefined : value)) as unknown;
    assert.deepEqual(strip(bundled.out.join('')), strip(sources.out.join('')), args.join(' '));
  }
  // The template's misspelt property is caught through the schema database beside the bundle.
  const r = io(work);
  assert.equal(await main(['verify', 't.json'], r.io), 1);
  assert.match(r.out.join(''), /cfn-unknown-property/);
});
