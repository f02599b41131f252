// The one resource model both dialects are adapted into (src/verifier/model/<service>/{terraform,cloudformation}.ts).
// Every value is a Field: the value, where it was written, and whether it was explicit, an AWS default, or only known
// after apply. References between resources are Refs that name the target's address when it is in the model.
// Nothing after the model reads raw attributes or knows which dialect a stack was written in: what an analysis or a
// rule needs is a field here. IAM is adapted like every other service (model/iam/): policies arrive as statements
// over symbolic strings (Sym), and every resource IAM decides about has a canonical name and ARN (`identities`).
import type {
  LoadedOutput,
  LoadedStack,
  Provenance,
  SourceLocation,
  Suppression,
  TemplateValue,
  UnknownValue,
  Value,
} from '../load/types.ts';
import type { PolicyDoc } from './iam/policy.ts';
import type { Sym, Token } from './iam/symbolic.ts';

export interface Field<T> {
  /** The value when known (explicit, or the AWS default); undefined when absent without a default, or unknown. */
  value: T | undefined;
  provenance: Provenance;
  /** Where it was written; the resource block when it was not. */
  location: SourceLocation;
  /** The symbolic value when provenance is `unknown`. */
  unknown?: Value;
}

export interface Ref {
  /** Model address of the resource referred to, when it is in the model. */
  target?: string;
  /** The attribute referred to (`id`, `arn`, `Ref`, `Arn`, `prefix_list_id`). */
  attribute?: string;
  /** A literal id, ARN or name written in the code (`vpc-0abc`, `arn:aws:kms:…`, `alias/aws/s3`). */
  literal?: string;
  /** Something only apply can tell and that names no resource of the model (a variable, a data source). */
  unknown?: UnknownValue | TemplateValue;
  provenance: Provenance;
  location: SourceLocation;
}

/** Tags as evaluated, whichever way they were written (a Terraform map, a CloudFormation list of Key/Value). */
export interface Tags {
  /** Tag values by key; a value may be known only after apply. */
  entries: Readonly<Record<string, Value>>;
  /** The tag set as a whole is known only after apply (a variable, a merge over one): keys may be missing here. */
  unknown: boolean;
  location: SourceLocation;
}

/** What every model object has. */
export interface Base {
  kind: string;
  /** Address of the resource it came from (Terraform address, CloudFormation logical id). */
  address: string;
  /** Provider type of that resource (`aws_s3_bucket`, `AWS::S3::Bucket`), for messages. */
  resourceType: string;
  /** The resource block. */
  location: SourceLocation;
  /** Addresses of every resource this object was assembled from (the bucket and its split configuration resources). */
  sources: string[];
  suppressions: Suppression[];
  tags: Tags;
  /** The stack's inputs that decide whether it exists at all (see RawResource.existsWhen); absent: always created. */
  existsWhen?: { inputs: readonly string[]; location: SourceLocation };
}

// ── network ───────────────────────────────────────────────────────────────────────────────────────────────────
export interface Vpc extends Base {
  kind: 'vpc';
  cidr: Field<string>;
  enableDnsSupport: Field<boolean>;
  enableDnsHostnames: Field<boolean>;
  isDefault: boolean;
  /**
   * Whether the code can strip the VPC's default security group (Terraform aws_default_security_group; CloudFormation
   * cannot).
   */
  defaultSecurityGroupManageable: boolean;
}
export interface Subnet extends Base {
  kind: 'subnet';
  vpc: Ref;
  cidr: Field<string>;
  ipv6Cidr: Field<string>;
  availabilityZone: Field<string>;
  mapPublicIpOnLaunch: Field<boolean>;
}
export type RouteTargetKind =
  | 'internet-gateway'
  | 'egress-only-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'transit-gateway'
  | 'peering'
  | 'network-interface'
  | 'instance'
  | 'local'
  | 'other'
  | 'unknown';
