// Whether the suites that run real Terraform can run here: false when they can, else the reason to skip (Terraform or
// its provider is missing, as terraformSetup says). Under CI=true a missing piece fails instead of skipping.
import { terraformSetup } from '../../../src/local/terraform.ts';

const available = await terraformSetup().then(
  () => true as const,
  (error: Error) => error.message,
);
if (available !== true && process.env.CI === 'true')
  throw new Error(`Terraform is required under CI=true: ${available}`);

export const needsTerraform: false | string = available === true ? false : `no Terraform here: ${available}`;
