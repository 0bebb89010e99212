import { compareFindings } from '../finding-order.js';
import { compareEntries, entryKey, type BaselineEntry } from './baseline-file.js';
import type { FindingIdentity, LocatedFinding } from './finding-identity.js';

/** SARIF 2.1.0's `result.baselineState` values that the ratchet uses. */
export type BaselineState = 'new' | 'unchanged' | 'absent';

export interface MatchedFinding<F> {
  finding: F;
  identity: FindingIdentity;
  /** `unchanged`: the baseline accepts it (known); `new`: it fails as usual. */
  state: 'new' | 'unchanged';
}

export interface FixedEntry {
  entry: BaselineEntry;
  /** How many of the entry's accepted findings are gone. */
  fixed: number;
}

export interface FindingDelta<F> {
  matched: Array<MatchedFinding<F>>;
  fixed: FixedEntry[];
}

/**
 * Matches current findings against baseline entries by identity, with counts:
 * for an identity the baseline accepts n times, the first n findings (in
 * position order) are known and any further ones are new; an entry with fewer
 * current findings than its count has that many fixed. Entries outside `inScope`
 * (rules this run does not check, files it did not look at) are neither.
 */
export function matchFindings<F extends LocatedFinding>(
  findings: readonly F[],
  entries: readonly BaselineEntry[],
  identify: (finding: F) => FindingIdentity,
  inScope: (entry: BaselineEntry) => boolean,
): FindingDelta<F> {
  const remaining = new Map(entries.filter(inScope).map((entry) => [entryKey(entry), entry.count]));
  const matched = [...findings].sort(compareFindings).map((finding) => {
    const identity = identify(finding);
    const key = entryKey(identity);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    return { finding, identity, state: left > 0 ? ('unchanged' as const) : ('new' as const) };
  });
  const fixed = entries
    .filter(inScope)
    .map((entry) => ({ entry, fixed: remaining.get(entryKey(entry)) ?? 0 }))
    .filter((item) => item.fixed > 0)
    .sort((a, b) => compareEntries(a.entry, b.entry));
  return { matched, fixed };
}

/** Baseline entries accepting every current finding once per occurrence. */
export function entriesFor(identities: readonly FindingIdentity[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const identity of identities) {
    const key = entryKey(identity);
    const entry = byKey.get(key);
    if (entry) entry.count += 1;
    else
      byKey.set(key, {
        rule: identity.rule,
        file: identity.file,
        symbol: identity.symbol,
        hash: identity.hash,
        code: identity.code,
        count: 1,
      });
  }
  return [...byKey.values()].sort(compareEntries);
}

/**
 * The ratchet's tightening: each entry keeps the smaller of its count and the
 * current count of its identity (dropped at zero); nothing new is ever added.
 * Entries outside `inScope` are kept as they are.
 */
export function pruneEntries(
  entries: readonly BaselineEntry[],
  identities: readonly FindingIdentity[],
  inScope: (entry: BaselineEntry) => boolean,
): BaselineEntry[] {
  const current = new Map(entriesFor(identities).map((entry) => [entryKey(entry), entry.count]));
  return entries
    .map((entry) => (inScope(entry) ? { ...entry, count: Math.min(entry.count, current.get(entryKey(entry)) ?? 0) } : entry))
    .filter((entry) => entry.count > 0)
    .sort(compareEntries);
}
