import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  createOperationRegistry,
  defineOperation,
  DuplicateOperationError,
  OperationContractError,
  OperationDeclarationError,
  UnknownOperationError,
} from '../../runtime/index.js';

const evaluate = defineOperation({
  id: 'policies.evaluate',
  owner: 'policies',
  critical: true,
  input: z.object({ value: z.number() }),
  output: z.enum(['allow', 'deny']),
  handler: (input: { value: number }) => (input.value > 10 ? 'deny' : 'allow'),
});

describe('operation registry', () => {
  it('executes a registered operation by id, synchronously for a synchronous handler', () => {
    const registry = createOperationRegistry();
    registry.register(evaluate);
    expect(registry.execute('policies.evaluate', { value: 11 }, {})).toBe('deny');
    expect(registry.ids()).toEqual(['policies.evaluate']);
  });

  it('passes the context and awaits an asynchronous handler before checking its output', async () => {
    const registry = createOperationRegistry<{ tenant: string }>();
    registry.register(
      defineOperation({
        id: 'tenants.greet',
        owner: 'tenants',
        output: z.string().min(3),
        handler: async (_: unknown, ctx: { tenant: string }) => `hi ${ctx.tenant}`,
      }),
    );
    await expect(registry.execute('tenants.greet', {}, { tenant: 'acme' })).resolves.toBe('hi acme');
  });

  it('rejects unknown ids and duplicate registration with typed errors', () => {
    const registry = createOperationRegistry();
    registry.register(evaluate);
    expect(() => registry.execute('policies.evaluat', {}, {})).toThrow(UnknownOperationError);
    const twin = defineOperation({ id: 'policies.evaluate', owner: 'controls', handler: () => 'allow' });
    const duplicate = (() => {
      try {
        registry.register(twin);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(duplicate).toBeInstanceOf(DuplicateOperationError);
    expect((duplicate as DuplicateOperationError).owners).toEqual(['policies', 'controls']);
  });

  it('rejects invalid input before the handler runs, and invalid output after', () => {
    let calls = 0;
    const registry = createOperationRegistry();
    registry.register(
      defineOperation({
        id: 'controls.check',
        owner: 'controls',
        input: z.object({ ratio: z.number().min(0).max(1) }),
        output: z.boolean(),
        handler: (input: { ratio: number }) => {
          calls++;
          return (input.ratio > 0.5 ? 'yes' : false) as boolean;
        },
      }),
    );
    const bad = () => registry.execute('controls.check', { ratio: 2 }, {});
    expect(bad).toThrow(OperationContractError);
    expect(bad).toThrow(/input is invalid: ratio: /);
    expect(calls).toBe(0);
    expect(() => registry.execute('controls.check', { ratio: 0.9 }, {})).toThrow(/output is invalid/);
    expect(registry.execute('controls.check', { ratio: 0.1 }, {})).toBe(false);
  });

  it('refuses malformed declarations', () => {
    expect(() => defineOperation({ id: 'evaluate', owner: 'policies', handler: () => 1 })).toThrow(OperationDeclarationError);
    expect(() => defineOperation({ id: 'evaluate', owner: 'policies', handler: () => 1 })).toThrow(/<domain>\.<name>/);
    expect(() => defineOperation({ id: 'a.b', owner: ' ', handler: () => 1 })).toThrow(/needs an owner/);
    expect(Object.isFrozen(evaluate)).toBe(true);
  });

  it('registers a batch all or nothing: a duplicate inside the batch registers none of it', () => {
    const registry = createOperationRegistry();
    const first = defineOperation({ id: 'a.one', owner: 'a', handler: () => 1 });
    const again = defineOperation({ id: 'a.one', owner: 'b', handler: () => 2 });
    expect(() => registry.register(first, again)).toThrow(DuplicateOperationError);
    expect(registry.ids()).toEqual([]);
    registry.register(first);
    expect(registry.get('a.one')).toBe(first);
    expect(() => registry.get('a.two')).toThrow(/unknown operation 'a\.two' \(registered: a\.one\)/);
  });

  it('a bare operation (no schema, no check) gets the input and context untouched', () => {
    const registry = createOperationRegistry<{ tenant: string }>();
    const input = { n: 1 };
    const ctx = { tenant: 't' };
    registry.register(
      defineOperation({ id: 'a.bare', owner: 'a', handler: (received: unknown, context: { tenant: string }) => [received, context] }),
    );
    const [receivedInput, receivedCtx] = registry.execute<[unknown, unknown]>('a.bare', input, ctx);
    expect(receivedInput).toBe(input);
    expect(receivedCtx).toBe(ctx);
  });

  it('refuses unknown registry options with a clear error', () => {
    expect(() => createOperationRegistry({ mode: 'strict' } as never)).toThrow(/mode/);
    expect(() => createOperationRegistry({ sinks: [] } as never)).toThrow(/Unrecognized key: "sinks"/);
    expect(() => createOperationRegistry({ sink: {} } as never)).toThrow(/sink: must be a sink/);
  });
});
