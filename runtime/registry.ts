import { z } from 'zod';
import { CheckModeSchema, type CheckMode } from './checks/model.js';
import type { CheckEmitter } from './checks/run-checks.js';
import type { RuntimeClock } from './clock.js';
import { DuplicateOperationError, RuntimeConfigurationError, UnknownOperationError } from './errors.js';
import type { CheckEvent, EvidenceSink } from './evidence/event.js';
import { safeEmitter, type SinkErrorHandler } from './evidence/safe-emit.js';
import { guardedExecution, validate } from './execution.js';
import { isPromiseLike } from './maybe-async.js';
import type { OperationContext, OperationDefinition } from './operation.js';
import { compilePlan, monitorCheckIds, type ExecutionPlan, type SnapshotInfo } from './plan.js';
import type { UnitOfWork } from './unit-of-work/types.js';
import { parseOptions } from './zod-issues.js';

// Operations of every input and output type share one table; `any` is the only
// type that accepts a handler of any parameter type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOperation<Ctx> = OperationDefinition<any, any, Ctx, any>;

/**
 * Reads the state that checks see: called inside the unit of work, with phase
 * `before` (when the operation has preconditions, or with `snapshotBefore:
 * 'always'`) and `after` (only when it has postconditions, forbidden states or
 * invariants). May return a promise when execution is asynchronous. Without a
 * hook, checks see `state: undefined`.
 */
export type StateSnapshot<Ctx> = (input: unknown, ctx: Ctx, info: SnapshotInfo) => unknown;

export interface OperationRegistryOptions<Ctx = OperationContext> {
  /** Mode of every check that does not set its own (default `enforce`: fail closed). */
  mode?: CheckMode;
  /** Where check evidence goes. Required as soon as any check is in monitor mode, or its violations would be lost. */
  sink?: EvidenceSink;
  /** `all` (default) records held and violated checks; `violations` only violated ones (lighter in production). */
  evidence?: 'all' | 'violations';
  snapshot?: StateSnapshot<Ctx>;
  /** Snapshot hooks of single operations, by operation id; each overrides `snapshot` for its operation. */
  snapshots?: Readonly<Record<string, StateSnapshot<Ctx>>>;
  /**
   * `preconditions` (default): the `before` snapshot is taken only for operations with
   * preconditions. `always`: for every operation with checks, so postconditions,
   * forbidden states and invariants can compare `before` with `state` (one more read per execution).
   */
  snapshotBefore?: 'preconditions' | 'always';
  /** Default unit of work for `execute`; an `execute` option overrides it. */
  unitOfWork?: UnitOfWork;
  /** Stamps events with `at`; without a clock events carry no time. */
  clock?: RuntimeClock;
  /** Called when the sink (or clock) throws; the operation is never affected. Default: a process warning. */
  onSinkError?: (error: unknown, event: CheckEvent) => void;
}

export interface ExecuteOptions {
  /** Run the operation inside this unit of work (overrides the registry's). */
  unitOfWork?: UnitOfWork;
}

/** How one observed execution ended: its output (awaited), or what it threw. */
export type ObservedOutcome = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Sees executions through `execute`: called before the operation runs (before
 * input validation) and returns the callback for its outcome, or undefined to
 * skip this execution. Must not throw: an observer that throws is ignored.
 */
export type ExecutionObserver<Ctx = OperationContext> = (execution: {
  readonly operationId: string;
  readonly input: unknown;
  readonly ctx: Ctx;
}) => ((outcome: ObservedOutcome) => void) | undefined;

export interface OperationRegistry<Ctx = OperationContext> {
  /**
   * Adds an observer of every execution (the replay recorder is one); returns
   * the function that removes it. Without observers, `execute` costs nothing extra.
   */
  observe(observer: ExecutionObserver<Ctx>): () => void;
  register(...operations: Array<AnyOperation<Ctx>>): void;
  has(id: string): boolean;
  get(id: string): OperationDefinition<unknown, unknown, Ctx>;
  /** Registered ids, sorted. */
  ids(): string[];
  /**
   * Runs an operation by id: validates the input, opens the unit of work (if
   * any), takes the `before` snapshot and checks preconditions, calls the
   * handler, validates the output, takes the `after` snapshot and checks
   * postconditions, forbidden states and invariants. An enforce-mode failure
   * throws inside the unit of work, so it rolls back. The result is synchronous
   * when the handler, snapshot and unit of work all are, a promise otherwise.
   */
  // The caller names the output type of the operation it looks up by id: a documented assertion of the API.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  execute<Output = unknown>(id: string, input: unknown, ctx: Ctx, options?: ExecuteOptions): Output;
}

const fn = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: `${name} must be a function` });

const UnitOfWorkSchema = z.custom<UnitOfWork>(
  (value) => typeof (value as UnitOfWork | null)?.run === 'function' && typeof (value as UnitOfWork).synchronous === 'boolean',
  { error: 'must be a unit of work: { name, synchronous: boolean, run(work) }' },
);

const ExecuteOptionsSchema = z.strictObject({ unitOfWork: UnitOfWorkSchema.optional() });

const RegistryOptionsSchema = z.strictObject({
  mode: CheckModeSchema.optional(),
  sink: z
    .custom<EvidenceSink>((value) => typeof (value as EvidenceSink | null)?.record === 'function', {
      error: 'must be a sink: { record(event) }',
    })
    .optional(),
  evidence: z.enum(['all', 'violations']).optional(),
  snapshot: fn('snapshot').optional(),
  snapshots: z.record(z.string(), fn('snapshots entry')).optional(),
  snapshotBefore: z.enum(['preconditions', 'always']).optional(),
  unitOfWork: UnitOfWorkSchema.optional(),
  clock: fn('clock').optional(),
  onSinkError: fn('onSinkError').optional(),
});

