// ENC-CW-002: alarms on custom metrics watch a metric some metric filter of the stack publishes.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const alarmMetricPublished: Rule = {
  id: 'ENC-CW-002',
  title: 'Alarms on custom metrics watch a metric something publishes',
  description: 'An alarm on a metric no metric filter of the stack publishes (a name or namespace that differs by one character, a filter removed) never leaves INSUFFICIENT_DATA or OK: the detection never fires (PCI DSS 10.4.1). Metrics in AWS namespaces (AWS/…) are published by the service and are not judged; a custom metric published from outside the stack cannot be seen here and is unknown.',
  service: 'cloudwatch',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.7.1'] },
  evaluate(model) {
    return resultOf(model.alarms.flatMap((a): Check[] => {
      const ns = a.namespace.value;
      const name = a.metricName.value;
      if (ns === undefined || name === undefined) {
        if (a.namespace.provenance === 'unknown' || a.metricName.provenance === 'unknown') return [check('unknown', a, `${a.address}'s metric is known only after apply`, a.metricName.location)];
        return [];
      }
      if (ns.startsWith('AWS/')) return [];
      const filter = model.metricFilters.find((f) => f.metricName.value === name && f.metricNamespace.value === ns);
      if (filter) return [check('compliant', a, `${a.address} watches ${ns}/${name}, which ${filter.address} publishes`, a.metricName.location)];
      if (model.metricFilters.some((f) => f.metricName.provenance === 'unknown' || f.metricNamespace.provenance === 'unknown')) return [check('unknown', a, `${a.address} watches ${ns}/${name}; a metric filter whose metric is known only after apply may publish it`, a.metricName.location)];
      return [check('non-compliant', a, `${a.address} watches ${ns}/${name}, which no metric filter of the stack publishes: it never fires`, a.metricName.location, `${ns}/${name}`)];
    }));
  },
};
