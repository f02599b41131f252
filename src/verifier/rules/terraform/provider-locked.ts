// ENC-TF-001: a Terraform root pins the AWS provider it was verified with, in a committed .terraform.lock.hcl.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const providerLocked: Rule = {
  id: 'ENC-TF-001',
  title: 'The AWS provider version is pinned by a committed lock file',
  description: [
    'Without .terraform.lock.hcl, `terraform init` installs the newest hashicorp/aws release the required_providers constraints allow, on every machine and every day anew: the same code plans against a provider nobody reviewed, and an argument the stack needs may not exist in the oldest release the constraint admits (rotation_period_in_days on aws_kms_key needs a 2024 5.x release, while "~> 5.0" admits 5.0.0).',
    'With the lock file committed, init installs exactly the version (and checksums) it records, and an upgrade is a reviewed change to that file.',
    'Applies to Terraform roots; a CloudFormation template has no provider to pin.',
    'https://developer.hashicorp.com/terraform/language/files/dependency-lock',
  ].join(' '),
  service: 'terraform',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['6.3.2', '6.5.1'] },
  evaluate(model) {
    return resultOf(
      model.stacks.flatMap((stack): Check[] => {
        const provider = stack.providerSchema;
        if (!provider) return [];
        const written = (provider.constraints ?? [])
          .map((c) => `"${c.constraint}" (${c.location.file}:${c.location.line})`)
          .join(', ');
        const at = provider.constraints?.[0]?.location ?? { file: stack.root, line: 1 };
        const root = { address: stack.root, location: at };
        if (provider.lock) {
          return [
            check(
              'compliant',
              root,
              `${stack.root}: ${provider.lock.file} pins hashicorp/aws ${provider.lock.version}`,
              { file: provider.lock.file, line: 1 },
            ),
          ];
        }
        return [
          check(
            'non-compliant',
            root,
            `${stack.root} has no .terraform.lock.hcl pinning hashicorp/aws: terraform init installs whatever the constraints ${written || '(none: any version)'} allow on the day it runs; run terraform providers lock and commit the file`,
            at,
          ),
        ];
      }),
    );
  },
};
