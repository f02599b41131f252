import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, load, output } from './helpers.ts';

const VARIABLES = `
variable "env" {
  type    = string
  default = "dev"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "env must be dev or prod."
  }
}
variable "size" {
  type    = number
  default = 1
}
variable "zones" {
  type    = set(string)
  default = []
}
variable "settings" {
  type = object({
    name      = string
    retention = optional(number, 365)
    tags      = optional(map(string))
  })
  default = { name = "x", extra = "dropped" }
}
output "env"      { value = var.env }
output "size"     { value = var.size }
output "zones"    { value = var.zones }
output "settings" { value = var.settings }
`;

test('defaults, type conversion and optional() attributes with defaults', async () => {
  const stack = await load({ 'root/variables.tf': VARIABLES });
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'env'), 'dev');
  assert.deepEqual(output(stack, 'settings'), { name: 'x', retention: 365, tags: null });
});

test('terraform.tfvars, then *.auto.tfvars, then var files, then -var: the later wins; values convert to the type', async () => {
  const stack = await load(
    {
      'root/variables.tf': VARIABLES,
      'root/terraform.tfvars': 'env = "prod"\nsize = "3"\nzones = ["b", "a", "b"]\n',
      'root/z.auto.tfvars': 'size = 4\n',
      'extra.tfvars': 'settings = { name = "from-file", retention = 30 }\n',
    },
    { varFiles: ['extra.tfvars'], vars: { size: '5', settings: '{ name = "cli" }' } },
  );
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'env'), 'prod');
  assert.equal(output(stack, 'size'), 5);
  assert.deepEqual(output(stack, 'zones'), ['a', 'b']);
  assert.deepEqual(output(stack, 'settings'), { name: 'cli', retention: 365, tags: null });
  assert.deepEqual(
    stack.files.map((f) => f.path),
    ['root/variables.tf', 'root/terraform.tfvars', 'root/z.auto.tfvars', 'extra.tfvars'],
  );
});

test('a failing validation block is an error at the value that failed it; a wrong type is an error', async () => {
  const stack = await load({
    'root/variables.tf': VARIABLES,
    'root/terraform.tfvars': 'env = "staging"\nsize = "big"\n',
  });
  assert.deepEqual(
    errors(stack).map((d) => [d.code, d.location?.file, d.location?.line]),
    [
      ['tf-variable-validation', 'root/terraform.tfvars', 1],
      ['tf-variable-type', 'root/terraform.tfvars', 2],
    ],
  );
  assert.match(errors(stack)[0]!.message, /env must be dev or prod/);
});

test('an undeclared -var is an error; an undeclared tfvars entry a warning', async () => {
  const stack = await load(
    { 'root/variables.tf': VARIABLES, 'root/terraform.tfvars': 'nope = 1\n' },
    { vars: { other: 'x' } },
  );
  assert.deepEqual(
    errors(stack).map((d) => d.code),
    ['tf-var-undeclared'],
  );
  assert.ok(stack.diagnostics.some((d) => d.severity === 'warning' && d.code === 'tf-tfvars-undeclared'));
});

test('a validation may read another variable', async () => {
  const stack = await load({
    'root/variables.tf': `
variable "max" {
  type    = number
  default = 3
}
variable "count_wanted" {
  type    = number
  default = 5
  validation {
    condition     = var.count_wanted <= var.max
    error_message = "at most \${var.max}."
  }
}
`,
  });
  assert.deepEqual(
    errors(stack).map((d) => [d.code, d.message]),
    [['tf-variable-validation', 'var.count_wanted: at most 3.']],
  );
});

test('terraform.tfvars.json and *.auto.tfvars.json are read too, with the line of each value', async () => {
  const stack = await load({
    'root/variables.tf': VARIABLES,
    'root/terraform.tfvars.json': '{\n  "env": "prod",\n  "zones": ["b", "a"]\n}\n',
    'root/x.auto.tfvars.json': '{ "size": 9 }',
    'root/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = var.env\n}\n',
  });
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(stack.resources[0]!.locations['name'], { file: 'root/terraform.tfvars.json', line: 2 });
  assert.equal(output(stack, 'env'), 'prod');
  assert.deepEqual(output(stack, 'zones'), ['a', 'b']);
  assert.equal(output(stack, 'size'), 9);
});
