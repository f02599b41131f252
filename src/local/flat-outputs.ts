// `terraform output -json` as cfn-outputs/flat-outputs.json holds it: one flat JSON object, output name → value,
// the file every post-deployment test reads (the convention the CloudFormation environments get for free). Used by
// the local Terraform deployment and by scripts/tf-outputs-to-flat.ts (after a deployment on a real account).
//
// Strings, numbers and booleans are kept as they are; lists and maps stay JSON arrays and objects (tests read
// `private_subnet_ids` as an array), unless `stringify` turns them into JSON text as CloudFormation outputs would
// be. Outputs marked sensitive are left out unless `includeSensitive` is set, so a flat file can be shared with a
// test runner without carrying secrets.
export type FlatValue = string | number | boolean | null | FlatValue[] | { [key: string]: FlatValue };

export interface TerraformOutput {
  value: unknown;
  type?: unknown;
  sensitive?: boolean;
}

export interface FlattenOptions {
  includeSensitive?: boolean;
  stringify?: boolean;
}

export interface FlattenResult {
  outputs: Record<string, FlatValue>;
  /** Names of sensitive outputs left out. */
  omitted: string[];
}

/** `terraform output -json` is `{ name: { value, type, sensitive } }`; anything else is refused with the reason. */
export function flattenTerraformOutputs(json: unknown, options: FlattenOptions = {}): FlattenResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('expected the JSON object printed by `terraform output -json`');
  }
  const outputs: Record<string, FlatValue> = {};
  const omitted: string[] = [];
  for (const name of Object.keys(json).sort()) {
    const entry = (json as Record<string, unknown>)[name];
    if (typeof entry !== 'object' || entry === null || !('value' in entry)) {
      throw new Error(
        `output ${name} has no "value": is this \`terraform output -json\` (not \`terraform show -json\`)?`,
      );
    }
    const output = entry as TerraformOutput;
    if (output.sensitive === true && !options.includeSensitive) {
      omitted.push(name);
      continue;
    }
    const value = output.value as FlatValue;
    outputs[name] = options.stringify && typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  }
  return { outputs, omitted };
}
