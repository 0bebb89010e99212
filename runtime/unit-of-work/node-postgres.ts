import { AsyncLocalStorage } from 'node:async_hooks';
import { RollbackFailedError, RuntimeConfigurationError } from '../errors.js';
import type { AsynchronousUnitOfWork } from './types.js';

/** The slice of a node-postgres `Client` / `PoolClient` the unit of work uses (structural: no dependency on `pg`). */
export interface NodePostgresClientLike {
  query(sql: string): Promise<unknown>;
}

export interface NodePostgresUnitOfWorkOptions {
  /** The statement that opens the transaction, e.g. `BEGIN ISOLATION LEVEL SERIALIZABLE` (default `BEGIN`). */
  begin?: string;
}

interface ActiveTransaction {
  savepoints: number;
}

/**
 * BEGIN / COMMIT / ROLLBACK on one client. Runs on the same client are queued, so
 * two operations never share a transaction; a run started inside a running one
 * (an operation executing another) becomes a SAVEPOINT, found via AsyncLocalStorage.
 */
export function nodePostgresUnitOfWork(
  client: NodePostgresClientLike,
  options: NodePostgresUnitOfWorkOptions = {},
): AsynchronousUnitOfWork {
  if (typeof (client as Partial<NodePostgresClientLike> | null)?.query !== 'function') {
    throw new RuntimeConfigurationError('nodePostgresUnitOfWork', [
      { path: 'client', message: 'needs a node-postgres client (no query method)' },
    ]);
  }
  // A Pool sends each query to any idle connection, so BEGIN and COMMIT could land on different ones.
  if ('totalCount' in client && 'idleCount' in client) {
    throw new RuntimeConfigurationError('nodePostgresUnitOfWork', [
      { path: 'client', message: 'got a pg Pool: pass one client from `await pool.connect()` (and release it when done)' },
    ]);
  }
  const begin = options.begin ?? 'BEGIN';
  if (!/^\s*(BEGIN|START\s+TRANSACTION)\b/i.test(begin)) {
    throw new RuntimeConfigurationError('nodePostgresUnitOfWork', [
      { path: 'begin', message: `must start with BEGIN or START TRANSACTION, got '${begin}'` },
    ]);
  }
  const name = 'node-postgres';
  const active = new AsyncLocalStorage<ActiveTransaction>();
  let queue: Promise<unknown> = Promise.resolve();

  const undo = async (statement: string, error: unknown): Promise<never> => {
    try {
      await client.query(statement);
    } catch (rollbackError) {
      throw new RollbackFailedError(name, error, rollbackError);
    }
    throw error;
  };

  const transaction = async <T>(work: () => T | PromiseLike<T>): Promise<T> => {
    await client.query(begin);
    let result: T;
    try {
      result = await work();
      await client.query('COMMIT');
    } catch (error) {
      return undo('ROLLBACK', error);
    }
    return result;
  };

  const savepoint = async <T>(work: () => T | PromiseLike<T>, outer: ActiveTransaction): Promise<T> => {
    const label = `plumbline_sp_${++outer.savepoints}`;
    await client.query(`SAVEPOINT ${label}`);
    let result: T;
    try {
      result = await work();
      await client.query(`RELEASE SAVEPOINT ${label}`);
    } catch (error) {
      return undo(`ROLLBACK TO SAVEPOINT ${label}`, error);
    }
    return result;
  };

  return {
    name,
    synchronous: false,
    run<T>(work: () => T | PromiseLike<T>): Promise<T> {
      const outer = active.getStore();
      if (outer) return savepoint(work, outer);
      const turn = queue.then(() => active.run({ savepoints: 0 }, () => transaction(work)));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
