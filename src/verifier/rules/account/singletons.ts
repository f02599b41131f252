// ENC-ACCT-001: what AWS keeps once per account and Region is created only behind a switch the stack's user controls.
import type { InventoryEntry, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

interface Singleton {
  what: string;
  /** What happens where the account already has one. */
  failure: string;
  doc: string;
}

/** Resource types AWS allows once per account and Region, in both dialects. */
const BY_TYPE: Record<string, Singleton> = {};
const guardduty: Singleton = {
  what: 'a GuardDuty detector',
  failure:
    'CreateDetector refuses a second detector ("a detector already exists for the current account"), so applying fails wherever GuardDuty is already on',
  doc: 'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html',
};
const securityHub: Singleton = {
  what: 'Security Hub',
  failure:
    'EnableSecurityHub fails where Security Hub is already enabled, and destroying the stack disables it for the whole account',
  doc: 'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html',
};
const configRecorder: Singleton = {
  what: 'an AWS Config configuration recorder',
  failure:
    'PutConfigurationRecorder allows one customer-managed recorder per account and Region (MaxNumberOfConfigurationRecordersExceededException)',
  doc: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html',
};
for (const t of ['aws_guardduty_detector', 'AWS::GuardDuty::Detector']) BY_TYPE[t] = guardduty;
for (const t of ['aws_securityhub_account', 'AWS::SecurityHub::Hub']) BY_TYPE[t] = securityHub;
for (const t of ['aws_config_configuration_recorder', 'AWS::Config::ConfigurationRecorder'])
  BY_TYPE[t] = configRecorder;

/** Log groups AWS services write to under a fixed, account-wide name. */
const LOG_GROUPS: Record<string, Singleton> = {
  RDSOSMetrics: {
    what: "the RDSOSMetrics log group (every instance's enhanced monitoring in the account and Region writes to it)",
    failure:
      'CreateLogGroup fails with ResourceAlreadyExistsException wherever an instance has used enhanced monitoring before (RDS creates the group on first use), and destroying the stack deletes the group other instances write to',
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.CloudWatchLogs.html',
  },
};

function singletonsOf(model: Model): { entry: InventoryEntry; kind: Singleton }[] {
  const out: { entry: InventoryEntry; kind: Singleton }[] = [];
  const entries = new Map(model.inventory.map((e) => [e.address, e]));
  for (const entry of model.inventory) {
    const kind = entry.mode === 'resource' ? BY_TYPE[entry.resourceType] : undefined;
    if (kind) out.push({ entry, kind });
  }
  for (const group of model.logGroups) {
    const kind = group.name.value !== undefined ? LOG_GROUPS[group.name.value] : undefined;
    const entry = entries.get(group.address);
    if (kind && entry) out.push({ entry, kind });
  }
  return out;
}

export const accountSingletons: Rule = {
  id: 'ENC-ACCT-001',
  title: 'What AWS keeps once per account and Region is created only behind a switch',
  description:
    "Some resources exist once per account and Region: a GuardDuty detector, Security Hub, an AWS Config recorder, and the log groups AWS services write to under a fixed name (RDS enhanced monitoring's RDSOSMetrics). A stack that creates one unconditionally cannot be applied in an account that already has it — the usual case in an organisation with a security baseline — and destroying it removes what the rest of the account relies on. Each such resource must exist only as an input of the stack allows (a Terraform count or for_each that depends on a root variable, directly or through a module call; a CloudFormation Condition on a parameter), so the stack can use the account's instead. The check is that the switch exists; what the stack does when it is off (read the account's and check it) is the stack's.",
  service: 'account',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['6.5.1', '11.5.1'] },
  evaluate(model) {
    return resultOf(
      singletonsOf(model).map(({ entry, kind }): Check => {
        const object = { address: entry.address, location: entry.location };
        if (entry.address.endsWith('[*]'))
          return check(
            'unknown',
            object,
            `${entry.address} is ${kind.what}; how many the stack creates depends on values known only after apply`,
            entry.location,
          );
        if (entry.existsWhen)
          return check(
            'compliant',
            object,
            `${entry.address} is ${kind.what}, created only as ${entry.existsWhen.inputs.join(', ')} allow${entry.existsWhen.inputs.length === 1 ? 's' : ''}: where the account already has one, the stack can be applied without it`,
            entry.existsWhen.location,
            [...entry.existsWhen.inputs],
          );
        return check(
          'non-compliant',
          object,
          `${entry.address} is ${kind.what}, and the stack always creates it: ${kind.failure} (${kind.doc}). Create it behind an input (count over a variable) and use the account's where it exists`,
          entry.location,
        );
      }),
    );
  },
};
