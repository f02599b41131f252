import type { Capability } from '../../analysis/iam/sod.ts';
import type { Duty, IamResource } from '../../analysis/iam/view.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { keysProtecting, mustBeDenied, principalCheck } from './shared.ts';

type Forbidden = { capability: Capability['id']; on: (r: IamResource) => boolean; why: string };

const cardData = (r: IamResource) => r.classification === 'card-data';
const anyData = (r: IamResource) => r.kind === 's3-bucket' || r.kind === 'dynamodb-table' || r.kind === 'secret';
const everything = () => true;

/** What each of these duties must never do, escalation included. */
const LANES: Partial<Record<Duty, Forbidden[]>> = {
  ingest: [
    { capability: 'read-data', on: cardData, why: 'Ingest principals bring card data in and never read it back.' },
    { capability: 'delete-data', on: anyData, why: 'Ingest principals never delete.' },
    { capability: 'tamper-logs', on: everything, why: 'Ingest principals never touch logs.' },
    { capability: 'change-permissions', on: everything, why: 'Ingest principals never change permissions.' },
    { capability: 'administer-key', on: everything, why: 'Ingest principals never administer keys.' },
  ],
  monitoring: [
    { capability: 'read-data', on: cardData, why: 'Monitoring and lookup roles never read card data.' },
    { capability: 'write-data', on: anyData, why: 'Monitoring and lookup roles are read-only.' },
    { capability: 'delete-data', on: anyData, why: 'Monitoring and lookup roles are read-only.' },
    { capability: 'tamper-logs', on: everything, why: 'Monitoring and lookup roles are read-only.' },
    { capability: 'change-permissions', on: everything, why: 'Monitoring and lookup roles are read-only.' },
    { capability: 'administer-key', on: everything, why: 'Monitoring and lookup roles are read-only.' },
  ],
  delivery: [
    { capability: 'read-data', on: cardData, why: 'A delivery role moves records; it never reads card data.' },
    // Writing (and, for AWS's own monitoring roles, setting the retention of) the log groups it delivers into is its duty.
    { capability: 'delete-data', on: anyData, why: 'A delivery role never deletes.' },
    { capability: 'change-permissions', on: everything, why: 'A delivery role never changes permissions.' },
    { capability: 'administer-key', on: everything, why: 'A delivery role never administers keys.' },
  ],
};

export const dutyLanes: Rule = {
  id: 'ENC-IAM-014',
  title: 'Ingest, monitoring and delivery roles hold only their duty',
  description: 'Roles declared enclave:duty = ingest (uploaders: data in, never back out), monitoring (cross-account monitoring, database operations, lookups: read-only, never card data) or delivery (roles AWS services assume to move logs and records) must not read card data, delete data, alter logs, change permissions or administer keys — directly or by escalation; none may decrypt with a key that protects card data except through the service it uploads with. Asked of the IAM evaluator per capability (PCI DSS 7.2.1, 7.2.2, 7.2.5).',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.5'] },
  evaluate(_model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const p of view.principals) {
      const lane = LANES[p.duty];
      if (!lane || p.kind === 'service') continue;
      const before = checks.length;
      for (const r of view.resources) {
        for (const f of lane) {
          if (!f.on(r)) continue;
          const c = mustBeDenied(analysis, p, f.capability, r, { explicit: false, why: f.why });
          if (c && c.verdict !== 'compliant') checks.push(c);
        }
      }
      for (const key of keysProtecting(view, ['card-data'])) {
        const c = mustBeDenied(analysis, p, 'decrypt', key, { explicit: false, why: `A ${p.duty} role never decrypts card data directly.` });
        if (c && c.verdict !== 'compliant') checks.push(c);
      }
      if (checks.length === before) checks.push(principalCheck('compliant', p, `${p.id} (${p.duty}) holds nothing beyond its duty: no card-data read, delete, log, permission or key administration, escalation included`));
    }
    return resultOf(checks);
  },
};
