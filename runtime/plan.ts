import type { z } from 'zod';
import type { CheckKind, CheckMode } from './checks/model.js';
import { checkEvent, type CompiledCheck } from './checks/run-checks.js';
import type { OperationDefinition } from './operation.js';

/** An operation compiled for execution: effective modes resolved once, at registration. */
export interface ExecutionPlan<Ctx> {
  readonly id: string;
  readonly definition: OperationDefinition<unknown, unknown, Ctx>;
  readonly handler: (input: unknown, ctx: Ctx) => unknown;
  readonly input: z.ZodType | undefined;
  readonly output: z.ZodType | undefined;
  readonly pre: readonly CompiledCheck[];
  /** Postconditions, then forbidden states, then invariants: the order they are evaluated in. */
  readonly after: readonly CompiledCheck[];
  /** No schema and no check: `execute` calls the handler directly (the hot path). */
  readonly bare: boolean;
  readonly snapshotInfo: { readonly before: SnapshotInfo; readonly after: SnapshotInfo };
  /** This operation's snapshot hook (its own, or the registry's), if any. */
  readonly snapshot: PlanSnapshot<Ctx> | undefined;
  /** Take the `before` snapshot: there are preconditions, or after-checks that asked to see it (`snapshotBefore: 'always'`). */
  readonly takesBefore: boolean;
}

export type PlanSnapshot<Ctx> = (input: unknown, ctx: Ctx, info: SnapshotInfo) => unknown;

export interface PlanOptions<Ctx> {
  readonly defaultMode: CheckMode;
  readonly snapshot: PlanSnapshot<Ctx> | undefined;
  /** `preconditions`: a `before` snapshot only for operations with preconditions; `always`: for every operation with checks. */
  readonly snapshotBefore: 'preconditions' | 'always';
}

/** What the registry's `snapshot` hook is told about the snapshot it is asked for. */
export interface SnapshotInfo {
  readonly operationId: string;
  /** `before`: for preconditions, before the handler; `after`: for postconditions, forbidden states and invariants. */
  readonly phase: 'before' | 'after';
}

interface SpecLike {
  id: string;
  description?: string | undefined;
  severity?: CompiledCheck['severity'];
  mode?: CheckMode | undefined;
  check: (args: never) => boolean;
}

type CheckCore = Omit<CompiledCheck, 'heldEvent' | 'violatedEvent'>;

export function compilePlan<Ctx>(definition: OperationDefinition<unknown, unknown, Ctx>, options: PlanOptions<Ctx>): ExecutionPlan<Ctx> {
  const { defaultMode } = options;
  const compiled = (core: CheckCore): CompiledCheck =>
    Object.freeze({
      ...core,
      heldEvent: checkEvent(definition.id, core, 'held'),
      violatedEvent: checkEvent(definition.id, core, 'violated'),
    });
  const spec = (kind: CheckKind, entries: readonly SpecLike[]): CompiledCheck[] =>
    entries.map((entry) =>
      compiled({
        id: entry.id,
        kind,
        mode: entry.mode ?? defaultMode,
        severity: entry.severity,
        explanation: entry.description,
        predicate: entry.check,
      }),
    );
  const pre = spec('pre', definition.spec.pre);
  const after = [
    ...spec('post', definition.spec.post),
    ...spec('forbidden', definition.spec.forbidden),
    ...definition.invariants.map((invariant) =>
      compiled({
        id: invariant.id,
        kind: 'invariant',
        mode: invariant.mode ?? defaultMode,
        severity: invariant.severity,
        explanation: invariant.remediation,
        predicate: (args) => invariant.condition(args),
      }),
    ),
  ];
  return Object.freeze({
    id: definition.id,
    definition,
    handler: definition.handler,
    input: definition.input,
    output: definition.output,
    pre: Object.freeze(pre),
    after: Object.freeze(after),
    bare: !definition.input && !definition.output && pre.length === 0 && after.length === 0,
    snapshot: options.snapshot,
    takesBefore: pre.length > 0 || (options.snapshotBefore === 'always' && after.length > 0),
    snapshotInfo: Object.freeze({
      before: Object.freeze({ operationId: definition.id, phase: 'before' as const }),
      after: Object.freeze({ operationId: definition.id, phase: 'after' as const }),
    }),
  });
}

/** Ids of the checks that only record (monitor mode). */
export function monitorCheckIds(plan: ExecutionPlan<unknown>): string[] {
  return [...plan.pre, ...plan.after].filter((check) => check.mode === 'monitor').map((check) => check.id);
}
