import { styleText } from 'node:util';
import type { Finding, GateStatus } from '../core/contracts.js';
import type { PackResult } from '../gates/runner/run-pack.js';
import { isTerminal } from './terminal.js';

export interface ConsoleStyle {
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

function paint(style: ConsoleStyle, format: Style, text: string): string {
  return style.color ? styleText(format, text) : text;
}

/** Colour only for a person at a terminal: not in CI, not when NO_COLOR is set. */
export function shouldColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined || process.env.CI) return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return isTerminal(stream);
}

/** ESLint-style listing: `file:line:col  severity  message  rule`, then the docs of each rule seen. */
export function renderFindings(findings: readonly Finding[], style: ConsoleStyle): string {
  if (findings.length === 0) return '';
  const lines: string[] = [];
  const docs = new Map<string, string>();
  for (const finding of findings) {
    const where = finding.file ? `${finding.file}${finding.line > 0 ? `:${finding.line}:${finding.column}` : ''}` : '(project)';
    const severity =
      finding.severity === 'error'
        ? paint(style, 'red', 'error')
        : finding.severity === 'warning'
          ? paint(style, 'yellow', 'warning')
          : paint(style, 'cyan', 'note');
    lines.push(`${paint(style, 'underline', where)}  ${severity}  ${finding.message}  ${paint(style, 'dim', finding.ruleId)}`);
    if (finding.docsUrl) docs.set(finding.ruleId, finding.docsUrl);
  }
  if (docs.size > 0) {
    lines.push('', 'Rule docs:');
    for (const [rule, url] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${rule}  ${url}`);
  }
  return `${lines.join('\n')}\n`;
}

const STATUS_STYLE: Record<GateStatus, Style> = { pass: 'green', fail: 'red', deferred: 'yellow', error: 'magenta' };

export function renderPackSummary(pack: PackResult, evidenceFiles: readonly string[], style: ConsoleStyle): string {
  const lines: string[] = [];
  const findings = pack.gates.flatMap((gate) => gate.findings);
  const listing = renderFindings(findings, style);
  if (listing) lines.push(listing);
  lines.push(paint(style, 'bold', 'Gates'));
  const width = Math.max(...pack.gates.map((gate) => gate.id.length), 4);
  for (const gate of pack.gates) {
    const status = paint(style, STATUS_STYLE[gate.status], gate.status.toUpperCase().padEnd(8));
    const metrics = Object.entries(gate.metrics)
      .map(([key, value]) => `${key} ${String(value)}`)
      .join(', ');
    const detail = [gate.reason, metrics].filter(Boolean).join('; ');
    lines.push(`  ${status}  ${gate.id.padEnd(width)}  ${gate.title}${detail ? `  (${detail})` : ''}`);
  }
  for (const item of pack.skipped) lines.push(`  ${'SKIPPED'.padEnd(8)}  ${item.gate.padEnd(width)}  ${item.reason}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  let verdict: string;
  if (pack.mode === 'monitor') {
    verdict = paint(
      style,
      'yellow',
      `MONITOR MODE — ${pack.passed ? 'no violations' : 'violations found but not enforced'} (${counts}); exit code 0`,
    );
  } else {
    verdict = pack.passed ? paint(style, 'green', `PASSED (${counts})`) : paint(style, 'red', `FAILED (${counts})`);
  }
  if (pack.problem) lines.push('', paint(style, pack.mode === 'monitor' ? 'yellow' : 'red', `Warning: ${pack.problem}`));
  lines.push('', `Result: ${verdict}`);
  if (evidenceFiles.length > 0) {
    lines.push('Evidence:');
    for (const file of evidenceFiles) lines.push(`  ${file}`);
  }
  return `${lines.join('\n')}\n`;
}
