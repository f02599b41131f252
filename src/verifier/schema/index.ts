// Schema validation for a loaded stack, whichever its dialect: the checks `terraform validate` and CloudFormation's
// template validation would make, before anything is deployed.
import type { Diagnostic, LoadedStack } from '../load/types.ts';
import { validateCloudFormation } from './cloudformation.ts';
import { validateTerraform } from './terraform.ts';

export function validateStack(stack: LoadedStack): Diagnostic[] {
  return stack.dialect === 'terraform' ? validateTerraform(stack) : validateCloudFormation(stack);
}

export { validateCloudFormation, validateTerraform };
