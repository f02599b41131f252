// Our evaluator against @cloud-copilot/iam-simulate (AGPL: a test-time oracle only, never imported by src/) on
// generated cases. Prints the agreement figure; every disagreement fails the test with its seed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Value } from '../../../src/verifier/load/types.ts';
import { evaluateRequest } from '../../../src/verifier/analysis/iam/evaluate.ts';
import type { IamPrincipal, IamResource, IamView } from '../../../src/verifier/analysis/iam/view.ts';
import { statementsOf } from '../../../src/verifier/model/iam/policy.ts';
import type { Sym } from '../../../src/verifier/model/iam/symbolic.ts';
import type { RequestContext } from '../../../src/verifier/analysis/iam/conditions.ts';
import { generateAbsent } from './absent.ts';
import { ACCOUNT_ID, generate, PRINCIPAL, SESSION, SESSION_NAME, type Case } from './generate.ts';

const CASES = Number(process.env['IAM_DIFFERENTIAL_CASES'] ?? 2000);
const ABSENT_CASES = Number(process.env['IAM_DIFFERENTIAL_ABSENT_CASES'] ?? 700);
const location = { file: '(generated)', line: 1 };

/** The account is known here, so every value is literal (the model is told the account id). */
function toSym(value: Value): Sym {
  return [typeof value === 'string' ? value : String(value)];
}

function ours(c: Case): { decision: string; explicit: boolean } {
  const doc = (d: unknown, origin: string) => ({ ...statementsOf(d as Value, { toSym, origin, location: () => location }), origin, location });
  const principal: IamPrincipal = { id: 'alice', kind: 'role', name: ['alice'], arn: toSym(PRINCIPAL), sessionName: [SESSION_NAME], policies: c.identity.map((d, i) => doc(d, `identity-${i}`)), unknownPolicies: [], duty: 'other', location };
  const resource: IamResource = { address: 'target', type: c.target.kind, kind: c.target.kind, arn: toSym(c.target.arn), name: ['target'], classification: 'other', classifiedFrom: 'kind', location, ...(c.resourcePolicy ? { policy: doc(c.resourcePolicy, 'resource') } : {}) };
  const model: IamView = { principals: [principal], resources: [resource], resourceByAddress: new Map([['target', resource]]), principalById: new Map([['alice', principal]]), managedPolicies: new Map(), accountId: ACCOUNT_ID, region: 'us-east-1' };
  const context: RequestContext = new Map();
  for (const [k, v] of Object.entries(c.context)) context.set(k.toLowerCase(), [toSym(v)]);
  for (const k of c.absent) context.set(k.toLowerCase(), null);
  const endpoint: IamResource | undefined = c.endpointPolicy ? { address: 'endpoint', type: 'vpc-endpoint', kind: 'vpc-endpoint', arn: ['vpce'], name: ['vpce'], classification: 'other', classifiedFrom: 'kind', location, policy: doc(c.endpointPolicy, 'endpoint') } : undefined;
  const r = evaluateRequest(model, { principal, action: c.target.action, resource: toSym(c.target.resource), target: resource, context, ...(endpoint ? { endpoints: [endpoint] } : {}) });
  return { decision: r.decision, explicit: r.explicitDeny };
}

async function oracle(c: Case): Promise<{ decision: string; explicit: boolean } | { error: string }> {
  const result = await runSimulation({
    request: { principal: SESSION, action: c.target.action, resource: { resource: c.target.resource, accountId: ACCOUNT_ID }, contextVariables: c.context },
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    ...(c.endpointPolicy ? { vpcEndpointPolicies: [{ name: 'endpoint', policy: c.endpointPolicy }] } : {}),
  }, {});
  if (result.resultType === 'error') return { error: JSON.stringify(result.errors).slice(0, 300) };
  const overall = result.overallResult;
  return { decision: overall === 'Allowed' ? 'allowed' : 'denied', explicit: overall === 'ExplicitlyDenied' };
}

