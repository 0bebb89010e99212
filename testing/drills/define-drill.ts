import type { FaultSchedule } from '../faults/fault-schedule.js';

/** What the caller of a faulty driver must see for the drill to count as safe. */
export type DrillExpectation<Result> =
  /** The operation returns this value (deep equality) instead of failing. */
  | { readonly fallback: Result }
  /** The operation returns a denial (the predicate says which results deny): no decision on missing or stale data. */
  | { readonly deny: (result: Result) => boolean }
  /** The operation retries past the fault and succeeds: it returns, and the faulty method was called again after a fault. */
  | { readonly retry: { readonly succeeds?: (result: Result) => boolean } }
  /** Anything else: judge the outcome yourself; return true, or a sentence saying what is unsafe. */
  | { readonly satisfies: (outcome: DrillOutcome<Result>) => boolean | string };

/** How the operation ended. */
export type DrillOutcome<Result> = { readonly returned: Result } | { readonly threw: unknown };

export interface DrillDefinition<Driver extends object, Result> {
  /** Stable id, e.g. 'metric-feed.timeout'. */
  readonly id: string;
  /** One sentence: the scenario. */
  readonly description?: string;
  /** A fresh real driver per run. */
  readonly driver: () => Driver | Promise<Driver>;
  /** What the caller does with the (faulty) driver. */
  readonly operation: (driver: Driver) => Result | Promise<Result>;
  /** The faults: a schedule, and the seed for probabilistic rules (default 0). */
  readonly fault: FaultSchedule | { readonly schedule: FaultSchedule; readonly seed?: number };
  readonly expect: DrillExpectation<Result>;
  /**
   * Checks the real driver after the operation: returns a sentence when something is left
   * behind (a partial write), undefined when it is clean. Required when a fault is a partial write.
   */
  readonly afterwards?: (driver: Driver) => string | undefined | Promise<string | undefined>;
  /** How long the operation may take before the drill counts it as hung. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** Marks drills, across copies of the package (the gate loads the project's own copy). */
export const DRILL_BRAND = Symbol.for('plumbline.drill');

export type Drill<Driver extends object = object, Result = unknown> = DrillDefinition<Driver, Result> & { readonly [DRILL_BRAND]: true };

/** Declares a failure-injection drill; the drills gate finds it among a drill file's exports. */
export function defineDrill<Driver extends object, Result>(definition: DrillDefinition<Driver, Result>): Drill<Driver, Result> {
  if (!/^[\w.-]+$/.test(definition.id))
    throw new RangeError(`defineDrill: id '${definition.id}' must hold only letters, digits, '.', '_' and '-'`);
  const schedule = 'schedule' in definition.fault ? definition.fault.schedule : definition.fault;
  if (schedule.length === 0) throw new RangeError(`defineDrill ${definition.id}: the fault schedule is empty`);
  if (schedule.some((rule) => rule.fault.kind === 'partial-write') && !definition.afterwards) {
    throw new RangeError(`defineDrill ${definition.id}: a partial-write drill needs afterwards() to check what was left behind`);
  }
  return Object.freeze({ ...definition, [DRILL_BRAND]: true as const });
}

export function isDrill(value: unknown): value is Drill {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DRILL_BRAND] === true;
}
