import type { ReplayConfig, ReplaySeverity } from '../../config/schema.js';
import { formatPath, type PathSegment } from '@plumbline-kit/runtime';
import { compileNormalisers, type Difference, type OperationNormaliser } from './normalise.js';
import { compileSeverityRules, severityRank, type SeverityClassifier } from './severity.js';

/** What one ref's process answered for a case: its output, or what it threw. */
export type RunAnswer =
  | { readonly ok: true; readonly output?: unknown }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

export type CaseStatus = 'no-drift' | 'drift' | 'noise' | 'error';

export interface ReportedDiff {
  readonly path: string;
  /** Drift only: the severity the rules give it. */
  readonly severity?: ReplaySeverity;
  /** Absent where the baseline had no value at the path. */
  readonly old?: unknown;
  /** Absent where the candidate has no value at the path. */
  readonly new?: unknown;
}

export interface CaseVerdict {
  readonly status: CaseStatus;
  /** The highest severity among the drifts (drift only). */
  readonly severity?: ReplaySeverity;
  readonly diffs: readonly ReportedDiff[];
  readonly noise: readonly ReportedDiff[];
  /** More paths differed than `maxDiffsPerCase`. */
  readonly truncated: boolean;
  readonly message?: string;
}

/**
 * Compares the baseline's and the candidate's answers case by case. Noise (the
 * Diffy way): paths where two runs of the baseline disagree are learnt per
 * operation first (`learnNoise`), then a difference at such a path (or below
 * it) is noise, not drift. Answers are normalised per operation before diffing.
 */
export class ReplayComparer {
  private readonly normaliserOf: (operation: string) => OperationNormaliser;
  private readonly classify: SeverityClassifier;
  private readonly noisy = new Map<string, Set<string>>();
  private readonly limit: number;

  constructor(config: Pick<ReplayConfig, 'normalise' | 'severity' | 'defaultSeverity' | 'maxDiffsPerCase'>) {
    this.normaliserOf = compileNormalisers(config.normalise);
    this.classify = compileSeverityRules(config.severity, config.defaultSeverity);
    this.limit = config.maxDiffsPerCase;
  }

  /**
   * The comparison from the answer lines as the processes wrote them: identical
   * successful answers (the common case) are no drift without parsing or diffing.
   */
  compareLines(
    operation: string,
    baseline: string | undefined,
    candidate: string | undefined,
    missing: { baseline: string; candidate: string },
  ): CaseVerdict {
    if (baseline !== undefined && baseline === candidate && baseline.startsWith(SUCCESS_PREFIX)) return NO_DRIFT;
    return this.compare(operation, parseAnswer(baseline), parseAnswer(candidate), missing);
  }

  /** `learnNoise` from answer lines; identical lines teach nothing. */
  learnNoiseLines(operation: string, first: string | undefined, second: string | undefined): void {
    if (first === second) return;
    this.learnNoise(operation, parseAnswer(first), parseAnswer(second));
  }

  /** Records the paths where the two baseline runs disagree on this case as noise of its operation. */
  learnNoise(operation: string, first: RunAnswer | undefined, second: RunAnswer | undefined): void {
    if (first?.ok !== true || second?.ok !== true) return;
    const normaliser = this.normaliserOf(operation);
    const differences = normaliser.diff(normaliser.normalise(first.output), normaliser.normalise(second.output), this.limit);
    if (differences.length === 0) return;
    let paths = this.noisy.get(operation);
    if (paths === undefined) {
      paths = new Set();
      this.noisy.set(operation, paths);
    }
    for (const difference of differences) paths.add(noiseKey(difference.path));
  }

  /** Noisy paths learnt so far, per operation, sorted (for the report). */
  noisePaths(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const operation of [...this.noisy.keys()].sort()) result[operation] = [...(this.noisy.get(operation) ?? [])].sort();
    return result;
  }

  compare(
    operation: string,
    baseline: RunAnswer | undefined,
    candidate: RunAnswer | undefined,
    missing: { baseline: string; candidate: string },
  ): CaseVerdict {
    if (candidate === undefined) return errorVerdict(`the candidate gave no answer: ${missing.candidate}`);
    if (!candidate.ok) return errorVerdict(`the candidate threw ${candidate.error.name}: ${candidate.error.message}`);
    if (baseline === undefined) return errorVerdict(`the baseline gave no answer: ${missing.baseline}`);
    if (!baseline.ok) return errorVerdict(`the baseline threw ${baseline.error.name}: ${baseline.error.message} (the candidate returned)`);
    const normaliser = this.normaliserOf(operation);
    const differences = normaliser.diff(normaliser.normalise(baseline.output), normaliser.normalise(candidate.output), this.limit + 1);
    if (differences.length === 0) return NO_DRIFT;
    const truncated = differences.length > this.limit;
    const noisy = this.noisy.get(operation);
    const diffs: ReportedDiff[] = [];
    const noise: ReportedDiff[] = [];
    let highest: ReplaySeverity | undefined;
    for (const difference of differences.slice(0, this.limit)) {
      if (noisy !== undefined && isNoisy(difference.path, noisy)) {
        // Path only: noisy values differ from run to run, and the report must not.
        noise.push({ path: formatPath(difference.path) });
        continue;
      }
      const severity = this.classify(operation, difference.path, difference.old, difference.new);
      if (highest === undefined || severityRank(severity) > severityRank(highest)) highest = severity;
      diffs.push(reported(difference, severity));
    }
    if (diffs.length === 0) return { status: 'noise', diffs, noise, truncated };
    return { status: 'drift', severity: highest, diffs, noise, truncated };
  }
}

const SUCCESS_PREFIX = '{"ok":true';
const NO_DRIFT: CaseVerdict = Object.freeze({ status: 'no-drift', diffs: Object.freeze([]), noise: Object.freeze([]), truncated: false });

/** One line of a results file; a line cut short by a killed process is no answer. */
export function parseAnswer(line: string | undefined): RunAnswer | undefined {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as RunAnswer;
  } catch {
    return undefined;
  }
}

function errorVerdict(message: string): CaseVerdict {
  return { status: 'error', diffs: [], noise: [], truncated: false, message };
}

function reported(difference: Difference, severity: ReplaySeverity | undefined): ReportedDiff {
  return {
    path: formatPath(difference.path),
    ...(severity !== undefined ? { severity } : {}),
    ...(difference.old !== undefined ? { old: difference.old } : {}),
    ...(difference.new !== undefined ? { new: difference.new } : {}),
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function keyStep(step: PathSegment, first: boolean): string {
  if (typeof step === 'number') return '[*]';
  if (IDENTIFIER.test(step)) return first ? step : `.${step}`;
  return `[${JSON.stringify(step)}]`;
}

/** The path with array indices generalised (`items[*].id`): a field noisy in one element is noisy in every element. */
function noiseKey(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  return path.map((step, index) => keyStep(step, index === 0)).join('');
}

/** Noisy when the generalised path or one of its parents was noisy in the baseline. */
function isNoisy(path: readonly PathSegment[], noisy: ReadonlySet<string>): boolean {
  if (noisy.has('(root)')) return true;
  let key = '';
  for (const [index, step] of path.entries()) {
    key += keyStep(step, index === 0);
    if (noisy.has(key)) return true;
  }
  return false;
}
