import { z } from 'zod';
import { deepCopy } from '../clone.js';
import { readClock, type RuntimeClock } from '../clock.js';
import { compareSettled, resultDiffer, type Comparator, type Settled } from '../compare/compare-results.js';
import { describeCause } from '../checks/violation-errors.js';
import type { ComparisonEvent, EvidenceSink } from '../evidence/event.js';
import { safeEmitter, type SinkErrorHandler } from '../evidence/safe-emit.js';
import { isPromiseLike } from '../maybe-async.js';
import { OPERATION_ID_MESSAGE, OPERATION_ID_PATTERN } from '../operation-id.js';
import { canaryBucket } from '../stable-hash.js';
import { parseOptions } from '../zod-issues.js';
import { SampleWindow } from './sample-window.js';
import type { CanaryStore, RollbackReason } from './state.js';

export interface CanaryRollbackRule {
  /** Roll back when more than this fraction of the window's samples differ from current. Makes every candidate call also run current. */
  mismatchRate?: number;
  /** Roll back when more than this fraction of the window's samples threw. */
  errorRate?: number;
  /** No decision before this many samples are in the window. */
  minSamples: number;
  /** Rates are over the last `window` candidate samples (of this process). */
  window: number;
}

export interface CanaryOptions<Input, Output, Ctx = void> {
  /** Share of keys served by the candidate, in [0, 100]. */
  percent: number;
  /** The stable identity of a caller (tenant, user, request key): the same key always gets the same arm. */
  key: (input: Input) => string;
  rollbackWhen: CanaryRollbackRule;
  store: CanaryStore;
  current: (input: Input, ctx: Ctx) => Output;
  candidate: (input: Input, ctx: Ctx) => Output;
  /** Default: deep equality ignoring `ignorePaths`. Used only with `rollbackWhen.mismatchRate`. */
  compare?: Comparator<Awaited<Output>>;
  ignorePaths?: string[];
  /** Receives a `canary` event per candidate sample and a `canary-rollback` event when a trigger fires. */
  sink?: EvidenceSink;
  clock?: RuntimeClock;
  onSinkError?: SinkErrorHandler;
}

export interface CanaryStatus {
  readonly operationId: string;
  readonly percent: number;
  readonly rolledBack: boolean;
  readonly samples: number;
  readonly errors: number;
  readonly mismatches: number;
}

/** `current` with a canary: same signature; a stable share of keys is served by the candidate until a trigger fires. */
export interface Canary<Input, Output, Ctx = void> {
  (input: Input, ctx: Ctx): Output;
  readonly operationId: string;
  /** The arm this input gets now (after a rollback: always `current`). */
  arm(input: Input): 'current' | 'candidate';
  status(): CanaryStatus;
}

const fn = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: `${name} must be a function` });
const rate = z.number().min(0).max(1);

const CanaryOptionsSchema = z
  .strictObject({
    percent: z.number().min(0).max(100),
    key: fn('key'),
    rollbackWhen: z
      .strictObject({
        mismatchRate: rate.optional(),
        errorRate: rate.optional(),
        minSamples: z.number().int().positive(),
        window: z.number().int().positive().max(1_000_000),
      })
      .refine((rule) => rule.mismatchRate !== undefined || rule.errorRate !== undefined, {
        error: 'needs mismatchRate or errorRate: a canary that can never roll back is not a canary',
      })
      .refine((rule) => rule.minSamples <= rule.window, {
        error: 'minSamples must not exceed window, or no decision could ever be made',
      }),
    store: z.custom<CanaryStore>(
      (value) => ['read', 'rollBack', 'reset'].every((method) => typeof (value as Record<string, unknown> | null)?.[method] === 'function'),
      { error: 'needs a canary store (fileCanaryStore or sqliteCanaryStore)' },
    ),
    current: fn('current'),
    candidate: fn('candidate'),
    compare: fn('compare').optional(),
    ignorePaths: z.array(z.string()).optional(),
    sink: z
      .custom<EvidenceSink>((value) => typeof (value as EvidenceSink | null)?.record === 'function', {
        error: 'must be a sink: { record(event) }',
      })
      .optional(),
    clock: fn('clock').optional(),
    onSinkError: fn('onSinkError').optional(),
  })
  .refine((options) => options.compare === undefined || options.ignorePaths === undefined, {
    error: 'ignorePaths applies to the default comparator only: drop it, or handle those paths in compare',
    path: ['ignorePaths'],
  })
  .refine(
    (options) => (options.compare === undefined && options.ignorePaths === undefined) || options.rollbackWhen.mismatchRate !== undefined,
    {
      error: 'compare and ignorePaths are used only with rollbackWhen.mismatchRate',
      path: ['rollbackWhen', 'mismatchRate'],
    },
  );

/**
 * Serves `percent`% of keys from the candidate, chosen by a stable hash of
 * `${operationId}:${key}` (same key, same arm, in every process). Each candidate
 * call is a sample: it errs when the candidate throws (the caller then gets
 * current's result), it mismatches when it differs from current's (only with
 * `mismatchRate`: current then runs too, and the candidate's result is served).
 * When a rate over the window exceeds its threshold, the rollback is written to
 * the store and every process using the store goes back to current for good
 * (until `store.reset`). An unreadable store or a failing key serves current.
 */