export interface Route {
  address: string;
  location: SourceLocation;
  destinationCidr: Field<string>;
  destinationIpv6Cidr: Field<string>;
  destinationPrefixList: Ref;
  targetKind: RouteTargetKind;
  target: Ref;
}
export interface RouteTable extends Base {
  kind: 'route-table';
  vpc: Ref;
  routes: Route[];
  /** Subnets explicitly associated. */
  subnets: Ref[];
  /**
   * Gateway associations and the VPC's main table (Terraform aws_main_route_table_association,
   * aws_default_route_table).
   */
  isMain: boolean;
}
export interface InternetGateway extends Base {
  kind: 'internet-gateway';
  vpc: Ref;
  egressOnly: boolean;
}
export interface NatGateway extends Base {
  kind: 'nat-gateway';
  subnet: Ref;
  connectivity: Field<string>;
  allocation: Ref;
}
export interface Eip extends Base {
  kind: 'eip';
  domain: Field<string>;
  instance: Ref;
}
export interface VpcEndpoint extends Base {
  kind: 'vpc-endpoint';
  vpc: Ref;
  serviceName: Field<string>;
  /** Short service name: `s3`, `dynamodb`, `kms`, `logs`; undefined when unknown. */
  service: string | undefined;
  endpointType: Field<string>;
  routeTables: Ref[];
  subnets: Ref[];
  securityGroups: Ref[];
  privateDns: Field<boolean>;
  /** The endpoint policy; undefined means AWS's default (full access). */
  policy: PolicyDoc | undefined;
}
export interface SecurityGroupRule {
  /** The resource this rule was written in (the group for inline rules). */
  address: string;
  location: SourceLocation;
  direction: 'ingress' | 'egress';
  /** `-1` for all, `tcp`, `udp`, `icmp`, or a number as a string. */
  protocol: Field<string>;
  fromPort: Field<number>;
  toPort: Field<number>;
  cidrs: Field<string>[];
  ipv6Cidrs: Field<string>[];
  prefixLists: Ref[];
  /** Security groups (source for ingress, destination for egress). */
  groups: Ref[];
  self: boolean;
  /** The allow-all egress AWS adds when no egress is declared (CloudFormation without SecurityGroupEgress). */
  implicit: boolean;
  description?: string;
}
export interface SecurityGroup extends Base {
  kind: 'security-group';
  vpc: Ref;
  name: Field<string>;
  /** aws_default_security_group / the VPC's default group. */
  isDefault: boolean;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}
export interface NetworkAclEntry {
  address: string;
  location: SourceLocation;
  ruleNumber: Field<number>;
  egress: boolean;
  protocol: Field<string>;
  action: Field<string>;
  cidr: Field<string>;
  ipv6Cidr: Field<string>;
  fromPort: Field<number>;
  toPort: Field<number>;
}
export interface NetworkAcl extends Base {
  kind: 'network-acl';
  vpc: Ref;
  entries: NetworkAclEntry[];
  subnets: Ref[];
  isDefault: boolean;
}
export interface FlowLog extends Base {
  kind: 'flow-log';
  /** The VPC, subnet or ENI logged. */
  resource: Ref;
  resourceKind: 'vpc' | 'subnet' | 'network-interface' | 'unknown';
  trafficType: Field<string>;
  destinationType: Field<string>;
  destination: Ref;
  /** S3 destinations: the key prefix after the bucket ARN (`vpc-flow-logs/`), '' when none. */
  destinationPrefix: Field<string>;
  logGroup: Ref;
  /** CloudWatch Logs destinations: the role vpc-flow-logs.amazonaws.com assumes to write. */
  deliveryRole: Ref;
  /** S3 destinations: `plain-text` or `parquet`. */
  fileFormat: Field<string>;
  /** S3 destinations: Hive-compatible prefixes (`AWSLogs/aws-account-id=<acct>/…` instead of `AWSLogs/<acct>/…`). */
  hivePartitions: Field<boolean>;
  perHourPartition: Field<boolean>;
  /** Resources created before it: depends_on / DependsOn and every resource its arguments refer to. */
  createdAfter: string[];
}

// ── keys and data stores ──────────────────────────────────────────────────────────────────────────────────────
/**
 * A resource that writes a resource's policy: the policy argument of the resource itself, or a policy resource of its
 * own.
 */
export interface PolicySource {
  address: string;
  location: SourceLocation;
}

