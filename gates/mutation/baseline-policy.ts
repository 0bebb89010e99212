import { judgeMetric } from '../../config/baseline/numeric-ratchet.js';
import type { Finding } from '../../config/contracts.js';
import type { BaselineRead } from './baseline.js';
import type { MutationScores } from './mutation-scores.js';

export const MUTATION_RULES = {
  belowThreshold: 'mutation/below-threshold',
  scoreDropped: 'mutation/score-dropped',
  baselineMissing: 'mutation/baseline-missing',
  baselineCorrupt: 'mutation/baseline-corrupt',
  baselineMismatch: 'mutation/baseline-mismatch',
  survivor: 'mutation/surviving-mutant',
} as const;

export interface MutationPolicy {
  /** Lowest acceptable overall score, in percent. */
  threshold: number;
  /** Largest acceptable drop of a file's score against the baseline, in percentage points. */
  maxDrop: number;
}

export interface MeasuredRun {
  scores: MutationScores;
  strykerVersion: string;
  configHash: string;
  /** Project-relative path of the baseline file, for messages. */
  baselineFile: string;
}

const UPDATE = 'run `plumbline mutation --update-baseline` to record the current scores deliberately';

function error(ruleId: string, file: string, message: string): Finding {
  return { ruleId, severity: 'error', message, file, line: 0, column: 0 };
}

/**
 * The mutation policy as a pure function: the absolute threshold on the overall
 * score, and per-file regression against the baseline. A missing, corrupt or
 * mismatched baseline (other Stryker version, other settings, engine files
 * added or removed) is a failure: a score with nothing to compare to is not a pass.
 */
export function judgeMutation(run: MeasuredRun, read: BaselineRead, policy: MutationPolicy): Finding[] {
  const findings: Finding[] = [];
  const overall = run.scores.overall.score;
  if (overall === null) {
    findings.push(error(MUTATION_RULES.belowThreshold, '', 'no valid mutant was tested: the mutation score is undefined (are the engine files empty, or all mutants ignored?)'));
  } else if (overall < policy.threshold) {
    findings.push(error(MUTATION_RULES.belowThreshold, '', `mutation score ${overall}% is under the threshold ${policy.threshold}%`));
  }

  if (read.kind === 'missing') {
    findings.push(error(MUTATION_RULES.baselineMissing, run.baselineFile, `no mutation baseline at ${run.baselineFile}: ${UPDATE}`));
    return findings;
  }
  if (read.kind === 'corrupt') {
    findings.push(error(MUTATION_RULES.baselineCorrupt, run.baselineFile, `the mutation baseline ${run.baselineFile} is corrupt (${read.reason}): ${UPDATE}`));
    return findings;
  }
  const { baseline } = read;
  const mismatch = (why: string) => findings.push(error(MUTATION_RULES.baselineMismatch, run.baselineFile, `the mutation baseline does not match this run: ${why}; ${UPDATE}`));
  if (baseline.strykerVersion !== run.strykerVersion) mismatch(`it was made with Stryker ${baseline.strykerVersion}, this run uses ${run.strykerVersion}`);
  if (baseline.configHash !== run.configHash) mismatch('it was made with other mutation settings (mutate globs or vitest config)');

  const current = run.scores.files;
  for (const file of Object.keys(current)) {
    if (!(file in baseline.files)) mismatch(`${file} is mutated but not in the baseline (a new engine file?)`);
  }
  for (const file of Object.keys(baseline.files)) {
    if (!(file in current)) mismatch(`the baseline lists ${file}, which this run did not mutate (removed or renamed?)`);
  }
  for (const [file, fileScore] of Object.entries(current)) {
    const before = baseline.files[file];
    if (before === undefined || before === null || fileScore.score === null) continue;
    // The one numeric ratchet (config/baseline/numeric-ratchet.ts), with the allowed drop as its tolerance.
    const judgement = judgeMetric(fileScore.score, before, 'higher', policy.maxDrop);
    const drop = -judgement.change;
    if (judgement.verdict === 'worse') {
      findings.push(
        error(MUTATION_RULES.scoreDropped, file, `mutation score of ${file} dropped by ${drop} points (${before}% -> ${fileScore.score}%), more than the allowed ${policy.maxDrop}`),
      );
    }
  }
  return findings;
}
