import { DatabaseAccessError, type DatabaseSession, type SqlValue } from '../shared/database/database-session.js';
import type { ModelTable } from '../shared/database/schema-model.js';

/** An expectation the database's own constraints already guarantee: not queried, reported as proven. */
export interface SchemaProof {
  /** Contract location key of the expectation. */
  at: string;
  expectation: string;
  /** The constraint that proves it, e.g. `NOT NULL`, `UNIQUE (email)`. */
  proof: string;
}

/** What the introspected table guarantees for every row, whatever the data. */
export interface TableGuarantees {
  /** The constraint that makes the column never null, if any. */
  notNull(column: string): string | undefined;
  /** The constraint that makes the column's non-null values distinct, if any. */
  unique(column: string): string | undefined;
  /** The enforced constraint that makes every row of columns -> refTable(refColumns) have its referenced row, if any. */
  references(columns: readonly string[], refTable: string, refColumns: readonly string[]): string | undefined;
  /** The proof that no row can match a violation probe (see `refutedByChecks`), by the probe's key, if any. */
  refuted(key: string): string | undefined;
}

/** A query for the rows that would violate one values or range expectation: `SELECT 1 FROM t WHERE <violation>`. */
export interface ViolationProbe {
  key: string;
  sql: string;
  params: SqlValue[];
}

export const CHECK_PROOF = 'CHECK constraints (PostgreSQL refutes every violating row)';

/**
 * Asks PostgreSQL's planner, with constraint exclusion on, whether the table's validated CHECK constraints
 * contradict each violation probe: then its plan is a Result with a constant false filter and no scan, and no row
 * can violate the expectation. The planner's own prover decides (it skips NOT VALID constraints), so the proof
 * holds for exactly the predicate the scan would evaluate. SQLite has no such prover: nothing is refuted there.
 */
export async function refutedByChecks(
  session: DatabaseSession,
  table: string,
  probes: readonly ViolationProbe[],
): Promise<Map<string, string>> {
  const refuted = new Map<string, string>();
  const { target } = session;
  if (target.dialect !== 'postgres' || probes.length === 0) return refuted;
  // No proof is not a failure: an expectation that is not refuted is checked row by row.
  const quietly = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DatabaseAccessError)) throw error;
      return undefined;
    }
  };
  // One query instead of one EXPLAIN per probe when the prover has nothing to go on (see PROVABLE_SQL).
  const [provable] = (await quietly(() => session.query(PROVABLE_SQL, [target.schema, table]))) ?? [];
  if (provable?.provable === false) return refuted;
  const setting = "SELECT current_setting('constraint_exclusion') AS previous, set_config('constraint_exclusion', 'on', true) AS now";
  const [previous] = (await quietly(() => session.query(setting))) ?? [];
  if (previous === undefined) return refuted;
  for (const probe of probes) {
    const rows = await quietly(() => session.query(`EXPLAIN (FORMAT JSON, COSTS OFF) ${probe.sql}`, probe.params));
    if (contradicted(rows?.[0]?.['QUERY PLAN'])) refuted.set(probe.key, CHECK_PROOF);
  }
  await quietly(() => session.query("SELECT set_config('constraint_exclusion', $1, true)", [String(previous.previous)]));
  return refuted;
}

/**
 * Whether the planner could refute a violation probe on the table. With constraint_exclusion on, PostgreSQL excludes a
 * plain table's scan only when its restriction is constant false or contradicts itself, or is refuted by the table's
 * validated CHECK constraints, its NOT NULL constraints (they refute only IS NULL, never a comparison) or, for a
 * partition, its partition bound (relation_excluded_by_constraints, plancat.c). A probe (one NOT IN, or comparisons
 * with constants joined by OR) neither folds to false nor contradicts itself, but row security policies add
 * restrictions of their own. So a plain table (not partitioned, not a partition, without row security) without
 * validated CHECK constraints has nothing to refute a probe with; any other table is asked, probe by probe.
 */
const PROVABLE_SQL = `
SELECT c.relkind <> 'r' OR c.relispartition OR c.relrowsecurity
  OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.convalidated) AS provable
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2`;

function contradicted(plan: unknown): boolean {
  const top = (Array.isArray(plan) ? (plan[0] as { Plan?: Record<string, unknown> } | undefined)?.Plan : undefined) ?? {};
  return top['Node Type'] === 'Result' && top['One-Time Filter'] === 'false' && top.Plans === undefined;
}

/**
 * Reads guarantees from the introspected table, and the violation probes PostgreSQL refuted
 * from CHECK constraints. A unique index counts like a UNIQUE constraint.
 */
export function tableGuarantees(table: ModelTable | undefined, refuted: ReadonlyMap<string, string> = new Map()): TableGuarantees {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
  return {
    notNull: (column) => (table?.columns.find((c) => c.name === column)?.nullable === false ? 'NOT NULL' : undefined),
    unique: (column) => {
      if (!table) return undefined;
      if (same(table.primaryKey, [column])) return `PRIMARY KEY (${column})`;
      if (table.uniques.some((columns) => same(columns, [column]))) return `UNIQUE (${column})`;
      const index = table.indexes.find((candidate) => candidate.unique && same(candidate.columns, [column]));
      return index ? `UNIQUE INDEX ${index.name ?? `(${column})`}` : undefined;
    },
    references: (columns, refTable, refColumns) => {
      const fk = table?.foreignKeys.find(
        (c) => c.enforced === true && same(c.columns, columns) && c.refTable === refTable && same(c.refColumns, refColumns),
      );
      return fk ? `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${refTable} (${refColumns.join(', ')})` : undefined;
    },
    refuted: (key) => refuted.get(key),
  };
}
