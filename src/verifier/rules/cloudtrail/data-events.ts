// ENC-CT-004: the stack's trails record data events (reads and writes) on every card-data bucket and table.
import type { Ref, TrailDataSelector } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const TYPES: Record<string, string> = { 's3-bucket': 'AWS::S3::Object', 'dynamodb-table': 'AWS::DynamoDB::Table' };
const ALL: Record<string, RegExp> = {
  'AWS::S3::Object': /^arn:aws[a-z-]*:s3(:::)?$/,
  'AWS::DynamoDB::Table': /^arn:aws[a-z-]*:dynamodb$/,
};

/** Does a selector's resource entry cover the store? yes / no / maybe (a value known only after apply). */
function covers(ref: Ref, type: string, address: string, name: string | undefined): 'yes' | 'no' | 'maybe' {
  if (ref.target === address) return 'yes';
  if (ref.target) return 'no';
  const text = ref.literal;
  if (text === undefined) return 'maybe';
  if (ALL[type]!.test(text)) return 'yes';
  if (name === undefined) return 'maybe';
  return text === `arn:aws:s3:::${name}/` || text.startsWith(`arn:aws:s3:::${name}/`) || text.endsWith(`:table/${name}`)
    ? 'yes'
    : 'no';
}

export const trailDataEvents: Rule = {
  id: 'ENC-CT-004',
  title: 'Trails record data events on every card-data bucket and table',
  description:
    "Every individual access to cardholder data is logged (PCI DSS 10.2.1.1): a trail of the stack records data events — reads and writes — on each bucket and table classified as card data (the enclave:classification tag, or the names the IAM analysis recognises). A function whose contract says it receives clear card numbers is part of the cardholder data environment even when it stores only tokens; a stack with such a function and no trail fails as well. Management events alone do not show who read which object or item. A stack with card data and no trail at all fails too: the account's or organisation's trail is outside what this verification sees, so relying on it is a claim, recorded as a suppression with its reason, never a pass. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
  service: 'cloudtrail',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.2.1.1'] },
  crossReference: { checkov: ['CKV2_AWS_61'], securityHub: ['S3.22', 'S3.23'] },
  evaluate(model, analysis) {
    const stores = analysis.iam.view.resources.filter((r) => r.classification === 'card-data' && TYPES[r.kind]);
    // No trail at all: nothing the stack declares records who read or wrote its card data. The organisation's trail
    // may; the verifier cannot see it, so that claim is recorded as a suppression with its reason (claimed, not
    // proven) rather than passed (the 2026 audit, defect 11).
    if (model.trails.length === 0) {
      // A function whose contract says it receives clear card numbers is in the cardholder data environment even
      // when it stores only tokens (payment-api before the account baseline): its activity needs a trail too.
      const receivers = analysis.contracts.filter((p) => p.link.contract?.receivesCardNumbers === true);
      return resultOf([
        ...stores.map((store) =>
          check(
            'non-compliant',
            store,
            `no trail of the stack records data events on ${store.address} (card data), and the stack declares no trail at all: who read or wrote which ${TYPES[store.kind] === 'AWS::S3::Object' ? 'object' : 'item'} goes unrecorded unless the organisation's trail does — if it does, suppress this check naming that trail (claimed, not proven)`,
            model.objects.get(store.address)?.location,
          ),
        ),
        ...receivers.map((p) =>
          check(
            'non-compliant',
            { address: p.link.function, location: p.link.location },
            `${p.link.function} receives clear card numbers (its contract, bundle ${p.link.bundle}, says so) and the stack declares no trail at all: calls to it and by it go unrecorded unless the organisation's trail records them — if it does, suppress this check naming that trail (claimed, not proven)`,
          ),
        ),
      ]);
    }
    const selectors: TrailDataSelector[] = model.trails.flatMap((t) => t.dataSelectors);
    return resultOf(
      stores.map((store): Check => {
        const type = TYPES[store.kind]!;
        const object = model.objects.get(store.address)!;
        const name = (object as { name?: { value: string | undefined } }).name?.value;
        let unsure: TrailDataSelector | undefined;
        let partial: TrailDataSelector | undefined;
        for (const s of selectors) {
          if (s.resourceType.provenance === 'unknown') {
            unsure ??= s;
            continue;
          }
          if (s.resourceType.value !== type) continue;
          const c =
            s.resources === 'all'
              ? 'yes'
              : s.resources.reduce<'yes' | 'no' | 'maybe'>((acc, r) => {
                  const x = covers(r, type, store.address, name);
                  return acc === 'yes' || x === 'yes' ? 'yes' : acc === 'maybe' || x === 'maybe' ? 'maybe' : 'no';
                }, 'no');
          if (c === 'maybe') {
            unsure ??= s;
            continue;
          }
          if (c === 'no') continue;
          if (s.readWrite.value === 'All')
            return check(
              'compliant',
              store,
              `${store.address} (card data) is covered by data events, reads and writes`,
              s.location,
            );
          partial ??= s;
        }
        if (partial)
          return check(
            'non-compliant',
            store,
            `${store.address} (card data) is covered by data events of type ${partial.readWrite.value} only: ${partial.readWrite.value === 'WriteOnly' ? 'reads of card data' : 'changes to card data'} go unrecorded`,
            partial.location,
          );
        if (unsure)
          return check(
            'unknown',
            store,
            `whether a trail records data events on ${store.address} depends on values known only after apply`,
            unsure.location,
          );
        return check(
          'non-compliant',
          store,
          `no trail of the stack records data events on ${store.address} (card data): who read or wrote which ${type === 'AWS::S3::Object' ? 'object' : 'item'} goes unrecorded`,
          store.location,
        );
      }),
    );
  },
};
