// ENC-VPC-013: network ACLs admit from the internet nothing but return traffic, and let no protocol at all out to it.
import { coversPublic, parseCidr, touchesPublic } from '../../analysis/network/cidr.ts';
import type { NetworkAclEntry } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

/** A range a rule would call "the internet": public and at least a /8 (or the whole address space). */
function internetWide(cidr: string | undefined): boolean {
  const range = parseCidr(cidr);
  if (!range) return false;
  return coversPublic(range) || (touchesPublic(range) && range.end - range.start + 1 >= 2 ** 24);
}

const ports = (e: NetworkAclEntry) => (e.protocol.value === '-1' ? 'all traffic' : `${e.protocol.value} ${e.fromPort.value}-${e.toPort.value}`);

export const naclInternetEntries: Rule = {
  id: 'ENC-VPC-013',
  title: 'Network ACLs admit only return traffic from the internet',
  description: 'Network ACLs are the subnet-level boundary (PCI DSS 1.3.1, 1.4.2): an allow from the internet (0.0.0.0/0 or another public range of /8 or wider) must cover only the ephemeral ports replies arrive on (1024-65535), never all protocols or a service port below 1024; an egress allow to the internet of all protocols, or of service ports below 1024 other than HTTPS, lets anything out (1.3.2). Declared ACLs are judged; a subnet left on the VPC\'s default ACL (allow all) relies on its security groups and routes, which the other rules judge.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.3.1', '1.3.2', '1.4.2'] },
  evaluate(model) {
    return resultOf(model.networkAcls.flatMap((acl): Check[] => {
      const allows = acl.entries.filter((e) => e.action.value !== 'deny');
      const out: Check[] = [];
      for (const e of allows) {
        if (e.cidr.provenance === 'unknown' || e.protocol.provenance === 'unknown' || e.action.provenance === 'unknown') { out.push(check('unknown', acl, `${e.address} rule ${e.ruleNumber.value ?? '?'}: its range, protocol or action is known only after apply`, e.location)); continue; }
        if (!internetWide(e.cidr.value) && e.ipv6Cidr.value !== '::/0') continue;
        const from = e.ipv6Cidr.value === '::/0' && e.cidr.value === undefined ? '::/0' : e.cidr.value;
        if (!e.egress) {
          if (e.protocol.value === '-1') { out.push(check('non-compliant', acl, `${e.address} rule ${e.ruleNumber.value} admits all traffic from ${from}`, e.location, from ?? null)); continue; }
          const low = e.fromPort.value;
          if (low === undefined || e.toPort.value === undefined) { out.push(check('unknown', acl, `${e.address} rule ${e.ruleNumber.value}: ports known only after apply`, e.location)); continue; }
          if (low < 1024) { out.push(check('non-compliant', acl, `${e.address} rule ${e.ruleNumber.value} admits ${ports(e)} from ${from}: a service port open to the internet (only replies on 1024-65535 may come in)`, e.location, from ?? null)); continue; }
          out.push(check('compliant', acl, `${e.address} rule ${e.ruleNumber.value} admits only replies (${ports(e)}) from ${from}`, e.location));
        } else if (e.protocol.value === '-1') {
          out.push(check('non-compliant', acl, `${e.address} rule ${e.ruleNumber.value} lets all traffic out to ${from}`, e.location, from ?? null));
        } else {
          const [low, high] = [e.fromPort.value, e.toPort.value];
          if (low === undefined || high === undefined) { out.push(check('unknown', acl, `${e.address} rule ${e.ruleNumber.value}: ports known only after apply`, e.location)); continue; }
          const servicePorts = low < 1024 && !(low === 443 && high === 443);
          out.push(servicePorts
            ? check('non-compliant', acl, `${e.address} rule ${e.ruleNumber.value} lets ${ports(e)} out to ${from}: service ports other than HTTPS leave for the internet`, e.location, from ?? null)
            : check('compliant', acl, `${e.address} rule ${e.ruleNumber.value} lets only ${ports(e)} out to ${from}`, e.location));
        }
      }
      if (out.length === 0) out.push(check('compliant', acl, `${acl.address} allows nothing from or to the internet`));
      return out;
    }));
  },
};
