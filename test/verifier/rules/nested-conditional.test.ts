// `a ? b : c ? d : e` is read as Terraform reads it, `a ? b : (c ? d : e)`: a key that does not rotate must not
// pass ENC-KMS-001 because a left-to-right reading picked the other branch (issue 17).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyRotationEnabled } from '../../../src/verifier/rules/kms/rotation-enabled.ts';
import { judge, tfModel } from '../helpers.ts';

const KEY = `
variable "customer_managed" {
  type    = bool
  default = true
}
variable "rotate" {
  type    = bool
  default = false
}
variable "imported" {
  type    = bool
  default = false
}
resource "aws_kms_key" "k" {
  # Terraform: customer_managed ? rotate : (imported ? false : true) = rotate = false.
  # Left to right it would be (customer_managed ? rotate : imported) ? false : true = true.
  enable_key_rotation = var.customer_managed ? var.rotate : var.imported ? false : true
}
`;

test('a nested conditional deciding key rotation: the key that does not rotate fails ENC-KMS-001', async () => {
  const result = judge(keyRotationEnabled, await tfModel(KEY));
  assert.equal(result.verdict, 'non-compliant', result.messages);
});

test('the same conditional where Terraform picks rotation passes', async () => {
  const result = judge(keyRotationEnabled, await tfModel(KEY, { rotate: 'true' }));
  assert.equal(result.verdict, 'compliant', result.messages);
});
