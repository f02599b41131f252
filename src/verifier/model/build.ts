// LoadedStack(s) → Model: every service adapter of the stack's dialect, in one pass each; then the IAM pass, which
// names every resource and reads every policy document once all of them exist.
import type { Diagnostic, LoadedStack, RawResource } from '../load/types.ts';
import { tagsOf, type AdaptContext, type PendingAttachment, type PendingLink, type PendingPolicy } from './context.ts';
import { locate } from './fields.ts';
import { adaptCloudFormationIam } from './iam/cloudformation.ts';
import { buildSymbols, REGION } from './iam/identity.ts';
import { linkIam } from './iam/link.ts';
import type { Token } from './iam/symbolic.ts';
import { adaptTerraformIam } from './iam/terraform.ts';
import { emptyCollections, type Base, type InventoryEntry, type Model, type Unattached } from './model.ts';
import { adaptCloudFormationSqs } from './sqs/cloudformation.ts';
import { adaptTerraformSqs } from './sqs/terraform.ts';
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
import { createdAfter } from './lambda/common.ts';
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
  terraform: [
    adaptTerraformEc2,
    adaptTerraformKms,
    adaptTerraformS3,
    adaptTerraformDynamoDb,
    adaptTerraformLambda,
    adaptTerraformLogs,
    adaptTerraformRds,
    adaptTerraformSecretsManager,
    adaptTerraformSns,
    adaptTerraformSqs,
    adaptTerraformEvents,
    adaptTerraformCloudTrail,
    adaptTerraformGuardDuty,
    adaptTerraformIam,
  ],
  cloudformation: [
    adaptCloudFormationEc2,
    adaptCloudFormationKms,
    adaptCloudFormationS3,
    adaptCloudFormationDynamoDb,
    adaptCloudFormationLambda,
    adaptCloudFormationLogs,
    adaptCloudFormationRds,
    adaptCloudFormationSecretsManager,
    adaptCloudFormationSns,
    adaptCloudFormationEvents,
    adaptCloudFormationSqs,
    adaptCloudFormationCloudTrail,
    adaptCloudFormationGuardDuty,
    adaptCloudFormationIam,
  ],
};

export interface BuildResult {
  model: Model;
  /** Notes about configuration resources whose owner is not in the stack. */
  diagnostics: Diagnostic[];
}

/**
 * The region every stack pins (CloudFormation: a Rules assertion; Terraform: the root aws provider's literal), when
 * they agree.
 */
function regionOf(stacks: LoadedStack[]): string | Token {
  const regions = new Set<string>();
  for (const stack of stacks) {
    const providers = (
      stack as {
        providers?: {
          name: string;
          alias?: string;
          modulePath: readonly string[];
          attributes: Record<string, unknown>;
        }[];
      }
    ).providers;
    const root = providers?.find((p) => p.name === 'aws' && !p.alias && p.modulePath.length === 0);
    const region = stack.region ?? root?.attributes['region'];
    if (typeof region !== 'string') return REGION;
    regions.add(region);
  }
  return regions.size === 1 ? [...regions][0]! : REGION;
}

/** Builds the model of one or more stacks. Addresses must be unique across them (verify one stack at a time). */
export function buildModel(stacks: LoadedStack | LoadedStack[]): BuildResult {
  const list = Array.isArray(stacks) ? stacks : [stacks];
  const collections = emptyCollections();
  const diagnostics: Diagnostic[] = [];
  const resources: RawResource[] = list.flatMap((s) => s.resources);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const addresses = new Set(byAddress.keys());
  const policies: PendingPolicy[] = [];
  const attachments: PendingAttachment[] = [];
  const unattached: Unattached[] = [];
  const links: PendingLink[] = [];
  for (const stack of list) {
    const ctx: AdaptContext = {
      links,
      resources: stack.resources,
      addresses,
      byAddress,
      model: collections,
      diagnostics,
      policies,
      attachments,
      unattached,
    };
    for (const adapt of ADAPTERS[stack.dialect]) adapt(ctx);
  }
  const objects = new Map<string, Base>();
  for (const collection of Object.values(collections) as Base[][])
    for (const object of collection) objects.set(object.address, object);
  const region = regionOf(list);
  const symbols = buildSymbols(objects, byAddress, region);
  // References by name or ARN, now that every object has its canonical name (before policies are read: a bucket
  // policy linked here is read like one linked by address).
  for (const pending of links) {
    const target = symbols.lookup(pending.value, pending.kinds);
    if (target) pending.found(target);
    else pending.missing();
  }
  linkIam(symbols, collections, policies, attachments);
  const owners = new Map<string, string>();
  for (const object of objects.values())
    for (const source of object.sources) if (!owners.has(source)) owners.set(source, object.address);
  const inventory: InventoryEntry[] = resources.map((raw) => ({
    address: raw.address,
    resourceType: raw.type,
    mode: raw.mode,
    ...(raw.existsWhen ? { existsWhen: raw.existsWhen } : {}),
    owner: owners.get(raw.address) ?? raw.address,
    tags: raw.mode === 'resource' ? tagsOf(raw) : { entries: {}, unknown: false, location: locate(raw, '') },
    suppressions: [...raw.suppressions],
    location: locate(raw, ''),
  }));
  const model: Model = {
    stacks: list,
    outputs: list.flatMap((s) => s.outputs.map((o) => ({ ...o, stack: s.root }))),
    region,
    inventory,
    unattached,
    ...collections,
    objects,
    identities: symbols.identities,
    dependencies: new Map(resources.map((raw) => [raw.address, createdAfter(raw, addresses)])),
  };
  return { model, diagnostics };
}
