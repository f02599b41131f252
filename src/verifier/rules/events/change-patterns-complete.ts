// ENC-EVT-002: an EventBridge rule that watches a family of configuration changes (security groups, NACLs, routes,
// gateways, VPCs, IAM policies, trails) matches every API call of that family.
import type { Value } from '../../load/types.ts';
import type { EventRule } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const HUB = 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html';

/** The calls of each family, after the CIS AWS Foundations / Security Hub CloudWatch.4-14 patterns, with the newer calls AWS added. */
export const FAMILIES: { name: string; source: string; eventSource: string; calls: string[]; doc: string }[] = [
  { name: 'security-group changes', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', doc: `${HUB}#cloudwatch-10`,
    calls: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup'] },
  { name: 'network ACL changes', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', doc: `${HUB}#cloudwatch-11`,
    calls: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'] },
  { name: 'network gateway changes', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', doc: `${HUB}#cloudwatch-12`,
    calls: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'] },
  { name: 'route table changes', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', doc: `${HUB}#cloudwatch-13`,
    calls: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'] },
  { name: 'VPC changes', source: 'aws.ec2', eventSource: 'ec2.amazonaws.com', doc: `${HUB}#cloudwatch-14`,
    calls: ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection'] },
  { name: 'IAM policy changes', source: 'aws.iam', eventSource: 'iam.amazonaws.com', doc: `${HUB}#cloudwatch-4`,
    calls: ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'] },
  { name: 'CloudTrail configuration changes', source: 'aws.cloudtrail', eventSource: 'cloudtrail.amazonaws.com', doc: `${HUB}#cloudwatch-5`,
    calls: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'] },
];

type Tri = 'yes' | 'no' | 'maybe';

/** Does one EventBridge pattern value list match a string? https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html */
export function patternMatches(list: Value | undefined, value: string): Tri {
  if (list === undefined) return 'yes';
  if (!Array.isArray(list)) return 'maybe';
  let out: Tri = 'no';
  for (const item of list) {
    let r: Tri;
    if (typeof item === 'string') r = item === value ? 'yes' : 'no';
    else if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 1) {
      const [op, arg] = Object.entries(item as Record<string, Value>)[0]!;
      if (op === 'prefix' && typeof arg === 'string') r = value.startsWith(arg) ? 'yes' : 'no';
      else if (op === 'suffix' && typeof arg === 'string') r = value.endsWith(arg) ? 'yes' : 'no';
      else if (op === 'equals-ignore-case' && typeof arg === 'string') r = value.toLowerCase() === arg.toLowerCase() ? 'yes' : 'no';
      else if (op === 'wildcard' && typeof arg === 'string') r = new RegExp(`^${arg.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value) ? 'yes' : 'no';
      else if (op === 'anything-but') {
        const inner = patternMatches(Array.isArray(arg) ? arg : [arg as Value], value);
        r = inner === 'yes' ? 'no' : inner === 'no' ? 'yes' : 'maybe';
      } else r = 'maybe';
    } else r = 'maybe';
    if (r === 'yes') return 'yes';
    if (r === 'maybe') out = 'maybe';
  }
  return out;
}

function field(pattern: Value, path: string[]): Value | undefined {
  let v: Value | undefined = pattern;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, Value>)[p];
  }
  return v;
}

function judgeRule(rule: EventRule): Check[] {
  const pattern = rule.eventPattern.value;
  if (pattern === undefined) return rule.eventPattern.provenance === 'unknown' ? [check('unknown', rule, `${rule.address}'s event pattern is known only after apply`, rule.eventPattern.location)] : [];
  const names = field(pattern, ['detail', 'eventName']);
  const out: Check[] = [];
  for (const family of FAMILIES) {
    // A rule watches a family when its eventName filter names one of the family's calls.
    const named = Array.isArray(names) && family.calls.some((c) => names.some((n) => n === c));
    if (!named) continue;
    const missing = family.calls.filter((c) => patternMatches(names, c) === 'no');
    const unsure = family.calls.filter((c) => patternMatches(names, c) === 'maybe');
    const gates: string[] = [];
    if (patternMatches(field(pattern, ['source']), family.source) === 'no') gates.push(`source does not include ${family.source}`);
    if (patternMatches(field(pattern, ['detail-type']), 'AWS API Call via CloudTrail') === 'no') gates.push('detail-type does not include "AWS API Call via CloudTrail"');
    if (patternMatches(field(pattern, ['detail', 'eventSource']), family.eventSource) === 'no') gates.push(`detail.eventSource does not include ${family.eventSource}`);
    if (missing.length > 0 || gates.length > 0) out.push(check('non-compliant', rule, `${rule.address} watches ${family.name} but ${[...(missing.length > 0 ? [`misses ${missing.join(', ')}`] : []), ...gates].join('; ')}: those changes raise no alert (${family.doc})`, rule.eventPattern.location, missing.join(',')));
    else if (unsure.length > 0) out.push(check('unknown', rule, `${rule.address}: whether its pattern matches ${unsure.join(', ')} is not decided`, rule.eventPattern.location));
    else out.push(check('compliant', rule, `${rule.address} matches every call of ${family.name} (${family.calls.length})`, rule.eventPattern.location));
  }
  return out;
}

export const changePatternsComplete: Rule = {
  id: 'ENC-EVT-002',
  title: 'Change alerts match every API call of the changes they watch',
  description: `An EventBridge rule that alerts on a family of configuration changes must match all of the family's API calls, from CloudTrail ("AWS API Call via CloudTrail"): security groups are also changed by ModifySecurityGroupRules, CreateSecurityGroup and DeleteSecurityGroup, not only the four Authorize/Revoke calls; likewise NACLs, routes, gateways, VPCs, IAM policies and trails (the CIS AWS Foundations patterns, ${HUB}). Pattern operators (prefix, suffix, wildcard, anything-but, equals-ignore-case) are evaluated as EventBridge does; an operator this rule does not know makes the verdict unknown.`,
  service: 'events',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1.2', '10.4.1', '1.2.2', '11.5.2'] },
  evaluate(model) {
    return resultOf(model.eventRules.flatMap(judgeRule));
  },
};
