import { judgeMetric } from '../../core/baseline/numeric-ratchet.js';
import type { Finding } from '../../core/contracts.js';
import type { BaselineRead } from './baseline.js';
import type { MutationScores, SurvivingMutant } from './mutation-scores.js';
import { mutationRules, type MutationRuleName } from './rules.js';

export interface MutationPolicy {
  /** Lowest acceptable overall score, in percent. */
  threshold: number;
  /** Largest acceptable drop of a file's score against the baseline, in percentage points. */
  maxDrop: number;
  /** Lowest acceptable score of each file, in percent: a good average must not hide an untested file. */
  minFileScore: number;
}

export interface MeasuredRun {
  scores: MutationScores;
  /** Surviving and no-coverage mutants, in file and position order. */
  undetected: readonly SurvivingMutant[];
  strykerVersion: string;
  configHash: string;
  /** Project-relative path of the baseline file, for messages. */
  baselineFile: string;
}

const UPDATE = 'run `plumbline mutation --update-baseline` to record the current scores deliberately';

function error(name: MutationRuleName, file: string, message: string): Finding {
  return mutationRules.finding(name, 'error', message, { file, line: 0, column: 0 });
}

/**
 * The mutation policy as a pure function: the absolute threshold on the overall
 * score, and per-file regression against the baseline. A missing, corrupt or
 * mismatched baseline (other Stryker version, other settings, engine files
 * added or removed) is a failure: a score with nothing to compare to is not a pass.
 * Each file is also held to the floor, whatever its baseline says.
 */
export function judgeMutation(run: MeasuredRun, read: BaselineRead, policy: MutationPolicy): Finding[] {
  const findings: Finding[] = [...judgeFiles(run, read, policy)];
  const overall = run.scores.overall.score;
  if (overall === null) {
    findings.push(
      error(
        'below-threshold',
        '',
        'no valid mutant was tested: the mutation score is undefined (are the engine files empty, or all mutants ignored?)',
      ),
    );
  } else if (overall < policy.threshold) {
    findings.push(error('below-threshold', '', `mutation score ${overall}% is under the threshold ${policy.threshold}%`));
  }

  findings.push(...judgeBaseline(run, read, policy));
  return findings;
}

function judgeBaseline(run: MeasuredRun, read: BaselineRead, policy: MutationPolicy): Finding[] {
  const findings: Finding[] = [];
  if (read.kind === 'missing') {
    findings.push(error('baseline-missing', run.baselineFile, `no mutation baseline at ${run.baselineFile}: ${UPDATE}`));
    return findings;
  }
  if (read.kind === 'corrupt') {
    findings.push(
      error('baseline-corrupt', run.baselineFile, `the mutation baseline ${run.baselineFile} is corrupt (${read.reason}): ${UPDATE}`),
    );
    return findings;
  }
  const { baseline } = read;
  const mismatch = (why: string) =>
    findings.push(error('baseline-mismatch', run.baselineFile, `the mutation baseline does not match this run: ${why}; ${UPDATE}`));
  if (baseline.strykerVersion !== run.strykerVersion)
    mismatch(`it was made with Stryker ${baseline.strykerVersion}, this run uses ${run.strykerVersion}`);
  if (baseline.configHash !== run.configHash) mismatch('it was made with other mutation settings (mutate globs or vitest config)');

  const current = run.scores.files;
  for (const file of Object.keys(current)) {
    // A new file under the floor is not admitted to the baseline: its floor finding already says so.
    if (!(file in baseline.files) && !isUnderFloor(current[file]?.score, policy)) {
      mismatch(`${file} is mutated but not in the baseline (a new engine file?)`);
    }
  }
  for (const file of Object.keys(baseline.files)) {
    if (!(file in current)) mismatch(`the baseline lists ${file}, which this run did not mutate (removed or renamed?)`);
  }
  for (const [file, fileScore] of Object.entries(current)) {
    const before = baseline.files[file];
    if (before === undefined || before === null || fileScore.score === null) continue;
    // Under the floor, the floor finding (which lists the mutants) says it: one defect, one finding.
    if (isUnderFloor(fileScore.score, policy)) continue;
    // The one numeric ratchet (core/baseline/numeric-ratchet.ts), with the allowed drop as its tolerance.
    const judgement = judgeMetric(fileScore.score, before, 'higher', policy.maxDrop);
    const drop = -judgement.change;
    if (judgement.verdict === 'worse') {
      findings.push(
        error(
          'score-dropped',
          file,
          `mutation score of ${file} dropped by ${drop} points (${before}% -> ${fileScore.score}%), more than the allowed ${policy.maxDrop}`,
        ),
      );
    }
  }
  return findings;
}

