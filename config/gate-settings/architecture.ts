import { z } from 'zod';
import { GateSettingsSchema, globList, type GateSettingsEntry } from './common.js';

const GraphRuleSeveritySchema = z.enum(['error', 'warn', 'off']);

export const ArchitectureGateSchema = GateSettingsSchema.extend({
  entryPoints: globList
    .optional()
    .describe("Files that may have no dependents, e.g. 'src/gateway/server.ts': never reported as orphans. Default: none."),
  orphans: GraphRuleSeveritySchema.default('warn').describe(
    'How to report a module that imports nothing and that nothing imports (dependency-cruiser no-orphans). Default: warn.',
  ),
  circular: GraphRuleSeveritySchema.default('error').describe(
    'How to report a runtime import cycle; cycles through type-only imports are not reported (no-circular). Default: error.',
  ),
  unresolvable: GraphRuleSeveritySchema.default('error').describe(
    'How to report an import that resolves to no file and no installed package (not-to-unresolvable). Default: error.',
  ),
  devDependencies: GraphRuleSeveritySchema.default('error').describe(
    'How to report production code (include, test files aside) importing a devDependency of package.json (not-to-dev-dep). Default: error.',
  ),
}).strict();

export type ArchitectureGateConfig = z.output<typeof ArchitectureGateSchema>;

export const architectureSettings: GateSettingsEntry<typeof ArchitectureGateSchema> = {
  schema: ArchitectureGateSchema,
  description: 'The architecture gate: dependency-cruiser rules generated from the layers, plus graph rules.',
};
