// The HTML evidence report for the assessor: one self-contained file (inline CSS and SVG, no scripts, nothing
// fetched). Per stack: inputs with sha256, verdict per requirement, every check with resource, file:line and
// value, the network picture, the IAM separation-of-duties matrix, suppressions and diagnostics.
import type { PathResult, Reachability } from '../analysis/network/index.ts';
import type { StackVerification, Verification } from '../results.ts';
import { brief, countsOf, requirementsOf } from './summary.ts';

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#17202e;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
main{padding:8px 28px 40px}section{background:#fff;border:1px solid #dde1e7;border-radius:8px;margin:16px 0;padding:14px 18px}
h2{font-size:18px;margin:4px 0 10px}h3{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #e6e9ee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.v{display:inline-block;border-radius:4px;padding:0 6px;font-weight:600;font-size:12px;white-space:nowrap}
.compliant,.allowed-ok{background:#dff3e4;color:#17602c}.non-compliant{background:#fbe0e0;color:#8d1c1c}.unknown{background:#fff1d6;color:#7a4b00}
.not-applicable{background:#eceff3;color:#58606b}.suppressed{background:#e6e4fb;color:#3d2f8f}
.allowed{background:#fbe0e0;color:#8d1c1c}.denied{background:#dff3e4;color:#17602c}.conditional{background:#fff1d6;color:#7a4b00}
.badge{font-size:20px;padding:4px 12px;border-radius:6px}.small{color:#5b6472;font-size:12px}
details summary{cursor:pointer}.scroll{overflow-x:auto}
`;

function verdict(v: string, label?: string): string {
  return `<span class="v ${esc(v)}">${esc(label ?? v)}</span>`;
}

function at(location: { file: string; line: number } | undefined): string {
  return location ? `<span class="mono">${esc(location.file)}:${location.line}</span>` : '<span class="small">—</span>';
}

/** Places on the left, destinations on the right; a line per reachable (solid) or unknown (dashed) path. */
export function networkSvg(network: Reachability[]): string {
  if (network.length === 0) return '<p class="small">No place where code runs (Lambda, RDS, EC2) in this stack.</p>';
  const destinations: string[] = ['internet'];
  const pathsOf = (r: Reachability): [string, PathResult][] => [['internet', r.internet], ...Object.entries(r.services).map(([k, v]) => [`aws:${k}`, v] as [string, PathResult]), ...Object.entries(r.subnets).map(([k, v]) => [`subnet:${k}`, v] as [string, PathResult])];
  for (const r of network) for (const [d, p] of pathsOf(r)) if (p.verdict !== 'unreachable' && !destinations.includes(d)) destinations.push(d);
  const rowH = 26;
  const height = Math.max(network.length, destinations.length) * rowH + 40;
  const width = 980;
  const leftX = 20;
  const rightX = 640;
  const y = (i: number) => 30 + i * rowH;
  const parts: string[] = [];
  parts.push(`<text x="${leftX}" y="16" font-weight="600">Where code runs</text><text x="${rightX}" y="16" font-weight="600">Reachable destinations</text>`);
  network.forEach((r, i) => {
    parts.push(`<rect x="${leftX}" y="${y(i) - 14}" width="300" height="20" rx="4" fill="#e8eef8" stroke="#9fb3d1"/><text x="${leftX + 6}" y="${y(i)}" font-size="11">${esc(brief(`${r.place.kind}: ${r.place.address}`, 48))}</text>`);
  });
  destinations.forEach((d, j) => {
    const fill = d === 'internet' ? '#fbe0e0' : d.startsWith('aws:') ? '#dff3e4' : '#eceff3';
    parts.push(`<rect x="${rightX}" y="${y(j) - 14}" width="320" height="20" rx="4" fill="${fill}" stroke="#b7bec8"/><text x="${rightX + 6}" y="${y(j)}" font-size="11">${esc(brief(d, 52))}</text>`);
  });
  network.forEach((r, i) => {
    for (const [d, p] of pathsOf(r)) {
      if (p.verdict === 'unreachable') continue;
      const j = destinations.indexOf(d);
      const color = d === 'internet' ? '#c0392b' : p.verdict === 'unknown' ? '#d68910' : '#2e86c1';
      parts.push(`<line x1="${leftX + 300}" y1="${y(i) - 4}" x2="${rightX}" y2="${y(j) - 4}" stroke="${color}" stroke-width="1.4"${p.verdict === 'unknown' ? ' stroke-dasharray="5 3"' : ''}><title>${esc(`${r.place.address} → ${d}: ${p.verdict} — ${p.reason}`)}</title></line>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="network reachability" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui,sans-serif">${parts.join('')}</svg>
<p class="small">Solid blue: reachable AWS service or subnet; solid red: internet; dashed orange: unknown (values known only after apply). Unreachable destinations are not drawn.</p>`;
}

interface Matrix {
  rows: { principal: string; kind: string; duty: string }[];
  columns: { capability: string; label: string; resource: string; classification?: string }[];
  cells: { principal: string; capability: string; resource: string; decision: string; action: string; reason: string; path: unknown[] }[];
}

function iamSection(s: StackVerification): string {
  if (s.iam.error) return `<p>The IAM matrix could not be built: ${esc(s.iam.error)}</p>`;
  const m = s.iam.matrix as Matrix | undefined;
  if (!m || !Array.isArray(m.rows)) return '<p class="small">The IAM matrix was not requested for this report.</p>';
  if (m.rows.length === 0) return '<p class="small">No IAM principals in this stack.</p>';
  const index = new Map(m.cells.map((c) => [`${c.principal}|${c.capability}|${c.resource}`, c]));
  const capabilities = [...new Set(m.columns.map((c) => c.capability))];
  const out: string[] = ['<p class="small">Red: allowed; amber: allowed under conditions or undecidable; green: denied. Escalation (a principal able to grant itself more) counts as allowed, and the path is in the tooltip.</p>'];
  for (const capability of capabilities) {
    const cols = m.columns.filter((c) => c.capability === capability);
    out.push(`<h3>${esc(cols[0]!.label)}</h3><div class="scroll"><table><tr><th>principal</th>${cols.map((c) => `<th class="mono">${esc(brief(c.resource, 40))}</th>`).join('')}</tr>`);
    for (const r of m.rows) {
      out.push(`<tr><td class="mono">${esc(r.principal)} <span class="small">(${esc(r.duty)})</span></td>${cols.map((c) => {
        const cell = index.get(`${r.principal}|${capability}|${c.resource}`);
        if (!cell) return '<td></td>';
        return `<td title="${esc(`${cell.action}: ${cell.reason}${cell.path.length > 0 ? ` (escalation: ${cell.path.length} step(s))` : ''}`)}">${verdict(cell.decision)}</td>`;
      }).join('')}</tr>`);
    }
    out.push('</table></div>');
  }
  return out.join('');
}

function stackSection(s: StackVerification): string {
  const c = countsOf(s);
  const out: string[] = [];
  out.push(`<section><h2>${esc(s.path)} <span class="small">(${esc(s.dialect)}, ${s.stack?.resources.length ?? 0} resources)</span> ${verdict(s.failed ? 'non-compliant' : 'compliant', s.failed ? 'FAILED' : 'PASSED')}</h2>`);
  out.push(`<p>${c.compliant} rules compliant, ${c['non-compliant']} non-compliant, ${c.unknown} unknown, ${c['not-applicable']} not applicable; ${c.suppressed} suppression(s) applied.</p>`);
  out.push(`<h3>Inputs</h3><table><tr><th>file</th><th>sha256</th></tr>${(s.stack?.files ?? []).map((f) => `<tr><td class="mono">${esc(f.path)}</td><td class="mono">${esc(f.sha256)}</td></tr>`).join('')}</table>`);
  const problems = s.diagnostics.filter((d) => d.severity !== 'note');
  const skipped = s.stack?.skipped ?? [];
  if (skipped.length > 0) out.push(`<h3>Not loaded</h3><p>A verdict that depends on these is not proven: it is unknown.</p><table><tr><th>kind</th><th>source</th><th>where</th><th>why</th><th>affects</th></tr>${skipped.map((x) => `<tr><td>${esc(x.kind)}</td><td class="mono">${esc(x.source)}</td><td>${at(x.location)}</td><td>${esc(x.reason)}</td><td class="mono">${esc(x.affects.join(', ') || '—')}</td></tr>`).join('')}</table>`);
  if (s.stack?.providerSchema) out.push(`<p class="small">Schema: AWS provider ${esc(s.stack.providerSchema.version)} (${esc(s.stack.providerSchema.reason)})</p>`);
  if (problems.length > 0) out.push(`<h3>Load and schema diagnostics</h3><table><tr><th>severity</th><th>where</th><th>code</th><th>message</th></tr>${problems.map((d) => `<tr><td>${esc(d.severity)}</td><td>${at(d.location)}</td><td class="mono">${esc(d.code)}</td><td>${esc(d.message)}</td></tr>`).join('')}</table>`);
  if (s.run) {
    const outcomes = new Map(s.run.outcomes.map((o) => [o.id, o]));
    out.push('<h3>Requirements</h3>');
    for (const r of requirementsOf(s.run.outcomes)) {
      out.push(`<details${r.verdict === 'non-compliant' || r.verdict === 'unknown' ? ' open' : ''}><summary>${verdict(r.verdict)} <b>PCI DSS ${esc(r.id)}</b> — ${r.rules.length} rule(s)</summary>`);
      for (const rr of r.rules) {
        const o = outcomes.get(rr.id)!;
        const xref = Object.entries(o.crossReference ?? {}).map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`).join('; ');
        out.push(`<div style="margin:6px 0 10px 18px"><div>${verdict(o.verdict)} <b>${esc(o.id)}</b> ${esc(o.title)} <span class="small">[${esc(o.severity)}${xref ? `; ${esc(xref)}` : ''}]</span></div>`);
        if (o.error) out.push(`<p>${esc(o.error)}</p>`);
        if (o.checks.length > 0) {
          out.push(`<table><tr><th>verdict</th><th>resource</th><th>where</th><th>evidence</th><th>value</th></tr>${o.checks.map((ch) => `<tr><td>${ch.suppressedBy ? verdict('suppressed', `suppressed (${ch.verdict})`) : verdict(ch.verdict)}</td><td class="mono">${esc(ch.resource)}</td><td>${at(ch.location)}</td><td>${esc(ch.message)}${ch.suppressedBy ? `<br><span class="small">suppressed until ${esc(ch.suppressedBy.expires)}: ${esc(ch.suppressedBy.reason)}</span>` : ''}</td><td class="mono">${esc(brief(ch.value, 120))}</td></tr>`).join('')}</table>`);
        }
        out.push('</div>');
      }
      out.push('</details>');
    }
    out.push(`<h3>Suppressions</h3>${s.run.suppressions.length === 0 ? '<p class="small">None.</p>' : `<table><tr><th>status</th><th>rule</th><th>resource</th><th>where</th><th>reason</th><th>expires</th></tr>${s.run.suppressions.map((x) => `<tr><td>${verdict(x.status === 'applied' ? 'suppressed' : x.status === 'unused' ? 'not-applicable' : 'non-compliant', x.status)}</td><td class="mono">${esc(x.ruleId)}</td><td class="mono">${esc(x.resource)}</td><td>${at(x.location)}</td><td>${esc(x.reason)}</td><td>${esc(x.expires)}</td></tr>`).join('')}</table>`}`);
  }
  out.push(`<h3>Network</h3>${networkSvg(s.network)}`);
  if (s.network.length > 0) {
    out.push(`<table><tr><th>place</th><th>internet</th><th>services reachable</th><th>unknown</th></tr>${s.network.map((r) => {
      const reach = Object.entries(r.services).filter(([, p]) => p.verdict === 'reachable').map(([k, p]) => `${k}${p.path.some((h) => /endpoint|Endpoint|vpce/.test(h)) ? ' (endpoint)' : ''}`);
      const unsure = Object.entries(r.services).filter(([, p]) => p.verdict === 'unknown').map(([k]) => k);
      return `<tr><td class="mono">${esc(r.place.address)}</td><td>${verdict(r.internet.verdict === 'reachable' ? 'non-compliant' : r.internet.verdict === 'unknown' ? 'unknown' : 'compliant', r.internet.verdict)}<br><span class="small">${esc(r.internet.reason)}</span></td><td>${esc(reach.join(', ') || '—')}</td><td>${esc(unsure.join(', ') || '—')}</td></tr>`;
    }).join('')}</table>`);
  }
  if (s.subnets.length > 0) {
    const via = { direct: 'internet gateway (public)', nat: 'NAT gateway only', none: 'none (isolated)', unknown: 'known after apply' } as const;
    out.push(`<h4>Subnets and their way to the internet</h4><table><tr><th>subnet</th><th>name</th><th>internet</th><th>runs here</th><th>path</th></tr>${s.subnets.map((x) =>
      `<tr><td class="mono">${esc(x.subnet)}</td><td>${esc(x.name ?? '—')}</td><td>${verdict(x.via === 'unknown' ? 'unknown' : x.via === 'none' ? 'compliant' : 'not-applicable', via[x.via])}</td><td class="mono">${esc(x.hosts.join(', ') || '—')}</td><td class="small">${esc(x.internet.path.join(' → '))}<br>${esc(x.internet.reason)}</td></tr>`).join('')}</table>`);
  }
  out.push(`<h3>IAM separation of duties</h3>${iamSection(s)}`);
  out.push('</section>');
  return out.join('\n');
}

export function renderHtml(v: Verification): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Enclave evidence report — PCI DSS v4.0.1</title><style>${CSS}</style></head>
<body><header><h1>Enclave evidence report — PCI DSS v4.0.1</h1>
<div>${esc(v.tool.name)} ${esc(v.tool.version)} · generated ${esc(v.generatedAt)} · ${v.stacks.length} stack(s) · overall ${verdict(v.failed ? 'non-compliant' : 'compliant', v.failed ? 'FAILED' : 'PASSED')}</div></header>
<main>
<section><h2>How to read this report</h2><p>Each requirement's verdict is the worst of the rules mapped to it: <b>compliant</b>, <b>non-compliant</b>, <b>unknown</b> (a deciding value is only known after deployment — never counted as a pass) or <b>not applicable</b>. Each check names the resource, the file and line the deciding value was written at, and the value. Inputs are identified by their sha256 digests.</p></section>
${v.stacks.map(stackSection).join('\n')}
</main></body></html>
`;
}
