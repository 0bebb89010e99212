import { describe, expect, it } from 'vitest';
import { fixedClock, seededRandom } from '../../testing/index.js';

describe('fixedClock', () => {
  it('stands still until moved', () => {
    const clock = fixedClock('2026-11-26T10:00:00.000Z');
    expect(clock.nowIso()).toBe('2026-11-26T10:00:00.000Z');
    expect(clock.nowIso()).toBe('2026-11-26T10:00:00.000Z');
    clock.advance(90_000);
    expect(clock.nowIso()).toBe('2026-11-26T10:01:30.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(clock.nowMs()).toBe(Date.UTC(2027, 0, 1));
  });

  it('rejects what is not a date', () => {
    expect(() => fixedClock('tomorrow')).toThrow(/not an ISO date-time/);
    expect(() => fixedClock('2026-01-01T00:00:00Z').advance(Number.NaN)).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const take = (r: ReturnType<typeof seededRandom>) => Array.from({ length: 5 }, () => r.next());
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('int stays within its inclusive bounds and reaches both ends', () => {
    const random = seededRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 6)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => random.int(3, 1)).toThrow(RangeError);
    expect(() => random.pick([])).toThrow(RangeError);
  });
});
