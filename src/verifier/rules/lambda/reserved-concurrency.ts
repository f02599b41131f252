// ENC-LAMBDA-007: a function reserves concurrency only where the account is known to have it to spare.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const DOCS = 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html';

export const functionReservedConcurrency: Rule = {
  id: 'ENC-LAMBDA-007',
  title: 'Functions reserve no concurrency the account may not have',
  description: `Lambda lets a function reserve concurrency only while the rest of the account keeps a minimum unreserved: 100 at the usual quota (a reservation needs a quota of at least the reservations plus 100, ${DOCS}), the whole quota on accounts below it — new accounts start with a reduced quota (10 has been seen), where PutFunctionConcurrency refuses any reservation ("decreases account's UnreservedConcurrentExecution below its minimum value of [10]"). The quota is the account's, not the code's, so a stack that reserves concurrency fails to apply, part-way, on such an account. Unreserved (-1, or not set) and 0 pass; a reservation is reported with the stack's total. An account whose raised quota is known can keep one under a suppression that names the quota and when it was checked.`,
  service: 'lambda',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['6.5.1'] },
  evaluate(model) {
    const reserved = model.functions.filter(
      (f) => f.reservedConcurrency.provenance !== 'unknown' && (f.reservedConcurrency.value ?? -1) > 0,
    );
    const total = reserved.reduce((sum, f) => sum + f.reservedConcurrency.value!, 0);
    return resultOf(
      model.functions.map((f): Check => {
        const r = f.reservedConcurrency;
        if (r.provenance === 'unknown')
          return check(
            'unknown',
            f,
            `${f.address}'s reserved concurrency is known only after apply; a reservation needs an account quota the code cannot show`,
            r.location,
          );
        const value = r.value ?? -1;
        if (value <= 0)
          return check(
            'compliant',
            f,
            value === 0
              ? `${f.address} reserves 0 (throttled), which takes nothing from the account's unreserved concurrency`
              : `${f.address} reserves no concurrency: it shares the account's unreserved pool`,
            r.location,
            value,
          );
        const others = total - value > 0 ? `; the stack reserves ${total} in all` : '';
        return check(
          'non-compliant',
          f,
          `${f.address} reserves ${value} concurrent executions${others}: applying needs an account concurrency quota of at least ${total + 100} (Lambda keeps 100 unreserved, and all of a smaller quota: a new account's reduced quota allows no reservation at all), which the code cannot show`,
          r.location,
          value,
        );
      }),
    );
  },
};
