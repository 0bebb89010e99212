import type { Finding } from '../../core/contracts.js';
import { parseCounterexample, type Counterexample } from './counterexample.js';
import type { VitestAssertion, VitestFileResult } from './vitest-report.js';

export const PROPERTY_RULES = {
  counterexample: 'property/counterexample',
  testFailed: 'property/test-failed',
  fileFailed: 'property/file-failed',
  fileNotRun: 'property/file-not-run',
  noTests: 'property/no-tests',
  skipped: 'property/skipped',
} as const;

export const PROPERTY_RULE_DESCRIPTIONS: Record<(typeof PROPERTY_RULES)[keyof typeof PROPERTY_RULES], string> = {
  'property/counterexample': 'A property does not hold: fast-check found a counterexample, shrunk and replayable from its seed and path.',
  'property/test-failed': 'A test in a property test file failed without a fast-check counterexample.',
  'property/file-failed': 'A property test file failed to load or run (an import error, a crash outside a test).',
  'property/file-not-run': 'A configured property test file was not run by vitest (is it outside the vitest include?).',
  'property/no-tests': 'A configured property test file holds no test, so it checks nothing.',
  'property/skipped': 'A property test was skipped or left as todo.',
};

/** One finding per failed or skipped test of a file, or one for the whole file when it did not run. */
export function findingsForFile(file: string, result: VitestFileResult): Finding[] {
  const findings: Finding[] = [];
  for (const assertion of result.assertionResults) {
    const finding = findingForAssertion(file, assertion);
    if (finding) findings.push(finding);
  }
  if (result.status === 'failed' && !result.assertionResults.some((assertion) => assertion.status === 'failed')) {
    findings.push(fileFinding(file, PROPERTY_RULES.fileFailed, `${file} failed to run: ${firstLine(result.message) || 'no reason given'}`));
  } else if (result.assertionResults.length === 0) {
    findings.push(fileFinding(file, PROPERTY_RULES.noTests, `${file} holds no test: it checks no property`));
  }
  return findings;
}

export function fileFinding(file: string, ruleId: string, message: string): Finding {
  return { ruleId, severity: 'error', message, file, line: 0, column: 0 };
}

function findingForAssertion(file: string, assertion: VitestAssertion): Finding | undefined {
  const line = assertion.location?.line ?? 0;
  const column = assertion.location?.column ?? 0;
  const name = assertion.fullName.trim() || assertion.title;
  if (assertion.status === 'failed') {
    const text = (assertion.failureMessages ?? []).join('\n');
    const counterexample = parseCounterexample(text);
    if (counterexample) {
      return { ruleId: PROPERTY_RULES.counterexample, severity: 'error', message: describeCounterexample(name, counterexample), file, line, column };
    }
    return { ruleId: PROPERTY_RULES.testFailed, severity: 'error', message: `'${name}' failed: ${firstLine(text) || 'no message'}`, file, line, column };
  }
  if (assertion.status === 'skipped' || assertion.status === 'pending' || assertion.status === 'todo') {
    return { ruleId: PROPERTY_RULES.skipped, severity: 'warning', message: `'${name}' is ${assertion.status}: its property is not checked`, file, line, column };
  }
  return undefined;
}

/** What failed, the shrunk counterexample, and how to replay it. */
export function describeCounterexample(name: string, counterexample: Counterexample): string {
  const law = counterexample.law ? ` (${counterexample.law})` : '';
  const cause = counterexample.cause ? `: ${counterexample.cause}` : '';
  const replay = [`seed: ${counterexample.seed}`, `path: "${counterexample.path}"`];
  if (counterexample.replayPath !== undefined) replay.push(`replayPath: "${counterexample.replayPath}"`);
  return (
    `'${name}' does not hold${law}${cause}. Counterexample (shrunk ${counterexample.shrinks} times): ${counterexample.value}. ` +
    `Replay: { ${replay.join(', ')} } as the helper's options (or fc.assert parameters), or rerun the gate with --seed ${counterexample.seed}.`
  );
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
}
