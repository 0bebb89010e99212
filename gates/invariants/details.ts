import { z } from 'zod';
import type { GateDetails } from '../runner/gate-contract.js';

/** The gate's coverage artifact: every declared check and the evidence the tests gave it. */
export const COVERAGE_JSON = 'invariant-coverage.json';

const count = z.number();

const CheckRowSchema = z.object({
  operationId: z.string(),
  kind: z.string(),
  checkId: z.string(),
  held: count,
  rejected: count,
  recorded: count,
  predicateErrors: count,
  tests: z.array(z.unknown()),
});

const CoverageArtifactSchema = z.object({ checks: z.array(CheckRowSchema) });

/** One declared check's row, with its tests counted. */
export type InvariantRow = Omit<z.output<typeof CheckRowSchema>, 'tests'> & { tests: number };

export const invariantsDetails: GateDetails<InvariantRow[]> = {
  artifact: COVERAGE_JSON,
  read(text) {
    return CoverageArtifactSchema.parse(JSON.parse(text)).checks.map((row) => ({
      operationId: row.operationId,
      kind: row.kind,
      checkId: row.checkId,
      held: row.held,
      rejected: row.rejected,
      recorded: row.recorded,
      predicateErrors: row.predicateErrors,
      tests: row.tests.length,
    }));
  },
};
