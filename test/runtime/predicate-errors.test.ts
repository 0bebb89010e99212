import { describe, expect, it } from 'vitest';
import {
  createOperationRegistry,
  defineOperation,
  ForbiddenStateError,
  InvariantViolationError,
  memorySink,
  PreconditionError,
  type CheckEvent,
} from '../../runtime/index.js';

const boom = () => {
  throw new Error('state.items is undefined');
};

describe('predicate errors', () => {
  it('monitor: a throwing predicate is recorded as a predicate-error violation, never a crash', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ mode: 'monitor', sink });
    registry.register(
      defineOperation({
        id: 'a.fragile',
        owner: 'a',
        invariants: [{ id: 'INV-FRAGILE', severity: 'high', condition: boom, remediation: 'fix the predicate' }],
        handler: () => 'result',
      }),
    );
    expect(registry.execute('a.fragile', {}, {})).toBe('result');
    expect(sink.checks()).toEqual<CheckEvent[]>([
      {
        operationId: 'a.fragile',
        checkId: 'INV-FRAGILE',
        kind: 'predicate-error',
        checkKind: 'invariant',
        outcome: 'violated',
        severity: 'high',
        mode: 'monitor',
        message: 'Error: state.items is undefined',
      },
    ]);
  });

  it('enforce: a throwing predicate rejects with the typed error of its kind, the thrown error as cause (fail closed)', () => {
    const registry = createOperationRegistry({ mode: 'enforce' });
    registry.register(
      defineOperation({
        id: 'a.fragile',
        owner: 'a',
        invariants: [{ id: 'INV-FRAGILE', severity: 'high', condition: boom, remediation: 'fix the predicate' }],
        handler: () => 'result',
      }),
    );
    let caught: unknown;
    try {
      registry.execute('a.fragile', {}, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvariantViolationError);
    const error = caught as InvariantViolationError;
    expect(error.reason).toBe('predicate-error');
    expect((error.cause as Error).message).toBe('state.items is undefined');
    expect(error.message).toMatch(/could not be evaluated \(Error: state.items is undefined\), so it counts as violated/);
  });

  it('a predicate that returns a non-boolean (forgotten return, a promise) is a predicate error', async () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ mode: 'monitor', sink });
    registry.register(
      defineOperation({
        id: 'a.sloppy',
        owner: 'a',
        spec: {
          post: [
            // @ts-expect-error: a predicate must return a boolean; the runtime must catch it at run time too
            { id: 'POST-undefined', check: () => undefined },
            // @ts-expect-error: predicates are synchronous
            { id: 'POST-async', check: async () => true },
            // @ts-expect-error: truthy is not true
            { id: 'POST-number', check: () => 1 },
          ],
        },
        handler: () => 1,
      }),
    );
    registry.execute('a.sloppy', {}, {});
    expect(sink.checks().map((event) => [event.checkId, event.kind, event.message])).toEqual([
      ['POST-undefined', 'predicate-error', 'TypeError: returned undefined, expected a boolean (predicates are synchronous)'],
      ['POST-async', 'predicate-error', 'TypeError: returned a promise, expected a boolean (predicates are synchronous)'],
      ['POST-number', 'predicate-error', 'TypeError: returned number 1, expected a boolean (predicates are synchronous)'],
    ]);
  });

  it('a forbidden-state check that throws is a violation, even though "true" means violated for it', () => {
    const registry = createOperationRegistry();
    registry.register(defineOperation({ id: 'a.forbid', owner: 'a', spec: { forbidden: [{ id: 'F', check: boom }] }, handler: () => 1 }));
    expect(() => registry.execute('a.forbid', {}, {})).toThrow(ForbiddenStateError);
  });

  it('a predicate that throws a non-Error value is still reported as a predicate error', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({ sink });
    registry.register(
      defineOperation({
        id: 'a.weird',
        owner: 'a',
        spec: {
          pre: [
            {
              id: 'PRE-throws-undefined',
              check: () => {
                throw undefined;
              },
            },
          ],
        },
        handler: () => 1,
      }),
    );
    let caught: unknown;
    try {
      registry.execute('a.weird', {}, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PreconditionError);
    expect((caught as PreconditionError).reason).toBe('predicate-error');
    expect(sink.checks()[0]).toMatchObject({ kind: 'predicate-error', checkKind: 'pre', message: 'undefined' });
  });

  it('a failing state snapshot turns every check of its phase into a predicate error', () => {
    const sink = memorySink();
    const registry = createOperationRegistry({
      mode: 'monitor',
      sink,
      snapshot: (_input, _ctx, info) => {
        if (info.phase === 'after') throw new Error('connection lost');
        return {};
      },
    });
    registry.register(
      defineOperation({
        id: 'a.blind',
        owner: 'a',
        spec: { pre: [{ id: 'PRE', check: () => true }], forbidden: [{ id: 'F', check: () => false }] },
        invariants: [{ id: 'I', severity: 'critical', condition: () => true, remediation: 'r' }],
        handler: () => 'done',
      }),
    );
    expect(registry.execute('a.blind', {}, {})).toBe('done');
    expect(sink.checks().map((event) => [event.checkId, event.kind, event.checkKind, event.message])).toEqual([
      ['PRE', 'pre', undefined, undefined],
      ['F', 'predicate-error', 'forbidden', 'Error: the state snapshot failed: connection lost'],
      ['I', 'predicate-error', 'invariant', 'Error: the state snapshot failed: connection lost'],
    ]);
  });

  it('a rejected async snapshot is a predicate error too, rejecting in enforce mode', async () => {
    const registry = createOperationRegistry({ snapshot: async () => Promise.reject(new Error('timeout')) });
    registry.register(
      defineOperation({
        id: 'a.slow',
        owner: 'a',
        invariants: [{ id: 'I', severity: 'low', condition: () => true, remediation: 'r' }],
        handler: () => 1,
      }),
    );
    await expect(registry.execute('a.slow', {}, {})).rejects.toMatchObject({ name: 'InvariantViolationError', reason: 'predicate-error' });
  });
});
