// Privilege escalation: what a principal can gain beyond its policies as written. A principal that can rewrite its
// own policies can do anything its resource policies allow; one that can assume a role, rewrite a role's trust, or
// pass a role to code it can create or update, can do what that role can; one that can rewrite a key policy or
// create grants on a key can use the key. Every gain comes with its path.
import type { SourceLocation } from '../../load/types.ts';
import type { PolicyDoc } from '../../model/iam/policy.ts';
import { showSym, sym, type Sym } from '../../model/iam/symbolic.ts';
import type { RequestContext } from './conditions.ts';
import { DECISION_RANK as RANK, weakest, type Decision } from './decision.ts';
import { evaluateRequest, targetOf, type EvalRequest, type EvalResult } from './evaluate.ts';
import { ACCOUNT, type IamPrincipal, type IamResource, type IamView } from './view.ts';

export interface EscalationStep {
  kind:
    | 'modify-own-policies'
    | 'modify-role-policies'
    | 'assume-role'
    | 'rewrite-trust'
    | 'pass-role-to-lambda'
    | 'update-function-code'
    | 'update-function-configuration'
    | 'put-key-policy'
    | 'create-grant';
  /** Who takes the step. */
  principal: string;
  /** The role or key it gains. */
  target: string;
  /** The action that allows it. */
  action: string;
  decision: Decision;
  reason: string;
  location?: SourceLocation;
}

export interface CapabilityResult extends EvalResult {
  /** Empty when the principal can do it directly. */
  path: EscalationStep[];
}

/** Contexts are per principal (aws:PrincipalArn…): the caller supplies how to build one. */
export type ContextFor = (principal: IamPrincipal, action: string, resource: Sym) => RequestContext;

const WRITE_OWN = ['iam:PutRolePolicy', 'iam:AttachRolePolicy'];
const GRANT_ACTIONS =
  /^kms:(Decrypt|Encrypt|GenerateDataKey\w*|ReEncrypt\w*|Sign|Verify|GenerateMac|VerifyMac|DescribeKey|CreateGrant|RetireGrant)$/i;

function stepFrom(
  view: IamView,
  principal: IamPrincipal,
  actions: string[],
  resource: Sym,
  contextFor: ContextFor,
): { decision: Decision; action: string; result: EvalResult } | undefined {
  let best: { decision: Decision; action: string; result: EvalResult } | undefined;
  for (const action of actions) {
    const result = evaluateRequest(view, {
      principal,
      action,
      resource,
      context: contextFor(principal, action, resource),
    });
    if (result.decision === 'denied') continue;
    if (!best || RANK[result.decision] > RANK[best.decision]) best = { decision: result.decision, action, result };
  }
  return best;
}

type Step = { decision: Decision; action: string; result: EvalResult };

function better(a: Step | undefined, b: Step | undefined): Step | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.decision] > RANK[a.decision] ? b : a;
}

/**
 * The AWS managed key aws/lambda, as its key policy stands in every account: any principal of the account may use it
 * through Lambda (kms:ViaService lambda.<region>.amazonaws.com, kms:CallerAccount), with no IAM permission needed.
 */
function awsLambdaKey(view: IamView): IamResource {
  const location = { file: '(AWS managed key aws/lambda)', line: 0 };
  const policy: PolicyDoc = {
    statements: [
      {
        effect: 'Allow',
        principal: { any: true },
        actions: [
          ['kms:Encrypt'],
          ['kms:Decrypt'],
          ['kms:ReEncrypt*'],
          ['kms:GenerateDataKey*'],
          ['kms:CreateGrant'],
          ['kms:DescribeKey'],
        ],
        resources: [['*']],
        conditions: [
          { operator: 'StringEquals', key: 'kms:CallerAccount', values: [[ACCOUNT]] },
          { operator: 'StringEquals', key: 'kms:ViaService', values: [sym('lambda.', view.region, '.amazonaws.com')] },
        ],
        opaque: false,
        location,
        origin: 'the key policy of the AWS managed key aws/lambda',
      },
    ],
    unknown: false,
    origin: 'aws/lambda',
    location,
  };
  return {
    address: 'aws/lambda',
    type: 'AWS managed key',
    kind: 'kms-key',
    arn: sym('arn:aws:kms:', view.region, ':', ACCOUNT, ':key/', { tok: 'aws-lambda-key', identity: true }),
    name: ['alias/aws/lambda'],
    policy,
    classification: 'other',
    classifiedFrom: 'kind',
    location,
  };
}

