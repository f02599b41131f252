// ENC-RDS-009: the parameter group's family matches the engine and major version of the instance using it.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { parameterGroupOf } from './common.ts';

/** The family an engine version needs: postgres16, postgres9.6, mysql8.0, mariadb10.11; undefined when unknown. */
export function familyFor(engine: string, version: string): string | undefined {
  const parts = version.split('.');
  if (/^postgres$/i.test(engine)) return Number(parts[0]) >= 10 ? `postgres${parts[0]}` : parts.length >= 2 ? `postgres${parts[0]}.${parts[1]}` : undefined;
  if (/^(mysql|mariadb)$/i.test(engine)) return parts.length >= 2 ? `${engine.toLowerCase()}${parts[0]}.${parts[1]}` : undefined;
  if (/^aurora-postgresql$/i.test(engine)) return `aurora-postgresql${parts[0]}`;
  return undefined;
}

export const dbParameterFamily: Rule = {
  id: 'ENC-RDS-009',
  title: 'Parameter groups match the engine version of their instance',
  description: 'RDS refuses an instance whose parameter group belongs to another engine family (postgres15 for a PostgreSQL 16 instance: "The parameter group … with DBParameterGroupFamily postgres15 can\'t be used for this instance"), and a major-version upgrade strands the settings the controls depend on (rds.force_ssl, ssl_min_protocol_version, log_connections). An engine version not written (AWS picks the current default) cannot be matched and is unknown. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html',
  service: 'rds',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['2.2.1', '6.3.3'] },
  evaluate(model) {
    return resultOf(model.dbInstances.flatMap((d): Check[] => {
      if (d.parameterGroup.provenance === 'default') return [];
      const group = parameterGroupOf(model, d);
      if (!group) return [check('unknown', d, `${d.address}'s parameter group is not in this stack`, d.parameterGroup.location)];
      const [engine, version, family] = [d.engine.value, d.engineVersion.value, group.family.value];
      if (engine === undefined || version === undefined || family === undefined) return [check('unknown', d, `${d.address}: the engine, its version or ${group.address}'s family is ${d.engineVersion.provenance === 'default' ? 'not written (AWS picks the current default version)' : 'known only after apply'}`, d.engineVersion.location)];
      const expected = familyFor(engine, version);
      if (expected === undefined) return [check('unknown', d, `${d.address} runs ${engine} ${version}, whose parameter-group family this rule does not derive`, d.engineVersion.location)];
      return expected === family
        ? [check('compliant', d, `${group.address} (${family}) matches ${engine} ${version}`, group.family.location)]
        : [check('non-compliant', d, `${group.address} is of family ${family}, but ${d.address} runs ${engine} ${version}, which needs ${expected}: RDS refuses the parameter group`, group.family.location, family)];
    }));
  },
};
