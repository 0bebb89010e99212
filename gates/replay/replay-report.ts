import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { ReplaySeverity } from '../../config/schema.js';
import { stableStringify } from '../../core/stable-json.js';
import type { CaseStatus, CaseVerdict, ReportedDiff } from './compare-case.js';
import { renderReplayMarkdown } from './replay-markdown.js';
import { REPLAY_SEVERITIES, severityRank } from './severity.js';
import { REPLAY_REPORT_JSON } from './details.js';

export interface CaseEntry {
  readonly key: string;
  readonly file: string;
  readonly line: number;
  readonly operation: string;
}

export interface ReportedCase extends CaseEntry {
  readonly status: CaseStatus;
  readonly severity?: ReplaySeverity;
  readonly message?: string;
  readonly diffs: readonly ReportedDiff[];
  readonly noise: readonly ReportedDiff[];
}

export interface OperationTotals {
  operation: string;
  cases: number;
  noDrift: number;
  noise: number;
  error: number;
  drift: Record<ReplaySeverity, number>;
}

export interface ReplayRefs {
  baseline: { ref: string; commit: string };
  candidate: { ref: string; commit?: string };
}

export interface ReplaySummary {
  passed: boolean;
  /** Why the replay failed, one sentence each (empty when it passed). */
  reasons: string[];
  failAt: ReplaySeverity;
  refs: ReplayRefs | undefined;
  totals: { cases: number; noDrift: number; drift: number; noise: number; error: number; invalid: number };
  operations: OperationTotals[];
  invalid: Array<{ file: string; line: number; message: string }>;
  failures: { baseline?: string; baselineRepeat?: string; candidate?: string };
  noise: Record<string, string[]>;
  /** The first cases of each (operation, status, severity) group, for the summary and the findings. */
  examples: ReportedCase[];
  reportFile: string;
  summaryFile: string;
}

const EXAMPLES_PER_GROUP = 10;

/**
 * Writes report.json case by case while the comparison streams (only totals and
 * a few examples stay in memory), then summary.md. Cases keep input order and
 * every object is written with sorted keys, so two runs give the same bytes.
 */
export class CaseReportWriter {
  private readonly casesTemp: string;
  private readonly cases;
  private first = true;
  private readonly operations = new Map<string, OperationTotals>();
  private readonly groups = new Map<string, number>();
  private readonly examples: ReportedCase[] = [];
  private readonly totals = { cases: 0, noDrift: 0, drift: 0, noise: 0, error: 0, invalid: 0 };
  private failing = 0;

  constructor(
    private readonly outDir: string,
    private readonly failAt: ReplaySeverity,
  ) {
    mkdirSync(outDir, { recursive: true });
    this.casesTemp = path.join(outDir, `.cases.${process.pid}.tmp`);
    this.cases = createWriteStream(this.casesTemp, { encoding: 'utf8' });
  }

  async add(entry: CaseEntry, verdict: CaseVerdict): Promise<void> {
    const reported = reportedCase(entry, verdict);
    const text = `${this.first ? '' : ',\n'}    ${caseLine(reported)}`;
    this.first = false;
    if (!this.cases.write(text)) await once(this.cases, 'drain');

    this.totals.cases++;
    const totals = this.operationTotals(entry.operation);
    totals.cases++;
    if (verdict.status === 'no-drift') {
      this.totals.noDrift++;
      totals.noDrift++;
      return;
    }
    if (verdict.status === 'noise') {
      this.totals.noise++;
      totals.noise++;
    } else if (verdict.status === 'error') {
      this.totals.error++;
      totals.error++;
      this.failing++;
    } else {
      const severity = verdict.severity ?? 'medium';
      this.totals.drift++;
      totals.drift[severity]++;
      if (severityRank(severity) >= severityRank(this.failAt)) this.failing++;
    }
    const group = `${entry.operation}\0${verdict.status}\0${verdict.severity ?? ''}`;
    const seen = this.groups.get(group) ?? 0;
    if (seen < EXAMPLES_PER_GROUP) this.examples.push(reported);
    this.groups.set(group, seen + 1);
  }

  /** Malformed input and no --allow-invalid: a report of the input problems only. */
  async finishWithoutReplay(read: { invalidCount: number; invalid: ReplaySummary['invalid']; refs: undefined }): Promise<ReplaySummary> {
    return this.finish({
      invalidCount: read.invalidCount,
      invalid: read.invalid,
      refs: undefined,
      failures: {},
      noise: {},
      replayed: false,
    });
  }

