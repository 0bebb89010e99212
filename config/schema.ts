import { z } from 'zod';

/**
 * The zod schema of plumbline.config.* — the single source of truth for the
 * config's shape. TypeScript types and the editor JSON Schema are derived from it.
 */

const layerName = z
  .string()
  .regex(/^[A-Za-z][\w-]*$/, 'a layer name starts with a letter and holds only letters, digits, _ and -');

const globList = z.array(z.string().min(1, 'a glob must not be empty'));

export const LayerSchema = z
  .object({
    level: z.string().optional().describe('Label of the layer in the architecture, e.g. "L4".'),
    description: z.string().optional().describe('What belongs in the layer, for people reading the config.'),
    paths: globList
      .min(1, 'a layer needs at least one path glob')
      .describe('Globs, relative to the project root, of the files in this layer.'),
    mayImport: z
      .array(layerName)
      .default([])
      .describe('Layers this layer may import (a layer may always import itself). Default: none.'),
    mayImportTypes: z
      .array(layerName)
      .default([])
      .describe('Layers this layer may import types from (import type / export type), but not values. Default: none.'),
  })
  .strict();

/** A layer as the user writes it: every field optional, since a preset may supply the rest. */
const UserLayerSchema = z
  .object({
    level: LayerSchema.shape.level,
    description: LayerSchema.shape.description,
    paths: LayerSchema.shape.paths.optional(),
    mayImport: z.array(layerName).optional(),
    mayImportTypes: z.array(layerName).optional(),
  })
  .strict();

export const BannedFileSchema = z.union([
  z.string().min(1),
  z
    .object({
      pattern: z.string().min(1),
      reason: z.string().min(1).optional(),
    })
    .strict(),
]);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date');

/** True for a YYYY-MM-DD that names a real day (no 2027-02-30). */
export function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export const DeferredSchema = z
  .object({
    gate: z.string().min(1).describe('Id of the gate, e.g. "static".'),
    reason: z.string().trim().min(1, 'a deferral needs a reason'),
    until: isoDate.optional().describe('Last day (inclusive) on which the deferral holds.'),
  })
  .strict();

const timeoutMs = z.number().int().positive().max(24 * 60 * 60 * 1000);

export const GateSettingsSchema = z
  .object({
    timeoutMs: timeoutMs.optional().describe("This gate's timeout in milliseconds; overrides gates.timeoutMs."),
  })
  .strict();

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

export const PropertyGateSchema = GateSettingsSchema.extend({
  files: globList
    .min(1, 'name at least one property test file glob')
    .describe("Globs, relative to the project root, of the property test files to run, e.g. 'test/**/*.property.test.ts'."),
  seed: z
    .number()
    .int()
    .safe()
    .default(42)
    .describe('fast-check seed handed to the tests (PLUMBLINE_PROPERTY_SEED) and recorded in evidence; `plumbline gate --seed` overrides it. Default: 42.'),
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

export const DrillsGateSchema = GateSettingsSchema.extend({
  files: globList
    .min(1, 'name at least one drill file glob')
    .describe("Globs, relative to the project root, of the files whose exported defineDrill(...) drills are run, e.g. 'test/drills/*.drill.ts'."),
}).strict();

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
  baseline: z
    .string()
    .min(1)
    .default('.plumbline/baselines/mutation.json')
    .describe("The committed baseline, relative to the root; `plumbline mutation --update-baseline` rewrites it. Default: '.plumbline/baselines/mutation.json'."),
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
    .describe("Reuse the results of unchanged mutants from Stryker's incremental file (.plumbline/mutation/stryker-incremental.json). Default: true."),
}).strict();

export const GatesSchema = z
  .object({
    timeoutMs: timeoutMs.default(10 * 60 * 1000).describe('Default per-gate timeout.'),
    static: GateSettingsSchema.optional(),
    architecture: ArchitectureGateSchema.optional().describe(
      'The architecture gate: dependency-cruiser rules generated from the layers, plus graph rules.',
    ),
    property: PropertyGateSchema.optional().describe(
      "The property gate: runs the project's property tests with a fixed fast-check seed and reports shrunk counterexamples.",
    ),
    drills: DrillsGateSchema.optional().describe(
      'The drills gate: runs the failure-injection drills and writes the failure-injection matrix.',
    ),
    mutation: MutationGateSchema.optional().describe(
      'The mutation gate: Stryker on the engine layers, with an absolute threshold and a regression delta against a committed baseline.',
    ),
  })
  .strict();

