import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { mutationGate } from '../../gates/mutation/gate.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';
import { judgeAndReport, measureMutation } from '../../gates/mutation/run-mutation.js';
import { behaviourDefectsDir, listBehaviourDefects, readBehaviourExpected } from '../helpers/behaviour-defects.js';
import { CLI_BIN, HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { makeTempProject } from '../helpers/temp-project.js';

const { keep, temp } = projectsRemovedAfterAll();

/** The built CLI, with room for Stryker: each run starts vitest workers, slow on a loaded 2-core machine. */
function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    timeout: 600_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STRYKER_TEST = { timeout: 30 * 60_000 };
const TINY = path.join(REPO_ROOT, 'fixtures/mutation-tiny');

function gateResult(root: string) {
  const evidence = JSON.parse(readFileSync(path.join(root, '.plumbline/evidence/evidence.json'), 'utf8'));
  return evidence.gates.find((gate: { id: string }) => gate.id === 'mutation');
}

// One real Stryker project, run through the CLI as a user would: the policy itself is tested as pure functions in mutation-policy.test.ts.
describe('mutation gate with Stryker on a one-engine project', () => {
  it('fails without a baseline, records one deliberately, passes, then catches a weakened test', STRYKER_TEST, () => {
    const project = temp(TINY);

    const first = runCli(['gate', '--only', 'mutation', '-q'], project.root);
    expect(first.status).toBe(1);
    expect(gateResult(project.root).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['mutation/baseline-missing']);

    const record = runCli(['mutation', '--update-baseline'], project.root);
    expect(record.status, record.stderr).toBe(0);
    expect(record.stdout).toContain('Baseline written: .plumbline/baselines/mutation.json');
    const baseline = JSON.parse(readFileSync(path.join(project.root, '.plumbline/baselines/mutation.json'), 'utf8'));
    expect(baseline).toMatchObject({ schemaVersion: 1, strykerVersion: '9.6.1', overall: 100, files: { 'src/engines/limit.ts': 100 } });

    const pass = runCli(['gate', '--only', 'mutation', '-q'], project.root);
    expect(pass.status, pass.stdout).toBe(0);
    const passed = gateResult(project.root);
    expect(passed.metrics).toMatchObject({ score: 100, files: 1, survived: 0 });
    expect(passed.artifacts).toEqual([
      '.plumbline/evidence/mutation/mutation-report.md',
      '.plumbline/evidence/mutation/mutation-score.json',
    ]);
    expect(existsSync(path.join(project.root, '.plumbline/mutation/stryker-report-full.html'))).toBe(true);

    // The boundary case goes: `value > limit` -> `value >= limit` now survives.
    project.write(
      'test/limit.test.ts',
      "import { expect, it } from 'vitest';\nimport { decide } from '../src/engines/limit.js';\n\nit('denies far above the limit', () => {\n  expect(decide(11, 10)).toBe('deny');\n  expect(decide(9, 10)).toBe('allow');\n});\n",
    );
    const weakened = runCli(['mutation'], project.root);
    expect(weakened.status).toBe(1);
    expect(weakened.stdout).toContain('mutation/score-dropped');
    expect(weakened.stdout).toMatch(/mutation score of src\/engines\/limit\.ts dropped by [\d.]+ points \(100% -> [\d.]+%\)/);
    const markdown = readFileSync(path.join(project.root, '.plumbline/evidence/mutation/mutation-report.md'), 'utf8');
    expect(markdown).toContain('| src/engines/limit.ts:5:10 | EqualityOperator | `value > limit` -> `value >= limit` | Survived |');
  });

  it('refuses a corrupt baseline and bad shard arguments, and merges shards', STRYKER_TEST, () => {
    const project = temp(TINY);
    project.write('.plumbline/baselines/mutation.json', '{ not json');
    const corrupt = runCli(['mutation'], project.root);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stdout).toContain('mutation/baseline-corrupt');
    expect(runCli(['mutation', '--shard', '3/2'], project.root).status).toBe(2);
    expect(runCli(['mutation', '--shard', '1/2', '--update-baseline'], project.root).status).toBe(2);
    expect(runCli(['merge'], project.root).stderr).toContain('no shard reports');

    expect(runCli(['mutation', '--shard', '1/2'], project.root).status).toBe(0);
    const missing = runCli(['merge'], project.root);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('shard(s) 2 of 2 missing');
    expect(runCli(['mutation', '--shard', '2/2'], project.root).status).toBe(0);
    const merged = runCli(['merge', '--update-baseline'], project.root);
    expect(merged.status, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toContain('Mutation score 100% over 1 file(s)');
  });
});

const FEE_ENGINE = `/** The fee in cents: 2% of the amount, at least 50 cents, none on a zero amount. */
export function fee(amountCents: number): number {
  if (amountCents <= 0) return 0;
  return Math.max(50, Math.round(amountCents * 0.02));
}
`;
const FEE_TEST = `import { expect, it } from 'vitest';
import { fee } from '../src/engines/fee.js';

it('charges 2% with a 50-cent minimum, nothing on nothing', () => {
  expect(fee(0)).toBe(0);
  expect(fee(1000)).toBe(50);
  expect(fee(10000)).toBe(200);
});
`;
// A decision table at module level: its mutants are static (the table is built once, when the module loads).
const TRANSITIONS_ENGINE = `export type State = 'draft' | 'submitted' | 'approved' | 'rejected';

const NEXT: Readonly<Record<State, readonly State[]>> = {
  draft: ['submitted'],
  submitted: ['approved', 'rejected'],
  approved: [],
  rejected: ['draft'],
};

export function canMove(from: State, to: State): boolean {
  return NEXT[from].includes(to);
}
`;
// Checks the first moves only: the table's rejected -> draft and approved -> nothing are never tried.
const TRANSITIONS_TEST = `import { expect, it } from 'vitest';
import { canMove } from '../src/engines/transitions.js';

it('moves a draft to submitted, then to approved or rejected', () => {
  expect(canMove('draft', 'submitted')).toBe(true);
  expect(canMove('draft', 'approved')).toBe(false);
  expect(canMove('submitted', 'approved')).toBe(true);
  expect(canMove('submitted', 'rejected')).toBe(true);
});
`;

describe('mutation gate: per-file floor and static mutants', () => {
  const title = "fails an untested engine file at its file, passes once a test kills its mutants, and runs a table's static mutants";
  it(title, STRYKER_TEST, () => {
    const project = temp(TINY);
    project.write('src/engines/fee.ts', FEE_ENGINE);
    project.write('src/engines/transitions.ts', TRANSITIONS_ENGINE);
    project.write('test/transitions.test.ts', TRANSITIONS_TEST);

    const untested = runCli(['mutation', '--update-baseline'], project.root);
    expect(untested.status, untested.stderr).toBe(1);
    // The floor finding at the file, its mutants named as untested, not as survivors; the file stays out of the baseline.
    expect(untested.stdout).toMatch(/src\/engines\/fee\.ts:2:\d+ {2}error {2}mutation score of src\/engines\/fee\.ts is 0%/);
    expect(untested.stdout).toContain('src/engines/fee.ts is 0%, under the per-file floor 60% (0 of 7 mutants detected)');
    expect(untested.stdout).toContain(
      '7 with no coverage (no test runs this line): ' + 'src/engines/fee.ts:2 { if (amountCents <= 0) return 0;',
    );
    expect(untested.stdout).toContain(', src/engines/fee.ts:3 amountCents <= 0 -> amountCents < 0, ');
    expect(untested.stdout).not.toContain('survived the tests: src/engines/fee.ts');
    expect(untested.stdout).toContain(
      'Baseline written: .plumbline/baselines/mutation.json ' + '(left out, under the per-file floor: src/engines/fee.ts)',
    );
    const baseline = JSON.parse(readFileSync(path.join(project.root, '.plumbline/baselines/mutation.json'), 'utf8'));
    expect(Object.keys(baseline.files)).toEqual(['src/engines/limit.ts', 'src/engines/transitions.ts']);

    // The table is scored on its own mutants: the untried moves survive, and nothing was ignored.
    const score = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/mutation/mutation-score.json'), 'utf8'));
    const table = score.files['src/engines/transitions.ts'];
    expect(table).toMatchObject({ ignored: 0, invalid: 0 });
    expect(table.static).toBeGreaterThan(0);
    expect(table.score).toBeLessThan(100);
    expect(table.score).toBeGreaterThanOrEqual(60);
    expect(score.overall.staticTestRuns).toBeGreaterThan(0);
    expect(untested.stdout).toContain("  note  surviving mutant: the tests still pass with ['draft'] -> [] (ArrayDeclaration, static)");
    expect(untested.stdout).toMatch(/src\/engines\/transitions\.ts:7:\d+ {2}note {2}surviving mutant: the tests still pass with \[/);
    expect(untested.stdout).toMatch(/0 ignored, 0 invalid; \d+ static mutant\(s\) took \d+ of \d+ test runs/);

    project.write('test/fee.test.ts', FEE_TEST);
    const tested = runCli(['mutation', '--update-baseline'], project.root);
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).not.toContain('mutation/file-below-floor');
    const admitted = JSON.parse(readFileSync(path.join(project.root, '.plumbline/baselines/mutation.json'), 'utf8'));
    expect(admitted.files['src/engines/fee.ts']).toBeGreaterThanOrEqual(60);

    const gate = runCli(['gate', '--only', 'mutation'], project.root);
    expect(gate.status, gate.stdout).toBe(0);
    expect(gate.stdout).toMatch(/PASS +mutation +Mutation testing +\(score [\d.]+, files 3, .*ignored 0, invalid 0, static \d+/);
  });
});

describe('mutation gate: seeded defects in fixtures/defects-mutation', () => {
  const defects = listBehaviourDefects('mutation');
  it('has the weakened test', () => {
    expect(defects).toEqual(['weakened-comparator-test']);
  });

  // Scoped to the files the expected findings name, so the suite runs Stryker on one engine file, not all nine:
  // a baseline is recorded on the clean copy with that scope, then the overlay is laid over it and judged.
  it.each(defects)('%s gives exactly its expected findings', STRYKER_TEST, async (name) => {
    const expected = readBehaviourExpected('mutation', name);
    const project = keep(makeTempProject(HOC_APP));
    const loaded = await loadConfig({ cwd: project.root });
    const base = loaded.gates.mutation;
    if (!base) throw new Error('hoc-app configures no mutation gate');
    // With one file mutated, its score is the overall score: the threshold (about all engines) is set aside, the delta is the point.
    const config = {
      ...loaded,
      gates: { ...loaded.gates, mutation: { ...base, threshold: 0, mutate: [...new Set(expected.findings.map((f) => f.file))] } },
    };
    const ctx = {
      signal: new AbortController().signal,
      artifactDir: path.join(project.root, '.plumbline/evidence/mutation'),
      progress: () => undefined,
    };
    const settings = config.gates.mutation;
    const clean = await measureMutation(config, settings, ctx);
    const cleanFindings = judgeAndReport(config, settings, { ...clean, artifactDir: ctx.artifactDir, updateBaseline: true }).findings;
    expect(cleanFindings.filter((f) => f.severity !== 'note')).toEqual([]);

    cpSync(path.join(behaviourDefectsDir('mutation'), name), project.root, {
      recursive: true,
      filter: (from) => path.basename(from) !== 'expected.json',
    });
    const outcome = await runGateAlone(mutationGate, { config, ...ctx });
    const key = (f: { ruleId: string; file: string; line: number; severity: string }) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`;
    // The verdicts: each undetected mutant of a file above the floor is a note, whose position the overlay does not fix.
    const verdicts = outcome.findings.filter((f) => f.severity !== 'note');
    expect(verdicts.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const want of expected.findings) {
      const got = outcome.findings.find((f) => key(f) === key(want));
      for (const text of want.messageIncludes) expect(got?.message).toContain(text);
    }
  });
});
