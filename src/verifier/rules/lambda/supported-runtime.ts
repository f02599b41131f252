// ENC-LAMBDA-003: functions use a runtime AWS still patches.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

/** Runtimes and the date AWS deprecates them (stops security patches), from the Lambda runtimes page. */
export const RUNTIME_DEPRECATION: Record<string, string> = {
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'nodejs18.x': '2025-09-01',
  'nodejs16.x': '2024-06-12',
  'python3.14': '2029-06-30',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2026-06-30',
  'python3.10': '2026-06-30',
  'python3.9': '2025-12-15',
  java25: '2029-06-30',
  java21: '2029-06-30',
  java17: '2027-06-30',
  java11: '2027-06-30',
  'java8.al2': '2027-06-30',
  dotnet10: '2028-11-14',
  dotnet8: '2026-11-10',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
};

export const functionSupportedRuntime: Rule = {
  id: 'ENC-LAMBDA-003',
  title: 'Lambda functions use a supported runtime',
  description:
    'System components are protected from known vulnerabilities: a deprecated runtime no longer receives security patches.',
  service: 'lambda',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['6.3.3'] },
  crossReference: { checkov: ['CKV_AWS_363'], securityHub: ['Lambda.2'] },
  evaluate(model) {
    const today = new Date().toISOString().slice(0, 10);
    return resultOf(
      model.functions.map((f) => {
        const r = f.runtime;
        if (r.provenance === 'unknown')
          return check('unknown', f, `${f.address}'s runtime is known only after apply`, r.location);
        if (r.value === undefined)
          return check(
            'compliant',
            f,
            `${f.address} is a container image; its base image is patched by its build`,
            r.location,
          );
        const until = RUNTIME_DEPRECATION[r.value];
        if (!until)
          return check(
            'non-compliant',
            f,
            `${f.address} uses ${r.value}, which is not a runtime AWS still supports`,
            r.location,
            r.value,
          );
        if (until <= today)
          return check(
            'non-compliant',
            f,
            `${f.address} uses ${r.value}, deprecated by AWS on ${until}`,
            r.location,
            r.value,
          );
        return check('compliant', f, `${f.address} uses ${r.value}, supported until ${until}`, r.location, r.value);
      }),
    );
  },
};
