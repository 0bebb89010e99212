import { z } from 'zod';
import { GateSettingsSchema, commandLine, type GateSettingsEntry } from './common.js';

export const InvariantsGateSchema = GateSettingsSchema.extend({
  command: commandLine
    .optional()
    .describe(
      "The test command that records check evidence, as argv, run in the project root with PLUMBLINE_EVIDENCE_FILE naming a fresh file (the app's tests pass recordingSink() from @plumbline-kit/plumbline/testing to their registry). A leading 'vitest' is the project's own vitest. Default: ['vitest', 'run'].",
    ),
  forbiddenStates: z
    .enum(['critical', 'all', 'off'])
    .default('critical')
    .describe(
      "Whose forbidden states must each be attempted and rejected by a test: 'critical' operations (default), 'all' operations, or 'off'.",
    ),
}).strict();

export type InvariantsGateConfig = z.output<typeof InvariantsGateSchema>;

export const invariantsSettings: GateSettingsEntry<typeof InvariantsGateSchema> = {
  schema: InvariantsGateSchema,
  description:
    "The invariants gate: the app's tests, run with recording on, must show every invariant held and violated, and every forbidden state rejected.",
};
