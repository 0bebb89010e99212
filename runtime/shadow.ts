import { z } from 'zod';
import { deepCopy } from './clone.js';
import type { RuntimeClock } from './clock.js';
import { compareSettled, resultDiffer, type Comparator, type Settled } from './compare/compare-results.js';
import { describeCause } from './checks/violation-errors.js';
import type { ComparisonEvent, EvidenceSink } from './evidence/event.js';
import { safeEmitter, type SinkErrorHandler } from './evidence/safe-emit.js';
import { isPromiseLike } from './maybe-async.js';
import { OPERATION_ID_MESSAGE, OPERATION_ID_PATTERN } from './operation-id.js';
import { parseOptions } from './zod-issues.js';

export interface ShadowOptions<Input, Output, Ctx = void> {
  /** The implementation the caller gets the result (or error) of. */
  current: (input: Input, ctx: Ctx) => Output;
  /** The implementation under trial: runs on a deep copy of the input, after current, off the caller's path. */
  candidate: (input: Input, ctx: Ctx) => Awaited<Output> | PromiseLike<Awaited<Output>>;
  /** Default: deep equality ignoring `ignorePaths`. */
  compare?: Comparator<Awaited<Output>>;
  /** Paths the default comparator ignores, e.g. `updatedAt`, `items[*].id`, `meta.*`. */
  ignorePaths?: string[];
  /** Fraction of calls compared, in [0, 1] (default 1). */
  sampleRate?: number;
  /** A candidate that has not settled by then is recorded as `candidate-timeout` (default 1000 ms). */
  timeoutMs?: number;
  /** Most candidate runs in flight; beyond it, calls are not compared (`skipped`) (default 100). */
  maxPending?: number;
  sink: EvidenceSink;
  /** Source of [0, 1) numbers for sampling; pass a seeded one for deterministic sampling (default Math.random). */
  random?: () => number;
  clock?: RuntimeClock;
  onSinkError?: SinkErrorHandler;
}

/** `current` with a shadow: same signature and result, plus a way to await the candidates in flight. */
export interface Shadowed<Input, Output, Ctx = void> {
  (input: Input, ctx: Ctx): Output;
  readonly operationId: string;
  /** Candidate runs started and not yet recorded. */
  readonly pending: number;
  /** Resolves once every candidate started so far has been compared and recorded (or timed out). */
  flush(): Promise<void>;
}

const fn = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: `${name} must be a function` });

const ShadowOptionsSchema = z
  .strictObject({
    current: fn('current'),
    candidate: fn('candidate'),
    compare: fn('compare').optional(),
    ignorePaths: z.array(z.string()).optional(),
    sampleRate: z.number().min(0).max(1).optional(),
    timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
    maxPending: z.number().int().positive().optional(),
    sink: z.custom<EvidenceSink>((value) => typeof (value as EvidenceSink | null)?.record === 'function', {
      error: 'needs a sink: { record(event) }',
    }),
    random: fn('random').optional(),
    clock: fn('clock').optional(),
    onSinkError: fn('onSinkError').optional(),
  })
  .refine((options) => options.compare === undefined || options.ignorePaths === undefined, {
    error: 'ignorePaths applies to the default comparator only: drop it, or handle those paths in compare',
    path: ['ignorePaths'],
  });

interface Job<Input, Output, Ctx> {
  readonly input: Input;
  readonly ctx: Ctx;
  readonly current: Settled<Awaited<Output>> | PromiseLike<Settled<Awaited<Output>>>;
  timer?: NodeJS.Timeout;
}

/**
 * Runs `candidate` in the shadow of `current`. The caller always gets current's
 * result, or current's error rethrown; the candidate runs afterwards on a deep
 * copy of the input (it cannot touch the caller's objects), its errors and hangs
 * are recorded, never thrown, and the caller never waits for it.
 */
