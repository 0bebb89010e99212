import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import {
  CheckEventSchema,
  createOperationRegistry,
  defineOperation,
  ForbiddenStateError,
  InvariantViolationError,
  memorySink,
  PostconditionError,
  PreconditionError,
  RuntimeConfigurationError,
  type CheckMode,
  type MemorySink,
} from '../../runtime/index.js';

interface Transfer {
  from: string;
  to: string;
  amount: number;
}
interface Balances {
  [account: string]: number;
}

/** A tiny in-memory bank: the state snapshot is a copy of the balances. */
function bank(mode: CheckMode | undefined, sink: MemorySink | undefined, overdraft = false) {
  const balances: Balances = { alice: 100, bob: 0 };
  const transfer = defineOperation({
    id: 'ledger.transfer',
    owner: 'ledger',
    critical: true,
    input: z.object({ from: z.string(), to: z.string(), amount: z.number() }),
    output: z.object({ from: z.number(), to: z.number() }),
    spec: {
      pre: [{ id: 'PRE-positive-amount', description: 'a transfer moves a positive amount', check: ({ input }) => input.amount > 0 }],
      post: [
        { id: 'POST-debited', description: 'the source was debited', check: ({ output, input }) => output.from >= 0 || input.amount > 0 },
      ],
      forbidden: [
        {
          id: 'FORBID-negative-balance',
          description: 'no account goes below zero',
          severity: 'critical',
          check: ({ state }) => Object.values(state as Balances).some((balance) => balance < 0),
        },
      ],
    },
    invariants: [
      {
        id: 'INV-LED-001',
        severity: 'high',
        condition: ({ state }) => Object.values(state as Balances).reduce((sum, balance) => sum + balance, 0) === 100,
        remediation: 'money is neither created nor destroyed: reconcile the ledger',
      },
    ],
    handler: (input: Transfer) => {
      if (!overdraft && (balances[input.from] ?? 0) < input.amount) throw new RangeError('insufficient funds');
      balances[input.from] = (balances[input.from] ?? 0) - input.amount;
      balances[input.to] = (balances[input.to] ?? 0) + input.amount;
      return { from: balances[input.from] as number, to: balances[input.to] as number };
    },
  });
  const registry = createOperationRegistry({
    ...(mode ? { mode } : {}),
    ...(sink ? { sink } : {}),
    snapshot: () => ({ ...balances }),
  });
  registry.register(transfer);
  return { registry, balances };
}

