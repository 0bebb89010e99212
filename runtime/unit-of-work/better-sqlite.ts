import { RuntimeConfigurationError, SynchronousUnitOfWorkError } from '../errors.js';
import { abandon, isPromiseLike } from '../maybe-async.js';
import type { SynchronousUnitOfWork } from './types.js';

/** A better-sqlite3 transaction function and its begin variants. */
export interface BetterSqliteTransaction {
  (): unknown;
  deferred?: () => unknown;
  immediate?: () => unknown;
  exclusive?: () => unknown;
}

/** The slice of a better-sqlite3 `Database` the unit of work uses (structural: no dependency on the package). */
export interface BetterSqliteTransactionalDatabase {
  transaction(fn: () => unknown): BetterSqliteTransaction;
}

export interface BetterSqliteUnitOfWorkOptions {
  /**
   * How the transaction begins (default `immediate`: take the write lock up front,
   * so two connections never deadlock upgrading a read lock).
   */
  behavior?: 'deferred' | 'immediate' | 'exclusive';
}

/**
 * Runs work inside `db.transaction(fn)`: commit on return, rollback on throw.
 * better-sqlite3 is synchronous, so the work must be: a promise is rolled back
 * with a SynchronousUnitOfWorkError. Nested runs become savepoints (better-sqlite3 does that).
 */
export function betterSqliteUnitOfWork(
  db: BetterSqliteTransactionalDatabase,
  options: BetterSqliteUnitOfWorkOptions = {},
): SynchronousUnitOfWork {
  if (typeof (db as Partial<BetterSqliteTransactionalDatabase> | null)?.transaction !== 'function') {
    throw new RuntimeConfigurationError('betterSqliteUnitOfWork', [
      { path: 'db', message: 'needs a better-sqlite3 Database (no transaction method)' },
    ]);
  }
  // JavaScript callers are not held to the type: the value is checked, and shown as it was given.
  const behavior = options.behavior ?? 'immediate';
  if (!['deferred', 'immediate', 'exclusive'].includes(behavior)) {
    const given: unknown = behavior;
    throw new RuntimeConfigurationError('betterSqliteUnitOfWork', [
      { path: 'behavior', message: `must be deferred, immediate or exclusive, got '${String(given)}'` },
    ]);
  }
  const name = 'better-sqlite3';
  return {
    name,
    synchronous: true,
    run<T>(work: () => T): T {
      const transaction = db.transaction(() => {
        const result = work();
        if (isPromiseLike(result)) {
          abandon(result);
          throw new SynchronousUnitOfWorkError(undefined, name, 'the work');
        }
        return result;
      });
      const begin = behavior === 'deferred' ? transaction : (transaction[behavior] ?? transaction);
      return begin() as T;
    },
  };
}
