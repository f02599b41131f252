// ENC-LAMBDA-008: destroying a VPC function does not leave its security groups held by Lambda's network interfaces.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const functionReleasesSecurityGroups: Rule = {
  id: 'ENC-LAMBDA-008',
  title: 'VPC functions hand back their security groups before they are destroyed',
  description:
    "A function in a VPC reaches it through Hyperplane network interfaces that Lambda owns and deletes on its own schedule after the function is gone (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html). Until they go, the function's security groups and subnets cannot be deleted: Terraform's deletes of them wait on DependencyViolation up to their timeouts, and a destroy on a busy account can stop part-way. With replace_security_groups_on_destroy the AWS provider (5.50 and later, re-implemented in hashicorp/terraform-provider-aws#37624) first moves the function to the VPC's default security group (or replacement_security_group_ids), waits for Lambda to apply it, then deletes the function, so the stack's own groups are free at once; the subnets still wait for the interfaces. How long Lambda keeps them is not documented. CloudFormation has no such property and waits for Lambda to delete the interfaces before it deletes the VPC resources (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-vpcconfig.html): not applicable there.",
  service: 'lambda',
  severity: 'low',
  controls: { 'pci-dss-4.0.1': ['6.5.1'] },
  evaluate(model) {
    return resultOf(
      model.functions.flatMap((f): Check[] => {
        const replace = f.replaceSecurityGroupsOnDestroy;
        if (replace === undefined || f.inVpc.provenance === 'unknown' || f.inVpc.value !== true) return [];
        if (replace.provenance === 'unknown')
          return [
            check(
              'unknown',
              f,
              `whether ${f.address} hands back its security groups before it is destroyed is known only after apply`,
              replace.location,
            ),
          ];
        if (replace.value === true)
          return [
            check(
              'compliant',
              f,
              `${f.address} moves to the VPC's default (or replacement) security group before it is deleted: its own groups can be deleted at once`,
              replace.location,
              true,
            ),
          ];
        return [
          check(
            'non-compliant',
            f,
            `${f.address} runs in a VPC without replace_security_groups_on_destroy: after it is deleted Lambda's network interfaces keep ${f.securityGroups.map((g) => g.target ?? g.literal ?? 'its groups').join(', ')} in use for as long as Lambda takes to delete them, and destroying the groups waits on DependencyViolation or fails part-way`,
            replace.provenance === 'default' ? f.location : replace.location,
            false,
          ),
        ];
      }),
    );
  },
};
