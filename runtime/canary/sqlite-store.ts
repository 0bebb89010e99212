import { CanaryStoreError, RuntimeConfigurationError } from '../errors.js';
import type { BetterSqliteTransaction } from '../unit-of-work/better-sqlite.js';
import { CanaryStateSchema, RollbackReasonSchema, rearmed, rolledBack, type CanaryState, type CanaryStore } from './state.js';

/** The slice of a better-sqlite3 `Database` the store uses (structural: no dependency on the package). */
export interface SqliteDatabaseLike {
  exec(sql: string): unknown;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    get(...params: unknown[]): unknown;
  };
  transaction(fn: () => unknown): BetterSqliteTransaction;
}

export interface SqliteCanaryStoreOptions {
  /** Table holding one row per operation (default `plumbline_canary_state`); created if missing. */
  table?: string;
}

interface StateRow {
  status: string;
  version: number;
  reason: string | null;
  rolled_back_at: string | null;
}

/**
 * Canary state in a SQLite table. Every change is a read-modify-write inside an
 * IMMEDIATE transaction, so processes sharing the database file serialise on
 * SQLite's write lock and agree on the state.
 */
export function sqliteCanaryStore(db: SqliteDatabaseLike, options: SqliteCanaryStoreOptions = {}): CanaryStore {
  const table = options.table ?? 'plumbline_canary_state';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new RuntimeConfigurationError('sqliteCanaryStore', [{ path: 'table', message: `'${table}' is not a plain SQL identifier` }]);
  }
  for (const method of ['exec', 'prepare', 'transaction'] as const) {
    if (typeof (db as Partial<SqliteDatabaseLike> | null)?.[method] !== 'function') {
      throw new RuntimeConfigurationError('sqliteCanaryStore', [
        { path: 'db', message: `needs a better-sqlite3 Database (no ${method} method)` },
      ]);
    }
  }
  const location = `sqlite table ${table}`;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    operation_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('active', 'rolled-back')),
    version INTEGER NOT NULL,
    reason TEXT,
    rolled_back_at TEXT
  )`);
  const select = db.prepare(`SELECT status, version, reason, rolled_back_at FROM ${table} WHERE operation_id = ?`);
  const upsert = db.prepare(
    `INSERT INTO ${table} (operation_id, status, version, reason, rolled_back_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (operation_id) DO UPDATE SET status = excluded.status, version = excluded.version,
       reason = excluded.reason, rolled_back_at = excluded.rolled_back_at`,
  );

  const read = (operationId: string): CanaryState | undefined => {
    const row = select.get(operationId) as StateRow | undefined;
    if (row === undefined) return undefined;
    let reason: unknown;
    try {
      reason = row.reason === null ? undefined : RollbackReasonSchema.parse(JSON.parse(row.reason));
    } catch (error) {
      throw new CanaryStoreError(location, `row '${operationId}' has an unreadable reason`, error);
    }
    const parsed = CanaryStateSchema.safeParse({
      status: row.status,
      version: row.version,
      ...(reason === undefined ? {} : { reason }),
      ...(row.rolled_back_at === null ? {} : { rolledBackAt: row.rolled_back_at }),
    });
    if (!parsed.success)
      throw new CanaryStoreError(location, `row '${operationId}' is invalid: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  };

  const update = (operationId: string, change: (previous: CanaryState | undefined) => CanaryState): CanaryState => {
    const transaction = db.transaction(() => {
      const previous = read(operationId);
      const next = change(previous);
      if (next === previous) return next;
      upsert.run(operationId, next.status, next.version, next.reason ? JSON.stringify(next.reason) : null, next.rolledBackAt ?? null);
      return next;
    });
    return (transaction.immediate ?? transaction)() as CanaryState;
  };

  return {
    location,
    read,
    rollBack: (operationId, reason, at) => update(operationId, (previous) => rolledBack(previous, reason, at)),
    reset: (operationId) => update(operationId, rearmed),
  };
}
