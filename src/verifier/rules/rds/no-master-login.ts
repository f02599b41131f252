// ENC-RDS-012: no function logs in to a database as its master user, unless its contract says it administers roles.
import type { DatabaseLogin } from '../../../core/contract.ts';
import type { DbInstance, EnvironmentVariable, LambdaFunction, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.MasterAccounts.html';

/**
 * The instance whose RDS-managed master secret the variable names: Terraform `master_user_secret[0].secret_arn`,
 * CloudFormation `Fn::GetAtt [Db, MasterUserSecret.SecretArn]`.
 */
function masterSecretOf(model: Model, variable: EnvironmentVariable): DbInstance | undefined {
  const { target, attribute } = variable.ref;
  if (target === undefined || !/^(master_user_secret|MasterUserSecret)\b/.test(attribute ?? '')) return undefined;
  return model.dbInstances.find((db) => db.address === target || db.sources.includes(target));
}

function judgeFunction(
  model: Model,
  fn: LambdaFunction,
  logins: readonly DatabaseLogin[] | undefined,
  contractProblem: string | undefined,
): Check[] {
  if (fn.variables === undefined) {
    return model.dbInstances.length === 0
      ? []
      : [
          check(
            'unknown',
            fn,
            `${fn.address}'s environment is known only after apply: whether it holds a database's master secret is unknown`,
            fn.environment.location,
          ),
        ];
  }
  const checks: Check[] = [];
  for (const [name, variable] of Object.entries(fn.variables)) {
    const login = logins?.find((l) => l.secret === name);
    const db = masterSecretOf(model, variable);
    if (db) {
      if (login?.as === 'administration') {
        checks.push(
          check(
            'compliant',
            fn,
            `${fn.address} logs in to ${db.address} as the master user (${name}) only to administer roles, as its contract declares: ${login.why}`,
            variable.location,
          ),
        );
      } else if (login) {
        checks.push(
          check(
            'non-compliant',
            fn,
            `${fn.address} logs in to ${db.address} as the master user: ${name} is ${db.address}'s master secret, but the contract says it is the ${login.as} role's login (${login.why})`,
            variable.location,
          ),
        );
      } else {
        const why = contractProblem
          ? `its contract cannot be read (${contractProblem})`
          : 'its contract declares no administration login with it';
        checks.push(
          check(
            'non-compliant',
            fn,
            `${fn.address} is given ${db.address}'s master secret in ${name}, and ${why}: code holding the master login may create, drop and read everything in the database`,
            variable.location,
          ),
        );
      }
      continue;
    }
    if (!login || login.as === 'administration') continue;
    if (variable.names !== undefined) {
      checks.push(
        check(
          'compliant',
          fn,
          `${fn.address} logs in as the ${login.as} role with ${name} (${variable.names}), which is no database's master secret`,
          variable.location,
        ),
      );
    } else {
      checks.push(
        check(
          'unknown',
          fn,
          `${fn.address}'s ${login.as} login ${name} names no secret of the stack: whether it is the master user's is known only after apply`,
          variable.location,
        ),
      );
    }
  }
  return checks;
}

export const dbNoMasterLogin: Rule = {
  id: 'ENC-RDS-012',
  title: 'No function logs in to a database as its master user, except to administer roles',
  description: `The RDS master user holds rds_superuser: it can create and drop roles, schemas and tables and read every table (${DOC}). Code that serves requests or runs migrations with it breaks least privilege (PCI DSS 7.2.5: system and application accounts get only what they need). A function's contract names its database logins (\`databaseLogins\`: which variable holds the secret, and whether it is the application, migration or administration login). A function given the master user's RDS-managed secret (Terraform \`master_user_secret[0].secret_arn\`, CloudFormation \`MasterUserSecret.SecretArn\`) fails unless its contract declares that variable as an administration login; an application or migration login that names a secret the stack creates passes; one that names a secret known only after apply is unknown, since it could be the master's. Master passwords passed as plain values are a different failure (no managed secret): this rule recognises the managed secret only.`,
  service: 'rds',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.5', '7.2.2', '8.6.1'] },
  evaluate(model, analysis) {
    const links = new Map(analysis.contracts.map(({ link }) => [link.function, link]));
    return resultOf(
      model.functions.flatMap((fn) => {
        const link = links.get(fn.address);
        return judgeFunction(model, fn, link?.contract?.databaseLogins, link?.contract ? undefined : link?.problem);
      }),
    );
  },
};
