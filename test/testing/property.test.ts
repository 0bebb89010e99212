import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
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

async function failure(run: Promise<void>): Promise<PropertyLawError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PropertyLawError);
  return error as PropertyLawError;
}

describe('stateMachine', () => {
  it('passes a faithful implementation', async () => {
    await expect(stateMachine(lightMachine(cycle))).resolves.toBeUndefined();
  });

  it('finds an accepted forbidden transition, shrunk to the shortest sequence', async () => {
    const error = await failure(stateMachine(lightMachine({ ...cycle, amber: ['red', 'green'] })));
    expect(error.message).toContain('forbidden transition amber -> green was accepted');
    expect(error.message).toMatch(/\{ seed: 42, path: "[\d:]+"/);
    expect(error.message).toContain('Counterexample: [follow(0),move(green) /*replayPath="BDB:F"*/]');
    expect(error.message).toContain('(reached through green -> amber)');
  });

  it('replays a reported counterexample from its seed, path and replayPath', async () => {
    const broken = lightMachine({ ...cycle, amber: ['red', 'green'] });
    const first = await failure(stateMachine(broken, { seed: 1234 }));
    const [, seed, path] = /\{ seed: (-?\d+), path: "([\d:]+)"/.exec(first.message) ?? [];
    const [, replayPath] = /replayPath="([^"]+)"/.exec(first.message) ?? [];
    const replay = await failure(stateMachine(broken, { seed: Number(seed), path, replayPath }));
    expect(replay.message).toContain('Property failed after 1 tests');
    expect(replay.message).toContain('forbidden transition amber -> green was accepted');
  });

  it('finds a rejected allowed transition', async () => {
    const error = await failure(stateMachine(lightMachine({ ...cycle, red: [] })));
    expect(error.message).toContain('allowed transition red -> green was rejected');
    expect(error.message).toContain('Counterexample: [follow(0),follow(0),follow(0) /*replayPath="DBL:F"*/]');
    expect(error.message).toContain('(reached through green -> amber -> red)');
  });

  it('finds a rejection that still changed the state', async () => {
    const error = await failure(stateMachine(lightMachine(cycle, true)));
    expect(error.message).toContain("rejected transition amber -> green changed the state to 'green' (reached through green -> amber)");
  });

  it('checks only the listed forbidden moves when they are given', async () => {
    const lax = { ...lightMachine({ green: ['amber', 'red'], amber: ['red'], red: ['green'] }), forbidden: { red: ['amber'] } } as const;
    await expect(stateMachine(lax)).resolves.toBeUndefined();
    const strict = { ...lax, forbidden: { green: ['red'] } } as const;
    expect((await failure(stateMachine(strict))).message).toContain('forbidden transition green -> red was accepted');
  });

  it('rejects a spec naming unknown states or listing a move as both allowed and forbidden', async () => {
    await expect(stateMachine({ ...lightMachine(cycle), initial: 'blue' as Light })).rejects.toThrow(/initial state 'blue'/);
    await expect(stateMachine({ ...lightMachine(cycle), forbidden: { green: ['amber'] } })).rejects.toThrow(/both allowed and forbidden/);
    await expect(stateMachine({ ...lightMachine(cycle), transitions: { green: ['blue' as Light] } })).rejects.toThrow(/unknown state 'blue'/);
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
    expect(error.message).toContain('Counterexample: [undefined,91,51]');
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
    expect(error.message).toMatch(/Counterexample: \[\[\{"id":"a","decision":"deny","priority":0\},\{"id":"a","decision":"allow","priority":1\}\]\]/);
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