export interface KmsKey extends Base {
  kind: 'kms-key';
  description: Field<string>;
  rotation: Field<boolean>;
  enabled: Field<boolean>;
  keyUsage: Field<string>;
  keySpec: Field<string>;
  deletionWindowDays: Field<number>;
  /** The key policy; undefined means AWS's default key policy (the account root, kms:*). */
  policy: PolicyDoc | undefined;
  /** Everything that writes the key policy; more than one and Terraform and AWS fight over it (the last apply wins). */
  policySources: PolicySource[];
}
export interface KmsAlias extends Base {
  kind: 'kms-alias';
  name: Field<string>;
  key: Ref;
}
export interface BucketEncryption {
  algorithm: Field<string>;
  key: Ref;
  bucketKey: Field<boolean>;
}
export interface LifecycleRule {
  id: Field<string>;
  enabled: Field<boolean>;
  expirationDays: Field<number>;
  transitions: { days: Field<number>; storageClass: Field<string> }[];
  noncurrentExpirationDays: Field<number>;
  location: SourceLocation;
}
export interface Bucket extends Base {
  kind: 's3-bucket';
  name: Field<string>;
  versioning: Field<string>;
  mfaDelete: Field<string>;
  encryption: BucketEncryption | undefined;
  encryptionLocation: SourceLocation | undefined;
  publicAccessBlock:
    | {
        blockPublicAcls: Field<boolean>;
        ignorePublicAcls: Field<boolean>;
        blockPublicPolicy: Field<boolean>;
        restrictPublicBuckets: Field<boolean>;
        location: SourceLocation;
      }
    | undefined;
  /** The bucket policy; undefined when none is attached. With several sources, the one written last. */
  policy: PolicyDoc | undefined;
  /**
   * Everything that writes the bucket policy; more than one and each apply replaces the other's (a bucket has one
   * policy).
   */
  policySources: PolicySource[];
  lifecycle: LifecycleRule[];
  objectLock: Field<boolean>;
  objectLockMode: Field<string>;
  objectLockDays: Field<number>;
  logging: { targetBucket: Ref } | undefined;
  notifications: { destinationKind: 'lambda' | 'sqs' | 'sns' | 'eventbridge'; destination: Ref; events: string[] }[];
  ownership: Field<string>;
}
export interface Table extends Base {
  kind: 'dynamodb-table';
  name: Field<string>;
  pointInTimeRecovery: Field<boolean>;
  sseEnabled: Field<boolean>;
  /** The CMK; absent with sseEnabled means the AWS managed key, with sseEnabled false the AWS owned key. */
  kmsKey: Ref;
  deletionProtection: Field<boolean>;
  billingMode: Field<string>;
  streamEnabled: Field<boolean>;
}
export interface LambdaFunction extends Base {
  kind: 'lambda-function';
  name: Field<string>;
  runtime: Field<string>;
  handler: Field<string>;
  role: Ref;
  subnets: Ref[];
  securityGroups: Ref[];
  /** Whether a vpc_config / VpcConfig is present at all. */
  inVpc: Field<boolean>;
  kmsKey: Ref;
  environment: Field<Value>;
  deadLetterTarget: Ref;
  /** On-failure destinations from event invoke configs and event source mappings. */
  onFailure: Ref[];
  logGroupName: Field<string>;
  reservedConcurrency: Field<number>;
  tracingMode: Field<string>;
  /** Source code: Terraform filename/s3 key/image; CloudFormation Code.S3Key. */
  code: Field<string>;
  dependsOn: string[];
  /** The build bundle (dist/functions/<name>) the code comes from, which names the function's contract. */
  bundle: BundleLink;
  /** Environment variables one by one (undefined when the environment as a whole is known only after apply). */
  variables: Record<string, EnvironmentVariable> | undefined;
  /** The log group the function writes to: LoggingConfig's group, else /aws/lambda/<name>, else one it depends on. */
  logGroup: Ref;
  /** Resources created before the function: depends_on / DependsOn, and every resource its arguments refer to. */
  createdAfter: string[];
  /** The function's resource policy, from its permissions (aws_lambda_permission, AWS::Lambda::Permission). */
  policy: PolicyDoc | undefined;
  /**
   * Terraform's replace_security_groups_on_destroy: before deleting the function the provider moves its network
   * interfaces to other security groups, so its own can be deleted without waiting for Lambda to release them.
   * Undefined where the dialect has no such control (CloudFormation's delete waits for Lambda on its own).
   */
  replaceSecurityGroupsOnDestroy?: Field<boolean>;
}
export interface EnvironmentVariable {
  value: Value;
  /** What the value refers to (`aws_s3_bucket.raw.id`, `{"Ref": "Raw"}`). */
  ref: Ref;
  /** The resource IAM decides about that the value names (by reference, or by its literal name or ARN). */
  names?: string;
  /** The value as IAM reads it. */
  sym: Sym;
  location: SourceLocation;
}
/**
 * How a function's code is tied to a build bundle: Terraform `filename`/`source_code_hash` from an archive_file over
 * dist/functions/<name>, or `filename` = …/dist/functions/<name>.zip itself; CloudFormation Metadata
 * {"enclave": {"bundle": "<name>"}}.
 */
