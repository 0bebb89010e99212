import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { baselineFromScores, readBaseline, writeBaseline, type BaselineRead } from '../../gates/mutation/baseline.js';
import { judgeMutation } from '../../gates/mutation/baseline-policy.js';
import { mergeMutationReports, type Mutant, type MutationReport } from '../../gates/mutation/mutation-report.js';
import { computeScores, survivingMutants } from '../../gates/mutation/mutation-scores.js';
import { shardFiles } from '../../gates/mutation/run-mutation.js';

const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });
const mutant = (
  id: string,
  status: Mutant['status'],
  mutatorName = 'EqualityOperator',
  location = at(1, 1, 2),
  replacement = '<=',
): Mutant => ({
  id,
  status,
  mutatorName,
  location,
  replacement,
});

/** A report whose files have the given killed/survived counts. */
function report(counts: Record<string, [killed: number, survived: number]>): MutationReport {
  return {
    schemaVersion: '2',
    files: Object.fromEntries(
      Object.entries(counts).map(([file, [killed, survived]]) => [
        file,
        {
          source: 'return a < b;\n',
          mutants: [
            ...Array.from({ length: killed }, (_, i) => mutant(`${file}-k${i}`, 'Killed')),
            ...Array.from({ length: survived }, (_, i) => mutant(`${file}-s${i}`, 'Survived')),
          ],
        },
      ]),
    ),
  };
}

// A floor under every file of the threshold and delta cases: the floor has its own cases below.
const policy = { threshold: 60, maxDrop: 5, minFileScore: 50 };
const run = (r: MutationReport, extra: Partial<{ strykerVersion: string; configHash: string }> = {}) => ({
  scores: computeScores(r),
  undetected: survivingMutants(r),
  strykerVersion: '9.6.1',
  configHash: 'abc',
  baselineFile: '.plumbline/baselines/mutation.json',
  ...extra,
});
const baselineOf = (r: MutationReport): BaselineRead => ({ kind: 'ok', baseline: baselineFromScores(computeScores(r), '9.6.1', 'abc') });
const verdictsOf = (...args: Parameters<typeof judgeMutation>) => judgeMutation(...args).filter((f) => f.severity !== 'note');
/** The verdicts: undetected mutants of files above the floor are notes, tested on their own. */
const rules = (findings: Array<{ ruleId: string; file: string; severity: string }>) =>
  findings.filter((f) => f.severity !== 'note').map((f) => `${f.ruleId} ${f.file}`);

