import { z } from 'zod';
import { GateSettingsSchema, globList, type GateSettingsEntry } from './common.js';

export const MutationGateSchema = GateSettingsSchema.extend({
  threshold: z
    .number()
    .min(0)
    .max(100)
    .default(60)
    .describe('Lowest acceptable overall mutation score, in percent (a score exactly at the threshold passes). Default: 60.'),
  maxDrop: z
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe("Largest acceptable drop of one file's score against the baseline, in percentage points. Default: 5."),
  minFileScore: z
    .number()
    .min(0)
    .max(100)
    .default(60)
    .describe(
      'Lowest acceptable mutation score of each mutated file, in percent (exactly the floor passes); ' +
        'a new file enters the baseline only at or above it. Default: 60.',
    ),
  baseline: z
    .string()
    .min(1)
    .default('.plumbline/baselines/mutation.json')
    .describe(
      "The committed baseline, relative to the root; `plumbline mutation --update-baseline` rewrites it. Default: '.plumbline/baselines/mutation.json'.",
    ),
  mutate: globList
    .min(1, 'name at least one glob, or leave mutate out to mutate the engine layers')
    .optional()
    .describe('Globs of the files to mutate. Default: the source files of the layers in engines.layers.'),
  vitestConfig: z
    .string()
    .min(1)
    .optional()
    .describe("The project's vitest config, relative to the root. Default: the one vitest finds in the root."),
  concurrency: z
    .number()
    .int()
    .positive()
    .max(64)
    .default(2)
    .describe('Stryker test-runner processes (keep it small on shared CI machines). Default: 2.'),
  incremental: z
    .boolean()
    .default(true)
    .describe(
      "Reuse the results of unchanged mutants from Stryker's incremental file (.plumbline/mutation/stryker-incremental.json). Default: true.",
    ),
}).strict();

export type MutationGateConfig = z.output<typeof MutationGateSchema>;

export const mutationSettings: GateSettingsEntry<typeof MutationGateSchema> = {
  schema: MutationGateSchema,
  description:
    'The mutation gate: Stryker on the engine layers, with an absolute threshold and a regression delta against a committed baseline.',
};
