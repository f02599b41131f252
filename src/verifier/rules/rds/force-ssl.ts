// ENC-RDS-005: PostgreSQL instances refuse connections without TLS (rds.force_ssl = 1).
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const dbForceSsl: Rule = {
  id: 'ENC-RDS-005',
  title: 'PostgreSQL instances force TLS (rds.force_ssl = 1)',
  description:
    'Card data is protected in transit to the database: its parameter group sets rds.force_ssl to 1, so clients without TLS are refused.',
  service: 'rds',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['4.2.1', '2.2.7'] },
  crossReference: { checkov: ['CKV2_AWS_69'] },
  evaluate(model) {
    return resultOf(
      model.dbInstances.flatMap((d) => {
        const engine = d.engine.value;
        if (d.engine.provenance === 'unknown')
          return [check('unknown', d, `${d.address}'s engine is known only after apply`, d.engine.location)];
        if (!engine || !/postgres/i.test(engine)) return [];
        if (d.parameterGroup.provenance === 'default')
          return [
            check(
              'non-compliant',
              d,
              `${d.address} uses the default parameter group, where rds.force_ssl is not 1 for every engine version`,
            ),
          ];
        const group = model.dbParameterGroups.find(
          (g) =>
            g.address === d.parameterGroup.target ||
            (d.parameterGroup.literal !== undefined && g.name.value === d.parameterGroup.literal),
        );
        if (!group)
          return [
            check(
              'unknown',
              d,
              `${d.address}'s parameter group ${d.parameterGroup.literal ?? 'known after apply'} is not in the model`,
              d.parameterGroup.location,
            ),
          ];
        const p = group.parameters.find((x) => x.name === 'rds.force_ssl');
        if (!p) return [check('non-compliant', d, `${group.address} does not set rds.force_ssl`, group.location)];
        if (p.value.provenance === 'unknown')
          return [check('unknown', d, `${group.address}: rds.force_ssl is known only after apply`, p.value.location)];
        return [
          check(
            p.value.value === '1' ? 'compliant' : 'non-compliant',
            d,
            `${group.address} sets rds.force_ssl = ${p.value.value}`,
            p.value.location,
            p.value.value ?? null,
          ),
        ];
      }),
    );
  },
};