export interface BundleLink {
  name: string | undefined;
  via?: 'archive_file' | 'filename' | 'metadata';
  location: SourceLocation;
  /** Why there is no bundle name, in a sentence. */
  problem?: string;
}
/** An EC2 instance: a place where code runs. */
export interface Instance extends Base {
  kind: 'instance';
  subnets: Ref[];
  securityGroups: Ref[];
  inVpc: boolean;
}
export interface LambdaPermission extends Base {
  kind: 'lambda-permission';
  function: Ref;
  principal: Field<string>;
  action: Field<string>;
  sourceArn: Ref;
  sourceAccount: Field<string>;
}
export interface EventSourceMapping extends Base {
  kind: 'event-source-mapping';
  function: Ref;
  source: Ref;
  onFailure: Ref;
  enabled: Field<boolean>;
}
export interface LogGroup extends Base {
  kind: 'log-group';
  name: Field<string>;
  retentionDays: Field<number>;
  kmsKey: Ref;
  skipDestroy: Field<boolean>;
}
/** A log group's subscription: where its events are copied (a Firehose stream for an archive, Lambda, Kinesis…). */
export interface LogSubscription extends Base {
  kind: 'log-subscription';
  logGroup: Ref;
  logGroupName: Field<string>;
  filterPattern: Field<string>;
  destination: Ref;
}
/** A Firehose delivery stream and the S3 bucket it delivers to, when it delivers to S3. */
export interface DeliveryStream extends Base {
  kind: 'delivery-stream';
  name: Field<string>;
  bucket: Ref;
}
export interface MetricFilter extends Base {
  kind: 'metric-filter';
  logGroup: Ref;
  logGroupName: Field<string>;
  pattern: Field<string>;
  metricName: Field<string>;
  metricNamespace: Field<string>;
}
export interface Alarm extends Base {
  kind: 'alarm';
  name: Field<string>;
  metricName: Field<string>;
  namespace: Field<string>;
  /** Targets notified when the alarm goes into ALARM. */
  actions: Ref[];
  okActions: Ref[];
  /** false: the alarm changes state but notifies nobody. */
  actionsEnabled: Field<boolean>;
}
export interface DbInstance extends Base {
  kind: 'db-instance';
  engine: Field<string>;
  storageEncrypted: Field<boolean>;
  kmsKey: Ref;
  multiAz: Field<boolean>;
  backupRetentionDays: Field<number>;
  publiclyAccessible: Field<boolean>;
  parameterGroup: Ref;
  subnetGroup: Ref;
  securityGroups: Ref[];
  deletionProtection: Field<boolean>;
  iamAuthentication: Field<boolean>;
  port: Field<number>;
  performanceInsightsKmsKey: Ref;
  manageMasterPassword: Field<boolean>;
  /** The master user's name (Terraform username, CloudFormation MasterUsername). */
  masterUsername: Field<string>;
  /** The master password as written (a variable, a parameter, a dynamic reference); absent when RDS manages it. */
  masterPassword: Field<Value>;
  /** The key of the master user secret RDS manages (absent: the AWS managed key aws/secretsmanager). */
  masterUserSecretKmsKey: Ref;
  /** Seconds between enhanced-monitoring samples; 0: off. */
  monitoringInterval: Field<number>;
  /**
   * Resources created before the instance: depends_on / DependsOn (a module address stands for its resources) and every
   * resource its arguments refer to.
   */
  createdAfter: string[];
  engineVersion: Field<string>;
  /** Logs exported to CloudWatch Logs (`postgresql`, `upgrade`, `audit`, `error`…). */
  logExports: Field<string[]>;
  performanceInsightsEnabled: Field<boolean>;
  /** The name of the DB instance (identifier). */
  identifier: Field<string>;
}
export interface DbParameterGroup extends Base {
  kind: 'db-parameter-group';
  name: Field<string>;
  family: Field<string>;
  parameters: { name: string; value: Field<string> }[];
}
export interface DbSubnetGroup extends Base {
  kind: 'db-subnet-group';
  name: Field<string>;
  subnets: Ref[];
}
export interface Secret extends Base {
  kind: 'secret';
  name: Field<string>;
  /**
   * Whether the code fixes the name (Terraform `name`, CloudFormation `Name`) rather than letting it be generated per
   * creation (`name_prefix`, or no name): a fixed name stays taken while a deleted secret waits out its recovery
   * window.
   */
  fixedName: boolean;
  kmsKey: Ref;
  rotationEnabled: boolean;
  /**
   * Days a deleted secret can be restored (0: deleted at once); unknown where the deleting tool's choice is not in the
   * code.
   */
  recoveryWindowDays: Field<number>;
  policy: PolicyDoc | undefined;
  policySources: PolicySource[];
}
export interface Topic extends Base {
  kind: 'sns-topic';
  name: Field<string>;
  kmsKey: Ref;
  policy: PolicyDoc | undefined;
}
export interface Queue extends Base {
  kind: 'sqs-queue';
  name: Field<string>;
  kmsKey: Ref;
  policy: PolicyDoc | undefined;
}
export interface EventRule extends Base {
  kind: 'event-rule';
  name: Field<string>;
  eventPattern: Field<Value>;
  schedule: Field<string>;
  state: Field<string>;
  targets: { target: Ref; location: SourceLocation; address: string }[];
}
/** What a trail records beyond management events: data events on S3 objects, DynamoDB tables, Lambda functions… */
export interface TrailDataSelector {
  /** `AWS::S3::Object`, `AWS::DynamoDB::Table`, `AWS::Lambda::Function`…; undefined when unknown. */
  resourceType: Field<string>;
  /**
   * The resources: references to buckets/tables of the model, or literal ARN prefixes (`arn:aws:s3` = every
   * bucket); `all` when the selector names no resources (advanced selectors without a resources.ARN field).
   */
  resources: Ref[] | 'all';
  /** Read, write or both (`All`, `ReadOnly`, `WriteOnly`). */
  readWrite: Field<string>;
  location: SourceLocation;
}
export interface Trail extends Base {
  kind: 'cloudtrail';
  name: Field<string>;
  bucket: Ref;
  /** The key prefix CloudTrail writes under: `<prefix>/AWSLogs/<account>/CloudTrail/…`; '' when none. */
  s3KeyPrefix: Field<string>;
  /** The role CloudTrail assumes to write to its CloudWatch Logs group. */
  cloudWatchRole: Ref;
  /** Whether management events are recorded (event selectors may turn them off). */
  managementEvents: Field<boolean>;
  dataSelectors: TrailDataSelector[];
  createdAfter: string[];
  logFileValidation: Field<boolean>;
  kmsKey: Ref;
  multiRegion: Field<boolean>;
  isLogging: Field<boolean>;
  logGroup: Ref;
  includeGlobalEvents: Field<boolean>;
}
export interface DetectorFeature {
  name: Field<string>;
  status: Field<string>;
  location: SourceLocation;
  address: string;
}
export interface Detector extends Base {
  kind: 'guardduty-detector';
  enabled: Field<boolean>;
  findingFrequency: Field<string>;
  /** Protection plans: detector features (S3_DATA_EVENTS, RUNTIME_MONITORING…) and legacy data sources. */
  features: DetectorFeature[];
}

