import { z } from 'zod';
import type { GateDetails } from '../runner/gate-contract.js';

/** The gate's score artifact: scores overall, per file and per mutator, the policy and the survivors. */
export const MUTATION_SCORE_JSON = 'mutation-score.json';

const count = z.number();

const FileRowSchema = z.object({
  score: z.number().nullable(),
  killed: count,
  survived: count,
  noCoverage: count,
  timeout: count,
  /** Outside the score: shown so a file cannot look tested by ignoring its mutants. */
  ignored: count.default(0),
  /** Static mutants (module-level code) run for this file. */
  static: count.default(0),
});

const ScoreArtifactSchema = z.object({ files: z.record(z.string(), FileRowSchema) });

/** One mutated file's row of the score artifact. */
export type MutationFileRow = z.output<typeof FileRowSchema> & { file: string };

export const mutationDetails: GateDetails<MutationFileRow[]> = {
  artifact: MUTATION_SCORE_JSON,
  read(text) {
    const { files } = ScoreArtifactSchema.parse(JSON.parse(text));
    return Object.keys(files)
      .sort()
      .map((file) => ({ file, ...(files[file] as z.output<typeof FileRowSchema>) }));
  },
};
