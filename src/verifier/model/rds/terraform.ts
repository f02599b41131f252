// Terraform → RDS instances, parameter groups and subnet groups.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, asStringList, at, field, locate, objects, refAt, refsAt } from '../fields.ts';
import { stringField } from '../ec2/common.ts';
import { createdAfter } from '../lambda/common.ts';

export function adaptTerraformRds(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'aws_db_instance')) {
    m.dbInstances.push({
      ...base(raw, 'db-instance'),
      engine: field(raw, 'engine', asString),
      storageEncrypted: field(raw, 'storage_encrypted', asBoolean, false),
      kmsKey: refAt(raw, 'kms_key_id', refs),
      multiAz: field(raw, 'multi_az', asBoolean, false),
      // The RDS API's default when the argument is absent.
      backupRetentionDays: field(raw, 'backup_retention_period', asNumber, 1),
      publiclyAccessible: field(raw, 'publicly_accessible', asBoolean, false),
      parameterGroup: refAt(raw, 'parameter_group_name', refs),
      subnetGroup: refAt(raw, 'db_subnet_group_name', refs),
      securityGroups: refsAt(raw, 'vpc_security_group_ids', refs),
      deletionProtection: field(raw, 'deletion_protection', asBoolean, false),
      iamAuthentication: field(raw, 'iam_database_authentication_enabled', asBoolean, false),
      port: field(raw, 'port', asNumber),
      performanceInsightsKmsKey: refAt(raw, 'performance_insights_kms_key_id', refs),
      masterUsername: field(raw, 'username', asString),
      masterPassword: field(raw, 'password', (v) => v),
      monitoringInterval: field(raw, 'monitoring_interval', asNumber, 0),
      createdAfter: createdAfter(raw, refs),
      performanceInsightsEnabled: field(raw, 'performance_insights_enabled', asBoolean, false),
      engineVersion: field(raw, 'engine_version', asString),
      logExports: field(raw, 'enabled_cloudwatch_logs_exports', asStringList, []),
      masterUserSecretKmsKey: refAt(raw, 'master_user_secret_kms_key_id', refs),
      identifier: field(raw, 'identifier', asString),
      manageMasterPassword: field(raw, 'manage_master_user_password', asBoolean, false),
    });
  }
  for (const raw of ofType(ctx, 'aws_db_parameter_group')) {
    m.dbParameterGroups.push({
      ...base(raw, 'db-parameter-group'),
      name: field(raw, 'name', asString),
      family: field(raw, 'family', asString),
      parameters: objects(at(raw.attributes, 'parameter')).map((p, i) => ({
        name: typeof p.name === 'string' ? p.name : '(unknown)',
        value: stringField(p.value, locate(raw, `parameter.${i}`)),
      })),
    });
  }
  for (const raw of ofType(ctx, 'aws_db_subnet_group')) {
    m.dbSubnetGroups.push({
      ...base(raw, 'db-subnet-group'),
      name: field(raw, 'name', asString),
      subnets: refsAt(raw, 'subnet_ids', refs),
    });
  }
}
