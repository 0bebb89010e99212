import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperationRegistry, defineOperation, shadow, type EvidenceSink } from '../../runtime/index.js';
import { seededRandom } from '../../testing/index.js';

/**
 * The runtime under load: 8 concurrent workers execute one operation through
 * the registry, with an invariant in monitor mode (violated now and then) and
 * a shadow candidate that randomly throws, rejects, answers wrong or hangs.
 * Every caller gets current's exact result, nothing is rejected unhandled, no
 * candidate stays pending, and the heap does not grow with the number of calls.
 * Bounded by iterations, not time.
 */

const WORKERS = 8;
const WARM_UP = 150;
const MEASURED = 1500;

// `gc` without starting the process with --expose-gc: the flag set at run time, the function taken from a fresh context.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

/** Counts events instead of keeping them, so the sink itself cannot grow the heap. */
function countingSink() {
  const counts = new Map<string, number>();
  const sink: EvidenceSink = {
    record(event) {
      const key = 'outcome' in event ? `${event.kind}:${event.outcome}` : event.kind;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  };
  return { sink, counts };
}

const price = (input: { qty: number; unit: number }) => ({ total: input.qty * input.unit, lines: [input.qty, input.unit] });

describe('runtime under load', () => {
  it(`${WORKERS} concurrent workers: correct results, no unhandled rejection, no pending candidate, a flat heap`, async () => {
    const random = seededRandom(99);
    const checks = countingSink();
    const comparisons = countingSink();
    const quote = shadow('pricing.quote', {
      current: async (input: { qty: number; unit: number }) => {
        await new Promise((resolve) => setImmediate(resolve));
        return price(input);
      },
      candidate: (input: { qty: number; unit: number }) => {
        const roll = random.next();
        if (roll < 0.15) throw new RangeError('candidate exploded');
        if (roll < 0.3) return Promise.reject(new Error('candidate rejected'));
        if (roll < 0.45) return new Promise<never>(() => undefined); // hangs: only the shadow's timeout ends it
        if (roll < 0.55) return { total: -1, lines: [] };
        return Promise.resolve(price(input));
      },
      timeoutMs: 5,
      maxPending: 10_000,
      sink: comparisons.sink,
    });
    const registry = createOperationRegistry({ mode: 'monitor', sink: checks.sink, evidence: 'violations' });
    registry.register(
      defineOperation({
        id: 'pricing.quote',
        owner: 'pricing',
        input: z.object({ qty: z.number().int(), unit: z.number().int() }),
        invariants: [
          // Violated for multiples of 7: monitor mode records it and the caller still gets the result.
          {
            id: 'INV-PRICE-1',
            severity: 'high',
            condition: ({ input }: { input: { qty: number } }) => input.qty % 7 !== 0,
            remediation: 'none, it is a test',
          },
        ],
        handler: (input: { qty: number; unit: number }) => quote(input),
      }),
    );

    let wrong = 0;
    let calls = 0;
    const work = async (worker: number, iterations: number) => {
      for (let i = 0; i < iterations; i++) {
        const input = { qty: worker * 1000 + i, unit: (i % 13) + 1 };
        const result = (await registry.execute('pricing.quote', input, {})) as ReturnType<typeof price>;
        calls++;
        if (result.total !== input.qty * input.unit || result.lines[0] !== input.qty) wrong++;
      }
    };
    const round = async (iterations: number) => {
      await Promise.all(Array.from({ length: WORKERS }, (_, worker) => work(worker, iterations)));
      await quote.flush();
    };
    const settledHeap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };

    await round(WARM_UP);
    const before = settledHeap();
    await round(MEASURED);
    const after = settledHeap();

    expect(wrong).toBe(0);
    expect(calls).toBe(WORKERS * (WARM_UP + MEASURED));
    expect(unhandled).toEqual([]);
    expect(quote.pending).toBe(0);
    // Every call was compared and recorded, whatever the candidate did.
    const recorded = [...comparisons.counts.values()].reduce((sum, n) => sum + n, 0);
    expect(recorded).toBe(calls);
    for (const outcome of ['shadow:match', 'shadow:mismatch', 'shadow:candidate-error', 'shadow:candidate-timeout']) {
      expect(comparisons.counts.get(outcome), outcome).toBeGreaterThan(0);
    }
    expect(checks.counts.get('invariant:violated')).toBe(
      Array.from(
        { length: WORKERS },
        (_, worker) => [...Array(WARM_UP).keys(), ...Array(MEASURED).keys()].filter((i) => (worker * 1000 + i) % 7 === 0).length,
      ).reduce((sum, n) => sum + n, 0),
    );
    // 12,000 measured calls: a leak of even 1 KB per call would add ~12 MB. After a full GC the heap stays within noise.
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
  });
});
