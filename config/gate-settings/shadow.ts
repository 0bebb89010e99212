import { z } from 'zod';
import { GateSettingsSchema, commandLine, globList, rate, type GateSettingsEntry } from './common.js';

export const ShadowRolloutSchema = z
  .object({
    operation: z
      .string()
      .regex(/^[a-z][\w-]*(\.[A-Za-z][\w-]*)+$/, "an operation id such as 'policies.evaluate'")
      .describe('The operation whose candidate is rolled out.'),
    stages: z
      .array(z.number().min(0, 'a stage is a percentage in [0, 100]').max(100, 'a stage is a percentage in [0, 100]'))
      .min(1, 'a rollout needs at least one stage')
      .refine((stages) => stages.every((stage, index) => index === 0 || stage > (stages[index - 1] as number)), 'stages must increase')
      .describe('Percentages of keys served by the candidate, stage by stage, e.g. [1, 5, 25, 100].'),
    rollbackWhen: z
      .object({
        mismatchRate: rate.optional().describe('Roll back when more than this fraction of the window differs from current.'),
        errorRate: rate.optional().describe('Roll back when more than this fraction of the window threw.'),
        minSamples: z.number().int().positive().describe('No rollback decision before this many samples.'),
        window: z.number().int().positive().describe('Rates are over the last this many candidate samples.'),
      })
      .strict()
      .refine((rule) => rule.mismatchRate !== undefined || rule.errorRate !== undefined, 'needs mismatchRate or errorRate')
      .refine((rule) => rule.minSamples <= rule.window, 'minSamples must not exceed window')
      .describe("The canary's rollback triggers (what canary() is given)."),
  })
  .strict();

export const ShadowGateSchema = GateSettingsSchema.extend({
  command: commandLine
    .optional()
    .describe(
      "A command that records shadow/canary evidence, as argv, run in the project root with PLUMBLINE_EVIDENCE_FILE naming a fresh file (e.g. a deterministic traffic replay or a test file). A leading 'vitest' is the project's own vitest. Either this or evidence.",
    ),
  evidence: globList
    .optional()
    .describe(
      'JSON Lines evidence files (project-relative, e.g. exported from staging) to read when there is no command. Every file must exist.',
    ),
  maxMismatchRate: rate.default(0.01).describe('Most mismatches per compared sample, per operation. Default: 0.01.'),
  maxErrorRate: rate.default(0.01).describe('Most candidate errors and timeouts per sample, per operation. Default: 0.01.'),
  minSamples: z.number().int().positive().default(100).describe('Fewest samples per operation for a verdict. Default: 100.'),
  operations: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Operations that must have shadow or canary evidence. Default: every operation in rollout, plus any operation seen in the evidence.',
    ),
  rollout: z
    .array(ShadowRolloutSchema)
    .default([])
    .describe('The staged-rollout plan, per operation; the gate renders it as the rollout contract document. Default: none.'),
})
  .strict()
  .refine((gate) => gate.command !== undefined || gate.evidence !== undefined, {
    error: 'the shadow gate needs evidence: set command (a run that records it) or evidence (files to read)',
  })
  .refine((gate) => gate.command === undefined || gate.evidence === undefined, {
    error: 'set command or evidence, not both',
    path: ['evidence'],
  });

export type ShadowGateConfig = z.output<typeof ShadowGateSchema>;

export const shadowSettings: GateSettingsEntry<typeof ShadowGateSchema> = {
  schema: ShadowGateSchema,
  description: 'The shadow gate: recorded shadow/canary evidence within mismatch and error thresholds, and the staged-rollout contract.',
};
