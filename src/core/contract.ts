// A function's contract: what it needs from the environment it is deployed into. The build writes each
// function's contract as contract.json beside its bundle; the verifier proves a deployment gives exactly this.

export type ContractResourceKind =
  | 's3-bucket' // the bucket itself (ListBucket, GetBucketEncryption…)
  | 's3-object' // objects in the bucket (GetObject, PutObject…)
  | 'dynamodb-table'
  | 'kms-key'
  | 'sns-topic'
  | 'secret'
  | 'rds-database'
  | 'any'; // account-wide read actions that IAM does not scope (ec2:DescribeVpcs…)

export interface ContractCall {
  /** IAM action exactly as IAM names it: `s3:GetObject`. */
  action: string;
  /** The resource it is called on, named by the environment variable that carries its name, ARN or id. */
  resource: { kind: ContractResourceKind; env?: string };
  why: string;
  /**
   * Set when the permission is exercised by another AWS service on the function's behalf rather than called by
   * the function — e.g. `'s3'` for the kms:Decrypt / kms:GenerateDataKey that SSE-KMS reads and writes need.
   * The IAM grant is still required; a network path from the function to that API is not.
   */
  viaService?: string;
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
  environment: { name: string; required: boolean; description: string }[];
  calls: ContractCall[];
  /**
   * AWS service endpoints the code must reach at run time (`s3`, `dynamodb`, `kms`, `logs`, `sns`,
   * `secretsmanager`, `sts`…), derived from calls plus what the runtime itself needs. `rds` here means the
   * database's own endpoint (TCP 5432), not the RDS API.
   */
  services: string[];
  /** The database logins the code makes (none: it logs in to no database). */
  databaseLogins?: DatabaseLogin[];
}

/** Derives `services` from the calls so a contract cannot name an action without the endpoint it needs. */
export function defineContract(contract: Omit<FunctionContract, 'services'> & { extraServices?: string[] }): FunctionContract {
  const services = new Set<string>(contract.extraServices ?? []);
  for (const call of contract.calls) {
    if (call.viaService !== undefined) services.add(call.viaService);
    else if (call.resource.kind === 'rds-database') services.add('rds');
    else services.add(call.action.split(':')[0]!);
  }
  const { extraServices: _extra, ...rest } = contract;
  return { ...rest, services: [...services].sort() };
}
