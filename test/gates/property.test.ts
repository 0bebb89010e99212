import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { parseCounterexample } from '../../gates/property/counterexample.js';
import { propertyGate } from '../../gates/property/gate.js';
import { findingsForFile } from '../../gates/property/property-findings.js';
import { applyBehaviourDefect, listBehaviourDefects, readBehaviourExpected } from '../helpers/behaviour-defects.js';
import { HOC_APP } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { keep, temp } = projectsRemovedAfterAll();

function runGate(config: ResolvedConfig, signal = new AbortController().signal) {
  return runGateAlone(propertyGate, {
    config,
    signal,
    artifactDir: path.join(config.root, '.plumbline/evidence/property'),
    progress: () => undefined,
  });
}

function withProperty(config: ResolvedConfig, settings: Partial<NonNullable<ResolvedConfig['gates']['property']>>): ResolvedConfig {
  const base = config.gates.property ?? { files: [], seed: 42, numRuns: 100, maxWorkers: 1 };
  return { ...config, gates: { ...config.gates, property: { ...base, ...settings } } };
}

describe('parseCounterexample', () => {
  it("reads fast-check's report, with the helper's law and cause", () => {
    const message = [
      'PropertyLawError: state machine violated: Property failed after 3 tests',
      '{ seed: -17, path: "2:1:0", endOnFailure: true }',
      'Counterexample: [follow(0),move(open) /*replayPath="AB:C"*/]',
      'Shrunk 2 time(s)',
      '',
      'Cause: forbidden transition closed -> open was accepted',
      '    at stateMachine (testing/property/state-machine.ts:1:1)',
    ].join('\n');
    expect(parseCounterexample(message)).toEqual({
      seed: -17,
      path: '2:1:0',
      replayPath: 'AB:C',
      value: '[follow(0),move(open)]',
      shrinks: 2,
      law: 'state machine',
      cause: 'forbidden transition closed -> open was accepted',
    });
  });

  it('reads a plain fc.assert failure and ignores other failures', () => {
    const plain =
      'Error: Property failed after 1 tests\n{ seed: 5, path: "0", endOnFailure: true }\nCounterexample: [0]\nShrunk 0 time(s)\nGot error: boom';
    expect(parseCounterexample(plain)).toMatchObject({
      seed: 5,
      path: '0',
      value: '[0]',
      law: undefined,
      cause: 'boom',
      replayPath: undefined,
    });
    expect(parseCounterexample('AssertionError: expected 1 to be 2')).toBeUndefined();
  });
});

describe('findingsForFile', () => {
  const base = { ancestorTitles: [], failureMessages: [] as string[], location: { line: 4, column: 3 } };
  it('reports failures, skips, files that crashed and files without tests', () => {
    const findings = findingsForFile('test/a.property.test.ts', {
      name: '/x/test/a.property.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        { ...base, title: 'fails', fullName: 'fails', status: 'failed', failureMessages: ['AssertionError: expected 1 to be 2\n  at x'] },
        { ...base, title: 'later', fullName: 'later', status: 'todo', location: null },
        { ...base, title: 'holds', fullName: 'holds', status: 'passed' },
      ],
    });
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.message])).toEqual([
      ['property/test-failed', 'error', 4, "'fails' failed: AssertionError: expected 1 to be 2"],
      ['property/skipped', 'warning', 0, "'later' is todo: its property is not checked"],
    ]);
    const crashed = findingsForFile('test/b.property.test.ts', {
      name: 'b',
      status: 'failed',
      message: 'Error: Cannot find module x\nmore',
      assertionResults: [],
    });
    expect(crashed).toMatchObject([
      { ruleId: 'property/file-failed', message: 'test/b.property.test.ts failed to run: Error: Cannot find module x' },
    ]);
    const empty = findingsForFile('test/c.property.test.ts', { name: 'c', status: 'passed', message: '', assertionResults: [] });
    expect(empty).toMatchObject([{ ruleId: 'property/no-tests' }]);
  });
});

