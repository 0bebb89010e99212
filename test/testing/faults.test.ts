import { describe, expect, it } from 'vitest';
import {
  ConnectionLostError,
  ConstraintViolationError,
  defineDrill,
  DriverTimeoutError,
  faultLog,
  injectFaults,
  runDrill,
  type FaultSchedule,
} from '../../testing/index.js';

/** A small store with sync and async methods, like a repository and a network client. */
class Store {
  readonly rows: string[] = [];
  version = 1;
  read(key: string): string {
    return `${key}@v${this.version}`;
  }
  insertAll(items: string[]): number {
    this.rows.push(...items);
    return items.length;
  }
  async fetch(key: string): Promise<string> {
    return `${key}@v${this.version}`;
  }
  promised(key: string): Promise<string> {
    return Promise.resolve(key);
  }
}

describe('injectFaults', () => {
  it('throws typed errors on the scheduled calls only, and logs them', async () => {
    const store = injectFaults(new Store(), [
      { method: 'read', when: { calls: [2] }, fault: { kind: 'connection-lost' } },
      { method: 'insertAll', when: { always: true }, fault: { kind: 'constraint-violation', constraint: 'rows_pk' } },
    ]);
    expect(store.read('a')).toBe('a@v1');
    expect(() => store.read('a')).toThrow(ConnectionLostError);
    expect(store.read('a')).toBe('a@v1');
    expect(() => store.insertAll(['x'])).toThrow(ConstraintViolationError);
    expect(() => store.insertAll(['x'])).toThrow(/constraint 'rows_pk' violated in insertAll/);
    expect(await store.fetch('k')).toBe('k@v1');
    expect(faultLog(store).events).toEqual([
      { method: 'read', call: 2, fault: 'connection-lost', applied: true },
      { method: 'insertAll', call: 1, fault: 'constraint-violation', applied: true },
      { method: 'insertAll', call: 2, fault: 'constraint-violation', applied: true },
    ]);
    expect(faultLog(store).calls.get('read')).toBe(3);
    expect(() => faultLog(new Store())).toThrow(/not made by injectFaults/);
  });

  it('times out async calls by rejecting and sync calls by throwing; latency delays async calls only', async () => {
    const store = injectFaults(new Store(), [
      { method: 'fetch', when: { calls: [1] }, fault: { kind: 'timeout', afterMs: 5 } },
      { method: 'read', when: { calls: [1] }, fault: { kind: 'timeout' } },
      { method: 'fetch', when: { calls: [2] }, fault: { kind: 'latency', ms: 5 } },
      { method: 'read', when: { calls: [2] }, fault: { kind: 'latency', ms: 5 } },
      { method: 'promised', when: { calls: [2] }, fault: { kind: 'timeout' } },
    ]);
    const lost = injectFaults(new Store(), [{ method: 'fetch', when: { always: true }, fault: { kind: 'connection-lost' } }]);
    const rejected = lost.fetch('k');
    expect(rejected).toBeInstanceOf(Promise);
    await expect(rejected).rejects.toBeInstanceOf(ConnectionLostError);
    const pending = store.fetch('k');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(DriverTimeoutError);
    expect(() => store.read('k')).toThrow(DriverTimeoutError);
    await expect(store.fetch('k')).resolves.toBe('k@v1');
    expect(store.read('k')).toBe('k@v1');
    // A method that returned a promise once times out asynchronously too.
    await store.promised('p');
    await expect(store.promised('p')).rejects.toBeInstanceOf(DriverTimeoutError);
    expect(faultLog(store).events.filter((event) => !event.applied)).toEqual([
      { method: 'read', call: 2, fault: 'latency', applied: false },
    ]);
  });

  it('serves stale reads: the first value seen for the same arguments', async () => {
    const real = new Store();
    const store = injectFaults(real, [
      { method: 'read', when: { calls: [1, 3] }, fault: { kind: 'stale-read' } },
      { method: 'fetch', when: { calls: [2] }, fault: { kind: 'stale-read' } },
    ]);
    expect(store.read('a')).toBe('a@v1'); // nothing seen yet: runs for real, not applied
    real.version = 2;
    expect(store.read('a')).toBe('a@v2');
    expect(store.read('a')).toBe('a@v1');
    expect(await store.fetch('b')).toBe('b@v2');
    real.version = 3;
    expect(await store.fetch('b')).toBe('b@v2');
    expect(faultLog(store).events.map((event) => event.applied)).toEqual([false, true, true]);
  });

  it('partial writes apply part of the write, then report the connection lost', () => {
    const real = new Store();
    const store = injectFaults(real, [{ method: 'insertAll', when: { calls: [1] }, fault: { kind: 'partial-write' } }]);
    expect(() => store.insertAll(['a', 'b', 'c', 'd'])).toThrow(ConnectionLostError);
    expect(real.rows).toEqual(['a', 'b']);
    const custom = injectFaults(new Store(), [
      { method: '*', when: { always: true }, fault: { kind: 'partial-write', keep: () => [['only']] } },
    ]);
    expect(() => custom.insertAll(['a', 'b'])).toThrow(ConnectionLostError);
  });

  it('is deterministic by seed for probabilistic faults', () => {
    const schedule: FaultSchedule = [{ method: 'read', when: { probability: 0.5 }, fault: { kind: 'connection-lost' } }];
    const pattern = (seed: number) => {
      const store = injectFaults(new Store(), schedule, { seed });
      return Array.from({ length: 40 }, () => {
        try {
          store.read('a');
          return '.';
        } catch {
          return 'x';
        }
      }).join('');
    };
    expect(pattern(1)).toBe(pattern(1));
    expect(pattern(1)).not.toBe(pattern(2));
    expect(pattern(1)).toMatch(/x/);
    expect(pattern(1)).toMatch(/\./);
  });

  it('rejects a malformed schedule', () => {
    expect(() => injectFaults(new Store(), [{ method: 'read', when: { calls: [0] }, fault: { kind: 'connection-lost' } }])).toThrow(
      /call numbers from 1/,
    );
    expect(() => injectFaults(new Store(), [{ method: 'read', when: { probability: 2 }, fault: { kind: 'connection-lost' } }])).toThrow(
      /within \[0, 1\]/,
    );
    expect(() => injectFaults(new Store(), [{ method: '', when: { always: true }, fault: { kind: 'connection-lost' } }])).toThrow(/method/);
  });
});

