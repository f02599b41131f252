// The IAM rules (PCI DSS v4.0.1 7.2–7.3, 8.2, 8.6): one rule per file.
import type { Rule } from '../types.ts';
import { administratorSeparation } from './administrator-separation.ts';
import { auditorReadOnly } from './auditor-read-only.ts';
import { cardDataWriters } from './card-data-writers.ts';
import { crossAccountExternalId } from './cross-account-external-id.ts';
import { dutiesWorkable } from './duties-workable.ts';
import { dutyDeclared } from './duty-declared.ts';
import { dutyLanes } from './duty-lanes.ts';
import { functionContract } from './function-contract.ts';
import { functionLeastPrivilege } from './function-least-privilege.ts';
import { managedPoliciesOnly } from './managed-policies-only.ts';
import { mfaRequired } from './mfa-required.ts';
import { noAccessKeys } from './no-access-keys.ts';
import { noEscalation } from './no-escalation.ts';
import { noWildcardActionsOnData } from './no-wildcard-actions-on-data.ts';
import { onePolicyPerResource } from './one-policy-per-resource.ts';
import { processorNoDirectData } from './processor-no-direct-data.ts';
import { resourcePolicyGrants } from './resource-policy-grants.ts';
import { sessionDuration } from './session-duration.ts';
import { trustNoWildcardPrincipal } from './trust-no-wildcard-principal.ts';

export const iamRules: Rule[] = [
  trustNoWildcardPrincipal,
  crossAccountExternalId,
  sessionDuration,
  noAccessKeys,
  noWildcardActionsOnData,
  auditorReadOnly,
  administratorSeparation,
  processorNoDirectData,
  managedPoliciesOnly,
  functionContract,
  functionLeastPrivilege,
  dutyDeclared,
  noEscalation,
  dutyLanes,
  mfaRequired,
  cardDataWriters,
  dutiesWorkable,
  resourcePolicyGrants,
  onePolicyPerResource,
];
