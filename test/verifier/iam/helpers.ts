// Loads small inline CloudFormation templates through the real loader and model builder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCloudFormation } from '../../../src/verifier/load/cloudformation/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import type { Model } from '../../../src/verifier/model/model.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-iam-'));
let n = 0;

export async function cfnModel(
  resources: Record<string, unknown>,
  parameters: Record<string, unknown> = {},
): Promise<Model> {
  const file = join(dir, `t${n++}.json`);
  writeFileSync(
    file,
    JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Parameters: parameters, Resources: resources }, null, 2),
  );
  const stack = await loadCloudFormation(file);
  const errors = stack.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  return readModelContracts(buildModel(stack).model);
}

export const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
export const accountRoot = { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } };
export const lambdaTrust = doc({
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: 'sts:AssumeRole',
});
export const accountTrust = doc({ Effect: 'Allow', Principal: accountRoot, Action: 'sts:AssumeRole' });

export function role(trust: unknown, statements: unknown[], extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust,
      Policies: statements.length ? [{ PolicyName: 'p', PolicyDocument: doc(...statements) }] : [],
      ...extra,
    },
  };
}

export const rawBucket = { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'payments-raw-data' } };
export const auditTable = {
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    TableName: 'audit-records',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  },
};
export const dataKey = { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } };

/** Loads inline HCL (file name → text) through the real Terraform loader and the model builder. */
export async function tfModel(files: Record<string, string>): Promise<Model> {
  const { loadTerraform } = await import('../../../src/verifier/load/terraform/index.ts');
  const root = mkdtempSync(join(dir, 'tf-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const stack = await loadTerraform(root);
  const errors = stack.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  return readModelContracts(buildModel(stack).model);
}

import { readModelContracts } from '../helpers.ts';
export { analysisOf, evaluate, readModelContracts } from '../helpers.ts';
