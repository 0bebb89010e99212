import { stableStringify } from '../../core/stable-json.js';
import type { CoverageTally } from './check-coverage.js';

/** The artifact's data: each declared check with its counts and the tests that exercised it. */
export function coverageReport(tally: CoverageTally, command: readonly string[] | undefined) {
  return {
    schemaVersion: 1,
    command: command ?? null,
    checkEvents: tally.checkEvents,
    checks: tally.checks.map((coverage) => ({
      operationId: coverage.check.operationId,
      kind: coverage.check.kind,
      checkId: coverage.check.checkId,
      critical: coverage.check.critical,
      file: coverage.check.file,
      line: coverage.check.line,
      held: coverage.held,
      rejected: coverage.rejected,
      recorded: coverage.recorded,
      predicateErrors: coverage.predicateErrors,
      tests: coverage.tests.map((test) => ({ name: test.name, file: test.file, held: test.held, violated: test.violated })),
    })),
    undeclared: tally.undeclared,
  };
}

export function renderCoverageJson(tally: CoverageTally, command: readonly string[] | undefined): string {
  return `${stableStringify(coverageReport(tally, command), 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The same report as a table per check kind, and the tests of each check. */
export function renderCoverageMarkdown(tally: CoverageTally, command: readonly string[] | undefined): string {
  const lines = ['# Invariant and forbidden-state coverage', ''];
  lines.push(
    command
      ? `Recorded by \`${command.map((part) => (part.includes(' ') ? JSON.stringify(part) : part)).join(' ')}\`; ${tally.checkEvents} check events.`
      : 'No test run.',
    '',
  );
  lines.push('| Operation | Kind | Check | Held | Rejected | Recorded (monitor) | Predicate errors | Tests | Declared at |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const coverage of tally.checks) {
    const { check } = coverage;
    lines.push(
      `| ${cell(check.operationId)} | ${check.kind} | ${cell(check.checkId)} | ${coverage.held} | ${coverage.rejected} | ${coverage.recorded} | ${coverage.predicateErrors} | ${coverage.tests.length} | ${cell(`${check.file}:${check.line}`)} |`,
    );
  }
  for (const coverage of tally.checks) {
    if (coverage.tests.length === 0) continue;
    lines.push('', `## ${cell(coverage.check.checkId)} (${cell(coverage.check.operationId)})`, '');
    for (const test of coverage.tests) {
      const seen = [test.held > 0 ? `held ${test.held}` : '', test.violated > 0 ? `violated ${test.violated}` : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`- ${test.file ? `\`${test.file}\` ` : ''}${test.name} — ${seen}`);
    }
  }
  if (tally.undeclared.length > 0) {
    lines.push('', '## Evidence for undeclared checks', '');
    for (const entry of tally.undeclared) lines.push(`- ${entry.operationId} ${entry.kind} ${entry.checkId}: ${entry.events} event(s)`);
  }
  return `${lines.join('\n')}\n`;
}
