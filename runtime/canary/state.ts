import { z } from 'zod';

/** Why a canary went back to current: which rate crossed its threshold, over how many samples. */
export const RollbackReasonSchema = z.strictObject({
  trigger: z.enum(['mismatchRate', 'errorRate']),
  rate: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  samples: z.number().int().positive(),
});
export type RollbackReason = z.infer<typeof RollbackReasonSchema>;

/** One operation's persisted canary state; `version` grows by one on every change. */
export const CanaryStateSchema = z
  .strictObject({
    status: z.enum(['active', 'rolled-back']),
    version: z.number().int().nonnegative(),
    reason: RollbackReasonSchema.optional(),
    rolledBackAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((state) => (state.status === 'rolled-back') === (state.reason !== undefined), {
    error: 'a rolled-back state has a reason, an active one has none',
  });
export type CanaryState = z.infer<typeof CanaryStateSchema>;

/**
 * Where canaries keep their rollback state, shared by every process that uses
 * the same store. Writes are serialised (lock or transaction), so processes agree.
 */
export interface CanaryStore {
  /** Names the store in errors and evidence (a file path, a table). */
  readonly location: string;
  /** The operation's state; `undefined` when it never changed (active). */
  read(operationId: string): CanaryState | undefined;
  /** Marks the operation rolled back; idempotent: a second rollback keeps the first reason. */
  rollBack(operationId: string, reason: RollbackReason, at?: string): CanaryState;
  /** Re-arms the canary after the candidate was fixed (an operator's decision, never automatic). */
  reset(operationId: string): CanaryState;
}

/** The state after a rollback of `previous` (which may be undefined or already rolled back). */
export function rolledBack(previous: CanaryState | undefined, reason: RollbackReason, at: string | undefined): CanaryState {
  if (previous?.status === 'rolled-back') return previous;
  return { status: 'rolled-back', version: (previous?.version ?? 0) + 1, reason, ...(at === undefined ? {} : { rolledBackAt: at }) };
}

export function rearmed(previous: CanaryState | undefined): CanaryState {
  return { status: 'active', version: (previous?.version ?? 0) + 1 };
}
