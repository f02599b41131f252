// The contract between the loaders (Terraform, CloudFormation) and everything after them (schema validation,
// service adapters, analyses, rules, reports). Both dialects load into these shapes; nothing downstream parses HCL
// or JSON again.

export type Dialect = 'terraform' | 'cloudformation';

export interface SourceLocation {
  /** Path relative to the working directory the verifier was started in. */
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  endLine?: number;
}

/**
 * A value that only exists after apply (ids, ARNs, the account id, a missing variable). It keeps its identity, so
 * `aws_vpc_endpoint.s3.prefix_list_id` is still recognisable wherever it flows: through lists, interpolation,
 * jsonencode, module inputs and outputs.
 *
 * Terraform: `address` is the resource or data address including its module path and instance key
 * (`module.endpoints.aws_vpc_endpoint.s3`, `aws_subnet.private[1]`, `data.aws_caller_identity.current`,
 * `var.environment`), `attribute` the attribute path (`prefix_list_id`, `arn`, `account_id`).
 * CloudFormation: `address` is the logical id or pseudo-parameter (`ProcessorRole`, `AWS::AccountId`);
 * `attribute` is `Ref` for Ref and the attribute name for Fn::GetAtt (`Arn`).
 */
export interface UnknownValue {
  readonly kind: 'unknown';
  readonly address: string;
  readonly attribute: string;
}

/** A string some of whose parts are unknown: `"${aws_s3_bucket.raw.arn}/*"` → [unknown, "/*"]. */
export interface TemplateValue {
  readonly kind: 'template';
  readonly parts: readonly (string | UnknownValue)[];
}

/** Evaluated values. Terraform nested blocks are lists of objects, as in Terraform's own JSON state. */
export type Value =
  | null
  | boolean
  | number
  | string
  | UnknownValue
  | TemplateValue
  | readonly Value[]
  | { readonly [key: string]: Value };

export type Provenance = 'explicit' | 'default' | 'unknown';

export interface Suppression {
  ruleId: string;
  reason: string;
  /** ISO date, YYYY-MM-DD. */
  expires: string;
  location: SourceLocation;
}

export interface RawResource {
  dialect: Dialect;
  /** `resource` or `data` (Terraform data sources; CloudFormation has only resources). */
  mode: 'resource' | 'data';
  /** Provider type: `aws_s3_bucket`, `AWS::S3::Bucket`. */
  type: string;
  /** Unique address: `module.raw.aws_s3_bucket.this`, `aws_subnet.private[0]`, `aws_x.y["key"]`; CFN logical id. */
  address: string;
  /** Name label (Terraform) or logical id (CloudFormation). */
  name: string;
  /** Module path from the root, [] at the root (Terraform only). */
  modulePath: readonly string[];
  /** Evaluated arguments/properties. */
  attributes: { readonly [key: string]: Value };
  /**
   * Where each argument was written, keyed by dotted path (`versioning_configuration.0.status`,
   * `BucketEncryption.ServerSideEncryptionConfiguration.0`); `''` is the block itself. Arguments set by a module
   * caller point at the caller's line when that is where the value came from.
   */
  locations: { readonly [path: string]: SourceLocation };
  /**
   * How each argument was written in Terraform, keyed like `locations`: `block` for `name { … }` (and each
   * `dynamic "name"` expansion), `attribute` for `name = …`. Lets schema validation catch a block written as an
   * attribute and the reverse. Absent for CloudFormation.
   */
  syntax?: { readonly [path: string]: 'block' | 'attribute' };
  /** Addresses this resource depends on explicitly (depends_on / DependsOn). */
  dependsOn: readonly string[];
  /**
   * Terraform: arguments only an override file sets. Terraform checks a block's required arguments before it merges
   * the overrides, so one set only there is still missing.
   */
  overrideAdded?: readonly string[];
  suppressions: readonly Suppression[];
  /**
   * CloudFormation DeletionPolicy / UpdateReplacePolicy, evaluated (AWS::LanguageExtensions lets them be intrinsics);
   * absent when not written.
   */
  policies?: { DeletionPolicy?: Value; UpdateReplacePolicy?: Value };
  /** CloudFormation Metadata, verbatim (used for function-bundle links and suppressions). */
  metadata?: { readonly [key: string]: Value };
  /**
   * The stack's inputs that decide whether the resource exists at all (Terraform root variables behind its count or
   * for_each, or its module call's; CloudFormation parameters behind its Condition), and where that is decided.
   * Absent when nothing the stack's user sets can leave it out.
   */
  existsWhen?: { inputs: readonly string[]; location: SourceLocation };
}

export interface Diagnostic {
  severity: 'error' | 'warning' | 'note';
  /** Stable code, e.g. `hcl-syntax`, `schema-unknown-argument`, `cfn-ref-missing`. */
  code: string;
  message: string;
  location?: SourceLocation;
  /** Set by a loader when the input could not be read or parsed at all (the CLI exits 2, as for a usage error). */
  unreadable?: boolean;
}

export interface LoadedOutput {
  name: string;
  value: Value;
  description?: string;
  sensitive: boolean;
  location: SourceLocation;
}

/**
 * Something the configuration uses that the loader did not load: a registry or git module, a nested stack's
 * template, a missing or unreadable file, a macro. Whatever it would have contributed is unknown (values named by
 * `address`), so every verdict that depends on it must be unknown too; the report lists these.
 */
export interface SkippedInput {
  kind: 'remote-module' | 'missing-module' | 'unreadable-file' | 'missing-file' | 'nested-stack' | 'transform';
  /** As written: the module source, the file path, the TemplateURL, the transform's name. */
  source: string;
  /**
   * The address its values carry as unknowns: `module.vpc`, `filemd5("build/app.zip")`, a nested stack's logical id.
   */
  address: string;
  /** Why it was not loaded. */
  reason: string;
  location?: SourceLocation;
  /**
   * Resources of the loaded stack it could change: those holding a value that comes from it, and those whose values
   * are given to it (a module handed a bucket's id may attach a policy to that bucket). Filled in once the stack is
   * loaded.
   */
  affects: string[];
  /** Addresses of the resources whose values are given to it (a module's arguments, followed through locals). */
  inputs?: string[];
}

export interface LoadedStack {
  dialect: Dialect;
  /** The directory (Terraform root module) or template file (CloudFormation) that was loaded. */
  root: string;
  resources: RawResource[];
  outputs: LoadedOutput[];
  diagnostics: Diagnostic[];
  /**
   * The region the stack deploys to, when the code pins it (a CloudFormation rule asserting AWS::Region, or the
   * caller's option). Terraform stacks carry it on their provider block instead.
   */
  region?: string;
  /** Every file read, with its sha256, for the evidence report. */
  files: { path: string; sha256: string }[];
  /** The longest value each bounded string input accepts (see inputs.ts): names are judged at these. */
  inputs?: import('./inputs.ts').InputBound[];
  /** What was not loaded and what it could affect (absent: nothing was skipped). */
  skipped?: SkippedInput[];
  /**
   * The provider schema the stack is validated against, and why (Terraform: chosen from required_providers and
   * .terraform.lock.hcl).
   */
  providerSchema?: {
    provider: 'aws';
    version: string;
    major: number;
    reason: string;
    /** The hashicorp/aws version the root's .terraform.lock.hcl pins (absent: no lock file, or none for aws). */
    lock?: { version: string; file: string };
    /** Every `required_providers` constraint on hashicorp/aws, in every module, where it is written. */
    constraints?: { constraint: string; location: SourceLocation }[];
  };
}
