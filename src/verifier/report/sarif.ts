// SARIF 2.1.0 for code-scanning tools: one result per failing (or suppressed) check and per load/schema error.
import type { Severity } from '../rules/types.ts';
import type { Verification } from '../results.ts';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

export function sarifObject(v: Verification) {
  const rules = new Map<string, object>();
  const results: object[] = [];
  const artifacts = new Map<string, object>();
  for (const s of v.stacks) {
    for (const f of s.stack?.files ?? []) artifacts.set(f.path, { location: { uri: f.path }, hashes: { 'sha-256': f.sha256 } });
    for (const d of s.diagnostics.filter((d) => d.severity !== 'note')) {
      const id = `ENC-LOAD/${d.code}`;
      if (!rules.has(id)) rules.set(id, { id, name: d.code, shortDescription: { text: `Load or schema check: ${d.code}` }, defaultConfiguration: { level: 'error' } });
      results.push({ ruleId: id, level: d.severity === 'error' ? 'error' : 'warning', message: { text: d.message }, ...(d.location ? { locations: [{ physicalLocation: { artifactLocation: { uri: d.location.file }, region: { startLine: Math.max(1, d.location.line) } } }] } : {}) });
    }
    for (const x of s.stack?.skipped ?? []) {
      const id = 'ENC-NOT-LOADED';
      if (!rules.has(id)) rules.set(id, { id, name: 'NotLoaded', shortDescription: { text: 'Part of the configuration was not loaded: verdicts that depend on it are unknown' }, defaultConfiguration: { level: 'warning' } });
      const affects = x.affects.length > 0 ? `; affects ${x.affects.join(', ')}` : '';
      results.push({ ruleId: id, level: 'warning', message: { text: `${x.kind} ${x.source} was not loaded: ${x.reason}${affects}` }, ...(x.location ? { locations: [{ physicalLocation: { artifactLocation: { uri: x.location.file }, region: { startLine: Math.max(1, x.location.line) } } }] } : {}) });
    }
    for (const o of s.run?.outcomes ?? []) {
      if (!rules.has(o.id)) {
        rules.set(o.id, {
          id: o.id,
          name: o.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()),
          shortDescription: { text: o.title },
          fullDescription: { text: o.description },
          defaultConfiguration: { level: LEVEL[o.severity] },
          properties: { tags: ['security', 'pci-dss-4.0.1', ...o.controls.map((c) => `PCI-DSS-${c}`)], severity: o.severity, controls: { 'pci-dss-4.0.1': o.controls }, crossReference: o.crossReference ?? {} },
        });
      }
      for (const c of o.checks) {
        if (c.verdict === 'compliant') continue;
        results.push({
          ruleId: o.id,
          level: c.verdict === 'unknown' ? 'warning' : LEVEL[o.severity],
          kind: 'fail',
          message: { text: `${c.verdict === 'unknown' ? '[unknown] ' : ''}${c.message}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: c.location?.file ?? s.path }, region: { startLine: Math.max(1, c.location?.line ?? 1) } }, logicalLocations: [{ fullyQualifiedName: c.resource }] }],
          ...(c.suppressedBy ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: `${c.suppressedBy.reason} (expires ${c.suppressedBy.expires})` }] } : {}),
        });
      }
    }
    for (const x of s.run?.suppressions ?? []) {
      if (x.status !== 'expired' && x.status !== 'invalid') continue;
      const id = 'ENC-SUPPRESSION';
      if (!rules.has(id)) rules.set(id, { id, name: 'SuppressionValid', shortDescription: { text: 'Suppressions carry a reason and have not expired' }, defaultConfiguration: { level: 'error' } });
      results.push({ ruleId: id, level: 'error', message: { text: `suppression of ${x.ruleId} on ${x.resource}: ${x.message}` }, locations: [{ physicalLocation: { artifactLocation: { uri: x.location.file }, region: { startLine: Math.max(1, x.location.line) } } }] });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Enclave', version: v.tool.version, informationUri: 'https://github.com/enclave/enclave', rules: [...rules.values()] } },
      invocations: [{ executionSuccessful: true, endTimeUtc: v.generatedAt }],
      artifacts: [...artifacts.values()],
      results,
    }],
  };
}

export function renderSarif(v: Verification): string {
  return `${JSON.stringify(sarifObject(v), null, 2)}\n`;
}
