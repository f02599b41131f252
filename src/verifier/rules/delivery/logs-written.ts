// ENC-DLV-004: every function's execution role may write its log streams (the `:*` suffix on log-group ARNs).
import { sym } from '../../model/iam/symbolic.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { ACCOUNT, logGroupArn, resource, roleMay, token } from './common.ts';

const DOC = 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-prereqs.html';
const ARN_DOC = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html#amazoncloudwatchlogs-resources-for-iam-policies';

export const functionLogsWritten: Rule = {
  id: 'ENC-DLV-004',
  title: 'Execution roles may write their functions\' log streams',
  description: `A function whose role may not create its log stream and put events in it runs without logs (PCI DSS 10.2.1). The role needs logs:CreateLogStream and logs:PutLogEvents on the streams of its group (${DOC}); streams are arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<stream> (${ARN_DOC}), so a statement on the group's ARN without the trailing ':*' covers none of them. When the group is not created by the stack, logs:CreateLogGroup is needed as well.`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.2.2'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    return resultOf(model.functions.flatMap((fn): Check[] => {
      const role = fn.role.target ? view.principalById.get(fn.role.target) : undefined;
      if (!role) return [check('unknown', fn, `${fn.address}'s execution role is not in this stack`, fn.role.location)];
      const group = fn.logGroup.target ? model.logGroups.find((g) => g.address === fn.logGroup.target) : undefined;
      const fnRes = resource(analysis, fn.address);
      const groupArn = group ? logGroupArn(analysis, group) : sym('arn:aws:logs:', view.region, ':', ACCOUNT, ':log-group:/aws/lambda/', fnRes.name);
      const target = group ? resource(analysis, group.address) : { ...fnRes, policy: undefined, kind: 'log-group' as const };
      const stream = sym(groupArn, ':log-stream:', token('stream'));
      const out: Check[] = [];
      for (const [action, arn] of [['logs:CreateLogStream', stream], ['logs:PutLogEvents', stream], ...(group ? [] : [['logs:CreateLogGroup', groupArn] as const])] as const) {
        const problem = roleMay(analysis, role.id, action, arn, target);
        if (problem) out.push(check(problem.verdict, fn, `${role.id}, the role of ${fn.address}, ${problem.text} ${action} on ${problem.on}: the function's logs are lost (${DOC}; a log-group ARN needs ':*' to cover its streams)`, problem.location));
      }
      return out.length > 0 ? out : [check('compliant', fn, `${role.id} may create and write the log streams of ${group?.address ?? `/aws/lambda/${fn.name.value ?? '…'}`}`, role.location)];
    }));
  },
};
