import { z } from 'zod';
import { mayImportCycles, shadowedLayerGlobs } from './layer-checks.js';
import { compileSecretPattern } from './secret-patterns.js';

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
    pure: z
      .boolean()
      .optional()
      .describe(
        "Whether the layer's files must be pure decisions (rule engine-purity). Default: the layers in engines.layers; when the config names none, a layer named engines, domain or entities.",
      ),
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
    pure: LayerSchema.shape.pure,
  })
  .strict();

const DomainGlobs = globList.describe(
  "Globs of the domain folders; their '*' segments name the domain: 'src/domains/*' names 'policies', 'src/contexts/*/*' names 'mooc/courses' (a domain is its path, so two modules called courses in two contexts are two domains).",
);

export const DomainsSchema = z
  .object({
    paths: DomainGlobs.min(1, 'name at least one domain glob'),
    shared: globList
      .default([])
      .describe(
        "The shared kernel: folders or files (e.g. 'src/contexts/shared', 'libs/ddd/**') public to every domain. Importing them is never a cross-domain reach, and they belong to no domain. Default: none.",
      ),
    entries: z
      .record(z.string().min(1), globList.min(1, 'a domain needs at least one entry glob'))
      .default({})
      .describe(
        "Entry files of one domain, by domain name ('mooc/courses'), relative to its folder: replace domainEntries for that domain. Default: none.",
      ),
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

/** The hosts that can run the rule suite; 'auto' takes oxlint when it is installed and starts, ESLint otherwise. */
export const LintEngineSchema = z.enum(['auto', 'eslint', 'oxlint']);

export const StaticGateSchema = GateSettingsSchema.extend({
  engine: LintEngineSchema.default('auto').describe(
    "Which host runs the rules: 'oxlint' (its JS-plugin host, Rust parser), 'eslint', or 'auto' (oxlint when it is installed " +
      "and starts, ESLint otherwise). `--engine` overrides it. Default: 'auto'.",
  ),
}).strict();

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

const commandLine = z
  .array(z.string().min(1, 'an argument must not be empty'))
  .min(1, 'a command needs at least the program to run');

const rate = z.number().min(0, 'a rate is a fraction in [0, 1]').max(1, 'a rate is a fraction in [0, 1]');

export const InvariantsGateSchema = GateSettingsSchema.extend({
  command: commandLine
    .optional()
    .describe(
      "The test command that records check evidence, as argv, run in the project root with PLUMBLINE_EVIDENCE_FILE naming a fresh file (the app's tests pass recordingSink() from @plumbline-kit/plumbline/testing to their registry). A leading 'vitest' is the project's own vitest. Default: ['vitest', 'run'].",
    ),
  forbiddenStates: z
    .enum(['critical', 'all', 'off'])
    .default('critical')
    .describe("Whose forbidden states must each be attempted and rejected by a test: 'critical' operations (default), 'all' operations, or 'off'."),
}).strict();

export const ShadowRolloutSchema = z
  .object({
    operation: z.string().regex(/^[a-z][\w-]*(\.[A-Za-z][\w-]*)+$/, "an operation id such as 'policies.evaluate'").describe('The operation whose candidate is rolled out.'),
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
    .describe('JSON Lines evidence files (project-relative, e.g. exported from staging) to read when there is no command. Every file must exist.'),
  maxMismatchRate: rate.default(0.01).describe('Most mismatches per compared sample, per operation. Default: 0.01.'),
  maxErrorRate: rate.default(0.01).describe('Most candidate errors and timeouts per sample, per operation. Default: 0.01.'),
  minSamples: z.number().int().positive().default(100).describe('Fewest samples per operation for a verdict. Default: 100.'),
  operations: z
    .array(z.string().min(1))
    .optional()
    .describe('Operations that must have shadow or canary evidence. Default: every operation in rollout, plus any operation seen in the evidence.'),
  rollout: z
    .array(ShadowRolloutSchema)
    .default([])
    .describe('The staged-rollout plan, per operation; the gate renders it as the rollout contract document. Default: none.'),
})
  .strict()
  .refine((gate) => gate.command !== undefined || gate.evidence !== undefined, {
    message: 'the shadow gate needs evidence: set command (a run that records it) or evidence (files to read)',
  })
  .refine((gate) => gate.command === undefined || gate.evidence === undefined, {
    message: 'set command or evidence, not both',
    path: ['evidence'],
  });

const driftSeverity = z.enum(['error', 'warning']);

export const SchemaDriftGateSchema = GateSettingsSchema.extend({
  models: z
    .array(
      z
        .object({
          kind: z.enum(['contract', 'drizzle', 'kysely']).describe("Where the expected schema comes from: the data contracts, Drizzle pgTable/sqliteTable definitions, or a Kysely database interface."),
          files: globList.optional().describe('Source files of the Drizzle tables or the Kysely interface, relative to the root (drizzle, kysely).'),
          interface: z
            .string()
            .regex(/^[A-Za-z_$][\w$]*$/, 'an interface name is a TypeScript identifier')
            .optional()
            .describe("Name of the Kysely database interface (kysely). Default: 'Database'."),
        })
        .strict()
        .superRefine((model, ctx) => {
          if (model.kind !== 'contract' && (!model.files || model.files.length === 0)) {
            ctx.addIssue({ code: 'custom', path: ['files'], message: `a ${model.kind} model needs the files that define it` });
          }
        }),
    )
    .min(1, 'name at least one model source')
    .default([{ kind: 'contract' }])
    .describe("The model sources compared with the database. Default: [{ kind: 'contract' }]."),
  ignoreTables: z
    .array(z.string().min(1))
    .default([])
    .describe("Tables of the database that no model needs to declare, e.g. a migrations table. Default: none."),
  extraTables: driftSeverity
    .default('warning')
    .describe('Severity of a database table that no model declares. Default: warning.'),
  strict: z.boolean().default(false).describe('Every difference is an error (default: only differences that break code are).'),
}).strict();

export const DataDriftSchema = z
  .object({
    snapshot: z
      .string()
      .min(1)
      .default('.plumbline/baselines/data-profile.json')
      .describe("The committed profile snapshot written by 'plumbline data snapshot', relative to the root."),
    maxPsi: z.number().nonnegative().default(0.2).describe('Largest population stability index of a column before it counts as drifted. Default: 0.2.'),
    maxNullRateChange: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('Largest absolute change of a column\'s null rate. Default: 0.05.'),
    maxRowCountChange: z
      .number()
      .nonnegative()
      .optional()
      .describe('Largest relative change of a table\'s row count (0.5 = ±50%). Default: not checked.'),
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

// A path pattern as the runtime's compare/path-pattern reads it: `decision`, `items[*].id`, `meta.*`, `["odd key"]`.
const jsonPathPattern = z
  .string()
  .regex(
    /^(?:[^.[\]]+|\[(?:\*|\d+|"(?:[^"\\]|\\.)*")\])(?:\.[^.[\]]+|\[(?:\*|\d+|"(?:[^"\\]|\\.)*")\])*$/,
    "a path pattern such as 'decision', 'items[*].id', 'meta.*' or '[\"odd key\"]'",
  );

export const ReplaySeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);

const replayOperationKey = z
  .string()
  .regex(/^(\*|[a-z][\w-]*(\.[a-z][\w-]*)+)$/i, "an operation id such as 'policies.evaluate', or '*' for every operation");

export const ReplayNormalisationSchema = z
  .object({
    ignorePaths: z
      .array(jsonPathPattern)
      .default([])
      .describe("Output paths never compared (and everything below them), e.g. 'generatedAt', 'items[*].traceId'."),
    sortArrays: z
      .array(
        z
          .object({
            path: jsonPathPattern.describe("The array, e.g. 'verdicts' or 'groups[*].members'."),
            by: z.string().min(1).describe('The element key to sort by (elements compare by its JSON text).'),
          })
          .strict(),
      )
      .default([])
      .describe('Arrays whose order carries no meaning: sorted by a key on both sides before comparing.'),
    numberTolerance: z
      .number()
      .nonnegative()
      .default(0)
      .describe('Numbers this close (absolute difference) are equal. Default 0: exact.'),
    timestamps: z
      .boolean()
      .default(false)
      .describe('Replace ISO-8601 timestamps in outputs by stable tokens (<timestamp-1>, ...) numbered by first appearance.'),
    uuids: z
      .boolean()
      .default(false)
      .describe('Replace UUIDs in outputs by stable tokens (<uuid-1>, ...) numbered by first appearance.'),
  })
  .strict();

export const ReplaySeverityRuleSchema = z
  .object({
    operation: replayOperationKey.default('*').describe("The operation id the rule applies to, or '*' (default)."),
    path: jsonPathPattern.describe("The output path, e.g. 'decision'; a rule also covers every path below it."),
    from: z.json().optional().describe('Only when the baseline held this value there.'),
    to: z.json().optional().describe('Only when the candidate holds this value there.'),
    severity: ReplaySeveritySchema.describe('The severity of a drift the rule matches.'),
  })
  .strict();

export const ReplaySchema = z
  .object({
    entry: z
      .string()
      .min(1)
      .describe(
        "Module, relative to the project root, exporting `decisions` (an object of functions (input, context) by operation id) or `registry` (an operation registry, or a function returning one). Loaded in each ref's checkout.",
      ),
    normalise: z
      .record(replayOperationKey, ReplayNormalisationSchema)
      .default({})
      .describe("Normalisation per operation id; '*' applies to operations without their own entry."),
    severity: z
      .array(ReplaySeverityRuleSchema)
      .default([])
      .describe('Severity of a drift by operation and path (and optionally old/new value); the first matching rule wins.'),
    defaultSeverity: ReplaySeveritySchema.default('medium').describe('Severity of a drift no rule matches. Default: medium.'),
    failAt: ReplaySeveritySchema.default('medium').describe('Drift at or above this severity fails the replay. Default: medium.'),
    timeoutMs: timeoutMs
      .default(2 * 60 * 1000)
      .describe("Time limit of each ref's replay process; cases it did not answer are errors. Default: 2 minutes."),
    maxOldSpaceSizeMb: z
      .number()
      .int()
      .min(16)
      .default(512)
      .describe("Memory limit of each ref's replay process (node --max-old-space-size). Default: 512."),
    maxDiffsPerCase: z.number().int().positive().default(50).describe('Most differing paths reported per case. Default: 50.'),
  })
  .strict();

export const ReplayGateSchema = GateSettingsSchema.extend({
  input: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Replay cases (a .jsonl/.json file or a folder of them), relative to the project root. Required for the gate.'),
  baselineRef: z
    .string()
    .min(1)
    .optional()
    .describe('Git ref of the baseline. Default: the merge base of HEAD with mainBranch.'),
  mainBranch: z.string().min(1).default('main').describe("The main branch, for the default baseline. Default: 'main'."),
  allowInvalid: z.boolean().default(false).describe('Skip (and report) malformed cases instead of failing. Default: false.'),
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

/** A folder inside the project: relative, no '..' segment (Plumbline writes there). */
const projectFolder = z
  .string()
  .min(1)
  .refine((value) => !/^([A-Za-z]:)?[\\/]/.test(value) && !value.split(/[\\/]/).includes('..'), 'a folder inside the project root: relative, without ..');

/** Where incident records live (`plumbline incident new`, the incidents gate, the incident ledger). */
export const IncidentsSchema = z
  .object({
    dir: projectFolder
      .default('incidents')
      .describe("Folder, relative to the root, holding one Markdown record per incident (<id>.md with YAML front matter). Default: 'incidents'."),
  })
  .strict();

/** Where `plumbline docs` writes the generated assurance docs (checked by the docs gate). */
export const AssuranceDocsSchema = z
  .object({
    dir: projectFolder
      .default('docs/assurance')
      .describe("Folder, relative to the root, of the generated assurance docs; commit it. Default: 'docs/assurance'."),
  })
  .strict();

/** The committed baseline of accepted findings and measured numbers (docs/baseline.md). */
export const BaselineSettingsSchema = z
  .object({
    file: z
      .string()
      .min(1)
      .default('.plumbline/baseline.json')
      .describe("The baseline file, relative to the root; `plumbline baseline` writes it. Default: '.plumbline/baseline.json'."),
    editor: z
      .enum(['warn', 'hide'])
      .default('warn')
      .describe("What the ESLint plugin's baseline processor does with known findings in the editor: 'warn' shows them as warnings, 'hide' drops them. Default: 'warn'."),
  })
  .strict();

export const GatesSchema = z
  .object({
    timeoutMs: timeoutMs.default(10 * 60 * 1000).describe('Default per-gate timeout.'),
    static: StaticGateSchema.optional().describe('The static gate and `plumbline check`: the rule suite on every source file.'),
    architecture: ArchitectureGateSchema.optional().describe(
      'The architecture gate: dependency-cruiser rules generated from the layers, plus graph rules.',
    ),
    invariants: InvariantsGateSchema.optional().describe(
      "The invariants gate: the app's tests, run with recording on, must show every invariant held and violated, and every forbidden state rejected.",
    ),
    shadow: ShadowGateSchema.optional().describe(
      'The shadow gate: recorded shadow/canary evidence within mismatch and error thresholds, and the staged-rollout contract.',
    ),
    'schema-drift': SchemaDriftGateSchema.optional().describe(
      'The schema-drift gate: the database schema against the data contracts, Drizzle tables or a Kysely interface.',
    ),
    'data-quality': DataQualityGateSchema.optional().describe(
      'The data-quality gate: the data contracts\' expectations run as SQL, and profile drift against a snapshot.',
    ),
    replay: ReplayGateSchema.optional().describe('The replay gate: the baseline ref against the working tree, on recorded cases.'),
    property: PropertyGateSchema.optional().describe(
      "The property gate: runs the project's property tests with a fixed fast-check seed and reports shrunk counterexamples.",
    ),
    drills: DrillsGateSchema.optional().describe(
      'The drills gate: runs the failure-injection drills and writes the failure-injection matrix.',
    ),
    mutation: MutationGateSchema.optional().describe(
      'The mutation gate: Stryker on the engine layers, with an absolute threshold and a regression delta against a committed baseline.',
    ),
    incidents: GateSettingsSchema.optional().describe(
      'The incidents gate: every incident record names existing invariants, tests and an owner domain (records live in incidents.dir).',
    ),
    docs: GateSettingsSchema.optional().describe(
      'The docs gate: the committed assurance docs (docs.dir) equal what `plumbline docs` would generate.',
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

/** The frameworks whose entry points the routes analyzer recognises. */
export const ROUTE_FRAMEWORKS = ['express', 'fastify', 'hono', 'koa', 'nestjs', 'route-table', 'node:http'] as const;

export const RoutesSchema = z
  .object({
    entryLayers: z
      .array(layerName)
      .min(1, 'name at least one layer that holds entry points')
      .describe("Layers that hold entry points (hoc: ['gateway', 'api']); a route found in another layer is a finding."),
    frameworks: z
      .array(z.enum(ROUTE_FRAMEWORKS))
      .default([...ROUTE_FRAMEWORKS])
      .describe('Frameworks whose routes are recognised. Default: all of them.'),
    entryCalls: z
      .array(
        z
          .object({
            call: z.string().regex(/^[\w$*]+(\.[\w$*]+)+$/, "a call pattern is a dotted path such as 'queue.process' or '*.subscribe'"),
            kind: z.enum(['queue', 'schedule', 'command', 'message']),
          })
          .strict(),
      )
      .default([])
      .describe("More entry points: calls whose function arguments handle a job or a message, e.g. { call: 'worker.process', kind: 'queue' }."),
    operationsPerRoute: z
      .enum(['one', 'any'])
      .default('one')
      .describe("'one' (default): an entry point that executes several operations is a finding. 'any': it is not."),
    exempt: z
      .array(
        z
          .object({
            method: z.string().min(1).optional(),
            path: z.string().min(1),
            reason: z.string().min(1, 'say why the entry point needs no operation'),
          })
          .strict(),
      )
      .default([])
      .describe('Entry points that need no operation (health checks), by path and optional method, each with a reason.'),
  })
  .strict();

export const EnginesSchema = z
  .object({
    layers: z
      .array(layerName)
      .describe(
        "Layers whose files must be pure decisions (hoc: engines), on top of layers marked pure: true. Default: the preset's; without one, the layers named engines, domain or entities.",
      ),
    forbiddenModules: z
      .array(z.string().min(1))
      .optional()
      .describe('Modules engines may not import; replaces the built-in list of I/O modules (fs, net, http, databases, HTTP clients...).'),
    extraForbiddenModules: z.array(z.string().min(1)).default([]).describe('Modules forbidden on top of the list.'),
    allowedModules: z.array(z.string().min(1)).default([]).describe('Modules allowed even though the list forbids them.'),
    extraForbiddenCalls: z
      // The first segment may name a package ('house-ids.v4', '@scope/ids.make'): calls through its imports match.
      .array(z.string().regex(/^(@[\w.-]+\/)?[\w$-]+(\.[\w$]+)*$/, "a call is a name or dotted path such as 'uuid.v4'"))
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

export const DataSchema = z
  .object({
    db: z
      .string()
      .min(1)
      .optional()
      .describe("The database: 'sqlite:<file>' (relative to the root), 'postgres://user@host:port/db', or 'env:NAME' to read the URL from an environment variable. --db overrides it."),
    schema: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a schema name holds only letters, digits and _')
      .optional()
      .describe("PostgreSQL schema holding the tables (a ?schema= in the URL wins). Default: 'public'."),
    contracts: globList.default([]).describe('Data contract files (.ts, .js, .yaml, .yml), relative to the root.'),
  })
  .strict();

const secretPattern = z.string().superRefine((source, ctx) => {
  const compiled = compileSecretPattern(source);
  if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', message: compiled });
});

export const RedactSchema = z
  .array(secretPattern)
  .describe(
    "More secret patterns (regular expressions; a leading (?i) ignores case; a named group 'secret' masks only that part) masked as *** in every evidence file, on top of the built-in ones (password=, token=, api_key=..., URL passwords, bearer tokens). Default: none.",
  );

export const PresetNameSchema = z.enum(['hoc', 'hexagonal', 'clean', 'layered']);
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
      .record(layerName, z.union([UserLayerSchema, z.literal(false)]))
      .optional()
      .describe(
        "The layers by name, in order: a file belongs to the first layer whose paths match it. A glob wholly covered by an earlier layer's glob, and a cycle in mayImport, are errors. `false` drops a layer of the preset (and the preset's references to it).",
      ),
    domains: z
      .union([DomainGlobs, DomainsSchema])
      .optional()
      .describe(
        "The domains: their folder globs (e.g. ['src/domains/*']), or { paths, shared, entries } to declare a shared kernel and per-domain entries too. Default: none.",
      ),
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
      .describe("Where barrels live (rule barrel-hygiene): a matching file that re-exports may only re-export; one that re-exports nothing is an ordinary module. Default: ['**/index.ts']."),
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
    docsBaseUrl: z
      .url({ protocol: /^https?$/, error: 'docsBaseUrl must be an http(s) URL, e.g. https://docs.example.com/plumbline/' })
      .optional()
      .describe(
        "Where findings' docs links point, e.g. 'https://docs.example.com/plumbline/' (a page is appended: rules/layer-boundaries.md). " +
          'Default: the docs shipped in the installed package, as a file path relative to the project root.',
      ),
    data: DataSchema.optional().describe('The database the data gates read, and its data contracts.'),
    replay: ReplaySchema.optional().describe('Differential replay: the decision entry, normalisation, severity rules and limits.'),
    incidents: IncidentsSchema.optional().describe("Where incident records live. Default: { dir: 'incidents' }."),
    docs: AssuranceDocsSchema.optional().describe("Where `plumbline docs` writes the generated assurance docs. Default: { dir: 'docs/assurance' }."),
    routes: RoutesSchema.optional().describe('Entry points (HTTP routes, consumers, jobs) and the operations each executes; off when absent.'),
    redact: RedactSchema.optional(),
    baseline: BaselineSettingsSchema.optional().describe('The committed baseline: known findings are reported, not failed; new ones fail (see docs/baseline.md).'),
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
    sharedKernel: globList,
    domainEntriesByDomain: z.record(z.string(), globList),
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
    docsBaseUrl: z.string().optional(),
    data: DataSchema.optional(),
    replay: ReplaySchema.optional(),
    incidents: IncidentsSchema.optional(),
    docs: AssuranceDocsSchema.optional(),
    routes: RoutesSchema.optional(),
    redact: RedactSchema,
    baseline: BaselineSettingsSchema.optional(),
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
    for (const problem of [...shadowedLayerGlobs(config.layers), ...mayImportCycles(config.layers)]) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
    const layerRefs: Array<[PropertyKey[], string[]]> = [
      [['transactions', 'owners'], config.transactions.owners],
      [['engines', 'layers'], config.engines.layers],
      [['routes', 'entryLayers'], config.routes?.entryLayers ?? []],
    ];
    for (const [path, names] of layerRefs) {
      names.forEach((target, index) => {
        if (!known.includes(target)) {
          ctx.addIssue({ code: 'custom', path: [...path, index], message: `unknown layer '${target}' (known: ${known.join(', ')})` });
        }
      });
    }
    config.domains.forEach((glob, index) => {
      if (!glob.split('/').includes('*')) {
        ctx.addIssue({
          code: 'custom',
          path: ['domains', index],
          message: `a domain glob needs a '*' segment, which names the domain (got '${glob}')`,
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
export type InvariantsGateConfig = z.output<typeof InvariantsGateSchema>;
export type ShadowGateConfig = z.output<typeof ShadowGateSchema>;
export type PresetName = z.output<typeof PresetNameSchema>;
export type DataConfig = z.output<typeof DataSchema>;
export type SchemaDriftGateConfig = z.output<typeof SchemaDriftGateSchema>;
export type DataQualityGateConfig = z.output<typeof DataQualityGateSchema>;
export type DataDriftConfig = z.output<typeof DataDriftSchema>;
export type ReplayConfig = z.output<typeof ReplaySchema>;
export type ReplayNormalisation = z.output<typeof ReplayNormalisationSchema>;
export type ReplaySeverity = z.output<typeof ReplaySeveritySchema>;
export type ReplaySeverityRule = z.output<typeof ReplaySeverityRuleSchema>;
export type ReplayGateConfig = z.output<typeof ReplayGateSchema>;
export type PropertyGateConfig = z.output<typeof PropertyGateSchema>;
export type DrillsGateConfig = z.output<typeof DrillsGateSchema>;
export type MutationGateConfig = z.output<typeof MutationGateSchema>;
export type IncidentsConfig = z.output<typeof IncidentsSchema>;
export type AssuranceDocsConfig = z.output<typeof AssuranceDocsSchema>;
export type BaselineSettings = z.output<typeof BaselineSettingsSchema>;
export type RoutesConfig = z.output<typeof RoutesSchema>;