/**
 * lambda:UpdateFunctionConfiguration runs the caller's code as the function's role without changing the code:
 * NODE_OPTIONS=--import=data:text/javascript,… (Node loads it before the handler), AWS_LAMBDA_EXEC_WRAPPER, or a
 * layer. The new environment has to be encrypted, under a key the caller can have Lambda use: the function's own key,
 * the AWS managed key aws/lambda (KMSKeyArn reset to ""), or a key it creates (kms:CreateKey, whose policy it
 * writes). The environment route is tried with no layer in the request (lambda:Layer absent), the layer route with
 * one (any account can publish a layer); both count. AWS does not document whether a reset to aws/lambda needs
 * permission on the current key: we fail closed and count the change as possible when any key route is open.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
 */
function configurationStep(
  view: IamView,
  principal: IamPrincipal,
  fn: IamResource,
  contextFor: ContextFor,
): Step | undefined {
  const action = 'lambda:UpdateFunctionConfiguration';
  const attempt = (layer: Sym[] | null): Step | undefined => {
    const context = contextFor(principal, action, fn.arn);
    context.set('lambda:layer', layer);
    const result = evaluateRequest(view, { principal, action, resource: fn.arn, target: fn, context });
    return result.decision === 'denied' ? undefined : { decision: result.decision, action, result };
  };
  const layerArn = sym(
    'arn:aws:lambda:',
    view.region,
    ':',
    { tok: 'a-layer-account', fresh: true },
    ':layer:',
    { tok: 'a-layer' },
    ':1',
  );
  const update = better(attempt(null), attempt([layerArn]));
  if (!update) return undefined;
  const lambdaVia = (target: IamResource): Step | undefined => {
    let best: Step | undefined;
    for (const keyAction of ['kms:Encrypt', 'kms:CreateGrant']) {
      const context = contextFor(principal, keyAction, target.arn);
      context.set('kms:viaservice', [sym('lambda.', view.region, '.amazonaws.com')]);
      context.set('kms:calleraccount', [[ACCOUNT]]);
      context.set('kms:grantisforawsresource', [['true']]);
      const result = evaluateRequest(view, { principal, action: keyAction, resource: target.arn, target, context });
      if (result.decision !== 'denied') best = better(best, { decision: result.decision, action: keyAction, result });
    }
    return best;
  };
  const ownKey = fn.kmsKey ? view.resourceByAddress.get(fn.kmsKey) : undefined;
  const routes: [string, Step | undefined][] = [
    ['the AWS managed key aws/lambda', lambdaVia(awsLambdaKey(view))],
    ...(ownKey ? [[`its own key ${ownKey.address}`, lambdaVia(ownKey)] as [string, Step | undefined]] : []),
    ['a key it creates', stepFrom(view, principal, ['kms:CreateKey'], ['*'], contextFor)],
  ];
  const open = routes.filter(([, r]) => r !== undefined) as [string, Step][];
  if (open.length === 0) return undefined;
  const key = open.reduce((a, b) => (RANK[b[1].decision] > RANK[a[1].decision] ? b : a));
  return {
    decision: weakest(update.decision, key[1].decision),
    action: `${action} (new environment under ${key[0]})`,
    result: update.result,
  };
}

function evidenceLocation(result: EvalResult): SourceLocation | undefined {
  return result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location;
}

/** Roles the principal can act as, one step away, and whether it can also rewrite their policies. */
type Gain = { role: IamPrincipal; step: EscalationStep; canModify: EscalationStep | undefined };
const gainCache = new WeakMap<IamView, WeakMap<ContextFor, Map<string, Gain[]>>>();
const selfCache = new WeakMap<
  IamView,
  WeakMap<ContextFor, Map<string, { decision: Decision; action: string; result: EvalResult } | null>>
>();

function cacheFor<T>(
  cache: WeakMap<IamView, WeakMap<ContextFor, Map<string, T>>>,
  view: IamView,
  contextFor: ContextFor,
): Map<string, T> {
  let byContext = cache.get(view);
  if (!byContext) {
    byContext = new WeakMap();
    cache.set(view, byContext);
  }
  let map = byContext.get(contextFor);
  if (!map) {
    map = new Map();
    byContext.set(contextFor, map);
  }
  return map;
}

export function gains(view: IamView, principal: IamPrincipal, contextFor: ContextFor): Gain[] {
  const cache = cacheFor(gainCache, view, contextFor);
  const hit = cache.get(principal.id);
  if (hit) return hit;
  const computed = computeGains(view, principal, contextFor);
  cache.set(principal.id, computed);
  return computed;
}