describe('drills', () => {
  /** A caller that falls back to a default when the store fails. */
  const readOrDefault = (store: Store) => {
    try {
      return store.read('limit');
    } catch {
      return 'default';
    }
  };
  const retryFetch = async (store: Store) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await store.fetch('k');
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };

  it('judges a safe fallback, a leaked exception and a wrong fallback', async () => {
    const fault: FaultSchedule = [{ method: 'read', when: { always: true }, fault: { kind: 'connection-lost' } }];
    const safe = await runDrill(
      defineDrill({ id: 'read.fallback', driver: () => new Store(), operation: readOrDefault, fault, expect: { fallback: 'default' } }),
    );
    expect(safe).toMatchObject({
      safe: true,
      scenario: 'connection lost on every call of read()',
      expected: 'safe fallback "default"',
      observed: 'returned "default"',
      faultsInjected: 1,
    });
    const leak = await runDrill(
      defineDrill({
        id: 'read.leak',
        driver: () => new Store(),
        operation: (store) => store.read('limit'),
        fault,
        expect: { fallback: 'default' },
      }),
    );
    expect(leak.safe).toBe(false);
    expect(leak.observed).toBe(
      'threw ConnectionLostError: injected fault: connection lost during read() - unsafe: an exception leaked to the caller: ConnectionLostError: injected fault: connection lost during read()',
    );
    const wrong = await runDrill(
      defineDrill({ id: 'read.wrong', driver: () => new Store(), operation: () => 'other', fault, expect: { fallback: 'default' } }),
    );
    expect(wrong.observed).toBe('returned "other" - unsafe: returned "other" instead of the fallback "default"');
    const idle = await runDrill(
      defineDrill({ id: 'read.idle', driver: () => new Store(), operation: () => 'default', fault, expect: { fallback: 'default' } }),
    );
    expect(idle.observed).toContain('no fault fired: the drill did not exercise its scenario');
  });

  it('judges deny on stale data', async () => {
    const decide = (store: Store) => (store.read('limit') === 'limit@v1' ? 'allow' : 'deny');
    const drill = (operation: (store: Store) => string) =>
      defineDrill({
        id: 'limit.stale',
        driver: () => {
          const store = new Store();
          return store;
        },
        operation: (store: Store) => {
          store.read('limit');
          (store as unknown as { version: number }).version = 2;
          return operation(store);
        },
        fault: [{ method: 'read', when: { calls: [2] }, fault: { kind: 'stale-read' } }],
        expect: { deny: (result: string) => result === 'deny' },
      });
    const unsafe = await runDrill(drill(decide));
    expect(unsafe).toMatchObject({ safe: false, expected: 'deny' });
    expect(unsafe.observed).toContain('decided "allow" on faulty data instead of denying');
    const guarded = (store: Store) => (store.read('limit').endsWith(`@v${store.version}`) ? 'allow' : 'deny');
    expect((await runDrill(drill(guarded))).safe).toBe(true);
  });

  it('judges retry-then-succeed, and a caller that gives up', async () => {
    const fault: FaultSchedule = [{ method: 'fetch', when: { calls: [1] }, fault: { kind: 'connection-lost' } }];
    const retried = await runDrill(
      defineDrill({
        id: 'fetch.retry',
        driver: () => new Store(),
        operation: retryFetch,
        fault,
        expect: { retry: { succeeds: (value) => value === 'k@v1' } },
      }),
    );
    expect(retried).toMatchObject({ safe: true, observed: 'returned "k@v1"' });
    const always: FaultSchedule = [{ method: 'fetch', when: { always: true }, fault: { kind: 'connection-lost' } }];
    const gaveUp = await runDrill(
      defineDrill({ id: 'fetch.gives-up', driver: () => new Store(), operation: retryFetch, fault: always, expect: { retry: {} } }),
    );
    expect(gaveUp.observed).toContain('an exception leaked');
    const noRetry = await runDrill(
      defineDrill({
        id: 'fetch.once',
        driver: () => new Store(),
        operation: (store) => store.fetch('k').catch(() => 'gave up'),
        fault,
        expect: { retry: {} },
      }),
    );
    expect(noRetry.observed).toContain('no retry');
  });

  it('finds a partial write left behind, and a hung operation', async () => {
    const write = (store: Store) => {
      try {
        store.insertAll(['a', 'b']);
        return 'written';
      } catch {
        return 'failed';
      }
    };
    const partial = await runDrill(
      defineDrill({
        id: 'insert.partial',
        driver: () => new Store(),
        operation: write,
        fault: [{ method: 'insertAll', when: { calls: [1] }, fault: { kind: 'partial-write' } }],
        expect: { fallback: 'failed' },
        afterwards: (store) => (store.rows.length > 0 ? `${store.rows.length} row(s) of a failed write` : undefined),
      }),
    );
    expect(partial).toMatchObject({ safe: false, observed: 'returned "failed" - unsafe: left behind: 1 row(s) of a failed write' });
    const hung = await runDrill(
      defineDrill({
        id: 'fetch.hangs',
        driver: () => new Store(),
        operation: (store) => store.fetch('k').then(() => new Promise<string>(() => undefined)),
        fault: { schedule: [{ method: 'fetch', when: { calls: [1] }, fault: { kind: 'latency', ms: 1 } }], seed: 3 },
        expect: { fallback: 'x' },
        timeoutMs: 50,
      }),
    );
    expect(hung.observed).toContain('did not finish within 50 ms');
  });

  it('judges with a predicate, and rejects bad drill definitions', async () => {
    const typedFailure = await runDrill(
      defineDrill({
        id: 'insert.typed',
        driver: () => new Store(),
        operation: (store: Store) => store.insertAll(['a']),
        fault: [{ method: 'insertAll', when: { always: true }, fault: { kind: 'constraint-violation' } }],
        expect: {
          satisfies: (outcome) =>
            ('threw' in outcome && outcome.threw instanceof ConstraintViolationError) || 'expected a constraint violation',
        },
      }),
    );
    expect(typedFailure.safe).toBe(true);
    const base = { driver: () => new Store(), operation: () => 1, expect: { fallback: 1 } };
    expect(() =>
      defineDrill({ ...base, id: 'bad id', fault: [{ method: 'read', when: { always: true }, fault: { kind: 'connection-lost' } }] }),
    ).toThrow(/id 'bad id'/);
    expect(() => defineDrill({ ...base, id: 'empty', fault: [] })).toThrow(/schedule is empty/);
    expect(() =>
      defineDrill({ ...base, id: 'p', fault: [{ method: 'read', when: { always: true }, fault: { kind: 'partial-write' } }] }),
    ).toThrow(/needs afterwards/);
  });
});
