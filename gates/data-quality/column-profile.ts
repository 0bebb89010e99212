import type { ContractTable } from '../shared/database/contract-set.js';
import { ParameterList, type DatabaseSession, type SqlValue } from '../shared/database/database-session.js';
import { quoteIdentifier } from '../shared/database/identifiers.js';
import { plainValue, tableReference, toNumber } from '../shared/database/table-reference.js';
import { canonicalType, isNumericType } from '../shared/database/type-mapping.js';
import type { ColumnProfile, DataProfile } from './profile-file.js';

const TOP_VALUES = 10;
const HISTOGRAM_BINS = 10;
const COMPARABLE = new Set(['text', 'integer', 'bigint', 'real', 'numeric', 'date', 'timestamp', 'timestamptz', 'time']);

/**
 * Profiles every contract column that exists: one aggregate scan per table for
 * counts, distinct counts and min/max, one GROUP BY per column for its top values,
 * one scan per table for the histograms of numeric columns.
 */
export async function profileTables(
  session: DatabaseSession,
  tables: readonly ContractTable[],
  existing: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Promise<DataProfile> {
  const profile: DataProfile = { schemaVersion: 1, tables: {} };
  for (const entry of tables) {
    const columnsThere = existing.get(entry.name);
    if (!columnsThere) continue;
    const columns = Object.keys(entry.table.columns).filter((c) => columnsThere.has(c));
    const ref = tableReference(session.target, entry.name);
    // PostgreSQL has no min/max for boolean, json or uuid, and no equality for json: those get what applies.
    const kind = (c: string) => columnsThere.get(c) ?? '';
    const select = [
      'count(*) AS n',
      ...columns.flatMap((c, i) => {
        const q = quoteIdentifier(c);
        return [
          `count(${q}) AS f${i}`,
          COMPARABLE.has(kind(c)) || kind(c) === 'boolean' ? `count(DISTINCT ${q}) AS d${i}` : `0 AS d${i}`,
          COMPARABLE.has(kind(c)) ? `min(${q}) AS lo${i}` : `NULL AS lo${i}`,
          COMPARABLE.has(kind(c)) ? `max(${q}) AS hi${i}` : `NULL AS hi${i}`,
        ];
      }),
    ];
    const [row = {}] = await session.query(`SELECT ${select.join(', ')} FROM ${ref}`);
    const rowCount = toNumber(row.n);
    const profiles: Record<string, ColumnProfile> = {};
    const numeric: Array<{ column: string; edges: number[] }> = [];
    for (const [i, column] of columns.entries()) {
      const filled = toNumber(row[`f${i}`]);
      const top = COMPARABLE.has(kind(column)) || kind(column) === 'boolean' ? await topValues(session, ref, column) : [];
      profiles[column] = {
        nulls: rowCount - filled,
        distinct: toNumber(row[`d${i}`]),
        min: plainValue(row[`lo${i}`]),
        max: plainValue(row[`hi${i}`]),
        top,
      };
      const type = canonicalType(entry.table.columns[column]?.type ?? '');
      const lo = toNumber(row[`lo${i}`]);
      const hi = toNumber(row[`hi${i}`]);
      if (isNumericType(type) && Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)
        numeric.push({ column, edges: equalWidthEdges(lo, hi) });
    }
    for (const [column, histogram] of Object.entries(await histograms(session, ref, numeric))) {
      const measured = profiles[column];
      if (measured) profiles[column] = { ...measured, histogram };
    }
    profile.tables[entry.name] = { rowCount, columns: profiles };
  }
  return profile;
}

/** Counts of each snapshot bucket now: bins for numbers, the snapshot's top values (and the rest) otherwise. */
export async function histograms(
  session: DatabaseSession,
  ref: string,
  columns: ReadonlyArray<{ column: string; edges: number[] }>,
): Promise<Record<string, { edges: number[]; counts: number[] }>> {
  if (columns.length === 0) return {};
  const params = new ParameterList(session.target.dialect);
  const select: string[] = [];
  columns.forEach(({ column, edges }, i) => {
    const c = quoteIdentifier(column);
    // Bin k holds edges[k] <= v < edges[k+1]; the first and last bins also take what lies beyond.
    for (let k = 0; k < edges.length - 1; k += 1) {
      const [lowerEdge = 0, upperEdge = 0] = edges.slice(k, k + 2);
      const lower = k === 0 ? undefined : params.addNumber(lowerEdge);
      const upper = k === edges.length - 2 ? undefined : params.addNumber(upperEdge);
      const conditions = [`${c} IS NOT NULL`, lower ? `${c} >= ${lower}` : undefined, upper ? `${c} < ${upper}` : undefined]
        .filter(Boolean)
        .join(' AND ');
      select.push(`sum(CASE WHEN ${conditions} THEN 1 ELSE 0 END) AS h${i}_${k}`);
    }
  });
  const [row = {}] = await session.query(`SELECT ${select.join(', ')} FROM ${ref}`, params.values);
  return Object.fromEntries(
    columns.map(({ column, edges }, i) => [column, { edges, counts: edges.slice(1).map((_, k) => toNumber(row[`h${i}_${k}`] ?? 0) || 0) }]),
  );
}

async function topValues(session: DatabaseSession, ref: string, column: string): Promise<ColumnProfile['top']> {
  const c = quoteIdentifier(column);
  const rows = await session.query(
    `SELECT ${c} AS v, count(*) AS k FROM ${ref} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC, ${c} LIMIT ${TOP_VALUES}`,
  );
  return rows.map((row) => ({ value: plainValue(row.v), count: toNumber(row.k) }));
}

/** How many rows now hold each of the given values (for categorical PSI against the snapshot's top values). */
export async function valueCounts(
  session: DatabaseSession,
  ref: string,
  column: string,
  values: readonly SqlValue[],
): Promise<Map<string, number>> {
  if (values.length === 0) return new Map();
  const c = quoteIdentifier(column);
  const params = new ParameterList(session.target.dialect);
  const list = values.map((v) => params.add(v)).join(', ');
  const rows = await session.query(`SELECT ${c} AS v, count(*) AS k FROM ${ref} WHERE ${c} IN (${list}) GROUP BY ${c}`, params.values);
  return new Map(rows.map((row) => [JSON.stringify(plainValue(row.v)), toNumber(row.k)]));
}

function equalWidthEdges(lo: number, hi: number): number[] {
  const width = (hi - lo) / HISTOGRAM_BINS;
  return Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => (k === HISTOGRAM_BINS ? hi : lo + k * width));
}
