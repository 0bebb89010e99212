import type { Finding } from '../../core/contracts.js';
import { propertyRules, type PropertyRuleName } from './rules.js';
import { parseCounterexample, type Counterexample } from './counterexample.js';
import type { VitestAssertion, VitestFileResult } from './vitest-report.js';

/** One finding per failed or skipped test of a file, or one for the whole file when it did not run. */
export function findingsForFile(file: string, result: VitestFileResult): Finding[] {
  const findings: Finding[] = [];
  for (const assertion of result.assertionResults) {
    const finding = findingForAssertion(file, assertion);
    if (finding) findings.push(finding);
  }
  if (result.status === 'failed' && !result.assertionResults.some((assertion) => assertion.status === 'failed')) {
    findings.push(fileFinding(file, 'file-failed', `${file} failed to run: ${firstLine(result.message) || 'no reason given'}`));
  } else if (result.assertionResults.length === 0) {
    findings.push(fileFinding(file, 'no-tests', `${file} holds no test: it checks no property`));
  }
  return findings;
}

export function fileFinding(file: string, name: PropertyRuleName, message: string): Finding {
  return propertyRules.finding(name, 'error', message, { file, line: 0, column: 0 });
}

function findingForAssertion(file: string, assertion: VitestAssertion): Finding | undefined {
  const line = assertion.location?.line ?? 0;
  const column = assertion.location?.column ?? 0;
  const name = assertion.fullName.trim() || assertion.title;
  if (assertion.status === 'failed') {
    const text = (assertion.failureMessages ?? []).join('\n');
    const counterexample = parseCounterexample(text);
    if (counterexample) {
      return propertyRules.finding('counterexample', 'error', describeCounterexample(name, counterexample), { file, line, column });
    }
    return propertyRules.finding('test-failed', 'error', `'${name}' failed: ${firstLine(text) || 'no message'}`, { file, line, column });
  }
  if (assertion.status === 'skipped' || assertion.status === 'pending' || assertion.status === 'todo') {
    return propertyRules.finding('skipped', 'warning', `'${name}' is ${assertion.status}: its property is not checked`, {
      file,
      line,
      column,
    });
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