export function canary<Input, Output, Ctx = void>(
  operationId: string,
  options: CanaryOptions<Input, Output, Ctx>,
): Canary<Input, Output, Ctx> {
  const subject = `canary('${operationId}')`;
  parseOptions(subject, z.string().regex(OPERATION_ID_PATTERN, OPERATION_ID_MESSAGE), operationId);
  parseOptions(subject, CanaryOptionsSchema, options);
  const { percent, key, rollbackWhen, store, current, candidate, clock } = options;
  const compares = rollbackWhen.mismatchRate !== undefined;
  const differ = resultDiffer(subject, options.compare, options.ignorePaths);
  const emit = safeEmitter(options.sink, clock, options.onSinkError);
  const window = new SampleWindow(rollbackWhen.window);
  // Set as soon as this process decides to roll back, even if the store write fails.
  let rolledBackHere = false;

  const record = (outcome: ComparisonEvent['outcome'], extra: Pick<ComparisonEvent, 'diff' | 'message'> = {}) => {
    const event: ComparisonEvent = { kind: 'canary', operationId, outcome };
    if (extra.diff) event.diff = extra.diff;
    if (extra.message !== undefined) event.message = extra.message;
    emit(event);
  };

  const isRolledBack = (): boolean | 'unknown' => {
    if (rolledBackHere) return true;
    try {
      return store.read(operationId)?.status === 'rolled-back';
    } catch (error) {
      record('skipped', { message: `the canary store cannot be read, serving current: ${describeCause(error)}` });
      return 'unknown';
    }
  };

  const armOf = (input: Input, onKeyError: (error: unknown) => void): 'current' | 'candidate' => {
    let value: unknown;
    try {
      value = key(input);
      if (typeof value !== 'string') throw new TypeError(`key returned ${typeof value}, expected a string`);
    } catch (error) {
      onKeyError(error);
      return 'current';
    }
    return canaryBucket(operationId, value) < percent ? 'candidate' : 'current';
  };

  const triggered = (): RollbackReason | undefined => {
    if (window.count < rollbackWhen.minSamples) return undefined;
    const checks: Array<[RollbackReason['trigger'], number, number | undefined]> = [
      ['errorRate', window.errors / window.count, rollbackWhen.errorRate],
      ['mismatchRate', window.mismatches / window.count, rollbackWhen.mismatchRate],
    ];
    for (const [trigger, observed, threshold] of checks) {
      if (threshold !== undefined && observed > threshold) return { trigger, rate: observed, threshold, samples: window.count };
    }
    return undefined;
  };

  const sample = (error: boolean, mismatch: boolean) => {
    window.add({ error, mismatch });
    if (rolledBackHere) return;
    const reason = triggered();
    if (reason === undefined) return;
    rolledBackHere = true;
    const at = clock ? readClock(clock) : undefined;
    try {
      store.rollBack(operationId, reason, at);
    } catch (storeError) {
      process.emitWarning(`${subject} rolled back in this process, but the store could not record it: ${describeCause(storeError)}`, {
        code: 'PLUMBLINE_CANARY_STORE',
      });
    }
    emit({ kind: 'canary-rollback', operationId, ...reason });
  };

  /** Candidate returned: compare with current when mismatches count, then serve the candidate's value. */
  const afterCandidate = (input: Input, ctx: Ctx, value: Awaited<Output>): Output | Promise<Awaited<Output>> => {
    // Each sample's event is recorded before the rollback it may trigger.
    if (!compares) {
      record('served');
      sample(false, false);
      return value;
    }
    const conclude = (reference: Settled<Awaited<Output>>) => {
      const comparison = compareSettled(reference, { ok: true, value }, differ);
      record(comparison.outcome, comparison);
      sample(false, comparison.outcome === 'mismatch');
      return value;
    };
    let reference: Output;
    try {
      reference = current(input, ctx);
    } catch (error) {
      return conclude({ ok: false, error });
    }
    if (!isPromiseLike(reference)) return conclude({ ok: true, value: reference as Awaited<Output> });
    return Promise.resolve(reference).then(
      (settled) => conclude({ ok: true, value: settled as Awaited<Output> }),
      (error: unknown) => conclude({ ok: false, error }),
    );
  };

  const candidateFailed = (input: Input, ctx: Ctx, error: unknown): Output => {
    record('candidate-error', { message: describeCause(error).slice(0, 500) });
    sample(true, false);
    return current(input, ctx);
  };

  const served = (input: Input, ctx: Ctx): Output => {
    if (isRolledBack() !== false) return current(input, ctx);
    const arm = armOf(input, (error) => {
      record('skipped', { message: `the canary key failed, serving current: ${describeCause(error)}` });
    });
    if (arm === 'current') return current(input, ctx);
    // The candidate gets a copy, so when it fails the caller's input is still intact for current.
    const copy = deepCopy(input);
    if (!copy.ok) {
      record('skipped', { message: `the input cannot be copied, serving current: ${describeCause(copy.error)}` });
      return current(input, ctx);
    }
    let result: Output;
    try {
      result = candidate(copy.value, ctx);
    } catch (error) {
      return candidateFailed(input, ctx, error);
    }
    if (!isPromiseLike(result)) return afterCandidate(input, ctx, result as Awaited<Output>) as Output;
    return Promise.resolve(result).then(
      (value) => afterCandidate(input, ctx, value as Awaited<Output>),
      (error: unknown) => candidateFailed(input, ctx, error),
    ) as Output;
  };

  return Object.defineProperties(served, {
    operationId: { value: operationId, enumerable: true },
    arm: { value: (input: Input) => (isRolledBack() !== false ? 'current' : armOf(input, () => undefined)) },
    status: {
      value: (): CanaryStatus => ({
        operationId,
        percent,
        rolledBack: isRolledBack() !== false,
        samples: window.count,
        errors: window.errors,
        mismatches: window.mismatches,
      }),
    },
  }) as Canary<Input, Output, Ctx>;
}
