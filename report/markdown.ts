import type { Evidence, Finding, GateReport } from '../core/contracts.js';
import { markdownInline, renderReleaseNote } from './release-note.js';

/** Findings listed per gate before the rest is summarised as a count. */
const MAX_LISTED = 200;

const STATUS_LABEL: Record<GateReport['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  deferred: 'DEFERRED',
  error: 'ERROR',
};

/** A summary a person can read in a pull request or paste into a release note. */
export function renderMarkdown(evidence: Evidence): string {
  const lines: string[] = [];
  const verdict = evidence.passed ? 'passed' : evidence.mode === 'monitor' ? 'found violations (monitor mode: not enforced)' : 'failed';
  lines.push('# Plumbline gate pack', '');
  lines.push(`**Result:** ${verdict}  `);
  lines.push(`**Mode:** ${evidence.mode}  `);
  lines.push(`**Findings:** ${evidence.totals.errors} errors, ${evidence.totals.warnings} warnings, ${evidence.totals.notes} notes  `);
  lines.push(`**Plumbline:** ${evidence.tool.version}, config ${evidence.configHash.slice(0, 12)}`, '');
  if (evidence.problem) lines.push(`> **Warning:** ${evidence.problem}.`, '');
  if (evidence.mode === 'monitor') {
    lines.push('> Monitor mode: violations are reported but do not fail the run.', '');
  }
  lines.push('| Gate | Status | Errors | Warnings | Metrics |', '| --- | --- | --- | --- | --- |');
  for (const gate of evidence.gates) {
    const errors = gate.findings.filter((f) => f.severity === 'error').length;
    const warnings = gate.findings.filter((f) => f.severity === 'warning').length;
    const metrics = Object.entries(gate.metrics)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join(', ');
    lines.push(
      `| ${escapeCell(gate.title)} (\`${gate.id}\`) | ${STATUS_LABEL[gate.status]} | ${errors} | ${warnings} | ${escapeCell(metrics)} |`,
    );
  }
  lines.push('');
  if (evidence.deferred.length > 0) {
    lines.push('## Deferred', '');
    for (const item of evidence.deferred) {
      const until = item.until ? ` until ${item.until}` : ' (no end date)';
      lines.push(`- \`${item.gate}\`${until}${item.expired ? ' — **expired**' : ''}: ${item.reason}`);
    }
    lines.push('');
  }
  if (evidence.skipped.length > 0) {
    lines.push('## Not run', '');
    for (const item of evidence.skipped) lines.push(`- \`${item.gate}\`: ${item.reason}`);
    lines.push('');
  }
  lines.push(...renderBaselineDelta(evidence));
  for (const gate of evidence.gates) {
    if (gate.findings.length === 0 && !gate.reason) continue;
    lines.push(`## ${gate.title} (\`${gate.id}\`): ${STATUS_LABEL[gate.status]}`, '');
    if (gate.reason) lines.push(gate.reason, '');
    for (const finding of gate.findings.slice(0, MAX_LISTED)) lines.push(`- ${formatFinding(finding)}`);
    if (gate.findings.length > MAX_LISTED) lines.push(`- … and ${gate.findings.length - MAX_LISTED} more (see evidence.json)`);
    lines.push('');
  }
  // Last, so it can be copied whole into a release note.
  lines.push(renderReleaseNote(evidence));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The ratchet's delta per gate: new, fixed and still-known findings, per rule and per layer. */
function renderBaselineDelta(evidence: Evidence): string[] {
  const gates = evidence.gates.filter((gate) => gate.baseline);
  if (gates.length === 0) return [];
  const lines = ['## Baseline delta', ''];
  for (const gate of gates) {
    const delta = gate.baseline as NonNullable<GateReport['baseline']>;
    const { totals } = delta;
    lines.push(
      `**${markdownInline(gate.title)} (\`${gate.id}\`)** against \`${delta.file}\`: ${totals.new} new, ${totals.fixed} fixed, ${totals.known} still known`,
      '',
    );
    for (const [label, slices] of [
      ['Rule', delta.byRule],
      ['Layer', delta.byLayer],
    ] as const) {
      if (Object.keys(slices).length === 0) continue;
      lines.push(`| ${label} | New | Fixed | Known |`, '| --- | --- | --- | --- |');
      for (const [name, counts] of Object.entries(slices))
        lines.push(`| \`${escapeCell(name)}\` | ${counts.new} | ${counts.fixed} | ${counts.known} |`);
      lines.push('');
    }
  }
  return lines;
}

function formatFinding(finding: Finding): string {
  const where = finding.file ? `\`${finding.file}${finding.line > 0 ? `:${finding.line}:${finding.column}` : ''}\`` : '(project)';
  const rule = finding.docsUrl ? `[${finding.ruleId}](${finding.docsUrl})` : `\`${finding.ruleId}\``;
  // Known findings say so in their message; new and fixed ones are labelled here.
  const state = finding.baselineState === 'new' ? ' (new)' : finding.baselineState === 'absent' ? ' (fixed)' : '';
  return `${where} ${finding.severity}${state} ${markdownInline(finding.message)} ${rule}`;
}

function escapeCell(text: string): string {
  return markdownInline(text).replace(/\|/g, '\\|');
}
