import type { Evidence, Finding, GateReport } from '../core/contracts.js';
import type { HtmlDetails } from './html-artifacts.js';
import { escapeHtml as e } from './html-escape.js';
import { renderLayerGraphSvg, type LayerGraphModel } from './html-layer-graph.js';

/** Findings listed per gate before the rest is summarised as a count (as in summary.md). */
const MAX_LISTED = 200;

export interface HtmlInput {
  evidence: Evidence;
  /** The layer graph; absent when the page is rendered without a config. */
  layerGraph?: LayerGraphModel;
  details?: HtmlDetails;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2129;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde1e6;padding-bottom:4px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.status{display:inline-block;min-width:70px;text-align:center;border-radius:4px;padding:1px 6px;font-weight:600;font-size:12px}
.status-pass{background:#e3f4e6;color:#1b5e20}.status-fail{background:#fdecea;color:#b71c1c}
.status-error{background:#fbe3f2;color:#880e4f}.status-deferred{background:#fff4e0;color:#8a4b00}
.verdict-pass{color:#1b5e20}.verdict-fail{color:#b71c1c}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.muted{color:#5f6670}.graph{overflow-x:auto;background:#fff;border:1px solid #dde1e6;padding:8px}
.sev-error{color:#b71c1c}.sev-warning{color:#8a4b00}.sev-note{color:#5f6670}
`;

const STATUS_LABEL: Record<GateReport['status'], string> = { pass: 'PASS', fail: 'FAIL', deferred: 'DEFERRED', error: 'ERROR' };

/**
 * The evidence as one self-contained HTML page: inline CSS, inline SVG, no
 * script, no external reference. Every embedded value is escaped. No
 * wall-clock values unless the evidence holds timings, so the same evidence
 * gives the same bytes.
 */
export function renderHtml(input: HtmlInput): string {
  const { evidence } = input;
  const verdict = evidence.passed ? 'passed' : evidence.mode === 'monitor' ? 'found violations (monitor mode: not enforced)' : 'failed';
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at all: the page must render offline and leak nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<title>Plumbline evidence</title>',
    `<style>${STYLE.trim()}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<h1>Plumbline gate pack</h1>',
    `<p id="verdict" data-passed="${evidence.passed}" class="${evidence.passed ? 'verdict-pass' : 'verdict-fail'}"><strong>Result:</strong> ${e(verdict)}</p>`,
    `<p class="muted">Mode ${e(evidence.mode)} · ${evidence.totals.errors} errors, ${evidence.totals.warnings} warnings, ${evidence.totals.notes} notes · Plumbline ${e(evidence.tool.version)} · config <code>${e(evidence.configHash.slice(0, 12))}</code></p>`,
  );

  out.push(
    '<h2 id="gates">Gates</h2>',
    '<table class="gates">',
    '<thead><tr><th>Gate</th><th>Status</th><th>Errors</th><th>Warnings</th><th>Metrics</th></tr></thead>',
    '<tbody>',
  );
  for (const gate of evidence.gates) {
    const metrics = Object.entries(gate.metrics)
      .map(([key, value]) => `${e(key)}: ${e(value)}`)
      .join(', ');
    const timing = evidence.timings?.[gate.id];
    out.push(
      `<tr data-gate="${e(gate.id)}" data-status="${e(gate.status)}">` +
        `<td>${e(gate.title)} <code>${e(gate.id)}</code>${gate.reason ? `<br><span class="muted">${e(gate.reason)}</span>` : ''}</td>` +
        `<td><span class="status status-${e(gate.status)}">${STATUS_LABEL[gate.status]}</span>${timing === undefined ? '' : ` <span class="muted">${timing} ms</span>`}</td>` +
        `<td class="num">${count(gate.findings, 'error')}</td><td class="num">${count(gate.findings, 'warning')}</td><td>${metrics}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>');
  for (const item of evidence.skipped)
    out.push(`<p class="muted" data-skipped="${e(item.gate)}">Not run: <code>${e(item.gate)}</code> — ${e(item.reason)}</p>`);
  for (const item of evidence.deferred) {
    out.push(
      `<p class="muted" data-deferred="${e(item.gate)}">Deferred: <code>${e(item.gate)}</code>${item.until ? ` until ${e(item.until)}` : ' (no end date)'}${item.expired ? ' — <strong>expired</strong>' : ''}: ${e(item.reason)}</p>`,
    );
  }

  if (input.layerGraph) {
    out.push(
      '<h2 id="layers">Layer graph</h2>',
      '<p class="muted">Grey: imports the config allows (dashed: types only). Red: imports the static and architecture gates report, with their count.</p>',
    );
    out.push(`<div class="graph">${renderLayerGraphSvg(input.layerGraph)}</div>`);
    const broken = input.layerGraph.edges.filter((edge) => edge.violations > 0);
    if (broken.length > 0) {
      out.push(
        '<table class="layer-violations"><thead><tr><th>From</th><th>To</th><th>Allowed</th><th>Violations</th></tr></thead><tbody>',
      );
      for (const edge of broken)
        out.push(
          `<tr><td>${e(edge.from)}</td><td>${e(edge.to)}</td><td>${edge.allowed === 'types' ? 'types only' : edge.allowed === 'values' ? 'yes' : 'no'}</td><td class="num">${edge.violations}</td></tr>`,
        );
      out.push('</tbody></table>');
    }
  }

  out.push(
    ...mutationSection(evidence, input.details),
    ...replaySection(evidence, input.details),
    ...dataSection(evidence),
    ...invariantSection(evidence, input.details),
  );

  if (input.details && input.details.unreadable.length > 0) {
    out.push('<h2 id="unreadable">Unreadable artifacts</h2>', '<ul>');
    for (const line of input.details.unreadable) out.push(`<li>${e(line)}</li>`);
    out.push('</ul>');
  }

  out.push('<h2 id="findings">Findings</h2>');
  let any = false;
  for (const gate of evidence.gates) {
    if (gate.findings.length === 0) continue;
    any = true;
    out.push(
      `<h3 data-findings="${e(gate.id)}">${e(gate.title)} <code>${e(gate.id)}</code>: ${STATUS_LABEL[gate.status]}</h3>`,
      findingTable(gate.findings),
    );
  }
  if (!any) out.push('<p class="muted">No findings.</p>');
  out.push('</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function mutationSection(evidence: Evidence, details: HtmlDetails | undefined): string[] {
  const gate = evidence.gates.find((candidate) => candidate.id === 'mutation');
  if (!gate) return [];
  const out = ['<h2 id="mutation">Mutation scores</h2>', metricsLine(gate)];
  const rows = details?.mutationFiles;
  if (rows && rows.length > 0) {
    out.push(
      '<table class="mutation"><thead><tr><th>File</th><th>Score %</th><th>Killed</th><th>Timeout</th><th>Survived</th>' +
        '<th>No coverage</th><th>Ignored</th><th>Static</th></tr></thead><tbody>',
    );
    for (const row of rows) {
      const score = row.score === null ? 'n/a' : row.score;
      const counts = [score, row.killed, row.timeout, row.survived, row.noCoverage, row.ignored, row.static];
      const cells = counts.map((count) => `<td class="num">${count}</td>`).join('');
      out.push(`<tr data-file="${e(row.file)}"><td><code>${e(row.file)}</code></td>${cells}</tr>`);
    }
    out.push('</tbody></table>');
  } else {
    out.push('<p class="muted">No per-file scores (the gate did not run Stryker).</p>');
  }
  return out;
}

/** Replay: cases and drift per operation (from report.json), then the drift findings. */
function replaySection(evidence: Evidence, details: HtmlDetails | undefined): string[] {
  const gate = evidence.gates.find((candidate) => candidate.id === 'replay');
  if (!gate) return [];
  const out = ['<h2 id="replay">Replay drift</h2>', metricsLine(gate)];
  const rows = details?.replayOperations;
  if (rows && rows.length > 0) {
    const severities = [...new Set(rows.flatMap((row) => Object.keys(row.drift)))].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b),
    );
    out.push(
      `<table class="replay"><thead><tr><th>Operation</th><th>Cases</th><th>No drift</th><th>Noise</th><th>Errors</th>${severities.map((s) => `<th>Drift ${e(s)}</th>`).join('')}</tr></thead><tbody>`,
    );
    for (const row of rows) {
      out.push(
        `<tr data-operation="${e(row.operation)}"><td><code>${e(row.operation)}</code></td><td class="num">${row.cases}</td><td class="num">${row.noDrift}</td><td class="num">${row.noise}</td><td class="num">${row.error}</td>${severities.map((s) => `<td class="num">${row.drift[s] ?? 0}</td>`).join('')}</tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  const shown = gate.findings.filter((finding) => finding.severity !== 'note');
  out.push(shown.length > 0 ? findingTable(shown) : '<p class="muted">No drift reported.</p>');
  return out;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

function dataSection(evidence: Evidence): string[] {
  const gates = ['schema-drift', 'data-quality'].filter((id) => evidence.gates.some((gate) => gate.id === id));
  if (gates.length === 0) return [];
  const out = ['<h2 id="data">Data drift</h2>'];
  for (const id of gates) {
    const gate = evidence.gates.find((candidate) => candidate.id === id) as GateReport;
    const shown = gate.findings.filter((finding) => finding.severity !== 'note');
    out.push(
      `<h3>${e(gate.title)} <code>${e(id)}</code></h3>`,
      metricsLine(gate),
      shown.length > 0 ? findingTable(shown) : '<p class="muted">No drift reported.</p>',
    );
  }
  return out;
}

function invariantSection(evidence: Evidence, details: HtmlDetails | undefined): string[] {
  const gate = evidence.gates.find((candidate) => candidate.id === 'invariants');
  if (!gate) return [];
  const out = ['<h2 id="invariants">Invariant coverage</h2>', metricsLine(gate)];
  const rows = details?.invariants;
  if (rows && rows.length > 0) {
    out.push(
      '<table class="invariants"><thead><tr><th>Operation</th><th>Kind</th><th>Check</th><th>Held</th><th>Rejected</th><th>Recorded</th><th>Predicate errors</th><th>Tests</th></tr></thead><tbody>',
    );
    for (const row of rows) {
      out.push(
        `<tr><td><code>${e(row.operationId)}</code></td><td>${e(row.kind)}</td><td><code>${e(row.checkId)}</code></td><td class="num">${row.held}</td><td class="num">${row.rejected}</td><td class="num">${row.recorded}</td><td class="num">${row.predicateErrors}</td><td class="num">${row.tests}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  } else {
    out.push('<p class="muted">No coverage table (no test run recorded check evidence).</p>');
  }
  return out;
}

function metricsLine(gate: GateReport): string {
  const entries = Object.entries(gate.metrics);
  return `<p class="muted">${e(STATUS_LABEL[gate.status])}${entries.length > 0 ? ' · ' : ''}${entries.map(([key, value]) => `${e(key)}: ${e(value)}`).join(', ')}</p>`;
}

function findingTable(findings: readonly Finding[]): string {
  const rows = findings.slice(0, MAX_LISTED).map((finding) => {
    const where = finding.file ? `${finding.file}${finding.line > 0 ? `:${finding.line}:${finding.column}` : ''}` : '(project)';
    return `<tr><td><code>${e(where)}</code></td><td class="sev-${e(finding.severity)}">${e(finding.severity)}</td><td>${e(finding.message)}</td><td><code>${e(finding.ruleId)}</code></td></tr>`;
  });
  const more =
    findings.length > MAX_LISTED ? `<tr><td colspan="4">… and ${findings.length - MAX_LISTED} more (see evidence.json)</td></tr>` : '';
  return `<table class="findings"><thead><tr><th>Where</th><th>Severity</th><th>Message</th><th>Rule</th></tr></thead><tbody>\n${rows.join('\n')}${more}\n</tbody></table>`;
}

function count(findings: readonly Finding[], severity: Finding['severity']): number {
  return findings.filter((finding) => finding.severity === severity).length;
}
