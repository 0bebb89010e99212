import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The parts of Stryker's JSON report (mutation-testing-report-schema) the gate reads. */
const PositionSchema = z.object({ line: z.number().int(), column: z.number().int() });

export const MutantSchema = z.object({
  id: z.string(),
  mutatorName: z.string(),
  replacement: z.string().optional(),
  location: z.object({ start: PositionSchema, end: PositionSchema }),
  status: z.enum(['Killed', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Timeout', 'Ignored', 'Pending']),
  /** Executed once, when its module loaded (a module-level table): testing it reruns every test. */
  static: z.boolean().optional(),
  /** Tests run to judge this mutant: its cost. */
  testsCompleted: z.number().int().nonnegative().optional(),
});

export const MutationReportSchema = z.object({
  schemaVersion: z.string(),
  files: z.record(z.string(), z.object({ source: z.string(), mutants: z.array(MutantSchema) })),
});

export type Mutant = z.infer<typeof MutantSchema>;
export type MutationReport = z.infer<typeof MutationReportSchema>;

/** Reads a Stryker JSON report; throws with the reason when it is missing or not that shape. */
export function readMutationReport(file: string): MutationReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`no readable Stryker JSON report at ${file} (${(error as Error).message})`);
  }
  const parsed = MutationReportSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a Stryker JSON report: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  return parsed.data;
}

/** Joins shard reports: each shard mutated other files, so a file in two reports is a sharding error. */
export function mergeMutationReports(reports: readonly MutationReport[]): MutationReport {
  const files: MutationReport['files'] = {};
  for (const report of reports) {
    for (const [file, result] of Object.entries(report.files)) {
      if (files[file]) throw new Error(`${file} appears in two shard reports: were the shards made with the same --shard n?`);
      files[file] = result;
    }
  }
  return { schemaVersion: reports[0]?.schemaVersion ?? '1', files };
}
