import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/index.js';
import { memorySink, RuntimeConfigurationError, shadow, type ComparisonEvent, type MemorySink } from '../../runtime/index.js';

interface Quote {
  sku: string;
  qty: number;
  tags?: string[];
}
const price = (input: Quote) => ({ sku: input.sku, total: input.qty * 10, quotedAt: 1 });
const outcomes = (sink: MemorySink) => (sink.events as ComparisonEvent[]).map((event) => event.outcome);

describe('shadow', () => {
  it('returns current, then records a match once the candidate has run', async () => {
    const sink = memorySink();
    let candidateCalls = 0;
    const quote = shadow('pricing.quote', {
      current: price,
      candidate: (input: Quote) => (candidateCalls++, price(input)),
      sink,
    });
    expect(quote({ sku: 'a', qty: 2 })).toEqual({ sku: 'a', total: 20, quotedAt: 1 });
    // The candidate is not on the caller's path: it has not even started yet.
    expect(candidateCalls).toBe(0);
    expect(quote.pending).toBe(1);
    await quote.flush();
    expect(candidateCalls).toBe(1);
    expect(quote.pending).toBe(0);
    expect(sink.events).toEqual([{ kind: 'shadow', operationId: 'pricing.quote', outcome: 'match' }]);
  });

  it('records a mismatch with the differing paths, honouring ignorePaths', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: price,
      candidate: (input: Quote) => ({ sku: input.sku, total: input.qty * 11, quotedAt: 2 }),
      ignorePaths: ['quotedAt'],
      sink,
    });
    expect(quote({ sku: 'a', qty: 2 }).total).toBe(20);
    await quote.flush();
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'mismatch', diff: { paths: ['total'], truncated: false } },
    ]);
  });

  it('isolation: a candidate that throws does not affect the caller', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: price,
      candidate: () => {
        throw new RangeError('candidate exploded');
      },
      sink,
    });
    expect(quote({ sku: 'a', qty: 1 })).toEqual(price({ sku: 'a', qty: 1 }));
    await quote.flush();
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'candidate-error', message: 'RangeError: candidate exploded' },
    ]);
  });

  it('isolation: a rejecting async candidate is recorded as a candidate error', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', { current: price, candidate: async () => Promise.reject(new Error('no')), sink });
    quote({ sku: 'a', qty: 1 });
    await quote.flush();
    expect(outcomes(sink)).toEqual(['candidate-error']);
  });

  it('isolation: a hanging candidate never delays the caller and is recorded as a timeout', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: price,
      candidate: () => new Promise<ReturnType<typeof price>>(() => undefined),
      timeoutMs: 25,
      sink,
    });
    // Synchronous current: the caller holds the result while the candidate has not settled.
    const result = quote({ sku: 'a', qty: 3 });
    expect(result.total).toBe(30);
    expect(quote.pending).toBe(1);
    expect(sink.events).toEqual([]);
    await quote.flush();
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'candidate-timeout', message: 'the candidate did not settle within 25 ms' },
    ]);
  });

  it('isolation: a hanging candidate does not hold back an async current either', async () => {
    const sink = memorySink();
    let release!: (value: ReturnType<typeof price>) => void;
    const candidateResult = new Promise<ReturnType<typeof price>>((resolve) => (release = resolve));
    const quote = shadow('pricing.quote', {
      current: async (input: Quote) => price(input),
      candidate: () => candidateResult,
      timeoutMs: 1000,
      sink,
    });
    await expect(quote({ sku: 'a', qty: 1 })).resolves.toEqual(price({ sku: 'a', qty: 1 }));
    expect(quote.pending).toBe(1);
    release(price({ sku: 'a', qty: 1 }));
    await quote.flush();
    expect(outcomes(sink)).toEqual(['match']);
  });

  it('isolation: a candidate that mutates its input cannot touch the caller input or current result', async () => {
    const sink = memorySink();
    const input: Quote = { sku: 'a', qty: 2, tags: ['x'] };
    const quote = shadow('pricing.quote', {
      current: (value: Quote) => ({ ...price(value), tags: value.tags }),
      candidate: (value: Quote) => {
        value.qty = 999;
        value.tags?.push('mutated');
        return { ...price(value), tags: value.tags };
      },
      sink,
    });
    const result = quote(input);
    await quote.flush();
    expect(input).toEqual({ sku: 'a', qty: 2, tags: ['x'] });
    expect(result).toEqual({ sku: 'a', total: 20, quotedAt: 1, tags: ['x'] });
    expect(sink.events[0]).toMatchObject({ outcome: 'mismatch', diff: { paths: ['tags[1]', 'total'] } });
  });

  it('the candidate sees the input as current received it, even if current mutates it', async () => {
    const sink = memorySink();
    const seen: Quote[] = [];
    const quote = shadow('pricing.quote', {
      current: (value: Quote) => {
        value.qty = 0;
        return 'done';
      },
      candidate: (value: Quote) => (seen.push(value), 'done'),
      sink,
    });
    quote({ sku: 'a', qty: 5 });
    await quote.flush();
    expect(seen).toEqual([{ sku: 'a', qty: 5 }]);
  });

  it('compares against a copy of current result, so the caller may mutate what it got', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: async (input: Quote) => price(input),
      candidate: async (input: Quote) => price(input),
      sink,
    });
    const result = await quote({ sku: 'a', qty: 1 });
    result.total = -1;
    const syncQuote = shadow('pricing.quote', { current: price, candidate: price, sink });
    syncQuote({ sku: 'a', qty: 1 }).total = -1;
    await Promise.all([quote.flush(), syncQuote.flush()]);
    expect(outcomes(sink)).toEqual(['match', 'match']);
  });

  it('compares class instances like their copies (both sides are copied the same way)', async () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: (input: Quote) => new Money(input.qty),
      candidate: (input: Quote) => new Money(input.qty === 3 ? 4 : input.qty),
      sink,
    });
    expect(quote({ sku: 'a', qty: 1 })).toBeInstanceOf(Money);
    quote({ sku: 'a', qty: 3 });
    await quote.flush();
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'match' },
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'mismatch', diff: { paths: ['cents'], truncated: false } },
    ]);
  });

  it("rethrows current's own error; the candidate is still compared (both threw: a match)", async () => {
    const sink = memorySink();
    const failure = new Error('current failed');
    const both = shadow('pricing.quote', {
      current: (): number => {
        throw failure;
      },
      candidate: () => {
        throw new Error('candidate failed too');
      },
      sink,
    });
    let caught: unknown;
    try {
      both({ sku: 'a', qty: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
    const onlyCurrent = shadow('pricing.quote', {
      current: (): number => {
        throw failure;
      },
      candidate: () => 1,
      sink,
    });
    expect(() => onlyCurrent({ sku: 'a', qty: 1 })).toThrow(failure);
    const asyncCurrent = shadow('pricing.quote', {
      current: async (): Promise<number> => Promise.reject(failure),
      candidate: async () => 2,
      sink,
    });
    await expect(asyncCurrent({ sku: 'a', qty: 1 })).rejects.toBe(failure);
    await Promise.all([both.flush(), onlyCurrent.flush(), asyncCurrent.flush()]);
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'match' },
      {
        kind: 'shadow',
        operationId: 'pricing.quote',
        outcome: 'mismatch',
        diff: { paths: ['(thrown)'], truncated: false },
        message: 'current threw (Error: current failed) but the candidate returned',
      },
      {
        kind: 'shadow',
        operationId: 'pricing.quote',
        outcome: 'mismatch',
        diff: { paths: ['(thrown)'], truncated: false },
        message: 'current threw (Error: current failed) but the candidate returned',
      },
    ]);
  });

  it('samples deterministically with a seeded random', async () => {
    const runs = () => {
      const sink = memorySink();
      const compared: number[] = [];
      const quote = shadow('pricing.quote', {
        current: (input: Quote) => input.qty,
        candidate: (input: Quote) => (compared.push(input.qty), input.qty),
        sampleRate: 0.3,
        random: seededRandom(42).next,
        sink,
      });
      for (let qty = 0; qty < 200; qty++) quote({ sku: 's', qty });
      return quote.flush().then(() => compared);
    };
    const [first, second] = await Promise.all([runs(), runs()]);
    expect(first).toEqual(second);
    // Exactly the calls whose draw fell below the rate, in order.
    const draws = seededRandom(42);
    const expected = Array.from({ length: 200 }, (_, qty) => qty).filter(() => draws.next() < 0.3);
    expect(first).toEqual(expected);
    expect(first.length).toBeGreaterThan(40);
    expect(first.length).toBeLessThan(80);
  });

  it('sampleRate 0 never runs the candidate', async () => {
    const sink = memorySink();
    let calls = 0;
    const quote = shadow('pricing.quote', { current: price, candidate: (input: Quote) => (calls++, price(input)), sampleRate: 0, sink });
    for (let index = 0; index < 50; index++) quote({ sku: 'a', qty: index });
    await quote.flush();
    expect(calls).toBe(0);
    expect(sink.events).toEqual([]);
  });

  it('a custom comparator decides equality (boolean or paths); a throwing one skips the sample', async () => {
    const sink = memorySink();
    const byTotal = shadow('pricing.quote', {
      current: price,
      candidate: (input: Quote) => ({ ...price(input), quotedAt: 99 }),
      compare: (a, b) => a.total === b.total,
      sink,
    });
    const byPaths = shadow('pricing.quote', { current: price, candidate: price, compare: () => ['z', 'a', 'z'], sink });
    const throwing = shadow('pricing.quote', {
      current: price,
      candidate: price,
      compare: () => {
        throw new Error('bad comparator');
      },
      sink,
    });
    byTotal({ sku: 'a', qty: 1 });
    byPaths({ sku: 'a', qty: 1 });
    throwing({ sku: 'a', qty: 1 });
    await Promise.all([byTotal.flush(), byPaths.flush(), throwing.flush()]);
    expect(sink.events).toEqual([
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'match' },
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'mismatch', diff: { paths: ['a', 'z'], truncated: false } },
      { kind: 'shadow', operationId: 'pricing.quote', outcome: 'skipped', message: 'the comparator threw: Error: bad comparator' },
    ]);
  });

  it('skips (and says why) when too many candidates are in flight or the input cannot be copied', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: (input: { qty: number; callback?: () => void }) => input.qty,
      candidate: () => new Promise<number>(() => undefined),
      maxPending: 2,
      timeoutMs: 10,
      sink,
    });
    expect(quote({ qty: 4, callback: () => undefined })).toBe(4);
    expect([quote({ qty: 1 }), quote({ qty: 2 }), quote({ qty: 3 })]).toEqual([1, 2, 3]);
    await quote.flush();
    expect(sink.events.map((event) => [(event as ComparisonEvent).outcome, (event as ComparisonEvent).message?.split(':')[0]])).toEqual([
      ['skipped', 'the input cannot be copied'],
      ['skipped', '2 candidate runs already in flight'],
      ['candidate-timeout', 'the candidate did not settle within 10 ms'],
      ['candidate-timeout', 'the candidate did not settle within 10 ms'],
    ]);
  });

  it('passes the context through to both, and stamps events when a clock is given', async () => {
    const sink = memorySink();
    const quote = shadow('pricing.quote', {
      current: (input: Quote, ctx: { rate: number }) => input.qty * ctx.rate,
      candidate: (input: Quote, ctx: { rate: number }) => input.qty * ctx.rate,
      clock: () => new Date('2026-03-04T05:06:07Z'),
      sink,
    });
    expect(quote({ sku: 'a', qty: 2 }, { rate: 3 })).toBe(6);
    await quote.flush();
    expect(sink.events).toEqual([{ kind: 'shadow', operationId: 'pricing.quote', outcome: 'match', at: '2026-03-04T05:06:07.000Z' }]);
  });

  it('refuses bad options with errors naming them', () => {
    const sink = memorySink();
    const base = { current: price, candidate: price, sink };
    expect(() => shadow('pricing.quote', { ...base, sampleRate: 2 })).toThrow(/sampleRate/);
    expect(() => shadow('pricing.quote', { ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => shadow('pricing.quote', { ...base, compare: () => true, ignorePaths: ['a'] })).toThrow(
      /ignorePaths applies to the default comparator only/,
    );
    expect(() => shadow('pricing.quote', { ...base, ignorePaths: ['a..b'] })).toThrow(/not a path pattern/);
    expect(() => shadow('pricing.quote', { current: price, candidate: price } as never)).toThrow(/sink: needs a sink/);
    expect(() => shadow('quote', base)).toThrow(RuntimeConfigurationError);
  });
});
