// A function's contract: what it needs from the environment it is deployed into, and the requests it really sends.
// The build writes each function's contract as contract.json beside its bundle; the verifier proves a deployment
// gives exactly this — each call judged on the request the code makes, not the most permissive one imaginable.

export type ContractResourceKind =
  | 's3-bucket' // the bucket itself (ListBucket, GetBucketEncryption…)
  | 's3-object' // objects in the bucket (GetObject, PutObject…)
  | 'dynamodb-table'
  | 'kms-key'
  | 'sns-topic'
  | 'secret'
  | 'rds-database'
  | 'any'; // account-wide read actions that IAM does not scope (ec2:DescribeVpcs…)

/** What a store holds: clear card numbers, audit records, or neither (tokens, masks, configuration). */
export type ContractHolding = 'card-data' | 'audit' | 'other';

export interface ContractVariable {
  name: string;
  required: boolean;
  description: string;
  /** The kind of resource the value names (by name, ARN or id): the verifier checks it names one of the environment. */
  names?: Exclude<ContractResourceKind, 's3-object' | 'any'>;
  /** What the store it names holds; the store is classified so unless its enclave:classification tag says more. */
  holds?: ContractHolding;
}

/**
 * A value the code puts into a request:
 * - a literal; `null`: the request does not carry the key;
 * - `{ env }`: the value of a variable (`default` when the variable is not set);
 * - `{ arnOf }`: the ARN of the resource a variable names;
 * - `{ s3ArnOf }`: what S3 sends KMS as `aws:s3:arn` for an object of the bucket a variable names — the bucket's
 *   ARN when the bucket uses an S3 Bucket Key, the object's ARN otherwise
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html);
 * - `{ any: true }`: chosen at run time (a version id): no policy can count on its value.
 */
export type RequestValue =
  | string
  | null
  | { env: string; default?: string }
  | { arnOf: string }
  | { s3ArnOf: string }
  | { any: true };

export interface ContractCall {
  /** IAM action exactly as IAM names it: `s3:GetObject`. */
  action: string;
  /**
   * The resource it is called on: named by the variable `env` (its name, ARN or id). A KMS key may instead be the
   * key that encrypts the resource another variable names (`keyOf`: a secret's CMK, which Secrets Manager uses for
   * the function). Objects: the key prefixes the code reads or writes (`prefixes`); none means the key an event names.
   */
  resource: { kind: ContractResourceKind; env?: string; keyOf?: string; prefixes?: string[] };
  why: string;
  /**
   * Set when the permission is exercised by another AWS service on the function's behalf rather than called by
   * the function — e.g. `'s3'` for the kms:Decrypt / kms:GenerateDataKey that SSE-KMS reads and writes need.
   * The IAM grant is still required (with kms:ViaService <service>.<region>.amazonaws.com); a network path from the
   * function to that API is not.
   */
  viaService?: string;
  /** Condition keys the request carries, by IAM condition key (`s3:x-amz-server-side-encryption`…). */
  request?: Record<string, RequestValue>;
  /**
   * KMS calls: the encryption context sent — by the code, or by the service that calls KMS for it (S3's
   * `aws:s3:arn`, Secrets Manager's `SecretARN`). Keys not listed are not sent.
   */
  encryptionContext?: Record<string, RequestValue>;
}

/**
 * A database login the code makes: the variable naming the Secrets Manager secret that holds it ({"username",
 * "password"}), and which of the database's roles it is. The verifier checks that an `application` or `migration`
 * login is never the master user's, and reports an `administration` (master) login with its reason.
 */
export interface DatabaseLogin {
  secret: string;
  /**
   * application: the role requests run as (DML on its own tables); migration: the schema's owner, for DDL;
   * administration: the master user, to create and maintain those roles.
   */
  as: 'application' | 'migration' | 'administration';
  why: string;
}

export interface FunctionContract {
  /** Bundle name: dist/functions/<name>/. */
  function: string;
  environment: ContractVariable[];
  calls: ContractCall[];
  /**
   * AWS service endpoints the code must reach at run time (`s3`, `dynamodb`, `kms`, `logs`, `sns`,
   * `secretsmanager`, `sts`…), derived from calls plus what the runtime itself needs. `rds` here means the
   * database's own endpoint (TCP 5432), not the RDS API.
   */
  services: string[];
  /** The database logins the code makes (none: it logs in to no database). */
  databaseLogins?: DatabaseLogin[];
  /**
   * The code receives clear card numbers (in a file it reads, a request it serves): it is a component of the
   * cardholder data environment even when every store it writes holds only tokens, so its activity must be logged
   * (PCI DSS 10.2.1) whatever its stores hold.
   */
  receivesCardNumbers?: true;
}

/** Derives `services` from the calls so a contract cannot name an action without the endpoint it needs. */
export function defineContract(
  contract: Omit<FunctionContract, 'services'> & { extraServices?: string[] },
): FunctionContract {
  const services = new Set<string>(contract.extraServices ?? []);
  for (const call of contract.calls) {
    if (call.viaService !== undefined) services.add(call.viaService);
    else if (call.resource.kind === 'rds-database') services.add('rds');
    else services.add(call.action.split(':')[0]!);
  }
  const { extraServices: _extra, ...rest } = contract;
  return { ...rest, services: [...services].sort() };
}