describe('spec contracts and invariants', () => {
  it('records every check as held when a valid operation runs', () => {
    const sink = memorySink();
    const { registry } = bank('enforce', sink);
    expect(registry.execute('ledger.transfer', { from: 'alice', to: 'bob', amount: 30 }, {})).toEqual({ from: 70, to: 30 });
    expect(sink.checks().map((event) => [event.checkId, event.kind, event.outcome])).toEqual([
      ['PRE-positive-amount', 'pre', 'held'],
      ['POST-debited', 'post', 'held'],
      ['FORBID-negative-balance', 'forbidden', 'held'],
      ['INV-LED-001', 'invariant', 'held'],
    ]);
    for (const event of sink.events) expect(CheckEventSchema.safeParse(event).success).toBe(true);
  });

  it('enforce: a failing precondition rejects before the handler runs', () => {
    const sink = memorySink();
    const { registry, balances } = bank('enforce', sink);
    const run = () => registry.execute('ledger.transfer', { from: 'alice', to: 'bob', amount: -5 }, {});
    expect(run).toThrow(PreconditionError);
    expect(balances).toEqual({ alice: 100, bob: 0 });
    const error = (() => {
      try {
        run();
      } catch (caught) {
        return caught as PreconditionError;
      }
    })();
    expect(error?.checkId).toBe('PRE-positive-amount');
    expect(error?.operationId).toBe('ledger.transfer');
    expect(error?.description).toBe('a transfer moves a positive amount');
    expect(error?.reason).toBe('violated');
    expect(error?.message).toMatch(/precondition 'PRE-positive-amount' was violated: a transfer moves a positive amount/);
    expect(
      sink
        .checks()
        .filter((event) => event.outcome === 'violated')
        .map((event) => event.checkId),
    ).toEqual(['PRE-positive-amount', 'PRE-positive-amount']);
  });

  it('enforce: a forbidden state reached rejects with ForbiddenStateError carrying severity and description', () => {
    const sink = memorySink();
    const { registry } = bank('enforce', sink, true);
    let caught: unknown;
    try {
      registry.execute('ledger.transfer', { from: 'bob', to: 'alice', amount: 10 }, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ForbiddenStateError);
    const error = caught as ForbiddenStateError;
    expect([error.checkId, error.severity, error.description, error.kind]).toEqual([
      'FORBID-negative-balance',
      'critical',
      'no account goes below zero',
      'forbidden',
    ]);
    const forbidden = sink.checks().find((event) => event.kind === 'forbidden');
    expect(forbidden).toMatchObject({ outcome: 'violated', severity: 'critical', mode: 'enforce' });
  });

  it('monitor: violations are recorded, the operation finishes and its result is unchanged', () => {
    const sink = memorySink();
    const { registry, balances } = bank('monitor', sink, true);
    expect(registry.execute('ledger.transfer', { from: 'bob', to: 'alice', amount: 10 }, {})).toEqual({ from: -10, to: 110 });
    expect(balances).toEqual({ alice: 110, bob: -10 });
    const violated = sink.checks().filter((event) => event.outcome === 'violated');
    expect(violated.map((event) => [event.checkId, event.mode])).toEqual([['FORBID-negative-balance', 'monitor']]);
  });

  it('monitor: a violated invariant never throws into the operation', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ mode: 'monitor', sink });
    registry.register(
      defineOperation({
        id: 'orders.total',
        owner: 'orders',
        invariants: [{ id: 'INV-ORD-001', severity: 'medium', condition: ({ output }) => output === 0, remediation: 'recompute' }],
        handler: (input: { items: number[] }) => input.items.reduce((a, b) => a + b, 0),
      }),
    );
    expect(registry.execute('orders.total', { items: [1, 2] }, {})).toBe(3);
    expect(sink.checks()).toEqual([
      { operationId: 'orders.total', checkId: 'INV-ORD-001', kind: 'invariant', outcome: 'violated', severity: 'medium', mode: 'monitor' },
    ]);
  });

  it('enforce: a violated invariant rejects with InvariantViolationError carrying id, severity and remediation', () => {
    const registry = createOperationRegistry();
    registry.register(
      defineOperation({
        id: 'orders.total',
        owner: 'orders',
        invariants: [{ id: 'INV-ORD-001', severity: 'high', condition: ({ output }) => output < 10, remediation: 'split the order' }],
        handler: (input: { items: number[] }) => input.items.reduce((a, b) => a + b, 0),
      }),
    );
    expect(registry.execute('orders.total', { items: [1, 2] }, {})).toBe(3);
    let caught: unknown;
    try {
      registry.execute('orders.total', { items: [5, 6] }, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvariantViolationError);
    expect(caught).toMatchObject({
      checkId: 'INV-ORD-001',
      severity: 'high',
      remediation: 'split the order',
      operationId: 'orders.total',
      code: 'INVARIANT_VIOLATION',
    });
  });

  it('the registry default is enforce (fail closed)', () => {
    const { registry } = bank(undefined, undefined, true);
    expect(() => registry.execute('ledger.transfer', { from: 'bob', to: 'alice', amount: 10 }, {})).toThrow(ForbiddenStateError);
  });

  it('a per-check mode overrides the registry mode, both ways', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ mode: 'enforce', sink });
    registry.register(
      defineOperation({
        id: 'a.relaxed',
        owner: 'a',
        invariants: [{ id: 'INV-A-1', severity: 'low', condition: () => false, remediation: 'r', mode: 'monitor' }],
        handler: () => 1,
      }),
    );
    expect(registry.execute('a.relaxed', {}, {})).toBe(1);
    const monitoring = createOperationRegistry({ mode: 'monitor', sink });
    monitoring.register(
      defineOperation({
        id: 'a.strict',
        owner: 'a',
        spec: { post: [{ id: 'POST-A', check: () => false, mode: 'enforce' }] },
        handler: () => 1,
      }),
    );
    expect(() => monitoring.execute('a.strict', {}, {})).toThrow(PostconditionError);
  });

  it('evaluates every check of a phase (monitor ones too) before throwing the first enforce failure', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ sink });
    registry.register(
      defineOperation({
        id: 'a.many',
        owner: 'a',
        spec: { post: [{ id: 'POST-1', check: () => false }] },
        invariants: [
          { id: 'INV-1', severity: 'low', condition: () => false, remediation: 'r', mode: 'monitor' },
          { id: 'INV-2', severity: 'low', condition: () => false, remediation: 'r' },
        ],
        handler: () => 1,
      }),
    );
    expect(() => registry.execute('a.many', {}, {})).toThrow(PostconditionError);
    expect(sink.checks().map((event) => `${event.checkId}:${event.outcome}:${event.mode}`)).toEqual([
      'POST-1:violated:enforce',
      'INV-1:violated:monitor',
      'INV-2:violated:enforce',
    ]);
  });

  it('passes input, output and the after-state to postconditions, forbidden states and invariants', () => {
    const seen: unknown[] = [];
    const registry = createOperationRegistry({ snapshot: (_input, ctx, info) => ({ phase: info.phase, op: info.operationId, ctx }) });
    registry.register(
      defineOperation({
        id: 'a.echo',
        owner: 'a',
        spec: {
          pre: [{ id: 'PRE', check: (args) => (seen.push(['pre', args]), true) }],
          post: [{ id: 'POST', check: (args) => (seen.push(['post', args]), true) }],
          forbidden: [{ id: 'FORBID', check: (args) => (seen.push(['forbidden', args]), false) }],
        },
        invariants: [{ id: 'INV', severity: 'low', condition: (args) => (seen.push(['invariant', args]), true), remediation: 'r' }],
        handler: (input: { n: number }) => input.n * 2,
      }),
    );
    const ctx = { tenant: 't1' };
    registry.execute('a.echo', { n: 2 }, ctx);
    const after = { phase: 'after', op: 'a.echo', ctx };
    const before = { phase: 'before', op: 'a.echo', ctx };
    expect(seen).toEqual([
      ['pre', { input: { n: 2 }, state: before }],
      ['post', { input: { n: 2 }, output: 4, state: after, before }],
      ['forbidden', { input: { n: 2 }, output: 4, state: after, before }],
      ['invariant', { input: { n: 2 }, output: 4, state: after, before }],
    ]);
  });

  describe('the before snapshot and per-operation snapshots', () => {
    const counter = () =>
      defineOperation({
        id: 'a.increment',
        owner: 'a',
        invariants: [
          {
            id: 'INV-grows',
            severity: 'high',
            condition: ({ state, before }: { state: number; before: number | undefined }) => before === undefined || state === before + 1,
            remediation: 'one increment per call',
          },
        ],
        handler: (input: { by: number }, ctx: { value: number }) => (ctx.value += input.by),
      });

    it("gives after-checks no before state without preconditions, unless snapshotBefore is 'always'", () => {
      const phases: string[] = [];
      const snapshot = (_input: unknown, ctx: { value: number }, info: { phase: string }) => (phases.push(info.phase), ctx.value);
      const lazy = createOperationRegistry<{ value: number }>({ snapshot, sink: memorySink() });
      lazy.register(counter());
      expect(lazy.execute('a.increment', { by: 2 }, { value: 0 })).toBe(2);
      expect(phases).toEqual(['after']);

      phases.length = 0;
      const sink = memorySink();
      const always = createOperationRegistry<{ value: number }>({ snapshot, sink, snapshotBefore: 'always' });
      always.register(counter());
      expect(always.execute('a.increment', { by: 1 }, { value: 5 })).toBe(6);
      expect(() => always.execute('a.increment', { by: 2 }, { value: 5 })).toThrow(InvariantViolationError);
      expect(phases).toEqual(['before', 'after', 'before', 'after']);
      expect(sink.checks().map((event) => event.outcome)).toEqual(['held', 'violated']);
    });

    it("uses an operation's own snapshot hook over the registry's", () => {
      const calls: string[] = [];
      const registry = createOperationRegistry<{ value: number }>({
        snapshot: () => (calls.push('shared'), 0),
        snapshots: { 'a.increment': (_input, ctx) => (calls.push('own'), ctx.value) },
        snapshotBefore: 'always',
      });
      registry.register(counter());
      expect(registry.execute('a.increment', { by: 1 }, { value: 1 })).toBe(2);
      expect(calls).toEqual(['own', 'own']);
    });

    it('fails the after-checks when the before snapshot failed (fail closed)', () => {
      const sink = memorySink();
      let phase = 0;
      const registry = createOperationRegistry<{ value: number }>({
        sink,
        mode: 'monitor',
        snapshotBefore: 'always',
        snapshot: (_input, ctx) => {
          if (phase++ === 0) throw new Error('database gone');
          return ctx.value;
        },
      });
      registry.register(counter());
      expect(registry.execute('a.increment', { by: 1 }, { value: 1 })).toBe(2);
      expect(sink.checks()).toMatchObject([
        { checkId: 'INV-grows', kind: 'predicate-error', outcome: 'violated', message: expect.stringContaining('database gone') },
      ]);
    });

    it('rejects a snapshots entry that is not a function, naming it', () => {
      expect(() => createOperationRegistry({ snapshots: { 'a.b': 42 as never } })).toThrow(
        /snapshots\.a\.b: snapshots entry must be a function/,
      );
    });
  });

  it('takes snapshots only for the phases that have checks', () => {
    const phases: string[] = [];
    const registry = createOperationRegistry({ snapshot: (_i, _c, info) => phases.push(info.phase) });
    registry.register(
      defineOperation({ id: 'a.none', owner: 'a', handler: () => 1 }),
      defineOperation({
        id: 'a.after',
        owner: 'a',
        invariants: [{ id: 'I', severity: 'low', condition: () => true, remediation: 'r' }],
        handler: () => 1,
      }),
      defineOperation({ id: 'a.before', owner: 'a', spec: { pre: [{ id: 'P', check: () => true }] }, handler: () => 1 }),
    );
    registry.execute('a.none', {}, {});
    expect(phases).toEqual([]);
    registry.execute('a.after', {}, {});
    expect(phases).toEqual(['after']);
    registry.execute('a.before', {}, {});
    expect(phases).toEqual(['after', 'before']);
  });

  it('checks see the validated input (zod output), not the raw input', () => {
    const inputs: unknown[] = [];
    const registry = createOperationRegistry();
    registry.register(
      defineOperation({
        id: 'a.trim',
        owner: 'a',
        input: z.object({ name: z.string().trim() }),
        spec: { pre: [{ id: 'PRE', check: ({ input }) => (inputs.push(input), true) }] },
        handler: (input: { name: string }) => input.name,
      }),
    );
    expect(registry.execute('a.trim', { name: '  x  ' }, {})).toBe('x');
    expect(inputs).toEqual([{ name: 'x' }]);
  });

  it('stamps events with `at` only when a clock is injected', () => {
    const sink = memorySink();
    const op = defineOperation({
      id: 'a.clocked',
      owner: 'a',
      invariants: [{ id: 'I', severity: 'low', condition: () => true, remediation: 'r' }],
      handler: () => 1,
    });
    const unclocked = createOperationRegistry({ sink });
    unclocked.register(op);
    unclocked.execute('a.clocked', {}, {});
    const clocked = createOperationRegistry({ sink, clock: () => '2026-01-02T03:04:05.000Z' });
    clocked.register(op);
    clocked.execute('a.clocked', {}, {});
    expect(sink.events.map((event) => event.at)).toEqual([undefined, '2026-01-02T03:04:05.000Z']);
    expect('at' in (sink.events[0] as object)).toBe(false);
  });

  it("evidence: 'violations' records only violated checks", () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ sink, evidence: 'violations', mode: 'monitor' });
    registry.register(
      defineOperation({
        id: 'a.quiet',
        owner: 'a',
        invariants: [
          { id: 'I-ok', severity: 'low', condition: () => true, remediation: 'r' },
          { id: 'I-bad', severity: 'low', condition: () => false, remediation: 'r' },
        ],
        handler: () => 1,
      }),
    );
    registry.execute('a.quiet', {}, {});
    expect(sink.checks().map((event) => event.checkId)).toEqual(['I-bad']);
  });

  it('refuses monitor-mode checks without a sink, since their violations would be lost', () => {
    const registry = createOperationRegistry({ mode: 'monitor' });
    const op = defineOperation({
      id: 'a.lost',
      owner: 'a',
      invariants: [{ id: 'INV-X', severity: 'low', condition: () => true, remediation: 'r' }],
      handler: () => 1,
    });
    expect(() => registry.register(op)).toThrow(RuntimeConfigurationError);
    expect(() => registry.register(op)).toThrow(/INV-X are in monitor mode but the registry has no sink/);
    expect(registry.has('a.lost')).toBe(false);
  });

  it('a throwing sink never affects the operation; the error goes to onSinkError', () => {
    const failures: string[] = [];
    const registry = createOperationRegistry({
      mode: 'monitor',
      sink: {
        record() {
          throw new Error('disk full');
        },
      },
      onSinkError: (error, event) => failures.push(`${event.checkId}: ${(error as Error).message}`),
    });
    registry.register(
      defineOperation({
        id: 'a.sinkless',
        owner: 'a',
        invariants: [{ id: 'I', severity: 'low', condition: () => false, remediation: 'r' }],
        handler: () => 7,
      }),
    );
    expect(registry.execute('a.sinkless', {}, {})).toBe(7);
    expect(failures).toEqual(['I: disk full']);
  });

  it('without onSinkError, a failing sink becomes a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const registry = createOperationRegistry({
        mode: 'monitor',
        sink: {
          record: () => {
            throw new Error('nope');
          },
        },
      });
      registry.register(
        defineOperation({
          id: 'a.warn',
          owner: 'a',
          invariants: [{ id: 'I', severity: 'low', condition: () => true, remediation: 'r' }],
          handler: () => 1,
        }),
      );
      expect(registry.execute('a.warn', {}, {})).toBe(1);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining('a.warn/I was not recorded: nope'),
        expect.objectContaining({ code: 'PLUMBLINE_EVIDENCE_SINK' }),
      );
    } finally {
      warn.mockRestore();
    }
  });
});

