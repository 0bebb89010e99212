import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Evidence } from '../core/contracts.js';
import type { InvariantRow } from '../gates/invariants/details.js';
import type { MutationFileRow } from '../gates/mutation/details.js';
import type { ReplayOperationRow } from '../gates/replay/details.js';
import type { GateDetails } from '../gates/runner/gate-contract.js';

export type { InvariantRow, MutationFileRow, ReplayOperationRow };

/**
 * The gates' detail readers the page uses (gates/runner/registry.ts HTML_DETAIL_READERS):
 * each names its artifact and parses it. Handed in, since report/ may import only types from gates/.
 */
export interface HtmlDetailReaders {
  mutation?: GateDetails<MutationFileRow[]>;
  invariants?: GateDetails<InvariantRow[]>;
  replay?: GateDetails<ReplayOperationRow[]>;
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
 * Reads the artifacts the page tabulates from the project root, each with its
 * gate's reader. A listed artifact that is missing or malformed is reported on
 * the page, not silently dropped.
 */
export function readHtmlDetails(evidence: Evidence, root: string, readers: HtmlDetailReaders): HtmlDetails {
  const details: HtmlDetails = { unreadable: [] };
  const read = <Detail>(gateId: string, reader: GateDetails<Detail> | undefined): Detail | undefined => {
    if (!reader) return undefined;
    const artifacts = evidence.gates.find((gate) => gate.id === gateId)?.artifacts ?? [];
    const file = artifacts.find((entry) => path.basename(entry) === reader.artifact);
    if (!file) return undefined;
    try {
      return reader.read(readFileSync(path.resolve(root, file), 'utf8'));
    } catch (error) {
      details.unreadable.push(`${file}: ${firstLine(error)}`);
      return undefined;
    }
  };
  const mutationFiles = read('mutation', readers.mutation);
  const invariants = read('invariants', readers.invariants);
  const replayOperations = read('replay', readers.replay);
  return {
    ...(mutationFiles ? { mutationFiles } : {}),
    ...(invariants ? { invariants } : {}),
    ...(replayOperations ? { replayOperations } : {}),
    unreadable: details.unreadable,
  };
}

/** A zod error's first issue, or an error's first line. */
function firstLine(error: unknown): string {
  if (error instanceof Error && 'issues' in error && Array.isArray(error.issues) && error.issues.length > 0) {
    const issue = error.issues[0] as { path: PropertyKey[]; message: string };
    return `${issue.path.map(String).join('.') || 'artifact'}: ${issue.message}`;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
