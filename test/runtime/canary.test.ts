import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  canary,
  canaryBucket,
  CanaryStoreError,
  fileCanaryStore,
  memorySink,
  RuntimeConfigurationError,
  sqliteCanaryStore,
  type CanaryOptions,
  type CanaryStore,
  type ComparisonEvent,
} from '../../runtime/index.js';
import { SampleWindow } from '../../runtime/canary/sample-window.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const worker = path.join(import.meta.dirname, 'children', 'canary-worker.ts');
const temporary: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-canary-'));
  temporary.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Request {
  tenant: string;
  amount?: number;
}
const tenants = (count: number) => Array.from({ length: count }, (_, index) => ({ tenant: `tenant-${index}` }));

function makeCanary(store: CanaryStore, overrides: Partial<CanaryOptions<Request, string>> = {}) {
  return canary('billing.quote', {
    percent: 30,
    key: (input: Request) => input.tenant,
    rollbackWhen: { errorRate: 0.2, minSamples: 5, window: 20 },
    store,
    current: () => 'current',
    candidate: () => 'candidate',
    ...overrides,
  });
}

function stores(): Array<[string, () => CanaryStore]> {
  const dir = tempDir();
  return [
    ['file', () => fileCanaryStore(path.join(dir, 'canary.json'))],
    ['sqlite', () => sqliteCanaryStore(new Database(path.join(dir, 'canary.db')))],
  ];
}

describe('canary bucketing', () => {
  it('serves the same arm for the same key, every time and from every canary object', () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    const first = makeCanary(store);
    const second = makeCanary(store);
    const arms = tenants(200).map((input) => first(input));
    expect(tenants(200).map((input) => second(input))).toEqual(arms);
    expect(tenants(200).map((input) => first(input))).toEqual(arms);
    // The arm is exactly what the stable hash says.
    expect(arms).toEqual(tenants(200).map((input) => (canaryBucket('billing.quote', input.tenant) < 30 ? 'candidate' : 'current')));
    expect(tenants(200).map((input) => first.arm(input))).toEqual(arms);
    const share = arms.filter((arm) => arm === 'candidate').length / arms.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
  });

  it('percent 0 serves only current and 100 only the candidate', () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    expect(new Set(tenants(100).map((input) => makeCanary(store, { percent: 0 })(input)))).toEqual(new Set(['current']));
    expect(new Set(tenants(100).map((input) => makeCanary(store, { percent: 100 })(input)))).toEqual(new Set(['candidate']));
  });

  it('a widened percent keeps every key that already had the candidate', () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    const narrow = makeCanary(store, { percent: 10 });
    const wide = makeCanary(store, { percent: 50 });
    for (const input of tenants(300)) if (narrow.arm(input) === 'candidate') expect(wide.arm(input)).toBe('candidate');
  });
});

