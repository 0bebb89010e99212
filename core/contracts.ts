import { z } from 'zod';

/**
 * The contracts every part of Plumbline speaks: one Finding shape for rules,
 * analyzers and gates; one GateResult shape for every gate; one Evidence
 * document for every reporter. Zod schemas first, types derived.
 */

export const SeveritySchema = z.enum(['error', 'warning', 'note']);

export const FindingSchema = z
  .object({
    ruleId: z.string().min(1),
    severity: SeveritySchema,
    message: z.string().min(1),
    /** Project-relative path with forward slashes; empty for project-wide findings. */
    file: z.string(),
    line: z.number().int().nonnegative(),
    column: z.number().int().nonnegative(),
    endLine: z.number().int().nonnegative().optional(),
    endColumn: z.number().int().nonnegative().optional(),
    fix: z
      .object({ range: z.tuple([z.number().int(), z.number().int()]), text: z.string() })
      .strict()
      .optional(),
    docsUrl: z.string().optional(),
    /**
     * Set only when a committed baseline was applied (SARIF 2.1.0 `baselineState`): `unchanged` is known debt the
     * baseline accepts, `new` is not in it, `absent` is a baseline entry whose finding is gone (fixed).
     */
    baselineState: z.enum(['new', 'unchanged', 'absent']).optional(),
  })
  .strict();

/** New, known (accepted by the baseline) and fixed findings of one slice of a gate's findings. */
export const BaselineCountsSchema = z
  .object({ new: z.number().int().nonnegative(), known: z.number().int().nonnegative(), fixed: z.number().int().nonnegative() })
  .strict();

/** What the committed baseline did to a gate's findings, per rule and per layer (see docs/baseline.md). */
export const BaselineDeltaSchema = z
  .object({
    /** Project-relative path of the baseline file. */
    file: z.string(),
    totals: BaselineCountsSchema,
    byRule: z.record(z.string(), BaselineCountsSchema),
    /** By the layer of the finding's file; `(none)` for files in no layer and project-wide findings. */
    byLayer: z.record(z.string(), BaselineCountsSchema),
  })
  .strict();

/** What a reporter needs to describe a rule (SARIF `reportingDescriptor`). */
export const RuleDescriptorSchema = z.object({ id: z.string().min(1), description: z.string(), docsUrl: z.string().optional() }).strict();

export const GateStatusSchema = z.enum(['pass', 'fail', 'deferred', 'error']);

export const GateResultSchema = z
  .object({
    status: GateStatusSchema,
    findings: z.array(FindingSchema),
    metrics: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    artifacts: z.array(z.string()),
    /** The rules whose findings this gate can report. */
    rules: z.array(RuleDescriptorSchema),
    /** Milliseconds; recorded in evidence only when timings are asked for. */
    durationMs: z.number().nonnegative(),
    /** Why the gate is deferred or errored, in one sentence. */
    reason: z.string().optional(),
    /** Present when a committed baseline was applied to this gate's findings. */
    baseline: BaselineDeltaSchema.optional(),
  })
  .strict();

export type BaselineCounts = z.infer<typeof BaselineCountsSchema>;
export type BaselineDelta = z.infer<typeof BaselineDeltaSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type GateStatus = z.infer<typeof GateStatusSchema>;
export type GateResult = z.infer<typeof GateResultSchema>;
export type RuleDescriptor = z.infer<typeof RuleDescriptorSchema>;

/** What a gate returns; the runner adds status bookkeeping and duration. */
export interface GateOutcome {
  findings: Finding[];
  metrics?: Record<string, number | string | boolean>;
  artifacts?: string[];
  rules?: RuleDescriptor[];
  baseline?: BaselineDelta;
  /**
   * Why the gate had nothing to check (not configured, nothing declared). The
   * runner then lists it as not run with this reason, never as passed: a gate
   * that checked nothing must not count as evidence.
   */
  nothingToCheck?: string;
}

/** A gate's result as evidence records it: no wall-clock duration (see Evidence.timings). */
export const GateReportSchema = GateResultSchema.omit({ durationMs: true }).extend({
  id: z.string(),
  title: z.string(),
});
export type GateReport = z.infer<typeof GateReportSchema>;

export const EvidenceSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('plumbline'), version: z.string() }).strict(),
    configHash: z.string(),
    mode: z.enum(['strict', 'monitor']),
    passed: z.boolean(),
    exitCode: z.union([z.literal(0), z.literal(1)]),
    /** Why the pack cannot pass whatever its gates said (no gate ran). */
    problem: z.string().optional(),
    gates: z.array(GateReportSchema),
    skipped: z.array(z.object({ gate: z.string(), reason: z.string() }).strict()),
    deferred: z.array(z.object({ gate: z.string(), reason: z.string(), until: z.string().optional(), expired: z.boolean() }).strict()),
    totals: z.object({ errors: z.number().int(), warnings: z.number().int(), notes: z.number().int() }).strict(),
    timings: z.record(z.string(), z.number()).optional(),
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;