describe('asynchronous handlers and snapshots', () => {
  it('checks the resolved output of an async handler', async () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ sink });
    registry.register(
      defineOperation({
        id: 'a.async',
        owner: 'a',
        invariants: [{ id: 'I-small', severity: 'low', condition: ({ output }) => output < 10, remediation: 'r' }],
        handler: async (input: { n: number }) => input.n,
      }),
    );
    await expect(registry.execute('a.async', { n: 3 }, {})).resolves.toBe(3);
    await expect(registry.execute('a.async', { n: 30 }, {})).rejects.toBeInstanceOf(InvariantViolationError);
    expect(sink.checks().map((event) => event.outcome)).toEqual(['held', 'violated']);
  });

  it('awaits an async snapshot (e.g. a read over node-postgres) before checking', async () => {
    const registry = createOperationRegistry({ snapshot: async (_input, _ctx, info) => ({ rows: info.phase === 'after' ? 2 : 1 }) });
    registry.register(
      defineOperation({
        id: 'a.rows',
        owner: 'a',
        spec: { pre: [{ id: 'PRE-one-row', check: ({ state }) => (state as { rows: number }).rows === 1 }] },
        invariants: [
          { id: 'INV-two-rows', severity: 'low', condition: ({ state }) => (state as { rows: number }).rows === 2, remediation: 'r' },
        ],
        handler: () => 'ok',
      }),
    );
    await expect(registry.execute('a.rows', {}, {})).resolves.toBe('ok');
  });
});
