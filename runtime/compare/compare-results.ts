import type { ComparisonOutcome, ResultDiff } from '../evidence/event.js';
import { describeCause } from '../checks/violation-errors.js';
import { deepDiff } from './deep-diff.js';
import { compilePathPatterns } from './path-pattern.js';

/**
 * Compares current's result with the candidate's: `true` (equal), `false`
 * (different, reported at `(root)`), or the paths that differ (empty: equal).
 */
export type Comparator<T> = (current: T, candidate: T) => boolean | readonly string[];

/** How a call ended: a value, or a thrown error / rejected promise. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface ComparisonResult {
  readonly outcome: Extract<ComparisonOutcome, 'match' | 'mismatch' | 'candidate-error' | 'skipped'>;
  readonly diff?: ResultDiff;
  readonly message?: string;
}

const DIFF_LIMIT = 50;
/** The path reported when one side threw and the other returned. */
export const THROWN_PATH = '(thrown)';

/** The default comparator is deep equality ignoring `ignorePaths`; a custom one gets no ignore list (it decides itself). */
export function resultDiffer<T>(
  subject: string,
  compare: Comparator<T> | undefined,
  ignorePaths: readonly string[] | undefined,
): (current: T, candidate: T) => ResultDiff {
  if (compare === undefined) {
    const ignore = compilePathPatterns(subject, ignorePaths ?? []);
    return (current, candidate) => deepDiff(current, candidate, { ignore, limit: DIFF_LIMIT });
  }
  return (current, candidate) => {
    const verdict = compare(current, candidate);
    if (verdict === true) return { paths: [], truncated: false };
    if (verdict === false) return { paths: ['(root)'], truncated: false };
    if (!Array.isArray(verdict) || !verdict.every((path) => typeof path === 'string')) {
      throw new TypeError('the comparator must return a boolean or an array of paths');
    }
    const paths = [...new Set(verdict)].sort();
    return { paths: paths.slice(0, DIFF_LIMIT), truncated: paths.length > DIFF_LIMIT };
  };
}

/**
 * Both returned: compare. Both threw: they agree (a match). Only the candidate
 * threw: `candidate-error`. Only current threw: a mismatch at `(thrown)`.
 */
export function compareSettled<T>(current: Settled<T>, candidate: Settled<T>, differ: (a: T, b: T) => ResultDiff): ComparisonResult {
  if (!candidate.ok) {
    return current.ok ? { outcome: 'candidate-error', message: describeCause(candidate.error).slice(0, 500) } : { outcome: 'match' };
  }
  if (!current.ok) {
    return {
      outcome: 'mismatch',
      diff: { paths: [THROWN_PATH], truncated: false },
      message: `current threw (${describeCause(current.error).slice(0, 200)}) but the candidate returned`,
    };
  }
  let diff: ResultDiff;
  try {
    diff = differ(current.value, candidate.value);
  } catch (error) {
    return { outcome: 'skipped', message: `the comparator threw: ${describeCause(error).slice(0, 500)}` };
  }
  return diff.paths.length === 0 ? { outcome: 'match' } : { outcome: 'mismatch', diff };
}