export const TransactionsSchema = z
  .object({
    owners: z
      .array(layerName)
      .describe('Layers that may begin, commit or roll back a transaction (hoc: the spine). Empty: the rule is off.'),
    extraCalls: z
      .array(z.string().regex(/^[\w$*]+(\.[\w$*]+)+$/, "a call pattern is a dotted path such as 'uow.commit' or '*.commitWork'"))
      .default([])
      .describe("More calls that begin, commit or roll back a transaction, as dotted paths ('*' matches one name)."),
    flushCommits: z
      .boolean()
      .default(false)
      .describe('Count MikroORM `em.flush()` as a commit (it is one, outside an explicit transaction).'),
  })
  .strict();

export const EnginesSchema = z
  .object({
    layers: z.array(layerName).describe('Layers whose files must be pure decisions (hoc: engines).'),
    forbiddenModules: z
      .array(z.string().min(1))
      .optional()
      .describe('Modules engines may not import; replaces the built-in list of I/O modules (fs, net, http, databases, HTTP clients...).'),
    extraForbiddenModules: z.array(z.string().min(1)).default([]).describe('Modules forbidden on top of the list.'),
    allowedModules: z.array(z.string().min(1)).default([]).describe('Modules allowed even though the list forbids them.'),
    extraForbiddenCalls: z
      .array(z.string().regex(/^[\w$]+(\.[\w$]+)*$/, "a call is a name or dotted path such as 'uuid.v4'"))
      .default([])
      .describe('More calls engines may not make (clock, randomness, environment...), as dotted paths.'),
  })
  .strict();

/**
 * The user-facing form of a settings object: every field optional and without
 * defaults, so fields the user leaves out fall back to the preset, not to zod defaults.
 */
function optionalFields<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, value]) => {
      const field = value as z.ZodType;
      const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
      const optional = inner instanceof z.ZodOptional ? inner : inner.optional();
      return [key, field.description ? optional.describe(field.description) : optional];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<{ [K in keyof Shape]: z.ZodOptional<Shape[K]> }>;
}

export const PresetNameSchema = z.enum(['hoc', 'hexagonal', 'clean']);
export const ModeSchema = z.enum(['strict', 'monitor']);
export const UnassignedSeveritySchema = z.enum(['error', 'warn', 'off']);

/** What the user writes. Everything but the layers may be omitted. */
export const UserConfigSchema = z
  .object({
    $schema: z.string().optional(),
    preset: PresetNameSchema.optional().describe('Fills every field the config leaves out (layers merge per layer name).'),
    root: z.string().optional().describe('Project root, relative to the config file. Default: its folder.'),
    tsconfig: z
      .string()
      .optional()
      .describe('tsconfig used to resolve path aliases. Default: tsconfig.json in the root, if present.'),
    include: globList.optional().describe("Source files to check. Default: ['src/**/*.{ts,tsx,mts,cts}']."),
    exclude: globList.optional().describe("Files left out of include. Default: ['**/*.d.ts', '**/node_modules/**']. .gitignore is honoured too."),
    layers: z
      .record(layerName, UserLayerSchema)
      .optional()
      .describe('The layers by name, in order: a file belongs to the first layer whose paths match it.'),
    domains: globList
      .optional()
      .describe("Globs with one '*' segment that names the domain, e.g. 'src/domains/*'. Default: none."),
    bannedFiles: z
      .array(BannedFileSchema)
      .optional()
      .describe("File patterns that must not exist, as a glob or { pattern, reason }. A glob without '/' matches the file name anywhere."),
    unassigned: UnassignedSeveritySchema.optional().describe(
      'How to report source files that match no layer.',
    ),
    transactions: optionalFields(TransactionsSchema)
      .optional()
      .describe('Who owns transactions (rule transaction-boundaries).'),
    engines: optionalFields(EnginesSchema)
      .optional()
      .describe('Which layers must be pure, and what purity forbids (rule engine-purity).'),
    domainEntries: globList
      .optional()
      .describe("Entry files of a domain, relative to the domain folder: the only files another domain may import. Default: ['index.ts']."),
    barrels: globList
      .optional()
      .describe("Files that may only re-export (rule barrel-hygiene). Default: ['**/index.ts']."),
    mode: ModeSchema.optional().describe(
      "'strict' (default): violations fail the run, deferrals need an until date. 'monitor': report, exit 0.",
    ),
    deferred: z
      .array(DeferredSchema)
      .optional()
      .describe('Gates not run for now, each with a reason and (in strict mode) the last day the deferral holds.'),
    gates: GatesSchema.partial().optional().describe('Per-gate settings: timeoutMs for all gates, and an object per gate id.'),
    evidenceDir: z
      .string()
      .optional()
      .describe("Where evidence is written, inside the project. Default: '.plumbline/evidence'."),
  })
  .strict();

