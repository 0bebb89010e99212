import { z } from 'zod';
import { GateSettingsSchema, driftSeverity, type GateSettingsEntry } from './common.js';

export const DataDriftSchema = z
  .object({
    snapshot: z
      .string()
      .min(1)
      .default('.plumbline/baselines/data-profile.json')
      .describe("The committed profile snapshot written by 'plumbline data snapshot', relative to the root."),
    maxPsi: z
      .number()
      .nonnegative()
      .default(0.2)
      .describe('Largest population stability index of a column before it counts as drifted. Default: 0.2.'),
    maxNullRateChange: z.number().min(0).max(1).default(0.05).describe("Largest absolute change of a column's null rate. Default: 0.05."),
    maxRowCountChange: z
      .number()
      .nonnegative()
      .optional()
      .describe("Largest relative change of a table's row count (0.5 = ±50%). Default: not checked."),
    severity: driftSeverity.default('error').describe('Severity of a drifted column. Default: error.'),
  })
  .strict();

export const DataQualityGateSchema = GateSettingsSchema.extend({
  statementTimeoutMs: z
    .number()
    .int()
    .positive()
    .max(60 * 60 * 1000)
    .default(30_000)
    .describe('Statement timeout of every query on PostgreSQL (SET LOCAL statement_timeout). Default: 30000.'),
  sampleSize: z.number().int().min(0).max(100).default(5).describe('How many offending keys a failing expectation shows. Default: 5.'),
  drift: DataDriftSchema.optional().describe('Compare column profiles with the committed snapshot (semantic drift). Default: off.'),
}).strict();

export type DataQualityGateConfig = z.output<typeof DataQualityGateSchema>;
export type DataDriftConfig = z.output<typeof DataDriftSchema>;

export const dataQualitySettings: GateSettingsEntry<typeof DataQualityGateSchema> = {
  schema: DataQualityGateSchema,
  description: "The data-quality gate: the data contracts' expectations run as SQL, and profile drift against a snapshot.",
};