export function shadow<Input, Output, Ctx = void>(
  operationId: string,
  options: ShadowOptions<Input, Output, Ctx>,
): Shadowed<Input, Output, Ctx> {
  parseOptions(`shadow('${operationId}')`, z.string().regex(OPERATION_ID_PATTERN, OPERATION_ID_MESSAGE), operationId);
  parseOptions(`shadow('${operationId}')`, ShadowOptionsSchema, options);
  const { current, candidate, sink } = options;
  const differ = resultDiffer(`shadow('${operationId}')`, options.compare, options.ignorePaths);
  const sampleRate = options.sampleRate ?? 1;
  const timeoutMs = options.timeoutMs ?? 1000;
  const maxPending = options.maxPending ?? 100;
  const random = options.random ?? Math.random;
  const emit = safeEmitter(sink, options.clock, options.onSinkError);

  // The caller's path only queues a job; one setImmediate starts the queued candidates after it.
  let queued: Array<Job<Input, Output, Ctx>> = [];
  let drainScheduled = false;
  const running = new Set<Job<Input, Output, Ctx>>();
  let idleWaiters: Array<() => void> = [];
  let flushing = 0;
  const pending = () => queued.length + running.size;

  const record = (outcome: ComparisonEvent['outcome'], extra: Pick<ComparisonEvent, 'diff' | 'message'> = {}) => {
    const event: ComparisonEvent = { kind: 'shadow', operationId, outcome };
    if (extra.diff) event.diff = extra.diff;
    if (extra.message !== undefined) event.message = extra.message;
    emit(event);
  };

  const settleWithin = (job: Job<Input, Output, Ctx>, value: PromiseLike<Awaited<Output>>): Promise<Settled<Awaited<Output>> | 'timeout'> =>
    new Promise((resolve) => {
      job.timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
      // A hung candidate must never keep the process alive, except while someone awaits flush().
      if (flushing === 0) job.timer.unref();
      Promise.resolve(value).then(
        (settled) => {
          resolve({ ok: true, value: settled });
        },
        (error: unknown) => {
          resolve({ ok: false, error });
        },
      );
    });

  const runCandidate = async (job: Job<Input, Output, Ctx>): Promise<void> => {
    const currentSettled = await job.current;
    let outcome: Settled<Awaited<Output>> | 'timeout';
    try {
      const value = candidate(job.input, job.ctx);
      outcome = isPromiseLike(value) ? await settleWithin(job, value) : { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (outcome === 'timeout') {
      record('candidate-timeout', { message: `the candidate did not settle within ${timeoutMs} ms` });
      return;
    }
    // Both sides go through the same copy, so a class instance is compared like its copy.
    const candidateSettled = outcome.ok ? copyOrThrow(outcome.value, 'the candidate') : outcome;
    const comparison = compareSettled(currentSettled, candidateSettled, differ);
    record(comparison.outcome, comparison);
  };

  const finished = (job: Job<Input, Output, Ctx>) => {
    if (job.timer) clearTimeout(job.timer);
    running.delete(job);
    if (pending() === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  const drain = () => {
    drainScheduled = false;
    const jobs = queued;
    queued = [];
    for (const job of jobs) {
      running.add(job);
      runCandidate(job)
        .catch((error: unknown) => {
          record('skipped', { message: `the shadow failed: ${describeCause(error)}` });
        })
        .finally(() => {
          finished(job);
        });
    }
  };

  const enqueue = (job: Job<Input, Output, Ctx>) => {
    queued.push(job);
    if (!drainScheduled) {
      drainScheduled = true;
      setImmediate(drain);
    }
  };

  const shadowed = (input: Input, ctx: Ctx): Output => {
    if (!(random() < sampleRate)) return current(input, ctx);
    if (pending() >= maxPending) {
      record('skipped', { message: `${maxPending} candidate runs already in flight` });
      return current(input, ctx);
    }
    // Copied before current runs, so the candidate sees the input current saw even if current mutates it.
    const copy = deepCopy(input);
    if (!copy.ok) {
      record('skipped', { message: `the input cannot be copied: ${describeCause(copy.error)}` });
      return current(input, ctx);
    }
    let result: Output;
    try {
      result = current(input, ctx);
    } catch (error) {
      enqueue({ input: copy.value, ctx, current: { ok: false, error } });
      throw error;
    }
    if (isPromiseLike(result)) {
      // Registered before the caller's own continuation, so the copy is taken before the caller can mutate the value.
      const settled = Promise.resolve(result).then(
        (value) => copyOrThrow(value as Awaited<Output>, "current's result"),
        (error: unknown): Settled<Awaited<Output>> => ({ ok: false, error }),
      );
      enqueue({ input: copy.value, ctx, current: settled });
      return result;
    }
    const resultCopy = deepCopy(result as Awaited<Output>);
    if (!resultCopy.ok) record('skipped', { message: `current's result cannot be copied: ${describeCause(resultCopy.error)}` });
    else enqueue({ input: copy.value, ctx, current: resultCopy });
    return result;
  };

  return Object.defineProperties(shadowed, {
    operationId: { value: operationId, enumerable: true },
    pending: { get: pending, enumerable: true },
    flush: {
      value: async () => {
        if (pending() === 0) return;
        flushing++;
        try {
          for (const job of running) job.timer?.ref();
          await new Promise<void>((resolve) => idleWaiters.push(resolve));
        } finally {
          flushing--;
        }
      },
    },
  }) as Shadowed<Input, Output, Ctx>;
}

function copyOrThrow<T>(value: T, what: string): Settled<T> {
  const copy = deepCopy(value);
  if (!copy.ok) throw new Error(`${what} cannot be copied: ${describeCause(copy.error)}`);
  return copy;
}
