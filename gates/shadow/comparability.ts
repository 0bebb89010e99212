import { compareText } from '../../core/finding-order.js';
import type { CanaryRollbackEvent, EvidenceEvent } from '@plumbline-kit/runtime';

/** How many top differing paths the report keeps per operation. */
const TOP_PATHS = 10;

/** What the evidence shows of one operation's candidate against current. */
export interface OperationComparability {
  readonly operationId: string;
  /** Shadow and canary samples together. */
  shadowSamples: number;
  canarySamples: number;
  matches: number;
  mismatches: number;
  candidateErrors: number;
  candidateTimeouts: number;
  /** Canary calls the candidate served without a comparison. */
  served: number;
  /** Calls that could not be compared (not samples). */
  skipped: number;
  readonly rollbacks: CanaryRollbackEvent[];
  /** Differing path -> mismatches showing it. */
  readonly paths: Map<string, number>;
}

/** Derived rates; a rate with no denominator is 0 (and the sample minimum catches it). */
export function samplesOf(entry: OperationComparability): number {
  return entry.shadowSamples + entry.canarySamples;
}
export function mismatchRateOf(entry: OperationComparability): number {
  const compared = entry.matches + entry.mismatches;
  return compared === 0 ? 0 : entry.mismatches / compared;
}
export function errorRateOf(entry: OperationComparability): number {
  const samples = samplesOf(entry);
  return samples === 0 ? 0 : (entry.candidateErrors + entry.candidateTimeouts) / samples;
}
export function topPaths(entry: OperationComparability): Array<{ path: string; mismatches: number }> {
  return [...entry.paths.entries()]
    .map(([path, mismatches]) => ({ path, mismatches }))
    .sort((a, b) => b.mismatches - a.mismatches || compareText(a.path, b.path))
    .slice(0, TOP_PATHS);
}

/** Tallies shadow, canary and rollback events per operation (sorted by id); check events are ignored. */
export function tallyComparability(events: readonly EvidenceEvent[], required: readonly string[]): OperationComparability[] {
  const byOperation = new Map<string, OperationComparability>();
  const entryOf = (operationId: string) => {
    let entry = byOperation.get(operationId);
    if (entry === undefined) {
      entry = {
        operationId,
        shadowSamples: 0,
        canarySamples: 0,
        matches: 0,
        mismatches: 0,
        candidateErrors: 0,
        candidateTimeouts: 0,
        served: 0,
        skipped: 0,
        rollbacks: [],
        paths: new Map(),
      };
      byOperation.set(operationId, entry);
    }
    return entry;
  };
  for (const id of required) entryOf(id);
  for (const event of events) {
    if ('checkId' in event) continue;
    const entry = entryOf(event.operationId);
    if (event.kind === 'canary-rollback') {
      entry.rollbacks.push(event);
      continue;
    }
    if (event.outcome === 'skipped') {
      entry.skipped++;
      continue;
    }
    if (event.kind === 'shadow') entry.shadowSamples++;
    else entry.canarySamples++;
    switch (event.outcome) {
      case 'match':
        entry.matches++;
        break;
      case 'mismatch':
        entry.mismatches++;
        for (const path of event.diff?.paths ?? ['(root)']) entry.paths.set(path, (entry.paths.get(path) ?? 0) + 1);
        break;
      case 'candidate-error':
        entry.candidateErrors++;
        break;
      case 'candidate-timeout':
        entry.candidateTimeouts++;
        break;
      case 'served':
        entry.served++;
        break;
    }
  }
  return [...byOperation.values()].sort((a, b) => compareText(a.operationId, b.operationId));
}
