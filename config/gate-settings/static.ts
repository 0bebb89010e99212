import { z } from 'zod';
import { GateSettingsSchema, type GateSettingsEntry } from './common.js';

/** The hosts that can run the rule suite; 'auto' takes oxlint when it is installed and starts, ESLint otherwise. */
export const LintEngineSchema = z.enum(['auto', 'eslint', 'oxlint']);

export const StaticGateSchema = GateSettingsSchema.extend({
  engine: LintEngineSchema.default('auto').describe(
    "Which host runs the rules: 'oxlint' (its JS-plugin host, Rust parser), 'eslint', or 'auto' (oxlint when it is installed " +
      "and starts, ESLint otherwise). `--engine` overrides it. Default: 'auto'.",
  ),
}).strict();

export type StaticGateConfig = z.output<typeof StaticGateSchema>;

export const staticSettings: GateSettingsEntry<typeof StaticGateSchema> = {
  schema: StaticGateSchema,
  description: 'The static gate and `plumbline check`: the rule suite on every source file.',
};