/** The spine's single table of operations: one id, one owner, one guarded execution path. */
export function createOperationRegistry<Ctx = OperationContext>(options: OperationRegistryOptions<Ctx> = {}): OperationRegistry<Ctx> {
  parseOptions('createOperationRegistry', RegistryOptionsSchema, options);
  const plans = new Map<string, ExecutionPlan<Ctx>>();
  const defaultMode = options.mode ?? 'enforce';
  const { sink, snapshot, snapshots, clock } = options;
  const snapshotBefore = options.snapshotBefore ?? 'preconditions';
  const defaultUnitOfWork = options.unitOfWork;
  const onSinkError = options.onSinkError;

  const emitter: CheckEmitter = {
    recordHeld: sink !== undefined && options.evidence !== 'violations',
    emit: safeEmitter(sink, clock, onSinkError as SinkErrorHandler | undefined),
  };

  const planOf = (id: string): ExecutionPlan<Ctx> => {
    const plan = plans.get(id);
    if (plan === undefined) throw new UnknownOperationError(id, [...plans.keys()].sort());
    return plan;
  };

  const guarded = guardedExecution<Ctx>(emitter);
  let observers: ReadonlyArray<ExecutionObserver<Ctx>> = [];

  const run = (id: string, input: unknown, ctx: Ctx, executeOptions: ExecuteOptions | undefined): unknown => {
    const plan = planOf(id);
    const unitOfWork = executeOptions?.unitOfWork ?? defaultUnitOfWork;
    if (unitOfWork === undefined) {
      // The hot path: nothing to validate or check.
      if (plan.bare) return plan.handler(input, ctx);
      const parsed = plan.input ? validate(plan.id, 'input', plan.input, input) : input;
      return guarded(plan, parsed, ctx, undefined);
    }
    if (executeOptions?.unitOfWork !== undefined) parseOptions(`execute('${id}') options`, ExecuteOptionsSchema, executeOptions);
    // Invalid input is rejected before any transaction is opened.
    const parsed = plan.input ? validate(plan.id, 'input', plan.input, input) : input;
    if (unitOfWork.synchronous) return unitOfWork.run(() => guarded(plan, parsed, ctx, unitOfWork.name));
    return unitOfWork.run(() => guarded(plan, parsed, ctx, undefined));
  };

  return {
    register(...list) {
      const compiled = list.map((operation) =>
        compilePlan(operation as OperationDefinition<unknown, unknown, Ctx>, {
          defaultMode,
          snapshot: snapshots !== undefined && Object.hasOwn(snapshots, operation.id) ? snapshots[operation.id] : snapshot,
          snapshotBefore,
        }),
      );
      const incoming = new Map<string, string>();
      for (const plan of compiled) {
        const owner = plans.get(plan.id)?.definition.owner ?? incoming.get(plan.id);
        if (owner !== undefined) throw new DuplicateOperationError(plan.id, [owner, plan.definition.owner]);
        incoming.set(plan.id, plan.definition.owner);
        const monitored = monitorCheckIds(plan as ExecutionPlan<unknown>);
        if (sink === undefined && monitored.length > 0) {
          throw new RuntimeConfigurationError(`operation '${plan.id}'`, [
            {
              path: 'sink',
              message: `checks ${monitored.join(', ')} are in monitor mode but the registry has no sink, so their violations would be lost: pass \`sink\` (e.g. memorySink() or jsonLinesSink(file))`,
            },
          ]);
        }
      }
      // All or nothing: a failing batch registers none of its operations.
      for (const plan of compiled) plans.set(plan.id, plan);
    },
    has: (id) => plans.has(id),
    get: (id) => planOf(id).definition,
    ids: () => [...plans.keys()].sort(),
    observe(observer) {
      if (typeof observer !== 'function') {
        throw new RuntimeConfigurationError('observe', [{ path: 'observer', message: 'must be a function' }]);
      }
      observers = [...observers, observer];
      return () => {
        observers = observers.filter((entry) => entry !== observer);
      };
    },
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the interface's assertion, above
    execute<Output>(id: string, input: unknown, ctx: Ctx, executeOptions?: ExecuteOptions): Output {
      if (observers.length === 0) return run(id, input, ctx, executeOptions) as Output;
      return observeExecution(observers, id, input, ctx, () => run(id, input, ctx, executeOptions)) as Output;
    },
  };
}

/** Runs one execution under observation; the observers never change its outcome. */
function observeExecution<Ctx, Output>(
  observers: ReadonlyArray<ExecutionObserver<Ctx>>,
  operationId: string,
  input: unknown,
  ctx: Ctx,
  execute: () => Output,
): Output {
  const callbacks: Array<(outcome: ObservedOutcome) => void> = [];
  for (const observer of observers) {
    try {
      const callback = observer({ operationId, input, ctx });
      if (callback !== undefined) callbacks.push(callback);
    } catch {
      // An observer is a bystander: its failure must not touch the operation.
    }
  }
  if (callbacks.length === 0) return execute();
  const settle = (outcome: ObservedOutcome) => {
    for (const callback of callbacks) {
      try {
        callback(outcome);
      } catch {
        // As above: the operation's outcome stands whatever an observer does.
      }
    }
  };
  let result: Output;
  try {
    result = execute();
  } catch (error) {
    settle({ ok: false, error });
    throw error;
  }
  if (!isPromiseLike(result)) {
    settle({ ok: true, output: result });
    return result;
  }
  Promise.resolve(result).then(
    (output) => {
      settle({ ok: true, output });
    },
    (error: unknown) => {
      settle({ ok: false, error });
    },
  );
  return result;
}
