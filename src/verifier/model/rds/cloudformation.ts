// CloudFormation → RDS instances, parameter groups and subnet groups.
import type { Value } from '../../load/types.ts';
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, asStringList, at, field, locate, refAt, refsAt } from '../fields.ts';
import { stringField } from '../ec2/common.ts';
import { createdAfter } from '../lambda/common.ts';

export function adaptCloudFormationRds(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'AWS::RDS::DBInstance')) {
    m.dbInstances.push({
      ...base(raw, 'db-instance'),
      engine: field(raw, 'Engine', asString),
      storageEncrypted: field(raw, 'StorageEncrypted', asBoolean, false),
      kmsKey: refAt(raw, 'KmsKeyId', refs),
      multiAz: field(raw, 'MultiAZ', asBoolean, false),
      backupRetentionDays: field(raw, 'BackupRetentionPeriod', asNumber, 1),
      publiclyAccessible: field(raw, 'PubliclyAccessible', asBoolean, false),
      parameterGroup: refAt(raw, 'DBParameterGroupName', refs),
      subnetGroup: refAt(raw, 'DBSubnetGroupName', refs),
      securityGroups: refsAt(raw, 'VPCSecurityGroups', refs),
      deletionProtection: field(raw, 'DeletionProtection', asBoolean, false),
      iamAuthentication: field(raw, 'EnableIAMDatabaseAuthentication', asBoolean, false),
      port: field(raw, 'Port', asNumber),
      performanceInsightsKmsKey: refAt(raw, 'PerformanceInsightsKMSKeyId', refs),
      masterUsername: field(raw, 'MasterUsername', asString),
      masterPassword: field(raw, 'MasterUserPassword', (v) => v),
      monitoringInterval: field(raw, 'MonitoringInterval', asNumber, 0),
      createdAfter: createdAfter(raw, refs),
      performanceInsightsEnabled: field(raw, 'EnablePerformanceInsights', asBoolean, false),
      engineVersion: field(raw, 'EngineVersion', asString),
      logExports: field(raw, 'EnableCloudwatchLogsExports', asStringList, []),
      masterUserSecretKmsKey: refAt(raw, 'MasterUserSecret.KmsKeyId', refs),
      identifier: field(raw, 'DBInstanceIdentifier', asString),
      manageMasterPassword: field(raw, 'ManageMasterUserPassword', asBoolean, false),
    });
  }
  for (const raw of ofType(ctx, 'AWS::RDS::DBParameterGroup')) {
    const parameters = at(raw.attributes, 'Parameters');
    const entries =
      parameters && typeof parameters === 'object' && !Array.isArray(parameters)
        ? Object.entries(parameters as Record<string, Value>)
        : [];
    m.dbParameterGroups.push({
      ...base(raw, 'db-parameter-group'),
      name: field(raw, 'DBParameterGroupName', asString),
      family: field(raw, 'Family', asString),
      parameters: entries.map(([name, value]) => ({
        name,
        value: stringField(value, locate(raw, `Parameters.${name}`)),
      })),
    });
  }
  for (const raw of ofType(ctx, 'AWS::RDS::DBSubnetGroup')) {
    m.dbSubnetGroups.push({
      ...base(raw, 'db-subnet-group'),
      name: field(raw, 'DBSubnetGroupName', asString),
      subnets: refsAt(raw, 'SubnetIds', refs),
    });
  }
}
