import type { ReportedDiff } from './compare-case.js';
import type { ReplaySummary, ReportedCase } from './replay-report.js';
import { REPLAY_SEVERITIES } from './severity.js';

const SEVERITIES_DESCENDING = [...REPLAY_SEVERITIES].reverse();

/** summary.md: verdict, totals, then drift grouped by operation and severity, errors, noise and malformed input. */
export function renderReplayMarkdown(summary: ReplaySummary): string {
  const lines: string[] = ['# Differential replay', ''];
  if (summary.refs) {
    const candidate = summary.refs.candidate.commit
      ? `${summary.refs.candidate.ref} (${summary.refs.candidate.commit.slice(0, 12)})`
      : summary.refs.candidate.ref;
    lines.push(`Baseline: ${summary.refs.baseline.ref} (${summary.refs.baseline.commit.slice(0, 12)}); candidate: ${candidate}.`, '');
  }
  lines.push(`**Result: ${summary.passed ? 'PASSED' : 'FAILED'}** (drift fails at severity ${summary.failAt} or above)`, '');
  for (const reason of summary.reasons) lines.push(`- ${reason}`);
  if (summary.reasons.length > 0) lines.push('');
  const { totals } = summary;
  lines.push('| Cases | No drift | Drift | Noise | Error | Malformed |', '|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${totals.cases} | ${totals.noDrift} | ${totals.drift} | ${totals.noise} | ${totals.error} | ${totals.invalid} |`, '');

  if (summary.operations.length > 0) {
    lines.push('## By operation', '');
    lines.push(`| Operation | Cases | No drift | ${SEVERITIES_DESCENDING.map((s) => `Drift ${s}`).join(' | ')} | Noise | Error |`);
    lines.push(`|---|${'---:|'.repeat(SEVERITIES_DESCENDING.length + 4)}`);
    for (const op of summary.operations) {
      lines.push(
        `| \`${op.operation}\` | ${op.cases} | ${op.noDrift} | ${SEVERITIES_DESCENDING.map((s) => op.drift[s]).join(' | ')} | ${op.noise} | ${op.error} |`,
      );
    }
    lines.push('');
  }

  const drift = summary.examples.filter((example) => example.status === 'drift');
  if (drift.length > 0) {
    lines.push('## Drift', '');
    for (const op of summary.operations) {
      for (const severity of SEVERITIES_DESCENDING) {
        const count = op.drift[severity];
        if (count === 0) continue;
        lines.push(`### \`${op.operation}\`: ${severity} (${count} case${count === 1 ? '' : 's'})`, '');
        const shown = drift.filter((example) => example.operation === op.operation && example.severity === severity);
        for (const example of shown) lines.push(`- ${caseLabel(example)}: ${example.diffs.map(describeDiff).join('; ')}`);
        if (count > shown.length) lines.push(`- ... and ${count - shown.length} more (see report.json)`);
        lines.push('');
      }
    }
  }

  const errors = summary.examples.filter((example) => example.status === 'error');
  if (errors.length > 0 || Object.keys(summary.failures).length > 0) {
    lines.push('## Errors', '');
    for (const [side, failure] of Object.entries(summary.failures))
      lines.push(`- the ${side === 'baselineRepeat' ? 'repeated baseline' : side} process ${failure}`);
    for (const op of summary.operations.filter((entry) => entry.error > 0)) {
      const shown = errors.filter((example) => example.operation === op.operation);
      for (const example of shown) lines.push(`- ${caseLabel(example)} (\`${example.operation}\`): ${example.message ?? 'error'}`);
      if (op.error > shown.length) lines.push(`- ... and ${op.error - shown.length} more of \`${op.operation}\` (see report.json)`);
    }
    lines.push('');
  }

  const noisy = Object.entries(summary.noise);
  if (noisy.length > 0) {
    lines.push('## Noise', '', 'Paths that differ between two runs of the baseline; differences there are not drift.', '');
    for (const [operation, paths] of noisy) lines.push(`- \`${operation}\`: ${paths.map((entry) => `\`${entry}\``).join(', ')}`);
    lines.push('');
  }

  if (summary.invalid.length > 0) {
    lines.push('## Malformed input', '');
    for (const entry of summary.invalid.slice(0, 20)) lines.push(`- ${entry.file}:${entry.line}: ${entry.message}`);
    if (summary.totals.invalid > 20) lines.push(`- ... and ${summary.totals.invalid - 20} more (see report.json)`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function caseLabel(example: ReportedCase): string {
  const where = `${example.file}:${example.line}`;
  return example.key === where ? `\`${where}\`` : `\`${example.key}\` (${where})`;
}

function describeDiff(diff: ReportedDiff): string {
  return `\`${diff.path}\` ${show(diff.old)} -> ${show(diff.new)}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return `\`${text.length > 80 ? `${text.slice(0, 77)}...` : text}\``;
}
