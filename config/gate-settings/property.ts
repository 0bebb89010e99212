import { z } from 'zod';
import { GateSettingsSchema, globList, type GateSettingsEntry } from './common.js';

export const PropertyGateSchema = GateSettingsSchema.extend({
  files: globList
    .min(1, 'name at least one property test file glob')
    .describe("Globs, relative to the project root, of the property test files to run, e.g. 'test/**/*.property.test.ts'."),
  seed: z
    .number()
    .int()
    .default(42)
    .describe(
      'fast-check seed handed to the tests (PLUMBLINE_PROPERTY_SEED) and recorded in evidence; `plumbline gate --seed` overrides it. Default: 42.',
    ),
  numRuns: z
    .number()
    .int()
    .positive()
    .max(1_000_000)
    .default(100)
    .describe('Generated cases per property (PLUMBLINE_PROPERTY_NUM_RUNS). Default: 100.'),
  vitestConfig: z
    .string()
    .min(1)
    .optional()
    .describe("The project's vitest config, relative to the root. Default: the one vitest finds in the root."),
  maxWorkers: z
    .number()
    .int()
    .positive()
    .max(64)
    .default(1)
    .describe('Vitest workers for the run (keep it small on shared CI machines). Default: 1.'),
}).strict();

export type PropertyGateConfig = z.output<typeof PropertyGateSchema>;

export const propertySettings: GateSettingsEntry<typeof PropertyGateSchema> = {
  schema: PropertyGateSchema,
  description: "The property gate: runs the project's property tests with a fixed fast-check seed and reports shrunk counterexamples.",
};
