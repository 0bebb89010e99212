import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineFromScores, readBaseline, writeBaseline, type BaselineRead } from '../../gates/mutation/baseline.js';
import { judgeMutation } from '../../gates/mutation/baseline-policy.js';
import { mergeMutationReports, type Mutant, type MutationReport } from '../../gates/mutation/mutation-report.js';
import { computeScores, survivingMutants } from '../../gates/mutation/mutation-scores.js';
import { shardFiles } from '../../gates/mutation/run-mutation.js';

const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });
const mutant = (id: string, status: Mutant['status'], mutatorName = 'EqualityOperator', location = at(1, 1, 2), replacement = '<='): Mutant => ({
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

const policy = { threshold: 60, maxDrop: 5 };
const run = (r: MutationReport, extra: Partial<{ strykerVersion: string; configHash: string }> = {}) => ({
  scores: computeScores(r),
  strykerVersion: '9.6.1',
  configHash: 'abc',
  baselineFile: '.plumbline/baselines/mutation.json',
  ...extra,
});
const baselineOf = (r: MutationReport): BaselineRead => ({ kind: 'ok', baseline: baselineFromScores(computeScores(r), '9.6.1', 'abc') });
const rules = (findings: Array<{ ruleId: string; file: string }>) => findings.map((f) => `${f.ruleId} ${f.file}`);

describe('mutation scores', () => {
  it('scores detected over valid mutants per file, per mutator and overall, as Stryker does', () => {
    const scores = computeScores({
      schemaVersion: '2',
      files: {
        'src/b.ts': { source: '', mutants: [mutant('1', 'Killed'), mutant('2', 'Timeout', 'BlockStatement'), mutant('3', 'Survived'), mutant('4', 'NoCoverage'), mutant('5', 'CompileError'), mutant('6', 'Ignored')] },
        'src/a.ts': { source: '', mutants: [mutant('7', 'Ignored')] },
      },
    });
    expect(scores.files['src/b.ts']).toEqual({ killed: 1, timeout: 1, survived: 1, noCoverage: 1, invalid: 2, score: 50 });
    expect(scores.files['src/a.ts']?.score).toBeNull();
    expect(Object.keys(scores.files)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(scores.mutators).toMatchObject({ BlockStatement: { score: 100 }, EqualityOperator: { score: 33.33 } });
    expect(scores.overall.score).toBe(50);
    expect(() => computeScores({ schemaVersion: '2', files: { x: { source: '', mutants: [mutant('p', 'Pending')] } } })).toThrow(/pending/);
  });

  it('lists surviving mutants with the original code they replaced', () => {
    const survivors = survivingMutants({
      schemaVersion: '2',
      files: { 'src/t.ts': { source: 'const x = 1;\nif (value > limit) deny();\n', mutants: [mutant('1', 'Survived', 'EqualityOperator', at(2, 5, 18), 'value >= limit'), mutant('2', 'Killed')] } },
    });
    expect(survivors).toEqual([
      { file: 'src/t.ts', line: 2, column: 5, mutator: 'EqualityOperator', original: 'value > limit', replacement: 'value >= limit', status: 'Survived' },
    ]);
  });
});

describe('mutation baseline policy', () => {
  const current = report({ 'src/engines/a.ts': [8, 2], 'src/engines/b.ts': [9, 1] });

  it('fails the first run, which has no baseline, with the command that records one', () => {
    const findings = judgeMutation(run(current), { kind: 'missing' }, policy);
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
    expect(rules(judgeMutation(run(current), readBaseline(file), policy))).toEqual(['mutation/baseline-corrupt .plumbline/baselines/mutation.json']);
    expect(readBaseline(path.join(dir, 'absent.json'))).toEqual({ kind: 'missing' });
  });

  it('round-trips a baseline through an atomic write, in stable JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-baseline-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'nested/mutation.json');
    const baseline = baselineFromScores(computeScores(current), '9.6.1', 'abc');
    writeBaseline(file, baseline);
    expect(readBaseline(file)).toEqual({ kind: 'ok', baseline });
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ configHash: 'abc', files: { 'src/engines/a.ts': 80, 'src/engines/b.ts': 90 }, overall: 85, schemaVersion: 1, strykerVersion: '9.6.1' }, null, 2)}\n`);
  });

  it('passes when the threshold is exactly met, and fails just under it', () => {
    const exactly = report({ 'src/engines/a.ts': [6, 4] });
    expect(judgeMutation(run(exactly), baselineOf(exactly), policy)).toEqual([]);
    const under = report({ 'src/engines/a.ts': [59, 41] });
    expect(rules(judgeMutation(run(under), baselineOf(under), policy))).toEqual(['mutation/below-threshold ']);
  });

  it('fails a file that dropped by more than the delta, and allows a drop exactly at it', () => {
    const before = report({ 'src/engines/a.ts': [90, 10], 'src/engines/b.ts': [90, 10] });
    const after = report({ 'src/engines/a.ts': [85, 15], 'src/engines/b.ts': [84, 16] });
    const findings = judgeMutation(run(after), baselineOf(before), policy);
    expect(rules(findings)).toEqual(['mutation/score-dropped src/engines/b.ts']);
    expect(findings[0]?.message).toBe('mutation score of src/engines/b.ts dropped by 6 points (90% -> 84%), more than the allowed 5');
  });

  it('fails when an engine file was added or removed since the baseline', () => {
    const before = report({ 'src/engines/a.ts': [9, 1], 'src/engines/old.ts': [9, 1] });
    const after = report({ 'src/engines/a.ts': [9, 1], 'src/engines/new.ts': [9, 1] });
    const findings = judgeMutation(run(after), baselineOf(before), policy);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('src/engines/new.ts is mutated but not in the baseline'),
      expect.stringContaining('the baseline lists src/engines/old.ts, which this run did not mutate'),
    ]);
    expect(new Set(rules(findings))).toEqual(new Set(['mutation/baseline-mismatch .plumbline/baselines/mutation.json']));
  });

  it('fails when the baseline was made with another Stryker version or other settings', () => {
    const findings = judgeMutation(run(current, { strykerVersion: '9.7.0', configHash: 'def' }), baselineOf(current), policy);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('made with Stryker 9.6.1, this run uses 9.7.0'),
      expect.stringContaining('other mutation settings'),
    ]);
  });

  it('fails when no valid mutant was tested', () => {
    const empty: MutationReport = { schemaVersion: '2', files: { 'src/engines/a.ts': { source: '', mutants: [] } } };
    expect(rules(judgeMutation(run(empty), baselineOf(empty), policy))).toEqual(['mutation/below-threshold ']);
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
