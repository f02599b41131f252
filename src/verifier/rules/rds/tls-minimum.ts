// ENC-RDS-006: databases refuse TLS older than 1.2.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { engineKind, parameterGroupOf } from './common.ts';

const PG_DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html';
const MY_DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html';
const MODERN = /^TLSv1\.[23]$/;

export const dbTlsMinimum: Rule = {
  id: 'ENC-RDS-006',
  title: 'Databases accept only TLS 1.2 or later',
  description: `Strong cryptography in transit (PCI DSS 4.2.1): PostgreSQL sets ssl_min_protocol_version to TLSv1.2 or TLSv1.3 in its parameter group (${PG_DOC}); MySQL and MariaDB set require_secure_transport and limit tls_version to TLSv1.2/TLSv1.3 (${MY_DOC}). The engine default differs between engine versions, so a value not set is reported (fail closed). Forcing TLS at all (rds.force_ssl) is ENC-RDS-005.`,
  service: 'rds',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['4.2.1', '2.2.7'] },
  evaluate(model) {
    return resultOf(model.dbInstances.flatMap((d): Check[] => {
      if (d.engine.provenance === 'unknown') return [check('unknown', d, `${d.address}'s engine is known only after apply`, d.engine.location)];
      const kind = engineKind(d.engine.value);
      if (kind === 'other') return [check('unknown', d, `${d.address} runs ${d.engine.value}, whose TLS settings this rule does not know`, d.engine.location)];
      if (d.parameterGroup.provenance === 'default') return [check('non-compliant', d, `${d.address} uses the default parameter group, which sets no minimum TLS version`)];
      const group = parameterGroupOf(model, d);
      if (!group) return [check('unknown', d, `${d.address}'s parameter group is not in this stack`, d.parameterGroup.location)];
      const param = (name: string) => group.parameters.find((p) => p.name === name);
      const out: Check[] = [];
      const need = (name: string, ok: (v: string) => boolean, expected: string) => {
        const p = param(name);
        if (!p) out.push(check('non-compliant', d, `${group.address} does not set ${name} (${expected}): the engine default applies, which allows older TLS on some versions`, group.location));
        else if (p.value.provenance === 'unknown') out.push(check('unknown', d, `${group.address}: ${name} is known only after apply`, p.value.location));
        else if (!ok(p.value.value ?? '')) out.push(check('non-compliant', d, `${group.address} sets ${name} = ${p.value.value} (${expected})`, p.value.location, p.value.value ?? null));
      };
      if (kind === 'postgres') need('ssl_min_protocol_version', (v) => MODERN.test(v), 'TLSv1.2 or TLSv1.3');
      else {
        need('require_secure_transport', (v) => /^(1|on|true)$/i.test(v), 'ON');
        need('tls_version', (v) => v.split(',').every((x) => MODERN.test(x.trim())), 'TLSv1.2 and/or TLSv1.3 only');
      }
      return out.length > 0 ? out : [check('compliant', d, `${group.address} admits only TLS 1.2 or later to ${d.address}`, group.location)];
    }));
  },
};