describe('canary rollback', () => {
  it('a candidate that throws serves current to the caller, and the error rate rolls the canary back', () => {
    const sink = memorySink();
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    const guarded = makeCanary(store, {
      percent: 100,
      candidate: () => {
        throw new Error('broken candidate');
      },
      sink,
      clock: () => '2026-05-06T07:08:09.000Z',
    });
    const served = tenants(8).map((input) => guarded(input));
    expect(served).toEqual(Array(8).fill('current'));
    // Five samples reach minSamples; the trigger fires on the fifth and the candidate is never called again.
    const kinds = sink.events.map((event) => (event.kind === 'canary-rollback' ? 'rollback' : (event as ComparisonEvent).outcome));
    expect(kinds).toEqual(['candidate-error', 'candidate-error', 'candidate-error', 'candidate-error', 'candidate-error', 'rollback']);
    expect(sink.events.at(-1)).toEqual({
      kind: 'canary-rollback',
      operationId: 'billing.quote',
      trigger: 'errorRate',
      rate: 1,
      threshold: 0.2,
      samples: 5,
      at: '2026-05-06T07:08:09.000Z',
    });
    expect(store.read('billing.quote')).toEqual({
      status: 'rolled-back',
      version: 1,
      reason: { trigger: 'errorRate', rate: 1, threshold: 0.2, samples: 5 },
      rolledBackAt: '2026-05-06T07:08:09.000Z',
    });
    expect(guarded.status()).toMatchObject({ rolledBack: true, samples: 5, errors: 5 });
  });

  it('makes no decision before minSamples, and none while the rate stays at or below the threshold', () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    let calls = 0;
    // Every fifth call fails: a 20% error rate, which does not exceed 0.2.
    const guarded = makeCanary(store, {
      percent: 100,
      rollbackWhen: { errorRate: 0.2, minSamples: 10, window: 10 },
      candidate: () => {
        calls++;
        if (calls % 5 === 0) throw new Error('sometimes');
        return 'candidate';
      },
    });
    for (const input of tenants(50)) guarded(input);
    expect(guarded.status()).toMatchObject({ rolledBack: false, samples: 10, errors: 2 });
    expect(store.read('billing.quote')).toBeUndefined();
  });

  it('mismatchRate: runs current alongside, serves the candidate, and rolls back on too many mismatches', () => {
    const sink = memorySink();
    const store = sqliteCanaryStore(new Database(':memory:'));
    const guarded = canary('billing.quote', {
      percent: 100,
      key: (input: Request) => input.tenant,
      rollbackWhen: { mismatchRate: 0.25, minSamples: 4, window: 4 },
      store,
      current: (input: Request) => ({ total: input.amount, at: 1 }),
      candidate: (input: Request) => ({ total: (input.amount ?? 0) > 2 ? 0 : input.amount, at: 2 }),
      ignorePaths: ['at'],
      sink,
    });
    const served = [1, 2, 3, 4, 5].map((amount) => guarded({ tenant: `t${amount}`, amount }));
    expect(served).toEqual([
      { total: 1, at: 2 },
      { total: 2, at: 2 },
      { total: 0, at: 2 },
      { total: 0, at: 2 },
      { total: 5, at: 1 },
    ]);
    expect(sink.events.map((event) => ('outcome' in event ? event.outcome : event.kind))).toEqual([
      'match',
      'match',
      'mismatch',
      'mismatch',
      'canary-rollback',
    ]);
    expect(sink.events[2]).toMatchObject({ diff: { paths: ['total'], truncated: false } });
    expect(store.read('billing.quote')?.reason).toEqual({ trigger: 'mismatchRate', rate: 0.5, threshold: 0.25, samples: 4 });
  });

  it('without mismatchRate the candidate is served uncompared (outcome served), current is not run', () => {
    const sink = memorySink();
    let currentCalls = 0;
    const guarded = makeCanary(fileCanaryStore(path.join(tempDir(), 'c.json')), {
      percent: 100,
      current: () => (currentCalls++, 'current'),
      sink,
    });
    expect(guarded({ tenant: 'x' })).toBe('candidate');
    expect(currentCalls).toBe(0);
    expect(sink.events).toEqual([{ kind: 'canary', operationId: 'billing.quote', outcome: 'served' }]);
  });

  it('supports async current and candidate, falling back to current when the candidate rejects', async () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    const ok = canary('billing.quote', {
      percent: 100,
      key: (input: Request) => input.tenant,
      rollbackWhen: { mismatchRate: 0.5, minSamples: 2, window: 2 },
      store,
      current: async () => 'same',
      candidate: async () => 'same',
    });
    await expect(ok({ tenant: 'a' })).resolves.toBe('same');
    const failing = canary('billing.other', {
      percent: 100,
      key: (input: Request) => input.tenant,
      rollbackWhen: { errorRate: 0.5, minSamples: 1, window: 1 },
      store,
      current: async () => 'current',
      candidate: async (): Promise<string> => Promise.reject(new Error('down')),
    });
    await expect(failing({ tenant: 'a' })).resolves.toBe('current');
    expect(store.read('billing.other')?.status).toBe('rolled-back');
    expect(store.read('billing.quote')).toBeUndefined();
  });

  it('the candidate works on a copy: when it mutates the input and fails, current still gets the original', () => {
    const seen: unknown[] = [];
    const guarded = canary('billing.quote', {
      percent: 100,
      key: (input: Request) => input.tenant,
      rollbackWhen: { errorRate: 0.9, minSamples: 10, window: 10 },
      store: fileCanaryStore(path.join(tempDir(), 'c.json')),
      current: (input: Request) => (seen.push(structuredClone(input)), 'current'),
      candidate: (input: Request): string => {
        input.amount = -1;
        throw new Error('after mutating');
      },
    });
    const input = { tenant: 'a', amount: 5 };
    expect(guarded(input)).toBe('current');
    expect(seen).toEqual([{ tenant: 'a', amount: 5 }]);
    expect(input).toEqual({ tenant: 'a', amount: 5 });
  });

  it.each(stores())('%s store: the rollback persists across a restart (a new canary on the same store)', (_kind, open) => {
    const broken = makeCanary(open(), {
      percent: 100,
      candidate: () => {
        throw new Error('broken');
      },
    });
    for (const input of tenants(5)) broken(input);
    expect(broken.status().rolledBack).toBe(true);
    let candidateCalls = 0;
    const restarted = makeCanary(open(), { percent: 100, candidate: () => (candidateCalls++, 'candidate') });
    expect(tenants(20).map((input) => restarted(input))).toEqual(Array(20).fill('current'));
    expect(candidateCalls).toBe(0);
    expect(restarted.status()).toMatchObject({ rolledBack: true, samples: 0 });
    expect(restarted.arm({ tenant: 'tenant-1' })).toBe('current');
  });

  it.each(stores())('%s store: rollback is idempotent (first reason wins) and reset re-arms', (_kind, open) => {
    const store = open();
    const first = store.rollBack('a.b', { trigger: 'errorRate', rate: 0.5, threshold: 0.1, samples: 10 });
    const second = store.rollBack('a.b', { trigger: 'mismatchRate', rate: 0.9, threshold: 0.1, samples: 20 });
    expect(second).toEqual(first);
    expect(store.read('a.b')).toEqual({
      status: 'rolled-back',
      version: 1,
      reason: { trigger: 'errorRate', rate: 0.5, threshold: 0.1, samples: 10 },
    });
    expect(store.reset('a.b')).toEqual({ status: 'active', version: 2 });
    expect(open().read('a.b')).toEqual({ status: 'active', version: 2 });
    expect(makeCanary(open(), { percent: 100 })({ tenant: 'x' })).toBe('candidate');
    expect(store.read('never.seen')).toBeUndefined();
  });

  it('an unreadable store or a failing key serves current and records why', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, '{ not json');
    const sink = memorySink();
    const store = fileCanaryStore(file);
    expect(() => store.read('billing.quote')).toThrow(CanaryStoreError);
    expect(makeCanary(store, { percent: 100, sink })({ tenant: 'a' })).toBe('current');
    const keyless = makeCanary(fileCanaryStore(path.join(dir, 'ok.json')), {
      percent: 100,
      sink,
      key: () => {
        throw new Error('no tenant');
      },
    });
    expect(keyless({ tenant: 'a' })).toBe('current');
    expect(sink.events.map((event) => (event as ComparisonEvent).message?.split(',')[0])).toEqual([
      'the canary store cannot be read',
      'the canary key failed',
    ]);
  });

  it('a file that is JSON but not a canary document is refused too', () => {
    const file = path.join(tempDir(), 'c.json');
    fs.writeFileSync(file, JSON.stringify({ format: 1, version: 1, operations: { 'a.b': { status: 'paused', version: 1 } } }));
    expect(() => fileCanaryStore(file).read('a.b')).toThrow(/is not a canary state file/);
  });

  it('refuses options that could never work', () => {
    const store = fileCanaryStore(path.join(tempDir(), 'c.json'));
    expect(() => makeCanary(store, { rollbackWhen: { minSamples: 5, window: 10 } })).toThrow(/needs mismatchRate or errorRate/);
    expect(() => makeCanary(store, { rollbackWhen: { errorRate: 0.1, minSamples: 20, window: 10 } })).toThrow(
      /minSamples must not exceed window/,
    );
    expect(() => makeCanary(store, { percent: 101 })).toThrow(/percent/);
    expect(() => makeCanary(store, { ignorePaths: ['a'] })).toThrow(/used only with rollbackWhen\.mismatchRate/);
    expect(() => makeCanary({} as never)).toThrow(/needs a canary store/);
    expect(() => sqliteCanaryStore(new Database(':memory:'), { table: 'x; DROP TABLE y' })).toThrow(RuntimeConfigurationError);
  });
});

