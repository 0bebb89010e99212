import { z } from 'zod';
import { CheckKindSchema, CheckModeSchema, SeveritySchema } from '../checks/model.js';

const operationId = z.string().min(1);
/** Free-form tags a sink wrapper adds (e.g. the test that ran), never set by the runtime itself. */
const labels = z.record(z.string(), z.string()).optional();
/** Only present when a clock is injected, so evidence stays byte-identical across runs by default. */
const at = z.iso.datetime({ offset: true }).optional();

/**
 * One evaluated check. `predicate-error` means the predicate threw or returned a
 * non-boolean: it counts as violated, and `checkKind` says which check it was.
 */
export const CheckEventSchema = z
  .strictObject({
    operationId,
    checkId: z.string().min(1),
    kind: z.enum(['invariant', 'pre', 'post', 'forbidden', 'predicate-error']),
    outcome: z.enum(['held', 'violated']),
    severity: SeveritySchema.optional(),
    mode: CheckModeSchema,
    checkKind: CheckKindSchema.optional(),
    message: z.string().optional(),
    labels,
    at,
  })
  .refine((event) => event.kind !== 'predicate-error' || (event.outcome === 'violated' && event.checkKind !== undefined), {
    error: "a 'predicate-error' event is 'violated' and names its checkKind",
  })
  .refine((event) => event.kind === 'predicate-error' || event.checkKind === undefined, {
    error: "only a 'predicate-error' event has a checkKind",
  });
export type CheckEvent = z.infer<typeof CheckEventSchema>;

/** Paths (e.g. `items[2].price`, `(root)`) where two results differ; sorted; capped, with `truncated` saying so. */
export const ResultDiffSchema = z.strictObject({
  paths: z.array(z.string()),
  truncated: z.boolean(),
});
export type ResultDiff = z.infer<typeof ResultDiffSchema>;

/**
 * One shadow or canary sample of the candidate against current. `skipped`: no
 * comparison was possible (uncloneable input, too many pending shadows, a failing
 * comparator, canary key or store); `message` says why. `served` (canary only):
 * the candidate served the call and was not compared (no `mismatchRate`).
 */
export const ComparisonEventSchema = z.strictObject({
  kind: z.enum(['shadow', 'canary']),
  operationId,
  outcome: z.enum(['match', 'mismatch', 'candidate-error', 'candidate-timeout', 'skipped', 'served']),
  diff: ResultDiffSchema.optional(),
  message: z.string().optional(),
  labels,
  at,
});
export type ComparisonEvent = z.infer<typeof ComparisonEventSchema>;
export type ComparisonOutcome = ComparisonEvent['outcome'];

/** A canary's rollback trigger fired: traffic went back to current. */
export const CanaryRollbackEventSchema = z.strictObject({
  kind: z.literal('canary-rollback'),
  operationId,
  trigger: z.enum(['mismatchRate', 'errorRate']),
  rate: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  samples: z.number().int().positive(),
  labels,
  at,
});
export type CanaryRollbackEvent = z.infer<typeof CanaryRollbackEventSchema>;

/** Everything the runtime records; the invariants and shadow gates read these. */
export const EvidenceEventSchema = z.union([CheckEventSchema, ComparisonEventSchema, CanaryRollbackEventSchema]);
export type EvidenceEvent = z.infer<typeof EvidenceEventSchema>;

/** Where evidence goes. `record` is synchronous and called on the operation's path: keep it cheap. */
export interface EvidenceSink {
  record(event: EvidenceEvent): void;
}

/**
 * Validates an evidence event against the one schema its shape selects, so the
 * issues name the wrong field (a plain union would only say "invalid input").
 */
export function safeParseEvidenceEvent(value: unknown): ReturnType<typeof EvidenceEventSchema.safeParse> {
  const record = (value ?? {}) as { checkId?: unknown; kind?: unknown };
  if (typeof record === 'object' && 'checkId' in record) return CheckEventSchema.safeParse(value);
  if (record.kind === 'shadow' || record.kind === 'canary') return ComparisonEventSchema.safeParse(value);
  if (record.kind === 'canary-rollback') return CanaryRollbackEventSchema.safeParse(value);
  return EvidenceEventSchema.safeParse(value);
}
