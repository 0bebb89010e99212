/** A clock a test controls: engines take `now` as an input, tests hand them this. */
export interface FixedClock {
  now(): Date;
  nowIso(): string;
  nowMs(): number;
  /** Moves the clock forward (or back, with a negative amount). */
  advance(ms: number): void;
  set(iso: string): void;
}

export function fixedClock(start: string): FixedClock {
  let current = parse(start);
  return {
    now: () => new Date(current),
    nowIso: () => new Date(current).toISOString(),
    nowMs: () => current,
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`advance needs a finite number of milliseconds, got ${ms}`);
      current += ms;
    },
    set(iso) {
      current = parse(iso);
    },
  };
}

function parse(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date-time: '${iso}'`);
  return ms;
}