describe('property gate: seeded defects in fixtures/defects-property', () => {
  const defects = listBehaviourDefects('property');
  it('has the non-monotonic threshold and the allowed forbidden transition', () => {
    expect(defects).toEqual(['incident-reopens-when-closed', 'threshold-first-match-wins']);
  });

  it.each(defects)('%s gives exactly its expected findings', async (name) => {
    const expected = readBehaviourExpected('property', name);
    const project = keep(applyBehaviourDefect('property', name));
    const outcome = await runGate(await loadConfig({ cwd: project.root }));
    const key = (f: { ruleId: string; file: string; line: number; severity: string }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;
    expect(outcome.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const got = outcome.findings.find((f) => key(f) === key(want));
      for (const text of want.messageIncludes) expect(got?.message).toContain(text);
    }
    expect(outcome.metrics).toMatchObject({ seed: 42, failedTests: 1, files: 4, stateMachinesCutOff: 0 });
    // A passing state machine's explored space is in the report, read from the test's metadata.
    const report = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/property/property-report.json'), 'utf8'));
    const incidents = report.files.find((file: { file: string }) => file.file === 'test/incident-lifecycle.property.test.ts').tests[0];
    if (name === 'incident-reopens-when-closed') expect(incidents.stateMachines).toBeUndefined();
    else expect(incidents.stateMachines).toEqual([expect.objectContaining({ explored: 5, exhaustive: true })]);
  });
});

describe('property gate: fails closed', () => {
  it('runs nothing and says so (not run, not passed) when it is not configured', async () => {
    const config = await loadConfig({ cwd: HOC_APP });
    const outcome = await runGate({ ...config, gates: { ...config.gates, property: undefined } });
    expect(outcome).toMatchObject({
      findings: [],
      nothingToCheck: 'not configured: gates.property.files is not set, so no property test was run',
    });
  });

  it('fails when the globs match no file', async () => {
    const config = withProperty(await loadConfig({ cwd: HOC_APP }), { files: ['test/**/*.nothing.ts'] });
    const outcome = await runGate(config);
    expect(outcome.findings).toMatchObject([
      { ruleId: 'property/file-not-run', severity: 'error', message: expect.stringContaining('match no file') },
    ]);
  });

  it('errors when vitest is not installed, when its config is missing, or when the run is aborted', async () => {
    const bare = temp();
    bare.write('package.json', '{}');
    bare.write('p.property.test.ts', '');
    const config = withProperty(await loadConfig({ cwd: HOC_APP }), { files: ['p.property.test.ts'] });
    await expect(runGate({ ...config, root: bare.root })).rejects.toThrow(/needs vitest, not installed: npm install --save-dev vitest/);
    await expect(runGate(withProperty(config, { files: ['test/*.property.test.ts'], vitestConfig: 'missing.config.ts' }))).rejects.toThrow(
      /vitest config 'missing.config.ts' does not exist/,
    );
    const aborted = new AbortController();
    aborted.abort(new Error('gate timed out'));
    await expect(runGate(withProperty(config, { files: ['test/*.property.test.ts'] }), aborted.signal)).rejects.toThrow(/timed out/);
  });

  it('fails on a configured file that vitest does not run, and honours --seed, recording it', () => {
    const project = keep(applyBehaviourDefect('property', 'threshold-first-match-wins'));
    project.write('checks/extra.property.ts', "import { it } from 'vitest';\nit('holds', () => {});\n");
    project.write(
      'plumbline.config.ts',
      readFileSync(path.join(project.root, 'plumbline.config.ts'), 'utf8').replace(
        "files: ['test/**/*.property.test.ts']",
        "files: ['test/thresholds.property.test.ts', 'checks/*.property.ts']",
      ),
    );
    const run = runCli(['gate', '--only', 'property', '--seed', '7', '-q'], project.root);
    expect(run.status).toBe(1);
    const evidence = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/evidence.json'), 'utf8'));
    const gate = evidence.gates.find((g: { id: string }) => g.id === 'property');
    expect(gate.metrics).toMatchObject({ seed: 7, files: 2 });
    expect(gate.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual([
      'property/file-not-run checks/extra.property.ts',
      'property/counterexample test/thresholds.property.test.ts',
    ]);
    expect(gate.findings[1].message).toContain('--seed 7');
    expect(runCli(['gate', '--only', 'property', '--seed', 'x'], project.root).status).toBe(2);
  });
});
