import { compareText } from '../../core/finding-order.js';
import type { Mutant, MutationReport } from './mutation-report.js';

export interface ScoreCounts {
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  /** Mutants Stryker was told not to test (`// Stryker disable` comments, ignorers): outside the score, always shown. */
  ignored: number;
  /** Mutants that could not be judged (compile or runtime errors): outside the score, as in Stryker. */
  invalid: number;
  /** Static mutants (module-level code), each judged by rerunning every test. */
  static: number;
  /** Tests run to judge the mutants, and how many of those runs the static mutants took: the cost of running them. */
  testRuns: number;
  staticTestRuns: number;
}

export interface FileScore extends ScoreCounts {
  /** Mutation score in percent, two decimals; null when the file has no valid mutant. */
  score: number | null;
}

export interface MutationScores {
  overall: FileScore;
  files: Record<string, FileScore>;
  mutators: Record<string, FileScore>;
}

const emptyCounts = (): ScoreCounts => ({
  killed: 0,
  survived: 0,
  noCoverage: 0,
  timeout: 0,
  ignored: 0,
  invalid: 0,
  static: 0,
  testRuns: 0,
  staticTestRuns: 0,
});

function count(counts: ScoreCounts, mutant: Mutant): void {
  const testRuns = mutant.testsCompleted ?? 0;
  counts.testRuns += testRuns;
  if (mutant.static) {
    counts.static += 1;
    counts.staticTestRuns += testRuns;
  }
  switch (mutant.status) {
    case 'Killed':
      counts.killed += 1;
      break;
    case 'Timeout':
      counts.timeout += 1;
      break;
    case 'Survived':
      counts.survived += 1;
      break;
    case 'NoCoverage':
      counts.noCoverage += 1;
      break;
    case 'Pending':
      // A report with pending mutants is unfinished: the caller must not score it.
      throw new Error(`mutant ${mutant.id} is still pending: the Stryker report is incomplete`);
    case 'Ignored':
      counts.ignored += 1;
      break;
    default:
      counts.invalid += 1;
  }
}

/** Detected (killed or timed out) over valid (detected, survived, no coverage), in percent; as Stryker computes it. */
export function scoreOf(counts: ScoreCounts): FileScore {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return { ...counts, score: valid === 0 ? null : Math.round((detected / valid) * 10000) / 100 };
}

/** Scores per file, per mutator and overall, with keys in a stable order. */
export function computeScores(report: MutationReport): MutationScores {
  const overall = emptyCounts();
  const files = new Map<string, ScoreCounts>();
  const mutators = new Map<string, ScoreCounts>();
  for (const [file, result] of Object.entries(report.files)) {
    const fileCounts = files.get(file) ?? emptyCounts();
    files.set(file, fileCounts);
    for (const mutant of result.mutants) {
      const mutatorCounts = mutators.get(mutant.mutatorName) ?? emptyCounts();
      mutators.set(mutant.mutatorName, mutatorCounts);
      for (const counts of [overall, fileCounts, mutatorCounts]) count(counts, mutant);
    }
  }
  const sorted = (map: Map<string, ScoreCounts>) =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => compareText(a, b)).map(([key, counts]) => [key, scoreOf(counts)]));
  return { overall: scoreOf(overall), files: sorted(files), mutators: sorted(mutators) };
}

export interface SurvivingMutant {
  file: string;
  line: number;
  column: number;
  mutator: string;
  original: string;
  replacement: string;
  status: 'Survived' | 'NoCoverage';
  static: boolean;
}

/** Mutants the tests did not detect, with the original code they replaced, in file and position order. */
export function survivingMutants(report: MutationReport): SurvivingMutant[] {
  const survivors: SurvivingMutant[] = [];
  for (const [file, result] of Object.entries(report.files)) {
    const lines = result.source.split('\n');
    for (const mutant of result.mutants) {
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      survivors.push({
        file,
        line: mutant.location.start.line,
        column: mutant.location.start.column,
        mutator: mutant.mutatorName,
        original: sliceSource(lines, mutant.location.start, mutant.location.end),
        replacement: mutant.replacement ?? '',
        status: mutant.status,
        static: mutant.static === true,
      });
    }
  }
  return survivors.sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.mutator, b.mutator),
  );
}

/** Source text between two 1-based line / 1-based column positions (Stryker's report convention). */
function sliceSource(lines: string[], start: { line: number; column: number }, end: { line: number; column: number }): string {
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? '').slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = (lines[end.line - 1] ?? '').slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}
