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
  })
  .strict();

/** What a reporter needs to describe a rule (SARIF `reportingDescriptor`). */
export const RuleDescriptorSchema = z
  .object({ id: z.string().min(1), description: z.string(), docsUrl: z.string().optional() })
  .strict();

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
  })
  .strict();

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
    gates: z.array(GateReportSchema),
    skipped: z.array(z.object({ gate: z.string(), reason: z.string() }).strict()),
    deferred: z.array(
      z.object({ gate: z.string(), reason: z.string(), until: z.string().optional(), expired: z.boolean() }).strict(),
    ),
    totals: z
      .object({ errors: z.number().int(), warnings: z.number().int(), notes: z.number().int() })
      .strict(),
    timings: z.record(z.string(), z.number()).optional(),
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;
