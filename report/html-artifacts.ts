import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Evidence } from '../core/contracts.js';

/** A score row of the mutation gate's mutation-score.json (one mutated file). */
export interface MutationFileRow {
  file: string;
  score: number | null;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  /** Outside the score: shown so a file cannot look tested by ignoring its mutants. */
  ignored: number;
  /** Static mutants (module-level code) run for this file. */
  static: number;
}

/** A check row of the invariants gate's invariant-coverage.json. */
export interface InvariantRow {
  operationId: string;
  kind: string;
  checkId: string;
  held: number;
  rejected: number;
  recorded: number;
  predicateErrors: number;
  tests: number;
}

/** An operation row of the replay gate's report.json. */
export interface ReplayOperationRow {
  operation: string;
  cases: number;
  noDrift: number;
  noise: number;
  error: number;
  drift: Record<string, number>;
}

/** Per-gate detail the page shows beyond evidence.json, read from the gates' own JSON artifacts. */
export interface HtmlDetails {
  mutationFiles?: MutationFileRow[];
  invariants?: InvariantRow[];
  replayOperations?: ReplayOperationRow[];
  /** Artifacts that were listed but could not be read, with why: shown, never hidden. */
  unreadable: string[];
}

/**
 * Reads the JSON artifacts the page tabulates (mutation scores per file,
 * invariant coverage) from the project root. A listed artifact that is
 * missing or malformed is reported on the page, not silently dropped.
 */
export function readHtmlDetails(evidence: Evidence, root: string): HtmlDetails {
  const details: HtmlDetails = { unreadable: [] };
  const artifact = (
    gateId: string,
    name: string,
    parse: (text: string) => unknown = JSON.parse,
  ): { file: string; data: unknown } | undefined => {
    const file = evidence.gates.find((gate) => gate.id === gateId)?.artifacts.find((entry) => path.basename(entry) === name);
    if (!file) return undefined;
    try {
      return { file, data: parse(readFileSync(path.resolve(root, file), 'utf8')) };
    } catch (error) {
      details.unreadable.push(`${file}: ${(error as Error).message.split('\n')[0] ?? ''}`);
      return undefined;
    }
  };

  const mutation = artifact('mutation', 'mutation-score.json');
  if (mutation) {
    const files = record(record(mutation.data)?.files);
    if (files) {
      details.mutationFiles = Object.keys(files)
        .sort()
        .map((file) => {
          const row = record(files[file]) ?? {};
          return {
            file,
            score: typeof row.score === 'number' ? row.score : null,
            killed: numberOr0(row.killed),
            survived: numberOr0(row.survived),
            noCoverage: numberOr0(row.noCoverage),
            timeout: numberOr0(row.timeout),
            ignored: numberOr0(row.ignored),
            static: numberOr0(row.static),
          };
        });
    } else {
      details.unreadable.push(`${mutation.file}: no per-file scores`);
    }
  }

  const coverage = artifact('invariants', 'invariant-coverage.json');
  if (coverage) {
    const checks = record(coverage.data)?.checks;
    if (Array.isArray(checks)) {
      details.invariants = checks.map((entry) => {
        const row = record(entry) ?? {};
        return {
          operationId: String(row.operationId ?? ''),
          kind: String(row.kind ?? ''),
          checkId: String(row.checkId ?? ''),
          held: numberOr0(row.held),
          rejected: numberOr0(row.rejected),
          recorded: numberOr0(row.recorded),
          predicateErrors: numberOr0(row.predicateErrors),
          tests: Array.isArray(row.tests) ? row.tests.length : 0,
        };
      });
    } else {
      details.unreadable.push(`${coverage.file}: no checks`);
    }
  }

  const replay = artifact('replay', 'report.json', parseReplayHeader);
  if (replay) {
    const operations = record(replay.data)?.operations;
    if (Array.isArray(operations)) {
      details.replayOperations = operations.map((entry) => {
        const row = record(entry) ?? {};
        const drift = record(row.drift) ?? {};
        return {
          operation: String(row.operation ?? ''),
          cases: numberOr0(row.cases),
          noDrift: numberOr0(row.noDrift),
          noise: numberOr0(row.noise),
          error: numberOr0(row.error),
          drift: Object.fromEntries(Object.entries(drift).map(([severity, value]) => [severity, numberOr0(value)])),
        };
      });
    } else {
      details.unreadable.push(`${replay.file}: no operations`);
    }
  }
  return details;
}

/**
 * The replay report's header: report.json streams its cases last, after the
 * sorted header keys, so a large report is not parsed whole just for the totals.
 */
function parseReplayHeader(text: string): unknown {
  const cases = text.indexOf('\n  "cases": [');
  return JSON.parse(cases < 0 ? text : `${text.slice(0, cases).replace(/,\s*$/, '')}\n}`);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
