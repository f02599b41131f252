// LoadedStack(s) → Model: every service adapter of the stack's dialect, in one pass each.
import type { Diagnostic, LoadedStack, RawResource } from '../load/types.ts';
import type { AdaptContext } from './context.ts';
import { emptyCollections, type Base, type Model } from './model.ts';
import { adaptCloudFormationCloudTrail } from './cloudtrail/cloudformation.ts';
import { adaptTerraformCloudTrail } from './cloudtrail/terraform.ts';
import { adaptCloudFormationDynamoDb } from './dynamodb/cloudformation.ts';
import { adaptTerraformDynamoDb } from './dynamodb/terraform.ts';
import { adaptCloudFormationEc2 } from './ec2/cloudformation.ts';
import { adaptTerraformEc2 } from './ec2/terraform.ts';
import { adaptCloudFormationEvents } from './events/cloudformation.ts';
import { adaptTerraformEvents } from './events/terraform.ts';
import { adaptCloudFormationGuardDuty } from './guardduty/cloudformation.ts';
import { adaptTerraformGuardDuty } from './guardduty/terraform.ts';
import { adaptCloudFormationKms } from './kms/cloudformation.ts';
import { adaptTerraformKms } from './kms/terraform.ts';
import { adaptCloudFormationLambda } from './lambda/cloudformation.ts';
import { adaptTerraformLambda } from './lambda/terraform.ts';
import { adaptCloudFormationLogs } from './logs/cloudformation.ts';
import { adaptTerraformLogs } from './logs/terraform.ts';
import { adaptCloudFormationRds } from './rds/cloudformation.ts';
import { adaptTerraformRds } from './rds/terraform.ts';
import { adaptCloudFormationS3 } from './s3/cloudformation.ts';
import { adaptTerraformS3 } from './s3/terraform.ts';
import { adaptCloudFormationSecretsManager } from './secretsmanager/cloudformation.ts';
import { adaptTerraformSecretsManager } from './secretsmanager/terraform.ts';
import { adaptCloudFormationSns } from './sns/cloudformation.ts';
import { adaptTerraformSns } from './sns/terraform.ts';

type Adapter = (ctx: AdaptContext) => void;

const ADAPTERS: Record<'terraform' | 'cloudformation', Adapter[]> = {
  terraform: [adaptTerraformEc2, adaptTerraformKms, adaptTerraformS3, adaptTerraformDynamoDb, adaptTerraformLambda, adaptTerraformLogs,
    adaptTerraformRds, adaptTerraformSecretsManager, adaptTerraformSns, adaptTerraformEvents, adaptTerraformCloudTrail, adaptTerraformGuardDuty],
  cloudformation: [adaptCloudFormationEc2, adaptCloudFormationKms, adaptCloudFormationS3, adaptCloudFormationDynamoDb, adaptCloudFormationLambda,
    adaptCloudFormationLogs, adaptCloudFormationRds, adaptCloudFormationSecretsManager, adaptCloudFormationSns, adaptCloudFormationEvents,
    adaptCloudFormationCloudTrail, adaptCloudFormationGuardDuty],
};

export interface BuildResult {
  model: Model;
  /** Notes about configuration resources whose owner is not in the stack. */
  diagnostics: Diagnostic[];
}

/** Builds the model of one or more stacks. Addresses must be unique across them (verify one stack at a time). */
export function buildModel(stacks: LoadedStack | LoadedStack[]): BuildResult {
  const list = Array.isArray(stacks) ? stacks : [stacks];
  const collections = emptyCollections();
  const diagnostics: Diagnostic[] = [];
  const resources: RawResource[] = list.flatMap((s) => s.resources);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const addresses = new Set(byAddress.keys());
  for (const stack of list) {
    const ctx: AdaptContext = { resources: stack.resources, addresses, byAddress, model: collections, diagnostics };
    for (const adapt of ADAPTERS[stack.dialect]) adapt(ctx);
  }
  const objects = new Map<string, Base>();
  for (const collection of Object.values(collections) as Base[][]) for (const object of collection) objects.set(object.address, object);
  const model: Model = {
    stacks: list,
    resources,
    byAddress,
    outputs: list.flatMap((s) => s.outputs.map((o) => ({ ...o, stack: s.root, dialect: s.dialect }))),
    ...collections,
    objects,
  };
  return { model, diagnostics };
}
