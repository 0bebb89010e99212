import path from 'node:path';
import { boundValue } from '../../core/bounded-text.js';
import type { Finding } from '../../core/contracts.js';
import { atLine } from '../../core/rule-catalog.js';
import { compareText } from '../../core/finding-order.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { DataDriftConfig } from '../../config/gate-settings/data-quality.js';
import { contractLocator, type ContractSet } from '../shared/database/contract-set.js';
import type { DatabaseSession } from '../shared/database/database-session.js';
import { introspect } from '../shared/database/introspect.js';
import { tableReference } from '../shared/database/table-reference.js';
import { histograms, profileTables, valueCounts } from './column-profile.js';
import { populationStabilityIndex } from './population-stability.js';
import { readProfileSnapshot, SnapshotError, type ColumnProfile, type DataProfile } from './profile-file.js';
import { dataQualityRules } from './rules.js';

/** Profiles the database now and compares each column with the snapshot under the configured tolerances. */
export async function checkProfileDrift(config: ResolvedConfig, session: DatabaseSession, contracts: ContractSet, drift: DataDriftConfig) {
  const file = path.resolve(config.root, drift.snapshot);
  const shownFile = path.relative(config.root, file).split(path.sep).join('/');
  const findings: Finding[] = [];
  let snapshot: DataProfile;
  try {
    snapshot = readProfileSnapshot(file);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    return {
      findings: [dataQualityRules.finding('snapshot', 'error', error.message.replace(file, shownFile), atLine(shownFile, 0))],
      metrics: { driftedColumns: 0 },
    };
  }
  const existing = new Map((await introspect(session)).tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.type]))]));
  const current = await profileTables(session, contracts.tables, existing);
  let drifted = 0;
  for (const entry of contracts.tables) {
    const locate = contractLocator(entry);
    const before = snapshot.tables[entry.name];
    const now = current.tables[entry.name];
    if (!now) continue;
    if (!before) {
      const message = `table ${entry.name} is not in the snapshot ${shownFile}: run 'plumbline data snapshot' to profile it`;
      findings.push(dataQualityRules.finding('snapshot', 'warning', message, locate(entry.name)));
      continue;
    }
    if (drift.maxRowCountChange !== undefined && before.rowCount > 0) {
      const change = (now.rowCount - before.rowCount) / before.rowCount;
      if (Math.abs(change) > drift.maxRowCountChange) {
        drifted += 1;
        const message =
          `${entry.name}: row count ${before.rowCount} -> ${now.rowCount} (${signedPercent(change)}), ` +
          `more than ±${percent(drift.maxRowCountChange)}`;
        findings.push(dataQualityRules.finding('drift', drift.severity, message, locate(`${entry.name}#expect`)));
      }
    }
    for (const [column, profile] of Object.entries(now.columns)) {
      const old = before.columns[column];
      if (!old) {
        const message = `column ${entry.name}.${column} is not in the snapshot ${shownFile}: run 'plumbline data snapshot' to profile it`;
        findings.push(dataQualityRules.finding('snapshot', 'warning', message, locate(`${entry.name}.${column}`)));
        continue;
      }
      const reasons = await columnDrift(session, entry.name, column, old, before.rowCount, profile, now.rowCount, drift);
      if (reasons.length > 0) {
        drifted += 1;
        const message = `${entry.name}.${column} drifted from the snapshot: ${reasons.join('; ')}`;
        findings.push(dataQualityRules.finding('drift', drift.severity, message, locate(`${entry.name}.${column}`)));
      }
    }
  }
  return { findings, metrics: { driftedColumns: drifted } };
}

