// A reference to one output of a module depends on that output only: Terraform evaluates a policy that names a
// module's bucket ARN before the module's bucket policy, which takes that policy as input. Taking the reference to
// mean "every output of the module" made a cycle that Terraform does not see.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, load, output } from './helpers.ts';

test('module outputs are separate nodes: a policy naming one output may feed another input of the same module', async () => {
  const stack = await load({
    'root/main.tf': `
module "bucket" {
  source = "./bucket"
  policy = data.aws_iam_policy_document.read.json
}
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${module.bucket.arn}/*"]
  }
}
output "policy_bucket" { value = module.bucket.policy_bucket }
`,
    'root/bucket/main.tf': `
variable "policy" { type = string }
resource "aws_s3_bucket" "this" {
  bucket = "b"
}
resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = var.policy
}
output "arn" { value = aws_s3_bucket.this.arn }
output "policy_bucket" { value = aws_s3_bucket_policy.this.bucket }
`,
  });
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(output(stack, 'policy_bucket'), {
    kind: 'unknown',
    address: 'module.bucket.aws_s3_bucket.this',
    attribute: 'id',
  });
});