function computeGains(view: IamView, principal: IamPrincipal, contextFor: ContextFor): Gain[] {
  if (principal.kind === 'service') return [];
  const out: { role: IamPrincipal; step: EscalationStep; canModify: EscalationStep | undefined }[] = [];
  const newFunction = sym('arn:aws:lambda:', view.region, ':', ACCOUNT, ':function:', { tok: 'a-new-function' });
  const createFn = stepFrom(view, principal, ['lambda:CreateFunction'], newFunction, contextFor);
  const anyFunction: IamResource = {
    address: 'a function of the account',
    type: 'aws_lambda_function',
    kind: 'lambda-function',
    arn: newFunction,
    name: [{ tok: 'a-new-function' }],
    classification: 'other',
    classifiedFrom: 'kind',
    location: { file: '(question)', line: 0 },
  };
  for (const role of view.principals) {
    if (role.kind !== 'role' || role.id === principal.id) continue;
    const roleResource = view.resourceByAddress.get(role.address!);
    const mk = (
      kind: EscalationStep['kind'],
      s: { decision: Decision; action: string; result: EvalResult },
      extra?: Decision,
    ): EscalationStep => ({
      kind,
      principal: principal.id,
      target: role.id,
      action: s.action,
      decision: extra ? weakest(s.decision, extra) : s.decision,
      reason: s.result.reason,
      ...(evidenceLocation(s.result) ? { location: evidenceLocation(s.result)! } : {}),
    });
    const modify = stepFrom(view, principal, WRITE_OWN, role.arn, contextFor);
    const canModify = modify ? mk('modify-role-policies', modify) : undefined;
    let step: EscalationStep | undefined;
    const assume = stepFrom(view, principal, ['sts:AssumeRole'], role.arn, contextFor);
    if (assume) step = mk('assume-role', assume);
    if (!step) {
      const rewrite = stepFrom(view, principal, ['iam:UpdateAssumeRolePolicy'], role.arn, contextFor);
      if (rewrite) step = mk('rewrite-trust', rewrite);
    }
    const trustsLambda = role.trust?.statements.some(
      (s) =>
        s.effect === 'Allow' &&
        s.principal &&
        !s.principal.any &&
        (s.principal.byType.get('Service') ?? []).some((x) => x.length === 1 && x[0] === 'lambda.amazonaws.com'),
    );
    if (!step && trustsLambda) {
      const pass = stepFrom(view, principal, ['iam:PassRole'], role.arn, contextFor);
      if (pass) {
        let code = createFn;
        if (!code) {
          for (const fn of view.resources.filter((r) => r.kind === 'lambda-function' && r.role === role.address)) {
            code = stepFrom(view, principal, ['lambda:UpdateFunctionCode'], fn.arn, contextFor);
            if (code) break;
          }
        }
        // Handing any function the role (UpdateFunctionConfiguration with Role) and rewriting its environment.
        if (!code) code = configurationStep(view, principal, anyFunction, contextFor);
        if (!code) {
          for (const fn of view.resources.filter((r) => r.kind === 'lambda-function')) {
            code = configurationStep(view, principal, fn, contextFor);
            if (code) break;
          }
        }
        if (code) step = { ...mk('pass-role-to-lambda', pass, code.decision), action: `iam:PassRole + ${code.action}` };
      }
    }
    if (!step) {
      // Replacing the code of a function that already runs as the role needs no PassRole.
      for (const fn of view.resources.filter((r) => r.kind === 'lambda-function' && r.role === role.address)) {
        const code = stepFrom(view, principal, ['lambda:UpdateFunctionCode'], fn.arn, contextFor);
        if (code) {
          step = { ...mk('update-function-code', code), action: `lambda:UpdateFunctionCode on ${fn.address}` };
          break;
        }
      }
    }
    if (!step) {
      // Rewriting the configuration of a function that runs as the role: its own code, loaded before the handler.
      for (const fn of view.resources.filter((r) => r.kind === 'lambda-function' && r.role === role.address)) {
        const config = configurationStep(view, principal, fn, contextFor);
        if (config) {
          step = { ...mk('update-function-configuration', config), action: `${config.action} on ${fn.address}` };
          break;
        }
      }
    }
    void roleResource;
    if (step) out.push({ role, step, canModify });
  }
  return out;
}

/**
 * How the principal can rewrite its own policies (inline, attachments, a new version of an attached policy), if it can.
 */
export function selfRewrite(view: IamView, p: IamPrincipal, contextFor: ContextFor): Step | undefined {
  if (p.kind === 'service') return undefined;
  const selves = cacheFor(selfCache, view, contextFor);
  let self = selves.get(p.id);
  if (self === undefined) {
    const ownActions = p.kind === 'role' ? WRITE_OWN : ['iam:PutUserPolicy', 'iam:AttachUserPolicy'];
    const own = stepFrom(view, p, ownActions, p.arn, contextFor);
    const versions = [...view.managedPolicies.values()]
      .filter((mp) => mp.attachedTo.includes(p.id))
      .map((mp) => stepFrom(view, p, ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], mp.arn, contextFor))
      .find(Boolean);
    self = own ?? versions ?? null;
    selves.set(p.id, self);
  }
  return self ?? undefined;
}