// ── IAM ───────────────────────────────────────────────────────────────────────────────────────────────────────
/** A policy a principal holds: written inline, or a managed policy attached by ARN. */
export interface AttachedPolicy {
  inline: boolean;
  /** The statements; undefined for a managed policy that is neither in the model nor one whose document we carry. */
  document: PolicyDoc | undefined;
  /** Who wrote it: the inline policy's resource (and name), the managed policy's address or name. */
  origin: string;
  /** Managed policies: the ARN attached. */
  arn?: Sym;
  /**
   * Managed policies: an AWS managed policy (whose unknown document may allow anything but is assumed to deny nothing).
   */
  awsManaged?: boolean;
  /** Where it was written or attached. */
  location: SourceLocation;
}
export interface IamRole extends Base {
  kind: 'iam-role';
  trust: PolicyDoc;
  /** 3600 when not set. */
  maxSessionDuration: Field<number>;
  policies: AttachedPolicy[];
  path: string;
}
export interface IamUser extends Base {
  kind: 'iam-user';
  policies: AttachedPolicy[];
  groups: Ref[];
  path: string;
}
export interface IamGroup extends Base {
  kind: 'iam-group';
  policies: AttachedPolicy[];
  path: string;
}
/** A customer managed policy and who it is attached to (addresses of roles, users, groups). */
export interface IamPolicy extends Base {
  kind: 'iam-policy';
  document: PolicyDoc;
  attachedTo: string[];
  path: string;
}
/** A long-lived access key written in code. */
export interface IamAccessKey extends Base {
  kind: 'iam-access-key';
  user: Ref;
}

