import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { stableStringify } from '../../core/stable-json.js';
import type { MutationScores } from './mutation-scores.js';

const score = z.number().min(0).max(100).nullable();

/** `.plumbline/baselines/mutation.json`: the committed scores the regression delta is measured against. */
export const MutationBaselineSchema = z
  .object({
    schemaVersion: z.literal(1),
    strykerVersion: z.string().min(1),
    /** Hash of the settings that change what is measured (mutated globs, vitest config). */
    configHash: z.string().min(1),
    overall: score,
    files: z.record(z.string(), score),
  })
  .strict();

export type MutationBaseline = z.infer<typeof MutationBaselineSchema>;

export type BaselineRead =
  | { readonly kind: 'ok'; readonly baseline: MutationBaseline }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Reads the baseline; a missing or corrupt file is reported, never replaced by a default. */
export function readBaseline(file: string): BaselineRead {
  if (!existsSync(file)) return { kind: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { kind: 'corrupt', reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = MutationBaselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'corrupt', reason: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unexpected shape'}` };
  }
  return { kind: 'ok', baseline: parsed.data };
}

/** The baseline of a run; `admit` leaves out the files that may not enter it (new files under the floor). */
export function baselineFromScores(
  scores: MutationScores,
  strykerVersion: string,
  configHash: string,
  admit: (file: string) => boolean = () => true,
): MutationBaseline {
  const admitted = Object.entries(scores.files).filter(([file]) => admit(file));
  return {
    schemaVersion: 1,
    strykerVersion,
    configHash,
    overall: scores.overall.score,
    files: Object.fromEntries(admitted.map(([file, fileScore]) => [file, fileScore.score])),
  };
}

/** Writes the baseline atomically (a killed run leaves the previous one whole), in stable JSON. */
export function writeBaseline(file: string, baseline: MutationBaseline): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${stableStringify(baseline, 2)}\n`);
}
