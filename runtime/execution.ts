import type { z } from 'zod';
import { failChecks, runChecks, type CheckEmitter, type CompiledCheck } from './checks/run-checks.js';
import { OperationContractError, SynchronousUnitOfWorkError } from './errors.js';
import { abandon, isPromiseLike } from './maybe-async.js';
import type { ExecutionPlan } from './plan.js';
import { toContractIssues } from './zod-issues.js';

/** A snapshot that could not be taken: every check of its phase becomes a predicate error. */
class SnapshotFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * The guarded path of one execution, run inside the unit of work: `before`
 * snapshot and preconditions, handler, output validation, `after` snapshot,
 * postconditions, forbidden states, invariants. Stays synchronous while every
 * step is; `syncUnit` names a synchronous unit of work, inside which a promise is an error.
 */
export function guardedExecution<Ctx>(
  emitter: CheckEmitter,
): (plan: ExecutionPlan<Ctx>, input: unknown, ctx: Ctx, syncUnit: string | undefined) => unknown {
  /** `broken`: a snapshot of this execution that failed, so none of `checks` can be evaluated. */
  const check = (plan: ExecutionPlan<Ctx>, checks: readonly CompiledCheck[], broken: SnapshotFailure | undefined, args: unknown): void => {
    const failure =
      broken !== undefined
        ? failChecks(plan.id, checks, new Error(`the state snapshot failed: ${describe(broken.cause)}`, { cause: broken.cause }), emitter)
        : runChecks(plan.id, checks, args, emitter);
    if (failure) throw failure;
  };

  const takeSnapshot = (
    plan: ExecutionPlan<Ctx>,
    input: unknown,
    ctx: Ctx,
    phase: 'before' | 'after',
    syncUnit: string | undefined,
  ): unknown => {
    const snapshot = plan.snapshot;
    if (snapshot === undefined) return undefined;
    let state: unknown;
    try {
      state = snapshot(input, ctx, plan.snapshotInfo[phase]);
    } catch (error) {
      return new SnapshotFailure(error);
    }
    if (!isPromiseLike(state)) return state;
    if (syncUnit !== undefined) {
      abandon(state);
      throw new SynchronousUnitOfWorkError(plan.id, syncUnit, 'the state snapshot');
    }
    return Promise.resolve(state).then(
      (value) => value,
      (error: unknown) => new SnapshotFailure(error),
    );
  };

  const finish = (
    plan: ExecutionPlan<Ctx>,
    input: unknown,
    ctx: Ctx,
    raw: unknown,
    before: unknown,
    syncUnit: string | undefined,
  ): unknown => {
    const output = plan.output ? validate(plan.id, 'output', plan.output, raw) : raw;
    if (plan.after.length === 0) return output;
    const state = takeSnapshot(plan, input, ctx, 'after', syncUnit);
    if (isPromiseLike(state)) {
      return state.then((value) => {
        check(plan, plan.after, failureOf(before, value), { input, output, state: value, before });
        return output;
      });
    }
    check(plan, plan.after, failureOf(before, state), { input, output, state, before });
    return output;
  };

  const invoke = (plan: ExecutionPlan<Ctx>, input: unknown, ctx: Ctx, before: unknown, syncUnit: string | undefined): unknown => {
    const result = plan.handler(input, ctx);
    if (!isPromiseLike(result)) return finish(plan, input, ctx, result, before, syncUnit);
    if (syncUnit !== undefined) {
      abandon(result);
      throw new SynchronousUnitOfWorkError(plan.id, syncUnit, 'the handler');
    }
    return Promise.resolve(result).then((value) => finish(plan, input, ctx, value, before, undefined));
  };

  return (plan, input, ctx, syncUnit) => {
    if (!plan.takesBefore) return invoke(plan, input, ctx, undefined, syncUnit);
    const state = takeSnapshot(plan, input, ctx, 'before', syncUnit);
    if (isPromiseLike(state)) {
      return state.then((value) => {
        if (plan.pre.length > 0) check(plan, plan.pre, failureOf(value, undefined), { input, state: value });
        return invoke(plan, input, ctx, value, undefined);
      });
    }
    if (plan.pre.length > 0) check(plan, plan.pre, failureOf(state, undefined), { input, state });
    return invoke(plan, input, ctx, state, syncUnit);
  };
}

function failureOf(first: unknown, second: unknown): SnapshotFailure | undefined {
  if (first instanceof SnapshotFailure) return first;
  return second instanceof SnapshotFailure ? second : undefined;
}

/** Parses a value with the operation's schema, or throws OperationContractError naming each problem. */
export function validate<T>(id: string, side: 'input' | 'output', schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new OperationContractError(id, side, toContractIssues(parsed.error));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