/** How IAM names a resource: its name (or id) and ARN, with what only apply can tell kept as tokens. */
export interface Identity {
  name: Sym;
  arn: Sym;
}

export interface ModelOutput extends LoadedOutput {
  stack: string;
}

/** A resource of the stack, whatever the model made of it: for suppressions and the tag scan. */
export interface InventoryEntry {
  address: string;
  resourceType: string;
  /** A resource the stack manages, or a data source it reads. */
  mode: 'resource' | 'data';
  /** The stack's inputs that decide whether it exists at all; absent: always created. */
  existsWhen?: { inputs: readonly string[]; location: SourceLocation };
  /** The model object it was adapted into (itself, or the object a configuration resource was folded into). */
  owner: string;
  tags: Tags;
  suppressions: Suppression[];
  location: SourceLocation;
}

/** A configuration resource whose owner is not in this stack (an id from a variable, another stack). */
export interface Unattached {
  address: string;
  /** What it configures, as the model names it (`lambda-function`, `s3-bucket`…). */
  configures: string;
  /** Which part of it (`on-failure destination`, `bucket policy`…). */
  aspect: string;
  location: SourceLocation;
}

export interface Model {
  /** What was loaded (for the file digests and the stack roots; nothing reads its raw resources after the model). */
  stacks: LoadedStack[];
  outputs: ModelOutput[];
  /** The region the stack deploys to when the code pins it, else the REGION token. */
  region: string | Token;
  inventory: InventoryEntry[];
  unattached: Unattached[];
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  eips: Eip[];
  vpcEndpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  flowLogs: FlowLog[];
  keys: KmsKey[];
  aliases: KmsAlias[];
  buckets: Bucket[];
  tables: Table[];
  functions: LambdaFunction[];
  lambdaPermissions: LambdaPermission[];
  eventSourceMappings: EventSourceMapping[];
  logGroups: LogGroup[];
  metricFilters: MetricFilter[];
  logSubscriptions: LogSubscription[];
  deliveryStreams: DeliveryStream[];
  alarms: Alarm[];
  dbInstances: DbInstance[];
  dbParameterGroups: DbParameterGroup[];
  dbSubnetGroups: DbSubnetGroup[];
  secrets: Secret[];
  topics: Topic[];
  eventRules: EventRule[];
  trails: Trail[];
  detectors: Detector[];
  instances: Instance[];
  queues: Queue[];
  roles: IamRole[];
  users: IamUser[];
  groups: IamGroup[];
  managedPolicies: IamPolicy[];
  accessKeys: IamAccessKey[];
  /** Any object by address. */
  objects: Map<string, Base>;
  /** Name and ARN of every resource IAM decides about, by address. */
  identities: Map<string, Identity>;
  /**
   * What each resource waits for before it is created: its explicit depends_on / DependsOn (a Terraform module
   * address stands for every resource in it) and every resource its arguments refer to. For ordering questions.
   */
  dependencies: ReadonlyMap<string, readonly string[]>;
}

export type ModelCollections = Omit<
  Model,
  'stacks' | 'outputs' | 'region' | 'inventory' | 'unattached' | 'objects' | 'identities' | 'dependencies'
>;

export function emptyCollections(): ModelCollections {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    eips: [],
    vpcEndpoints: [],
    securityGroups: [],
    networkAcls: [],
    flowLogs: [],
    keys: [],
    aliases: [],
    buckets: [],
    tables: [],
    functions: [],
    lambdaPermissions: [],
    eventSourceMappings: [],
    logGroups: [],
    metricFilters: [],
    logSubscriptions: [],
    deliveryStreams: [],
    alarms: [],
    dbInstances: [],
    dbParameterGroups: [],
    dbSubnetGroups: [],
    secrets: [],
    topics: [],
    eventRules: [],
    trails: [],
    detectors: [],
    instances: [],
    queues: [],
    roles: [],
    users: [],
    groups: [],
    managedPolicies: [],
    accessKeys: [],
  };
}
