import type { Finding } from '../../core/contracts.js';
import { atLine } from '../../core/rule-catalog.js';
import type { ReplaySummary, ReportedCase } from './replay-report.js';
import { severityRank } from './severity.js';
import { replayRules, type ReplayRuleName } from './rules.js';

const INVALID_SHOWN = 50;

/**
 * The replay as findings: a finding per example case (the first ones of each
 * operation/status/severity group; the rest are counted), per malformed entry,
 * per failed process. Drift below `failAt` is a warning, noise a note; every
 * other problem is an error, so the gate fails closed.
 */
export function replayFindings(summary: ReplaySummary): Finding[] {
  const findings: Finding[] = [];
  const finding = (name: ReplayRuleName, severity: Finding['severity'], message: string, file = '', line = 0): void => {
    findings.push(replayRules.finding(name, severity, message, atLine(file, line)));
  };
  for (const example of summary.examples) {
    if (example.status === 'error')
      finding('error', 'error', `${label(example)}: ${example.message ?? 'error'}`, example.file, example.line);
    if (example.status === 'drift') {
      const failing = severityRank(example.severity ?? 'medium') >= severityRank(summary.failAt);
      const diffs = describeDiffs(example);
      finding(
        'drift',
        failing ? 'error' : 'warning',
        `${label(example)} drifted, ${example.severity}: ${diffs}`,
        example.file,
        example.line,
      );
    }
  }
  for (const op of summary.operations) {
    const shownErrors = summary.examples.filter((example) => example.operation === op.operation && example.status === 'error').length;
    if (op.error > shownErrors)
      finding('error', 'error', `${op.error - shownErrors} more case(s) of ${op.operation} errored (see the replay report)`);
    for (const [severity, count] of Object.entries(op.drift)) {
      const shown = summary.examples.filter(
        (example) => example.operation === op.operation && example.status === 'drift' && example.severity === severity,
      ).length;
      if (count > shown) {
        const failing = severityRank(severity as ReplaySummary['failAt']) >= severityRank(summary.failAt);
        finding(
          'drift',
          failing ? 'error' : 'warning',
          `${count - shown} more case(s) of ${op.operation} drifted, ${severity} (see the replay report)`,
        );
      }
    }
  }
  for (const [operation, paths] of Object.entries(summary.noise)) {
    finding(
      'noise',
      'note',
      `${operation}: ${paths.length} noisy path(s) differ between two baseline runs: ${paths.slice(0, 10).join(', ')}`,
    );
  }
  // Malformed input fails the run unless it was allowed; allowed, it is a warning.
  const invalidSeverity = summary.reasons.some((reason) => reason.includes('malformed')) ? 'error' : 'warning';
  for (const entry of summary.invalid.slice(0, INVALID_SHOWN))
    finding('invalid-case', invalidSeverity, entry.message, entry.file, entry.line);
  if (summary.totals.invalid > INVALID_SHOWN)
    finding('invalid-case', invalidSeverity, `${summary.totals.invalid - INVALID_SHOWN} more malformed case(s)`);
  for (const [side, failure] of Object.entries(summary.failures)) {
    finding('run', 'error', `the ${side === 'baselineRepeat' ? 'repeated baseline' : side} process ${failure}`);
  }
  if (summary.totals.cases === 0 && summary.totals.invalid === 0)
    finding('run', 'error', 'there was no case to replay: the input holds no case');
  return findings;
}

/** Each path that drifted in a case: `path before -> after (severity)`, joined by '; '. */
export function describeDiffs(example: ReportedCase): string {
  return example.diffs.map((diff) => `${diff.path} ${show(diff.old)} -> ${show(diff.new)} (${diff.severity})`).join('; ');
}

/** The first drifted cases, one line each (`file:line  operation case: path before -> after`), for a console. */
export function firstDriftLines(summary: Pick<ReplaySummary, 'examples'>, limit: number): string[] {
  return summary.examples
    .filter((example) => example.status === 'drift')
    .slice(0, limit)
    .map((example) => `${example.file}:${example.line}  ${label(example)}: ${describeDiffs(example)}`);
}

function label(example: ReportedCase): string {
  const where = `${example.file}:${example.line}`;
  return example.key === where ? `${example.operation} case` : `${example.operation} case ${example.key}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