export function isUnderFloor(score: number | null | undefined, policy: Pick<MutationPolicy, 'minFileScore'>): boolean {
  return typeof score === 'number' && score < policy.minFileScore;
}

const LISTED_SOURCE = 60;

/** `original -> mutated`, each shortened to one line. */
function change(mutant: SurvivingMutant): string {
  const shorten = (code: string) => {
    const line = code.replace(/\s+/g, ' ').trim();
    return line.length > LISTED_SOURCE ? `${line.slice(0, LISTED_SOURCE - 3)}...` : line;
  };
  return `${shorten(mutant.original)} -> ${shorten(mutant.replacement)}`;
}

/** `file:line original -> mutated`, marked when the mutant is static. */
export function describeMutant(mutant: SurvivingMutant): string {
  return `${mutant.file}:${mutant.line} ${change(mutant)}${mutant.static ? ' (static)' : ''}`;
}

/** What the baseline holds for a file under the floor: its earlier score, or why it is not there. */
function baselineNote(read: BaselineRead, file: string): string[] {
  if (read.kind !== 'ok') return [];
  const before = read.baseline.files[file];
  if (before === undefined) return ['a new file enters the baseline only at or above the floor'];
  return before === null ? [] : [`${before}% in the baseline`];
}

/**
 * One finding per file under the floor, listing every mutant its tests let through (survivors apart from
 * the mutants no test runs); in files at or above it, each such mutant is a note at its line.
 */
function judgeFiles(run: MeasuredRun, read: BaselineRead, policy: MutationPolicy): Finding[] {
  const findings: Finding[] = [];
  for (const [file, fileScore] of Object.entries(run.scores.files)) {
    const undetected = run.undetected.filter((mutant) => mutant.file === file);
    if (isUnderFloor(fileScore.score, policy)) {
      const survived = undetected.filter((mutant) => mutant.status === 'Survived');
      const uncovered = undetected.filter((mutant) => mutant.status === 'NoCoverage');
      const detected = fileScore.killed + fileScore.timeout;
      const valid = detected + fileScore.survived + fileScore.noCoverage;
      const parts = [
        `mutation score of ${file} is ${fileScore.score}%, under the per-file floor ${policy.minFileScore}% ` +
          `(${detected} of ${valid} mutants detected)`,
        ...(survived.length > 0 ? [`${survived.length} survived the tests: ${survived.map(describeMutant).join(', ')}`] : []),
        ...(uncovered.length > 0
          ? [`${uncovered.length} with no coverage (no test runs this line): ${uncovered.map(describeMutant).join(', ')}`]
          : []),
        ...baselineNote(read, file),
      ];
      const first = undetected[0];
      const at = { line: first?.line ?? 0, column: first?.column ?? 0 };
      findings.push(mutationRules.finding('file-below-floor', 'error', parts.join('; '), { file, ...at }));
      continue;
    }
    for (const mutant of undetected) {
      const survived = mutant.status === 'Survived';
      const what = survived ? 'surviving mutant: the tests still pass with' : 'no test runs this line: untested mutant';
      const kind = mutant.static ? `${mutant.mutator}, static` : mutant.mutator;
      const at = { file, line: mutant.line, column: mutant.column };
      findings.push(
        mutationRules.finding(survived ? 'surviving-mutant' : 'no-coverage', 'note', `${what} ${change(mutant)} (${kind})`, at),
      );
    }
  }
  return findings;
}
