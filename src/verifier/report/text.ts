// The terminal report: per stack, requirement verdicts, then the findings grouped under each rule's first
// requirement, suppressions and a summary line.
import type { Verification } from '../results.ts';
import { brief, countsOf, requirementsOf, servicesCalled } from './summary.ts';

const MARK: Record<string, string> = { compliant: 'PASS', 'non-compliant': 'FAIL', unknown: 'UNKNOWN', 'not-applicable': 'n/a' };

export function renderText(v: Verification): string {
  const out: string[] = [];
  for (const s of v.stacks) {
    out.push(`${v.tool.name} ${v.tool.version} · PCI DSS v4.0.1 · ${s.path} (${s.dialect}, ${s.stack?.resources.length ?? 0} resources)`);
    const problems = s.diagnostics.filter((d) => d.severity !== 'note');
    if (problems.length > 0) {
      out.push('', 'Load and schema diagnostics:');
      for (const d of problems) out.push(`  ${d.severity.toUpperCase()} ${d.location ? `${d.location.file}:${d.location.line} ` : ''}[${d.code}] ${d.message}`);
    }
    const skipped = s.stack?.skipped ?? [];
    if (skipped.length > 0) {
      out.push('', 'Not loaded (a verdict that depends on these is not proven):');
      for (const x of skipped) {
        const at = x.location ? ` (${x.location.file}:${x.location.line})` : '';
        const affects = x.affects.length === 0 ? '' : `; affects ${x.affects.slice(0, 8).join(', ')}${x.affects.length > 8 ? ` and ${x.affects.length - 8} more` : ''}`;
        out.push(`  ${x.kind} ${x.source}${at}: ${x.reason}${affects}`);
      }
    }
    if (s.stack?.providerSchema) out.push('', `Schema: AWS provider ${s.stack.providerSchema.version} (${s.stack.providerSchema.reason})`);
    if (!s.run) {
      out.push('', 'Not verified: the stack could not be loaded.', '');
      continue;
    }
    const requirements = requirementsOf(s.run.outcomes);
    out.push('', 'Requirements:');
    for (const r of requirements) {
      if (r.verdict === 'not-applicable') continue;
      out.push(`  ${MARK[r.verdict]!.padEnd(8)} ${r.id.padEnd(9)} ${r.rules.filter((x) => x.verdict !== 'not-applicable').map((x) => `${x.id}${x.verdict === 'compliant' ? '' : `(${MARK[x.verdict]})`}`).join(' ')}`);
    }
    const failing = s.run.outcomes.filter((o) => o.verdict === 'non-compliant' || o.verdict === 'unknown');
    if (failing.length > 0) {
      out.push('', 'Findings:');
      for (const byReq of requirements) {
        const here = failing.filter((o) => o.controls[0] === byReq.id);
        if (here.length === 0) continue;
        out.push(`  Requirement ${byReq.id}`);
        for (const o of here) {
          out.push(`    ${MARK[o.verdict]} ${o.id} [${o.severity}] ${o.title}${o.error ? ` — ${o.error}` : ''}`);
          for (const c of o.checks.filter((c) => c.verdict !== 'compliant' && !c.suppressedBy)) {
            const at = c.location ? `${c.location.file}:${c.location.line}` : '(no location)';
            out.push(`      ${at} ${c.resource}: ${c.message}${c.value !== undefined && c.value !== null && typeof c.value !== 'object' ? ` [value: ${brief(c.value, 60)}]` : ''}`);
          }
        }
      }
    }
    if (s.network.length > 0 || s.subnets.length > 0) {
      out.push('', 'Network:');
      for (const r of s.network) {
        const reach = Object.entries(r.services).filter(([, p]) => p.verdict === 'reachable').map(([k]) => k);
        const missing = servicesCalled(s, r.place.address).filter((svc) => r.services[svc]?.verdict === 'unreachable');
        out.push(`  ${r.place.address}: internet ${r.internet.verdict}; reaches ${reach.join(', ') || 'no AWS service'}${missing.length > 0 ? `; cannot reach ${missing.join(', ')}, which it calls` : ''}`);
      }
      const via = { direct: 'internet gateway', nat: 'NAT gateway only', none: 'no internet path', unknown: 'unknown' } as const;
      for (const x of s.subnets) out.push(`  subnet ${x.subnet}${x.name ? ` (${x.name})` : ''}: ${via[x.via]}${x.hosts.length > 0 ? ` — runs ${x.hosts.join(', ')}` : ''}`);
    }
    if (s.run.suppressions.length > 0) {
      out.push('', 'Suppressions:');
      for (const x of s.run.suppressions) out.push(`  ${x.status.toUpperCase().padEnd(8)} ${x.ruleId} on ${x.resource} (${x.location.file}:${x.location.line}) until ${x.expires}: ${x.reason} — ${x.message}`);
    }
    const c = countsOf(s);
    out.push('', `${s.failed ? 'FAILED' : 'PASSED'}: ${c.compliant} rules compliant, ${c['non-compliant']} non-compliant, ${c.unknown} unknown, ${c['not-applicable']} not applicable, ${c.suppressed} suppression(s) applied${problems.some((d) => d.severity === 'error') ? `, ${problems.filter((d) => d.severity === 'error').length} load/schema error(s)` : ''}`, '');
  }
  return out.join('\n');
}
