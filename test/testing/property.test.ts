import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  conflictResolutionLaws,
  monotonic,
  PropertyLawError,
  propertyParameters,
  PROPERTY_SEED_ENV,
  stateMachine,
  type ConflictResolutionSpec,
  type MoveOutcome,
} from '../../testing/index.js';

type Light = 'green' | 'amber' | 'red';
const lights: Light[] = ['green', 'amber', 'red'];
const cycle = { green: ['amber'], amber: ['red'], red: ['green'] } as const;

/** A traffic light whose move table is the given one. */
function lightMachine(table: Record<Light, readonly Light[]>, mutateOnReject = false) {
  return {
    states: lights,
    transitions: cycle,
    initial: 'green' as const,
    create: () => ({ state: 'green' as Light }),
    move: (subject: { state: Light }, to: Light): MoveOutcome<{ state: Light }> => {
      if (!table[subject.state].includes(to)) {
        if (mutateOnReject) subject.state = to;
        return { ok: false };
      }
      return { ok: true, subject: { state: to } };
    },
    stateOf: (subject: { state: Light }) => subject.state,
  };
}

async function failure(run: Promise<unknown>): Promise<PropertyLawError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PropertyLawError);
  return error as PropertyLawError;
}

describe('stateMachine', () => {
  it('passes a faithful implementation and says what it explored', async () => {
    await expect(stateMachine(lightMachine(cycle))).resolves.toEqual({
      bound: 2,
      explored: 3,
      movesChecked: 9,
      reachedStates: ['green', 'amber', 'red'],
      exhaustive: true,
    });
  });

  it('finds an accepted forbidden transition through the shortest path', async () => {
    const error = await failure(stateMachine(lightMachine({ ...cycle, amber: ['red', 'green'] })));
    expect(error.message).toContain('forbidden transition amber -> green was accepted');
    expect(error.message).toMatch(/\{ seed: 42, path: "[\d:]+"/);
    expect(error.message).toContain('(reached through green -> amber; breadth-first to depth 1 of bound 2');
  });

  it('finds a rejected allowed transition', async () => {
    const error = await failure(stateMachine(lightMachine({ ...cycle, red: [] })));
    expect(error.message).toContain('allowed transition red -> green was rejected');
    expect(error.message).toContain('(reached through green -> amber -> red;');
  });

  it('finds a rejection that still changed the state', async () => {
    const error = await failure(stateMachine(lightMachine(cycle, true)));
    expect(error.message).toContain("rejected transition green -> red changed the state to 'red' (reached through green;");
  });

  it('checks only the listed forbidden moves when they are given', async () => {
    const lax = { ...lightMachine({ green: ['amber', 'red'], amber: ['red'], red: ['green'] }), forbidden: { red: ['amber'] } } as const;
    await expect(stateMachine(lax)).resolves.toMatchObject({ exhaustive: true });
    const strict = { ...lax, forbidden: { green: ['red'] } } as const;
    expect((await failure(stateMachine(strict))).message).toContain('forbidden transition green -> red was accepted');
  });

  it('rejects a spec naming unknown states, a move both allowed and forbidden, or a negative bound', async () => {
    await expect(stateMachine({ ...lightMachine(cycle), initial: 'blue' as Light })).rejects.toThrow(/initial state 'blue'/);
    await expect(stateMachine({ ...lightMachine(cycle), forbidden: { green: ['amber'] } })).rejects.toThrow(/both allowed and forbidden/);
    await expect(stateMachine({ ...lightMachine(cycle), transitions: { green: ['blue' as Light] } })).rejects.toThrow(
      /unknown state 'blue'/,
    );
    await expect(stateMachine({ ...lightMachine(cycle), maxDepth: -1 })).rejects.toThrow(/maxDepth must be a whole number/);
  });

  describe('a forbidden move four moves deep (delivered -> refunded)', () => {
    type OrderStatus = 'placed' | 'paid' | 'onHold' | 'shipped' | 'delivered' | 'refunded' | 'cancelled';
    const statuses: OrderStatus[] = ['placed', 'paid', 'onHold', 'shipped', 'delivered', 'refunded', 'cancelled'];
    const lifecycle: Record<OrderStatus, readonly OrderStatus[]> = {
      placed: ['paid', 'cancelled'],
      paid: ['onHold', 'shipped', 'refunded'],
      onHold: ['paid'],
      shipped: ['delivered'],
      delivered: [],
      refunded: [],
      cancelled: [],
    };
    const orders = (table: Record<OrderStatus, readonly OrderStatus[]>) => ({
      states: statuses,
      transitions: lifecycle,
      initial: 'placed' as const,
      create: () => ({ status: 'placed' as OrderStatus }),
      move: (order: { status: OrderStatus }, to: OrderStatus): MoveOutcome<{ status: OrderStatus }> =>
        table[order.status].includes(to) ? { ok: true, subject: { status: to } } : { ok: false },
      stateOf: (order: { status: OrderStatus }) => order.status,
    });
    const defective = orders({ ...lifecycle, delivered: ['refunded'] });

    it('is found on every seed, through the shortest path', async () => {
      for (let seed = 1; seed <= 10; seed += 1) {
        const error = await failure(stateMachine(defective, { seed }));
        expect(error.message).toContain(
          'forbidden transition delivered -> refunded was accepted (reached through placed -> paid -> shipped -> delivered;',
        );
      }
      await expect(stateMachine(orders(lifecycle))).resolves.toMatchObject({ explored: 7, bound: 6, exhaustive: true });
    });

    it('is out of reach of a bound shorter than its path, and the coverage says the space was cut off', async () => {
      await expect(stateMachine({ ...defective, maxDepth: 2 })).resolves.toMatchObject({ bound: 2, exhaustive: false });
    });
  });

  it('tells subjects in one state apart by identity, up to the bound', async () => {
    type Status = 'open' | 'resolved' | 'closed';
    interface Ticket {
      status: Status;
      reopened: number;
    }
    // Defect: after one reopen, closing is refused. The state alone never shows it: the count does.
    const spec = {
      states: ['open', 'resolved', 'closed'] as Status[],
      transitions: { open: ['resolved'], resolved: ['closed', 'open'] } as const,
      initial: 'open' as const,
      create: (): Ticket => ({ status: 'open', reopened: 0 }),
      move: (ticket: Ticket, to: Status): MoveOutcome<Ticket> => {
        const fromResolved = to === 'open' || (to === 'closed' && ticket.reopened === 0);
        const allowed = ticket.status === 'open' ? to === 'resolved' : ticket.status === 'resolved' && fromResolved;
        if (!allowed) return { ok: false };
        return { ok: true, subject: { status: to, reopened: ticket.reopened + (to === 'open' ? 1 : 0) } };
      },
      stateOf: (ticket: Ticket) => ticket.status,
    };
    await expect(stateMachine(spec)).resolves.toMatchObject({ explored: 3 });
    const error = await failure(stateMachine({ ...spec, identity: (ticket) => `${ticket.status}#${ticket.reopened}`, maxDepth: 6 }));
    expect(error.message).toContain(
      'allowed transition resolved -> closed was rejected (reached through open -> resolved -> open -> resolved;',
    );
  });

  it('draws the data a move carries with fast-check, and replays the failing draw', async () => {
    interface Account {
      status: 'open' | 'frozen';
    }
    // Defect: a freeze with a reason longer than 3 characters is refused.
    const spec = {
      states: ['open', 'frozen'] as const,
      transitions: { open: ['frozen'], frozen: ['open'] } as const,
      initial: 'open' as const,
      data: fc.string({ maxLength: 8 }),
      create: (): Account => ({ status: 'open' }),
      move: (account: Account, to: 'open' | 'frozen', reason: string): MoveOutcome<Account> =>
        to === account.status || (to === 'frozen' && reason.length > 3) ? { ok: false } : { ok: true, subject: { status: to } },
      stateOf: (account: Account) => account.status,
    };
    const error = await failure(stateMachine(spec));
    expect(error.message).toContain('allowed transition open -> frozen was rejected (reached through open;');
    expect(error.message).toMatch(/Counterexample: \[\{[^\n]*"open->frozen":"[^"]{4}"/);
    const [, seed, path] = /\{ seed: (-?\d+), path: "([\d:]+)"/.exec(error.message) ?? [];
    const replay = await failure(stateMachine(spec, { seed: Number(seed), path }));
    expect(replay.message).toContain('Property failed after 1 tests');
  });
});

describe('regression cases', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'plumbline-regressions-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const gap = (value: number) => (value > 90 ? 'allow' : value > 50 ? 'review' : 'allow');
  const decisions = ['allow', 'review', 'deny'] as const;

  it('keeps a failing counterexample, runs it first next time, and drops it once it passes', async () => {
    const file = path.join(folder, 'cases.json');
    await failure(monotonic(gap, { in: fc.integer({ min: 0, max: 100 }), out: decisions }, { regressions: file }));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<{ seed: number; path: string }>>;
    expect(Object.keys(stored)).toEqual([' :: monotonic']);
    expect(stored[' :: monotonic']).toHaveLength(1);

    // Next run, another seed: the kept case is the first input tried, and it is kept while it fails.
    const seen: number[] = [];
    const watched = (value: number) => (seen.push(value), gap(value));
    await failure(monotonic(watched, { in: fc.integer({ min: 0, max: 100 }), out: decisions }, { seed: 7, regressions: file }));
    expect(seen.slice(0, 2)).toEqual([51, 91]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored);

    const fixed = (value: number) => (value > 80 ? 'deny' : value > 50 ? 'review' : 'allow');
    const fixedRun = monotonic(fixed, { in: fc.integer({ min: 0, max: 100 }), out: decisions }, { regressions: file });
    await expect(fixedRun).resolves.toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('writes nothing with regressions: false, or outside a known test', async () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    await failure(monotonic(gap, { in: fc.integer({ min: 0, max: 100 }), out: decisions }, { regressions: false }));
    await failure(monotonic(gap, { in: fc.integer({ min: 0, max: 100 }), out: decisions }));
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('monotonic', () => {
  const decisions = ['allow', 'review', 'deny'] as const;
  const stepped = (value: number) => (value > 80 ? 'deny' : value > 50 ? 'review' : 'allow');

  it('passes a stepped threshold', async () => {
    await expect(monotonic(stepped, { in: fc.integer({ min: 0, max: 100 }), out: decisions })).resolves.toBeUndefined();
  });

  it('finds a band where a larger value earns a laxer decision, shrunk to its edges', async () => {
    const gap = (value: number) => (value > 90 ? 'allow' : stepped(value));
    const error = await failure(monotonic(gap, { in: fc.integer({ min: 0, max: 100 }), out: decisions }));
    expect(error.message).toContain('monotonic violated');
    expect(error.message).toContain('Counterexample: [{"a":91,"b":51}]');
    expect(error.message).toContain('f(51) = "review" but f(91) = "allow"');
  });

  it('supports falling outputs, a context and compare functions', async () => {
    const discount = (quantity: number, base: number) => base - Math.min(quantity, 10);
    await expect(
      monotonic(discount, { in: fc.nat(50), out: (a, b) => a - b, order: 'non-increasing', with: fc.integer({ min: 10, max: 20 }) }),
    ).resolves.toBeUndefined();
    await failure(monotonic(discount, { in: fc.nat(50), out: (a, b) => a - b, with: fc.integer({ min: 10, max: 20 }) }));
  });

  it('fails on an output missing from the ranking and on inputs it cannot order', async () => {
    await failure(monotonic(() => 'maybe', { in: fc.nat(), out: decisions as unknown as string[] }));
    const error = await failure(monotonic(() => 'allow', { in: fc.record({ a: fc.nat() }), out: ['allow'] }));
    expect(error.message).toContain('give compareIn');
  });
});

describe('conflictResolutionLaws', () => {
  interface Verdict {
    id: string;
    decision: 'allow' | 'deny';
    priority: number;
  }
  const spec: ConflictResolutionSpec<Verdict, { decision: string; by: string | null }> = {
    verdict: fc.record({ id: fc.constantFrom('a', 'b', 'c'), decision: fc.constantFrom('allow', 'deny'), priority: fc.nat(3) }),
    isDeny: (verdict) => verdict.decision === 'deny',
    deniesOutcome: (outcome) => outcome.decision === 'deny',
  };
  const byPrecedence = (a: Verdict, b: Verdict) =>
    b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.decision === 'deny' ? -1 : b.decision === 'deny' ? 1 : 0);
  const sound = (verdicts: readonly Verdict[]) => {
    const denials = verdicts.filter((verdict) => verdict.decision === 'deny');
    const winner = [...(denials.length > 0 ? denials : verdicts)].sort(byPrecedence)[0];
    return { decision: winner?.decision ?? 'allow', by: winner?.id ?? null };
  };

  it('passes a resolver where deny overrides and a total order picks the winner', async () => {
    await expect(conflictResolutionLaws(sound, spec)).resolves.toBeUndefined();
  });

  it('names the broken law: the first verdict wins (order-dependent)', async () => {
    const first = (verdicts: readonly Verdict[]) => ({ decision: verdicts[0]?.decision ?? 'allow', by: verdicts[0]?.id ?? null });
    const error = await failure(conflictResolutionLaws(first, spec));
    expect(error.law).toBe('order-independence');
  });

  it('names the broken law: highest priority wins even over a deny', async () => {
    const priorityOnly = (verdicts: readonly Verdict[]) => {
      const winner = [...verdicts].sort(byPrecedence)[0];
      return { decision: winner?.decision ?? 'allow', by: winner?.id ?? null };
    };
    const error = await failure(conflictResolutionLaws(priorityOnly, spec));
    expect(error.law).toBe('deny-overrides');
    expect(error.message).toContain(
      'Counterexample: [{"verdicts":[{"id":"a","decision":"deny","priority":0},{"id":"a","decision":"allow","priority":1}]}]',
    );
  });

  it('names the broken law: a majority vote changes when a verdict is repeated', async () => {
    const majority = (verdicts: readonly Verdict[]) => {
      const denies = verdicts.filter((verdict) => verdict.decision === 'deny').length;
      return { decision: denies > 0 && denies * 2 >= verdicts.length ? 'deny' : 'allow', by: null };
    };
    const error = await failure(conflictResolutionLaws(majority, spec));
    expect(['idempotence', 'deny-overrides']).toContain(error.law);
  });

  it('names the broken law: a resolver that is not deterministic', async () => {
    let calls = 0;
    const flaky = (verdicts: readonly Verdict[]) => ({ ...sound(verdicts), by: String((calls += 1)) });
    expect((await failure(conflictResolutionLaws(flaky, spec))).law).toBe('determinism');
  });
});

describe('propertyParameters', () => {
  afterEach(() => {
    delete process.env[PROPERTY_SEED_ENV];
  });

  it('takes the caller, then the gate environment, then the fixed default', () => {
    expect(propertyParameters().seed).toBe(42);
    process.env[PROPERTY_SEED_ENV] = '7';
    expect(propertyParameters()).toEqual({ seed: 7, numRuns: 100 });
    expect(propertyParameters({ seed: 9, numRuns: 5 })).toEqual({ seed: 9, numRuns: 5 });
    process.env[PROPERTY_SEED_ENV] = 'seven';
    expect(() => propertyParameters()).toThrow(/must be an integer/);
  });
});
