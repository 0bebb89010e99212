import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplayNormalisationSchema, ReplaySchema } from '../../config/schema.js';
import { ReplayComparer } from '../../gates/replay/compare-case.js';
import { compileNormalisers } from '../../gates/replay/normalise.js';
import { listInputFiles, readCases, ReplayInputError, type CaseRecord } from '../../gates/replay/read-cases.js';
import { compileSeverityRules } from '../../gates/replay/severity.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

async function readAll(target: string): Promise<Array<Omit<CaseRecord, 'value'> & { value?: unknown; message?: string }>> {
  const records = [];
  for await (const record of readCases(target, path.basename(target))) records.push(record);
  return records;
}

const normalisation = (value: unknown) => ReplayNormalisationSchema.parse(value);

describe('reading cases', () => {
  it('streams JSON Lines and reports each malformed line with file:line', async () => {
    const target = file(
      'cases.jsonl',
      [
        '{"operation":"a.b","input":1}',
        '',
        '{"operation":"a.b",',
        '{"operation":"a.b"}',
        '{"operation":"a.b","input":{"x":[1]},"context":{"time":"2026-01-01T00:00:00Z"}}',
      ].join('\n'),
    );
    const records = await readAll(target);
    expect(records.map((record) => [record.kind, record.line])).toEqual([
      ['case', 1],
      ['invalid', 3],
      ['invalid', 4],
      ['case', 5],
    ]);
    expect(records[1]?.message).toMatch(/^not JSON \(/);
    expect(records[2]?.message).toBe('not a replay case: input: required');
  });

  it('streams a JSON array element by element, with the line each element starts on', async () => {
    const target = file(
      'cases.json',
      '[\n  {"operation": "a.b", "input": "x, ] }"},\n  {"operation": "a.b",\n   "input": [1, {"y": "\\"q\\""}]},\n  {"operation": 7, "input": 1},\n  {"operation": "a.b" "input": 1}\n]\n',
    );
    const records = await readAll(target);
    expect(records.map((record) => [record.kind, record.line])).toEqual([
      ['case', 2],
      ['case', 3],
      ['invalid', 5],
      ['invalid', 6],
    ]);
    expect(records[1]?.value).toEqual({ operation: 'a.b', input: [1, { y: '"q"' }] });
  });

  it('refuses a .json file that is not an array or is cut short', async () => {
    await expect(readAll(file('object.json', '{"operation": "a.b"}'))).rejects.toThrow(
      'object.json:1: a .json input must be an array of cases',
    );
    await expect(readAll(file('cut.json', '[{"operation": "a.b", "input": 1},\n{"operation"'))).rejects.toThrow(
      'cut.json:2: the array is not closed',
    );
    await expect(readAll(file('empty.json', ''))).rejects.toBeInstanceOf(ReplayInputError);
  });

  it('lists the case files of a folder (and below) in path order, and refuses a missing input or an empty folder', () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(path.join(folder, 'nested'), { recursive: true });
    for (const name of ['b.jsonl', 'a.json', 'notes.txt', 'nested/c.ndjson']) writeFileSync(path.join(folder, name), '');
    expect(listInputFiles(folder).map((entry) => path.relative(folder, entry))).toEqual([
      'a.json',
      'b.jsonl',
      path.join('nested', 'c.ndjson'),
    ]);
    expect(() => listInputFiles(path.join(dir, 'missing'))).toThrow(/does not exist/);
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    expect(() => listInputFiles(path.join(dir, 'empty'))).toThrow(/holds no .jsonl, .ndjson or .json file/);
  });
});