describe('mutation scores', () => {
  it('scores detected over valid mutants per file, per mutator and overall, as Stryker does', () => {
    const scores = computeScores({
      schemaVersion: '2',
      files: {
        'src/b.ts': {
          source: '',
          mutants: [
            mutant('1', 'Killed'),
            mutant('2', 'Timeout', 'BlockStatement'),
            mutant('3', 'Survived'),
            mutant('4', 'NoCoverage'),
            mutant('5', 'CompileError'),
            mutant('6', 'Ignored'),
          ],
        },
        'src/a.ts': { source: '', mutants: [mutant('7', 'Ignored')] },
      },
    });
    const counts = { killed: 1, timeout: 1, survived: 1, noCoverage: 1, ignored: 1, invalid: 1 };
    expect(scores.files['src/b.ts']).toEqual({ ...counts, static: 0, testRuns: 0, staticTestRuns: 0, score: 50 });
    expect(scores.files['src/a.ts']?.score).toBeNull();
    expect(Object.keys(scores.files)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(scores.mutators).toMatchObject({ BlockStatement: { score: 100 }, EqualityOperator: { score: 33.33 } });
    expect(scores.overall.score).toBe(50);
    expect(() => computeScores({ schemaVersion: '2', files: { x: { source: '', mutants: [mutant('p', 'Pending')] } } })).toThrow(/pending/);
  });

  it('lists surviving mutants with the original code they replaced', () => {
    const survivors = survivingMutants({
      schemaVersion: '2',
      files: {
        'src/t.ts': {
          source: 'const x = 1;\nif (value > limit) deny();\n',
          mutants: [mutant('1', 'Survived', 'EqualityOperator', at(2, 5, 18), 'value >= limit'), mutant('2', 'Killed')],
        },
      },
    });
    expect(survivors).toEqual([
      {
        file: 'src/t.ts',
        line: 2,
        column: 5,
        mutator: 'EqualityOperator',
        original: 'value > limit',
        replacement: 'value >= limit',
        status: 'Survived',
        static: false,
      },
    ]);
  });
});

describe('mutation baseline policy', () => {
  const current = report({ 'src/engines/a.ts': [8, 2], 'src/engines/b.ts': [9, 1] });

  it('fails the first run, which has no baseline, with the command that records one', () => {
    const findings = verdictsOf(run(current), { kind: 'missing' }, policy);
    expect(rules(findings)).toEqual(['mutation/baseline-missing .plumbline/baselines/mutation.json']);
    expect(findings[0]?.message).toContain('plumbline mutation --update-baseline');
  });

  it('fails on a corrupt baseline file, never passing silently', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-baseline-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'mutation.json');
    writeFileSync(file, '{ "schemaVersion": 1, "overall": ');
    const notJson = readBaseline(file);
    expect(notJson).toMatchObject({ kind: 'corrupt', reason: expect.stringContaining('not JSON') });
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, strykerVersion: '9.6.1', configHash: 'abc', overall: 'high', files: {} }));
    expect(readBaseline(file)).toMatchObject({ kind: 'corrupt', reason: expect.stringContaining('overall') });
    const corrupt = verdictsOf(run(current), readBaseline(file), policy);
    expect(rules(corrupt)).toEqual(['mutation/baseline-corrupt .plumbline/baselines/mutation.json']);
    expect(readBaseline(path.join(dir, 'absent.json'))).toEqual({ kind: 'missing' });
  });

  it('round-trips a baseline through an atomic write, in stable JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-baseline-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'nested/mutation.json');
    const baseline = baselineFromScores(computeScores(current), '9.6.1', 'abc');
    writeBaseline(file, baseline);
    expect(readBaseline(file)).toEqual({ kind: 'ok', baseline });
    expect(readFileSync(file, 'utf8')).toBe(
      `${JSON.stringify({ configHash: 'abc', files: { 'src/engines/a.ts': 80, 'src/engines/b.ts': 90 }, overall: 85, schemaVersion: 1, strykerVersion: '9.6.1' }, null, 2)}\n`,
    );
  });

  it('passes when the threshold is exactly met, and fails just under it', () => {
    const exactly = report({ 'src/engines/a.ts': [6, 4] });
    expect(rules(verdictsOf(run(exactly), baselineOf(exactly), policy))).toEqual([]);
    const under = report({ 'src/engines/a.ts': [59, 41] });
    expect(rules(verdictsOf(run(under), baselineOf(under), policy))).toEqual(['mutation/below-threshold ']);
  });

  it('fails a file that dropped by more than the delta, and allows a drop exactly at it', () => {
    const before = report({ 'src/engines/a.ts': [90, 10], 'src/engines/b.ts': [90, 10] });
    const after = report({ 'src/engines/a.ts': [85, 15], 'src/engines/b.ts': [84, 16] });
    const findings = verdictsOf(run(after), baselineOf(before), policy);
    expect(rules(findings)).toEqual(['mutation/score-dropped src/engines/b.ts']);
    expect(findings[0]?.message).toBe('mutation score of src/engines/b.ts dropped by 6 points (90% -> 84%), more than the allowed 5');
  });

  it('fails when an engine file was added or removed since the baseline', () => {
    const before = report({ 'src/engines/a.ts': [9, 1], 'src/engines/old.ts': [9, 1] });
    const after = report({ 'src/engines/a.ts': [9, 1], 'src/engines/new.ts': [9, 1] });
    const findings = verdictsOf(run(after), baselineOf(before), policy);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('src/engines/new.ts is mutated but not in the baseline'),
      expect.stringContaining('the baseline lists src/engines/old.ts, which this run did not mutate'),
    ]);
    expect(new Set(rules(findings))).toEqual(new Set(['mutation/baseline-mismatch .plumbline/baselines/mutation.json']));
  });

  it('fails when the baseline was made with another Stryker version or other settings', () => {
    const findings = verdictsOf(run(current, { strykerVersion: '9.7.0', configHash: 'def' }), baselineOf(current), policy);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('made with Stryker 9.6.1, this run uses 9.7.0'),
      expect.stringContaining('other mutation settings'),
    ]);
  });

  it('fails when no valid mutant was tested', () => {
    const empty: MutationReport = { schemaVersion: '2', files: { 'src/engines/a.ts': { source: '', mutants: [] } } };
    expect(rules(verdictsOf(run(empty), baselineOf(empty), policy))).toEqual(['mutation/below-threshold ']);
  });
});