describe('sample window', () => {
  it('keeps only the last `size` samples in its counts', () => {
    const window = new SampleWindow(3);
    window.add({ error: true, mismatch: false });
    window.add({ error: false, mismatch: true });
    window.add({ error: false, mismatch: false });
    expect([window.count, window.errors, window.mismatches]).toEqual([3, 1, 1]);
    window.add({ error: false, mismatch: false });
    expect([window.count, window.errors, window.mismatches]).toEqual([3, 0, 1]);
    window.add({ error: true, mismatch: true });
    expect([window.count, window.errors, window.mismatches]).toEqual([3, 1, 1]);
  });
});

describe('canary across processes', () => {
  it.each(['file', 'sqlite'])('%s store: a rollback decided in another process reaches a canary already running here', async (kind) => {
    const location = path.join(tempDir(), kind === 'file' ? 'canary.json' : 'canary.db');
    const open = () => (kind === 'file' ? fileCanaryStore(location) : sqliteCanaryStore(new Database(location)));
    const here = makeCanary(open(), { percent: 100 });
    expect(here({ tenant: 'a' })).toBe('candidate');
    const { stdout } = await run(process.execPath, ['--import', 'jiti/register', worker, 'drive', kind, location, 'billing.quote'], {
      cwd: root,
    });
    const child = JSON.parse(stdout) as { served: string[]; status: { rolledBack: boolean; samples: number } };
    expect(child.served).toEqual(Array(10).fill('current'));
    expect(child.status).toMatchObject({ rolledBack: true, samples: 5 });
    // This process made no decision of its own, yet it agrees.
    expect(here({ tenant: 'a' })).toBe('current');
    expect(here.status()).toMatchObject({ rolledBack: true, samples: 1 });
  });

  it.each(['file', 'sqlite'])('%s store: two processes writing at once lose no update', async (kind) => {
    const location = path.join(tempDir(), kind === 'file' ? 'canary.json' : 'canary.db');
    if (kind === 'sqlite') sqliteCanaryStore(new Database(location)); // create the table before the race
    const count = 40;
    await Promise.all(
      ['left', 'right'].map((prefix) =>
        run(process.execPath, ['--import', 'jiti/register', worker, 'rollback-many', kind, location, prefix, String(count)], { cwd: root }),
      ),
    );
    const store = kind === 'file' ? fileCanaryStore(location) : sqliteCanaryStore(new Database(location));
    for (const prefix of ['left', 'right']) {
      for (let index = 0; index < count; index++) expect(store.read(`${prefix}.op${index}`)?.status).toBe('rolled-back');
    }
    if (kind === 'file') {
      expect(fileCanaryStore(location).readDocument().version).toBe(2 * count);
      expect(fs.readdirSync(path.dirname(location)).sort()).toEqual(['canary.json']);
    }
  });
});