describe('normalisation', () => {
  const diffPaths = (config: Record<string, unknown>, operation: string, a: unknown, b: unknown) => {
    const normaliser = compileNormalisers({
      '*': normalisation({}),
      ...Object.fromEntries(Object.entries(config).map(([key, value]) => [key, normalisation(value)])),
    })(operation);
    return normaliser.diff(normaliser.normalise(a), normaliser.normalise(b), 50).map((difference) => difference.path.join('/'));
  };

  it('ignores key order always, and ignored paths (with everything below them) when configured', () => {
    expect(diffPaths({}, 'x.y', { a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 })).toEqual([]);
    expect(
      diffPaths(
        { 'x.y': { ignorePaths: ['meta', 'items[*].at'] } },
        'x.y',
        { meta: { t: 1 }, items: [{ at: 1, v: 1 }] },
        { meta: { t: 2 }, items: [{ at: 2, v: 2 }] },
      ),
    ).toEqual(['items/0/v']);
  });

  it('sorts arrays by a key, applies a number tolerance and uses the operation entry before the * entry', () => {
    const config = { 'x.y': { sortArrays: [{ path: 'rows', by: 'id' }], numberTolerance: 0.001 }, '*': {} };
    expect(
      diffPaths(
        config,
        'x.y',
        {
          rows: [
            { id: 'b', v: 1 },
            { id: 'a', v: 2 },
          ],
        },
        {
          rows: [
            { id: 'a', v: 2.0005 },
            { id: 'b', v: 1 },
          ],
        },
      ),
    ).toEqual([]);
    expect(diffPaths(config, 'other.op', { rows: [{ id: 'b' }, { id: 'a' }] }, { rows: [{ id: 'a' }, { id: 'b' }] })).toEqual([
      'rows/0/id',
      'rows/1/id',
    ]);
    expect(diffPaths(config, 'x.y', { n: 1 }, { n: 1.01 })).toEqual(['n']);
  });

  it('replaces timestamps and UUIDs by tokens numbered by first appearance in sorted key order', () => {
    const config = { 'x.y': { timestamps: true, uuids: true } };
    const normaliser = compileNormalisers(Object.fromEntries(Object.entries(config).map(([key, value]) => [key, normalisation(value)])))(
      'x.y',
    );
    expect(
      normaliser.normalise({
        b: '2026-01-01T00:00:00Z',
        a: ['0b7e1f3c-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '0b7e1f3c-1c2d-4e5f-8a9b-0c1d2e3f4a5b'],
        c: 'plain',
      }),
    ).toEqual({ a: ['<uuid-1>', '<uuid-1>'], b: '<timestamp-1>', c: 'plain' });
    expect(
      diffPaths(
        config,
        'x.y',
        { id: '0b7e1f3c-1c2d-4e5f-8a9b-0c1d2e3f4a5b', at: '2026-01-01T00:00:00Z' },
        { id: 'ffffffff-1c2d-4e5f-8a9b-0c1d2e3f4a5b', at: '2027-05-05T10:00:00.123+02:00' },
      ),
    ).toEqual([]);
  });
});

describe('severity rules', () => {
  const classify = compileSeverityRules(
    ReplaySchema.parse({
      entry: 'e.ts',
      severity: [
        { operation: 'policies.evaluate', path: 'decision', from: 'allow', to: 'deny', severity: 'critical' },
        { path: 'decision', severity: 'high' },
        { path: 'verdicts', severity: 'medium' },
        { path: 'message', severity: 'low' },
      ],
    }).severity,
    'medium',
  );

  it('takes the first rule matching operation, path (or a parent path) and values', () => {
    expect(classify('policies.evaluate', ['decision'], 'allow', 'deny')).toBe('critical');
    expect(classify('policies.evaluate', ['decision'], 'deny', 'allow')).toBe('high');
    expect(classify('other.op', ['decision'], 'allow', 'deny')).toBe('high');
    expect(classify('other.op', ['verdicts', 2, 'policyId'], 'a', 'b')).toBe('medium');
    expect(classify('other.op', ['message'], 'a', undefined)).toBe('low');
    expect(classify('other.op', ['unmatched'], 1, 2)).toBe('medium');
  });

  it('rejects an invalid path pattern and an unknown severity in the config', () => {
    const parsed = ReplaySchema.safeParse({ entry: 'e.ts', severity: [{ path: 'a..b', severity: 'urgent' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['severity.0.path', 'severity.0.severity']);
  });
});

describe('comparing answers', () => {
  const comparer = () =>
    new ReplayComparer(ReplaySchema.parse({ entry: 'e.ts', severity: [{ path: 'decision', severity: 'critical' }], maxDiffsPerCase: 2 }));
  const missing = { baseline: 'its process crashed', candidate: 'its process timed out' };

  it('gives error for a thrown or missing answer on either side, the candidate first', () => {
    const c = comparer();
    expect(c.compare('a.b', { ok: true, output: 1 }, { ok: false, error: { name: 'TypeError', message: 'x' } }, missing)).toMatchObject({
      status: 'error',
      message: 'the candidate threw TypeError: x',
    });
    expect(c.compare('a.b', { ok: true, output: 1 }, undefined, missing)).toMatchObject({
      status: 'error',
      message: 'the candidate gave no answer: its process timed out',
    });
    expect(c.compare('a.b', { ok: false, error: { name: 'Error', message: 'y' } }, { ok: true, output: 1 }, missing)).toMatchObject({
      status: 'error',
      message: 'the baseline threw Error: y (the candidate returned)',
    });
    expect(c.compare('a.b', undefined, { ok: true, output: 1 }, missing)).toMatchObject({
      status: 'error',
      message: 'the baseline gave no answer: its process crashed',
    });
  });

  it('caps the reported paths per case and says so', () => {
    const verdict = comparer().compare(
      'a.b',
      { ok: true, output: { a: 1, b: 1, c: 1 } },
      { ok: true, output: { a: 2, b: 2, c: 2 } },
      missing,
    );
    expect(verdict).toMatchObject({ status: 'drift', severity: 'medium', truncated: true });
    expect(verdict.diffs.map((diff) => diff.path)).toEqual(['a', 'b']);
  });

  it('learns noise per operation with array indices generalised, and keeps real drift beside it', () => {
    const c = comparer();
    c.learnNoise('a.b', { ok: true, output: { items: [{ trace: 'x' }] } }, { ok: true, output: { items: [{ trace: 'y' }] } });
    expect(c.noisePaths()).toEqual({ 'a.b': ['items[*].trace'] });
    const verdict = c.compare(
      'a.b',
      { ok: true, output: { decision: 'allow', items: [{}, { trace: 'p' }] } },
      { ok: true, output: { decision: 'deny', items: [{}, { trace: 'q' }] } },
      missing,
    );
    expect(verdict).toEqual({
      status: 'drift',
      severity: 'critical',
      diffs: [{ path: 'decision', severity: 'critical', old: 'allow', new: 'deny' }],
      noise: [{ path: 'items[1].trace' }],
      truncated: false,
    });
    expect(
      c.compare('other.op', { ok: true, output: { items: [{ trace: 'p' }] } }, { ok: true, output: { items: [{ trace: 'q' }] } }, missing)
        .status,
    ).toBe('drift');
  });
});