/** Both evaluators on `count` cases from `make`: the agreement figure, the outcomes, the first disagreements. */
async function compare(count: number, make: (seed: number) => Case) {
  let agree = 0;
  let oracleErrors = 0;
  const disagreements: string[] = [];
  const rejections: string[] = [];
  const outcomes = { allowed: 0, explicit: 0, implicit: 0 };
  for (let seed = 1; seed <= count; seed++) {
    const c = make(seed);
    const o = await oracle(c);
    if ('error' in o) { oracleErrors++; if (rejections.length < 3) rejections.push(`seed ${seed}: ${o.error}`); continue; }
    const u = ours(c);
    outcomes[o.decision === 'allowed' ? 'allowed' : o.explicit ? 'explicit' : 'implicit']++;
    if (u.decision === o.decision && u.explicit === o.explicit) agree++;
    else if (disagreements.length < 10) disagreements.push(`seed ${seed}: ours ${u.decision}${u.explicit ? ' (explicit)' : ''}, oracle ${o.decision}${o.explicit ? ' (explicit)' : ''} — ${c.target.action} ${c.target.resource}\n${JSON.stringify({ identity: c.identity, resourcePolicy: c.resourcePolicy, endpointPolicy: c.endpointPolicy, context: c.context, absent: c.absent })}`);
  }
  return { agree, oracleErrors, decided: count - oracleErrors, disagreements, rejections, outcomes };
}

test(`IAM evaluator agrees with the oracle on ${ABSENT_CASES} cases whose condition keys are missing from the request`, async () => {
  const { agree, oracleErrors, decided, disagreements, rejections, outcomes } = await compare(ABSENT_CASES, generateAbsent);
  console.log(`iam_differential_absent_cases=${ABSENT_CASES} oracle_rejected=${oracleErrors} compared=${decided} agree=${agree} agreement=${(agree / Math.max(decided, 1) * 100).toFixed(2)}% oracle_allowed=${outcomes.allowed} oracle_explicit_deny=${outcomes.explicit} oracle_implicit_deny=${outcomes.implicit}`);
  if (rejections.length > 0) console.log(`first oracle rejections:\n${rejections.join('\n')}`);
  assert.ok(decided >= 500, `at least 500 compared cases with missing keys (got ${decided})`);
  assert.ok(outcomes.allowed > decided / 10 && outcomes.explicit > decided / 10 && outcomes.implicit > decided / 20, JSON.stringify(outcomes));
  assert.deepEqual(disagreements, []);
});

test(`IAM evaluator agrees with the oracle on ${CASES} generated cases`, async () => {
  let agree = 0;
  let oracleErrors = 0;
  const disagreements: string[] = [];
  const outcomes = { allowed: 0, explicit: 0, implicit: 0 };
  for (let seed = 1; seed <= CASES; seed++) {
    const c = generate(seed);
    const o = await oracle(c);
    if ('error' in o) { oracleErrors++; continue; }
    const u = ours(c);
    outcomes[o.decision === 'allowed' ? 'allowed' : o.explicit ? 'explicit' : 'implicit']++;
    if (u.decision === o.decision && u.explicit === o.explicit) agree++;
    else if (disagreements.length < 10) disagreements.push(`seed ${seed}: ours ${u.decision}${u.explicit ? ' (explicit)' : ''}, oracle ${o.decision}${o.explicit ? ' (explicit)' : ''} — ${c.target.action} ${c.target.resource}\n${JSON.stringify({ identity: c.identity, resourcePolicy: c.resourcePolicy, endpointPolicy: c.endpointPolicy, context: c.context, absent: c.absent })}`);
  }
  const decided = CASES - oracleErrors;
  console.log(`iam_differential_cases=${CASES} oracle_rejected=${oracleErrors} compared=${decided} agree=${agree} agreement=${(agree / decided * 100).toFixed(2)}% oracle_allowed=${outcomes.allowed} oracle_explicit_deny=${outcomes.explicit} oracle_implicit_deny=${outcomes.implicit}`);
  if (process.env["IAM_DIFF_DEBUG"]) console.log(disagreements.join("\n\n"));
  assert.ok(decided >= 1000, `at least 1,000 compared cases (got ${decided})`);
  // A generator that only ever produced one outcome would prove little.
  assert.ok(outcomes.allowed > decided / 10 && outcomes.explicit > decided / 10 && outcomes.implicit > decided / 10, JSON.stringify(outcomes));
  assert.deepEqual(disagreements, []);
});