/**
 * The principal's capability for one request, counting escalation (up to `depth` roles deep). Direct permission
 * comes first; a gain is reported with the weakest decision along its path.
 */
export function evaluateWithEscalation(
  view: IamView,
  req: EvalRequest,
  contextFor: ContextFor,
  depth = 2,
  seen: Set<string> = new Set(),
): CapabilityResult {
  // The evaluator's result is this call's own: it becomes the capability (a copy of each was a cost of its own).
  const direct = evaluateRequest(view, req) as CapabilityResult;
  direct.path = [];
  if (direct.decision === 'allowed' || depth < 0) return direct;
  let best: CapabilityResult = direct;
  const consider = (candidate: CapabilityResult) => {
    if (RANK[candidate.decision] > RANK[best.decision]) best = candidate;
  };
  const p = req.principal;
  if (p.kind === 'service') return best;
  seen.add(p.id);
  // 1. Rewrite its own policies.
  const self = selfRewrite(view, p, contextFor);
  if (self) {
    const gained = evaluateRequest(view, { ...req, fullIdentity: true });
    if (gained.decision !== 'denied') {
      const step: EscalationStep = {
        kind: 'modify-own-policies',
        principal: p.id,
        target: p.id,
        action: self.action,
        decision: self.decision,
        reason: self.result.reason,
        ...(evidenceLocation(self.result) ? { location: evidenceLocation(self.result)! } : {}),
      };
      consider({
        ...gained,
        decision: weakest(gained.decision, self.decision),
        reason: `can grant itself the permission (${self.action}); then ${gained.reason}`,
        path: [step],
      });
    }
  }
  // 2. Rewrite the key policy, or grant itself use of the key.
  const target = req.target ?? targetOf(view, req.resource);
  if (target?.kind === 'kms-key' && req.action.toLowerCase().startsWith('kms:')) {
    const put = stepFrom(view, p, ['kms:PutKeyPolicy'], target.arn, contextFor);
    const grant = GRANT_ACTIONS.test(req.action)
      ? stepFrom(view, p, ['kms:CreateGrant'], target.arn, contextFor)
      : undefined;
    const s = put ?? grant;
    if (s) {
      const step: EscalationStep = {
        kind: put ? 'put-key-policy' : 'create-grant',
        principal: p.id,
        target: target.address,
        action: s.action,
        decision: s.decision,
        reason: s.result.reason,
        ...(evidenceLocation(s.result) ? { location: evidenceLocation(s.result)! } : {}),
      };
      consider({
        decision: s.decision,
        explicitDeny: false,
        reason: `can give itself ${req.action} on the key through ${s.action}`,
        evidence: s.result.evidence,
        path: [step],
      });
    }
  }
  // 3. Become another role.
  if (depth > 0) {
    for (const g of gains(view, p, contextFor)) {
      if (seen.has(g.role.id)) continue;
      const context = contextFor(g.role, req.action, req.resource);
      const sub = g.canModify
        ? { ...evaluateRequest(view, { ...req, principal: g.role, context, fullIdentity: true }), path: [g.canModify] }
        : evaluateWithEscalation(view, { ...req, principal: g.role, context }, contextFor, depth - 1, new Set(seen));
      if (sub.decision === 'denied') continue;
      const decision = weakest(weakest(sub.decision, g.step.decision), g.canModify?.decision ?? 'allowed');
      consider({
        ...sub,
        decision,
        reason: `through ${g.role.id} (${g.step.kind}): ${sub.reason}`,
        path: [g.step, ...sub.path],
      });
    }
  }
  return best;
}

const capabilityCache = new WeakMap<IamView, WeakMap<ContextFor, Map<string, CapabilityResult>>>();

/**
 * The principal's capability for (action, resource) under the default request `contextFor` builds, escalation
 * included; cached per view so the matrix and the rules share the work.
 */
export function capabilityOf(
  view: IamView,
  principal: IamPrincipal,
  action: string,
  resource: Sym,
  target: IamResource | undefined,
  contextFor: ContextFor,
): CapabilityResult {
  const cache = cacheFor(capabilityCache, view, contextFor);
  const key = `${principal.id}\u0000${action}\u0000${showSym(resource)}\u0000${target?.address ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = evaluateWithEscalation(
    view,
    { principal, action, resource, ...(target ? { target } : {}), context: contextFor(principal, action, resource) },
    contextFor,
  );
  cache.set(key, result);
  return result;
}
