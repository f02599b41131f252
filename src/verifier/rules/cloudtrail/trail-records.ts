// ENC-CT-003: trails record: logging on, every region, management events read and write, global service events.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const trailRecords: Rule = {
  id: 'ENC-CT-003',
  title: 'Trails are logging, in every region, with management and global service events',
  description: 'A trail records the actions of every user and role (PCI DSS 10.2.1, 10.2.1.2) only when it is logging (StopLogging, or enable_logging / IsLogging false, leaves it in place and silent), covers every region (is_multi_region_trail / IsMultiRegionTrail: activity in an unwatched region is invisible), records management events (event selectors that exclude them record data events only) and includes global service events (IAM, STS and CloudFront calls are recorded in us-east-1 only with it). https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html',
  service: 'cloudtrail',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.2.1.2', '10.2.1.5', '10.2.2'] },
  crossReference: { checkov: ['CKV_AWS_67'], securityHub: ['CloudTrail.1'] },
  evaluate(model) {
    return resultOf(model.trails.flatMap((t): Check[] => {
      const out: Check[] = [];
      const judge = (f: { value: boolean | undefined; provenance: string; location: Check['location'] }, good: string, bad: string) => {
        if (f.provenance === 'unknown') out.push(check('unknown', t, `${t.address}: whether it ${good} is known only after apply`, f.location));
        else if (f.value !== true) out.push(check('non-compliant', t, `${t.address} ${bad}${f.provenance === 'default' ? ' (not set: the AWS default)' : ''}`, f.location, f.value ?? null));
      };
      judge(t.isLogging, 'is logging', 'is not logging: it records nothing');
      judge(t.multiRegion, 'covers every region', 'records one region only: activity elsewhere goes unrecorded');
      judge(t.managementEvents, 'records management events', 'records no management events: API calls that change the environment go unrecorded');
      judge(t.includeGlobalEvents, 'includes global service events', 'excludes global service events: IAM and STS calls go unrecorded');
      return out.length > 0 ? out : [check('compliant', t, `${t.address} is logging management and global service events in every region`, t.location)];
    }));
  },
};
