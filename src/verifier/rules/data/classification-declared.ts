// ENC-DATA-002: every bucket and table says what it holds.
import { resultOf, type Check, type Rule } from '../types.ts';

export const classificationDeclared: Rule = {
  id: 'ENC-DATA-002',
  title: 'Every bucket and table declares what it holds',
  description: 'Which stores hold card data decides which rules judge them (who may read, write, decrypt). Each bucket and table is classified by the tag enclave:classification = card-data | audit | other, or by the contract of a function that uses it (`holds` on the variable that names it; the stricter wins where they differ). While the contract of a function cannot be read (stale build, malformed), an untagged store is unknown. Failing both, the verifier guesses from the name and tags (raw, card, incoming… → card-data; audit, trail, flow-log → audit): a guess this rule reports, because a bucket of raw card files named "payment-processing-files" is guessed "other" and skips every card-data check (PCI DSS 12.5.2: know where account data is stored).',
  service: 'data',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['12.5.2', '3.2.1'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    // A function whose contract could not be read may be the one that names the store.
    const unread = analysis.contracts.filter((p) => !p.link.contract && !p.link.notApplicable).map((p) => p.link);
    for (const store of [...model.buckets, ...model.tables]) {
      const r = view.resourceByAddress.get(store.address);
      if (!r) continue;
      if (r.classifiedFrom === 'tag' || r.classifiedFrom === 'contract') {
        checks.push({ verdict: 'compliant', resource: store.address, message: `${store.address} holds ${r.classification} (${r.classifiedFrom === 'tag' ? 'its enclave:classification tag' : 'the contract of a function that uses it'})`, location: r.classifiedFrom === 'tag' ? store.tags.location : store.location });
      } else if (unread.length > 0) {
        checks.push({ verdict: 'unknown', resource: store.address, message: `${store.address} has no enclave:classification tag and the contract of ${unread.map((l) => `${l.function} (${l.problem ?? 'no contract'})`).join(', ')} could not be read: whether a contract says what it holds is unknown (guessed ${r.classification} from its name)`, location: store.location });
      } else if (store.tags.unknown) {
        checks.push({ verdict: 'unknown', resource: store.address, message: `${store.address}'s tags are known only after apply, so what it holds is unknown (guessed ${r.classification} from its name)`, location: store.tags.location });
      } else {
        checks.push({ verdict: 'non-compliant', resource: store.address, message: `${store.address} declares nothing about what it holds: it is guessed to hold ${r.classification} from its name and tags. Tag it enclave:classification, or name it in the contract of the function that uses it`, location: store.location });
      }
    }
    return resultOf(checks);
  },
};
