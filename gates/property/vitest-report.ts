import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * What `stateMachine` (@plumbline-kit/plumbline/testing) leaves on a test's metadata under `plumblineStateMachines`:
 * the bound and the state space it explored, so the report states them for passing tests too.
 */
const StateMachineCoverageSchema = z.object({
  bound: z.number().int(),
  explored: z.number().int(),
  movesChecked: z.number().int(),
  reachedStates: z.array(z.string()),
  exhaustive: z.boolean(),
});
export type StateMachineCoverage = z.infer<typeof StateMachineCoverageSchema>;

const TestMetaSchema = z.object({ plumblineStateMachines: z.array(StateMachineCoverageSchema).optional() }).loose();

/** The parts of vitest's JSON reporter output (jest-compatible) the gate reads. */
const AssertionSchema = z.object({
  ancestorTitles: z.array(z.string()),
  title: z.string(),
  fullName: z.string(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullable().default([]),
  location: z.object({ line: z.number().int(), column: z.number().int() }).nullable().optional(),
  meta: TestMetaSchema.optional(),
});

const FileResultSchema = z.object({
  name: z.string(),
  status: z.string(),
  message: z.string().default(''),
  assertionResults: z.array(AssertionSchema),
});

export const VitestReportSchema = z.object({
  numTotalTests: z.number().int(),
  testResults: z.array(FileResultSchema),
});

export type VitestReport = z.infer<typeof VitestReportSchema>;
export type VitestFileResult = z.infer<typeof FileResultSchema>;
export type VitestAssertion = z.infer<typeof AssertionSchema>;

/** Reads vitest's JSON report; throws with the reason when it is missing or not vitest's shape. */
export function readVitestReport(file: string): VitestReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`vitest wrote no readable JSON report (${(error as Error).message})`);
  }
  const parsed = VitestReportSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`vitest's JSON report has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data;
}
