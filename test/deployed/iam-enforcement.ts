// Separation of duties proven with real calls on the emulator. moto can check IAM (its INITIAL_NO_AUTH_ACTION_COUNT
// mode, switched at run time through /moto-api/reset-auth): each request must then be signed by an access key the
// emulator issued, and is allowed only if the caller's identity policies allow it.
//
// What moto's check covers (moto 5.2.5, moto/iam/access_control.py, read for this):
// - identity policies only: a user's inline, attached and group policies; an assumed role's inline and attached
//   policies. Resource policies (bucket, key, secret, topic, queue), permission boundaries, session policies and
//   SCPs are never evaluated;
// - Action, NotAction, Resource (with * wildcards) and Effect; an explicit Deny wins. Conditions are not evaluated
//   for identity policies (only StringEquals against request parameters such as sts:ExternalId, in trust
//   policies): an Allow with a condition allows unconditionally, a Deny with one denies unconditionally;
// - the resource is named for S3 (bucket, or object for object actions), SQS, IAM and STS; for DynamoDB, KMS,
//   Lambda, Secrets Manager and SNS by the project's launcher (src/local/moto-server.py); for every other service
//   (CloudWatch, Logs, RDS, EC2…) the resource is "*", so a grant scoped to an ARN is refused there. The suites
//   only ask questions about the services whose resources are named.
// Roles are assumed while the check is off: moto evaluates a trust policy only for AWS principals, and our
// execution roles trust lambda.amazonaws.com, which no test identity can be. The sessions then act under the roles'
// own policies once the check is on.
import { randomBytes } from 'node:crypto';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { clientConfigFor, type EmulatorClientConfig } from '../../src/local/emulator-service.ts';

async function resetAuth(endpoint: string, count: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: count });
  if (!response.ok) throw new Error(`moto reset-auth ${count}: HTTP ${response.status}`);
}

export interface EnforcedSession {
  /** A user with AdministratorAccess, for reading results while the check is on. */
  admin: EmulatorClientConfig;
  /** One session per role name, acting under that role's policies. */
  roles: Record<string, EmulatorClientConfig>;
}

/**
 * Runs `body` with moto's IAM check on: an administrator user and one assumed-role session per role are made first
 * (check off), the check is switched on, and off again afterwards whatever happens, the user removed.
 */
export async function withIamEnforced<T>(
  endpoint: string,
  roleArns: Record<string, string>,
  body: (session: EnforcedSession) => Promise<T>,
): Promise<T> {
  const open = clientConfigFor(endpoint);
  const iam = new IAMClient(open);
  const userName = `enclave-suite-admin-${randomBytes(4).toString('hex')}`;
  const policyArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  try {
    const sts = new STSClient(open);
    const roles: Record<string, EmulatorClientConfig> = {};
    for (const [name, RoleArn] of Object.entries(roleArns)) {
      const assumed = await sts.send(
        new AssumeRoleCommand({ RoleArn, RoleSessionName: `enclave-suite-${name}`.slice(0, 64), DurationSeconds: 900 }),
      );
      const c = assumed.Credentials!;
      roles[name] = clientConfigFor(endpoint, {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      });
    }
    const admin = clientConfigFor(endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    await resetAuth(endpoint, '0');
    try {
      return await body({ admin, roles });
    } finally {
      await resetAuth(endpoint, 'inf');
    }
  } finally {
    await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId! }));
    await iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    await iam.send(new DeleteUserCommand({ UserName: userName }));
  }
}

/** The error name a refused call gives, or 'allowed'. */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'allowed';
  } catch (error) {
    return (error as { name?: string }).name ?? String(error);
  }
}

/** Names AWS and moto give a call IAM refused, per protocol. */
export const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/** Whether the emulator really checks: the default credentials (no issued key) must now be refused. */
export async function checkIsOn(endpoint: string): Promise<string> {
  return outcome(() => new STSClient(clientConfigFor(endpoint)).send(new GetCallerIdentityCommand({})));
}