async function columnDrift(
  session: DatabaseSession,
  table: string,
  column: string,
  old: ColumnProfile,
  oldRows: number,
  now: ColumnProfile,
  nowRows: number,
  drift: DataDriftConfig,
): Promise<string[]> {
  const reasons: string[] = [];
  const oldNullRate = oldRows === 0 ? 0 : old.nulls / oldRows;
  const nowNullRate = nowRows === 0 ? 0 : now.nulls / nowRows;
  if (Math.abs(nowNullRate - oldNullRate) > drift.maxNullRateChange) {
    reasons.push(`null rate ${percent(oldNullRate)} -> ${percent(nowNullRate)} (tolerance ±${percent(drift.maxNullRateChange)})`);
  }
  // A key-like column (every value distinct) has no distribution to speak of: new ids are not drift.
  if (old.distinct === oldRows - old.nulls) return reasons;
  const ref = tableReference(session.target, table);
  if (old.histogram) {
    const { edges, counts: before } = old.histogram;
    const measured = (await histograms(session, ref, [{ column, edges }]))[column];
    if (measured === undefined) throw new Error(`no histogram measured for column ${column}`);
    const after = measured.counts;
    const psi = populationStabilityIndex(before, after);
    if (psi > drift.maxPsi) {
      const bins = before.map((count, i) => ({ label: binLabel(edges, i), before: count, after: after[i] ?? 0 }));
      const range = `${boundValue(String(old.min))}..${boundValue(String(old.max))} -> ${boundValue(String(now.min))}..${boundValue(String(now.max))}`;
      reasons.push(`PSI ${psi.toFixed(3)} over ${before.length} value bins > ${drift.maxPsi} (${largestMoves(bins)}; range ${range})`);
    }
  } else if (old.top.length > 0) {
    const values = old.top.map((t) => t.value);
    const counts = await valueCounts(session, ref, column, values);
    const oldFilled = oldRows - old.nulls;
    const nowFilled = nowRows - now.nulls;
    const oldBuckets = [...old.top.map((t) => t.count), oldFilled - old.top.reduce((s, t) => s + t.count, 0)];
    const nowTop = old.top.map((t) => counts.get(JSON.stringify(t.value)) ?? 0);
    const nowBuckets = [...nowTop, nowFilled - nowTop.reduce((s, n) => s + n, 0)];
    const psi = populationStabilityIndex(oldBuckets, nowBuckets);
    if (psi > drift.maxPsi) {
      // Values new to the top (e.g. a status the snapshot never saw) are named too: they are often what moved most.
      const label = (value: unknown) => boundValue(JSON.stringify(value));
      const known = new Set(old.top.map((t) => JSON.stringify(t.value)));
      const complete = old.top.length >= old.distinct;
      const arrivals = now.top
        .filter((t) => !known.has(JSON.stringify(t.value)))
        .map((t) => ({ label: label(t.value), before: complete ? 0 : undefined, after: t.count }));
      const moves = [...old.top.map((t, i) => ({ label: label(t.value), before: t.count, after: nowTop[i] ?? 0 })), ...arrivals];
      reasons.push(`PSI ${psi.toFixed(3)} over its top values > ${drift.maxPsi} (${largestMoves(moves, oldFilled, nowFilled)})`);
    }
  }
  return reasons;
}

interface Move {
  label: string;
  /** Count in the snapshot; undefined when the snapshot did not count it (a value outside its top list). */
  before: number | undefined;
  after: number;
}

/** The three buckets whose share moved most, e.g. `"cancelled" 0.0% -> 66.7%`. */
function largestMoves(moves: readonly Move[], beforeTotal?: number, afterTotal?: number): string {
  const totalBefore = beforeTotal ?? moves.reduce((sum, m) => sum + (m.before ?? 0), 0);
  const totalAfter = afterTotal ?? moves.reduce((sum, m) => sum + m.after, 0);
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  return moves
    .map((m) => ({
      label: m.label,
      before: m.before === undefined ? undefined : share(m.before, totalBefore),
      after: share(m.after, totalAfter),
    }))
    .sort((a, b) => Math.abs(b.after - (b.before ?? 0)) - Math.abs(a.after - (a.before ?? 0)) || compareText(a.label, b.label))
    .slice(0, 3)
    .map((m) => `${m.label} ${m.before === undefined ? 'not in its top values' : percent(m.before)} -> ${percent(m.after)}`)
    .join(', ');
}

function binLabel(edges: readonly number[], index: number): string {
  const lo = edges[index];
  const hi = edges[index + 1];
  return hi === undefined ? `[${String(lo)}, ...)` : `[${String(lo)}, ${String(hi)})`;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function signedPercent(rate: number): string {
  return `${rate >= 0 ? '+' : ''}${(rate * 100).toFixed(1)}%`;
}
