import { z } from 'zod';
import { GateSettingsSchema, globList, type GateSettingsEntry } from './common.js';

export const DrillsGateSchema = GateSettingsSchema.extend({
  files: globList
    .min(1, 'name at least one drill file glob')
    .describe(
      "Globs, relative to the project root, of the files whose exported defineDrill(...) drills are run, e.g. 'test/drills/*.drill.ts'.",
    ),
}).strict();

export type DrillsGateConfig = z.output<typeof DrillsGateSchema>;

export const drillsSettings: GateSettingsEntry<typeof DrillsGateSchema> = {
  schema: DrillsGateSchema,
  description: 'The drills gate: runs the failure-injection drills and writes the failure-injection matrix.',
};