/** The config after the preset is applied: every field present and checked. */
export const FullConfigSchema = z
  .object({
    include: globList.min(1, 'include must name at least one glob'),
    exclude: globList,
    tsconfig: z.string().optional(),
    layers: z.record(layerName, LayerSchema).refine((layers) => Object.keys(layers).length > 0, {
      message: 'at least one layer is needed',
    }),
    domains: globList,
    bannedFiles: z.array(BannedFileSchema),
    unassigned: UnassignedSeveritySchema,
    transactions: TransactionsSchema,
    engines: EnginesSchema,
    domainEntries: globList,
    barrels: globList,
    mode: ModeSchema,
    deferred: z.array(DeferredSchema),
    gates: GatesSchema,
    evidenceDir: z.string().min(1),
  })
  .superRefine((config, ctx) => {
    const known = Object.keys(config.layers);
    for (const [name, layer] of Object.entries(config.layers)) {
      for (const key of ['mayImport', 'mayImportTypes'] as const) {
        layer[key].forEach((target, index) => {
          if (!known.includes(target)) {
            ctx.addIssue({
              code: 'custom',
              path: ['layers', name, key, index],
              message: `unknown layer '${target}' (known: ${known.join(', ')})`,
            });
          }
        });
      }
    }
    const layerRefs: Array<[PropertyKey[], string[]]> = [
      [['transactions', 'owners'], config.transactions.owners],
      [['engines', 'layers'], config.engines.layers],
    ];
    for (const [path, names] of layerRefs) {
      names.forEach((target, index) => {
        if (!known.includes(target)) {
          ctx.addIssue({ code: 'custom', path: [...path, index], message: `unknown layer '${target}' (known: ${known.join(', ')})` });
        }
      });
    }
    config.domains.forEach((glob, index) => {
      if (glob.split('/').filter((segment) => segment === '*').length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['domains', index],
          message: `a domain glob needs exactly one '*' segment, which names the domain (got '${glob}')`,
        });
      }
    });
  });

export type UserConfig = z.input<typeof UserConfigSchema>;
export type LayerConfig = z.output<typeof LayerSchema>;
export type BannedFile = z.output<typeof BannedFileSchema>;
export type Deferral = z.output<typeof DeferredSchema>;
export type FullConfig = z.output<typeof FullConfigSchema>;
export type Mode = z.output<typeof ModeSchema>;
export type TransactionsConfig = z.output<typeof TransactionsSchema>;
export type EnginesConfig = z.output<typeof EnginesSchema>;
export type ArchitectureGateConfig = z.output<typeof ArchitectureGateSchema>;
export type PresetName = z.output<typeof PresetNameSchema>;
export type PropertyGateConfig = z.output<typeof PropertyGateSchema>;
export type DrillsGateConfig = z.output<typeof DrillsGateSchema>;
export type MutationGateConfig = z.output<typeof MutationGateSchema>;