  async finish(run: {
    invalidCount: number;
    invalid: ReplaySummary['invalid'];
    refs: ReplayRefs | undefined;
    failures: ReplaySummary['failures'];
    noise: Record<string, string[]>;
    replayed?: boolean;
  }): Promise<ReplaySummary> {
    this.totals.invalid = run.invalidCount;
    // A side whose process ran clean may be present with an undefined failure: it is left out.
    const failures: ReplaySummary['failures'] = {};
    for (const side of ['baseline', 'baselineRepeat', 'candidate'] as const) {
      const failure = run.failures[side];
      if (failure !== undefined) failures[side] = failure;
    }
    const reasons: string[] = [];
    if (run.replayed === false)
      reasons.push(`${run.invalidCount} malformed case(s) in the input (pass --allow-invalid to replay the rest)`);
    else {
      if (this.totals.cases === 0) reasons.push('there was no case to replay');
      if (this.totals.error > 0) reasons.push(`${this.totals.error} case(s) errored`);
      const atOrAbove = this.failing - this.totals.error;
      if (atOrAbove > 0) reasons.push(`${atOrAbove} case(s) drifted at severity ${this.failAt} or above`);
      for (const [side, failure] of Object.entries(failures))
        reasons.push(`the ${side === 'baselineRepeat' ? 'repeated baseline' : side} process ${failure}`);
    }
    const summary: ReplaySummary = {
      passed: reasons.length === 0,
      reasons,
      failAt: this.failAt,
      refs: run.refs,
      totals: { ...this.totals },
      operations: [...this.operations.values()].sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0)),
      invalid: run.invalid,
      failures,
      noise: run.noise,
      examples: this.examples,
      reportFile: path.join(this.outDir, REPLAY_REPORT_JSON),
      summaryFile: path.join(this.outDir, 'summary.md'),
    };
    await this.writeReport(summary);
    writeFileAtomic(summary.summaryFile, renderReplayMarkdown(summary));
    return summary;
  }

  private operationTotals(operation: string): OperationTotals {
    let totals = this.operations.get(operation);
    if (totals === undefined) {
      totals = {
        operation,
        cases: 0,
        noDrift: 0,
        noise: 0,
        error: 0,
        drift: Object.fromEntries(REPLAY_SEVERITIES.map((s) => [s, 0])) as Record<ReplaySeverity, number>,
      };
      this.operations.set(operation, totals);
    }
    return totals;
  }

  private async writeReport(summary: ReplaySummary): Promise<void> {
    this.cases.end();
    await once(this.cases, 'finish');
    const { examples: _examples, reportFile: _report, summaryFile: _summary, ...header } = summary;
    const head = stableStringify({ schemaVersion: 1, ...header }, 2).replace(/\n}$/, '');
    const temp = `${summary.reportFile}.${process.pid}.tmp`;
    const out = createWriteStream(temp, { encoding: 'utf8' });
    try {
      out.write(`${head},\n  "cases": [\n`);
      await pipeline(createReadStream(this.casesTemp, { encoding: 'utf8' }), out, { end: false });
      out.end(`${this.first ? '' : '\n'}  ]\n}\n`);
      await once(out, 'finish');
      renameSync(temp, summary.reportFile);
    } finally {
      rmSync(temp, { force: true });
      rmSync(this.casesTemp, { force: true });
    }
  }
}

/** A case as the report lists it. */
export function reportedCase(entry: CaseEntry, verdict: CaseVerdict): ReportedCase {
  // Built field by field, no spreads (this runs once per case): the entry's keys, then the verdict's, in that order.
  const reported: { -readonly [K in keyof ReportedCase]: ReportedCase[K] } & { truncated?: true } = {
    key: entry.key,
    file: entry.file,
    line: entry.line,
    operation: entry.operation,
    status: verdict.status,
  } as ReportedCase;
  if (verdict.severity !== undefined) reported.severity = verdict.severity;
  if (verdict.message !== undefined) reported.message = verdict.message;
  reported.diffs = verdict.diffs;
  reported.noise = verdict.noise;
  if (verdict.truncated) reported.truncated = true;
  return reported;
}

/**
 * One case as a line of report.json, keys sorted at every depth. A case without
 * differences (most of them) is built in sorted key order and needs no sorting pass.
 */
export function caseLine(reported: ReportedCase): string {
  if (reported.diffs.length > 0 || reported.noise.length > 0) return stableStringify(reported);
  return JSON.stringify({
    diffs: reported.diffs,
    file: reported.file,
    key: reported.key,
    line: reported.line,
    message: reported.message,
    noise: reported.noise,
    operation: reported.operation,
    severity: reported.severity,
    status: reported.status,
  });
}