describe('per-file floor', () => {
  const source = [
    'const NEXT = { draft: ["sent"] };',
    'export function decide(value, limit) {',
    '  return value > limit ? "deny" : "allow";',
    '}',
    '',
  ].join('\n');
  const untested: MutationReport['files'][string] = {
    source,
    mutants: [
      { ...mutant('u1', 'NoCoverage', 'ConditionalExpression', at(3, 10, 23), 'true') },
      { ...mutant('u2', 'NoCoverage', 'StringLiteral', at(3, 26, 32), '""') },
      { ...mutant('u3', 'Survived', 'ArrayDeclaration', at(1, 23, 31), '[]'), static: true },
    ],
  };
  const tested = report({ 'src/engines/a.ts': [97, 0] }).files['src/engines/a.ts']!;
  const demo: MutationReport = { schemaVersion: '2', files: { 'src/engines/a.ts': tested, 'src/engines/untested.ts': untested } };

  it('fails a file under the floor that the overall score and its own baseline would hide, listing its mutants', () => {
    const findings = judgeMutation(run(demo), baselineOf(demo), policy);
    expect(computeScores(demo).overall.score).toBe(97);
    expect(findings).toEqual([
      {
        ruleId: 'mutation/file-below-floor',
        severity: 'error',
        file: 'src/engines/untested.ts',
        line: 1,
        column: 23,
        message:
          'mutation score of src/engines/untested.ts is 0%, under the per-file floor 50% (0 of 3 mutants detected); ' +
          '1 survived the tests: src/engines/untested.ts:1 ["sent"] -> [] (static); ' +
          '2 with no coverage (no test runs this line): ' +
          'src/engines/untested.ts:3 value > limit -> true, src/engines/untested.ts:3 "deny" -> ""; ' +
          '0% in the baseline',
        docsUrl: shippedDocsUrl('mutation-gate.md', 'policy'),
      },
    ]);
  });

  it('passes a file exactly at the floor, and names each mutant it let through as a note at its line', () => {
    const killed = ['k1', 'k2', 'k3'].map((id) => mutant(id, 'Killed'));
    const atFloor: MutationReport = {
      schemaVersion: '2',
      files: { 'src/engines/t.ts': { ...untested, mutants: [...untested.mutants, ...killed] } },
    };
    const findings = judgeMutation(run(atFloor), baselineOf(atFloor), { ...policy, threshold: 50 });
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      'mutation/surviving-mutant note src/engines/t.ts:1:23 ' +
        'surviving mutant: the tests still pass with ["sent"] -> [] (ArrayDeclaration, static)',
      'mutation/no-coverage note src/engines/t.ts:3:10 ' +
        'no test runs this line: untested mutant value > limit -> true (ConditionalExpression)',
      'mutation/no-coverage note src/engines/t.ts:3:26 no test runs this line: untested mutant "deny" -> "" (StringLiteral)',
    ]);
  });

  it('reports a new file under the floor once, saying it enters the baseline only at or above the floor', () => {
    const before: MutationReport = { schemaVersion: '2', files: { 'src/engines/a.ts': tested } };
    const findings = judgeMutation(run(demo), baselineOf(before), policy);
    expect(rules(findings)).toEqual(['mutation/file-below-floor src/engines/untested.ts']);
    expect(findings[0]?.message).toMatch(/a new file enters the baseline only at or above the floor$/);
  });

  it('reports a tested file that fell under the floor once, as under the floor, not also as a drop', () => {
    const before: MutationReport = { schemaVersion: '2', files: { 'src/engines/a.ts': tested, 'src/engines/untested.ts': tested } };
    const findings = judgeMutation(run(demo), baselineOf(before), policy);
    expect(rules(findings)).toEqual(['mutation/file-below-floor src/engines/untested.ts']);
    expect(findings[0]?.message).toMatch(/; 100% in the baseline$/);
  });

  it('leaves the files a policy does not admit out of the baseline', () => {
    const baseline = baselineFromScores(computeScores(demo), '9.6.1', 'abc', (file) => file !== 'src/engines/untested.ts');
    expect(baseline.files).toEqual({ 'src/engines/a.ts': 100 });
  });
});

describe('shards', () => {
  it('deals files round-robin, every file to exactly one shard', () => {
    const files = ['a', 'b', 'c', 'd', 'e'];
    const shards = [1, 2, 3].map((index) => shardFiles(files, { index, count: 3 }));
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']]);
  });

  it('merges shard reports and refuses a file in two of them', () => {
    const merged = mergeMutationReports([report({ a: [1, 0] }), report({ b: [0, 1] })]);
    expect(computeScores(merged).overall.score).toBe(50);
    expect(() => mergeMutationReports([report({ a: [1, 0] }), report({ a: [1, 0] })])).toThrow(/appears in two shard reports/);
  });
});
