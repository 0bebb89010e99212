import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  betterSqliteUnitOfWork,
  createOperationRegistry,
  defineOperation,
  InvariantViolationError,
  memorySink,
  nodePostgresUnitOfWork,
  PreconditionError,
  RollbackFailedError,
  RuntimeConfigurationError,
  SynchronousUnitOfWorkError,
  type CheckMode,
  type NodePostgresClientLike,
} from '../../runtime/index.js';

interface SqliteCtx {
  db: Database.Database;
}

function ledgerDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE entries (id TEXT PRIMARY KEY, amount INTEGER NOT NULL)');
  return db;
}
const count = (db: Database.Database) => (db.prepare('SELECT COUNT(*) AS n FROM entries').get() as { n: number }).n;

/** Inserts an entry; the invariant (reading the state inside the transaction) forbids a total above 100. */
function postEntry(mode: CheckMode) {
  return defineOperation({
    id: 'ledger.post',
    owner: 'ledger',
    spec: { pre: [{ id: 'PRE-nonzero', check: ({ input }) => input.amount !== 0 }] },
    invariants: [
      {
        id: 'INV-LED-TOTAL',
        severity: 'critical',
        mode,
        condition: ({ state }) => (state as { total: number }).total <= 100,
        remediation: 'refuse entries beyond the limit',
      },
    ],
    handler: (input: { id: string; amount: number }, ctx: SqliteCtx) => {
      ctx.db.prepare('INSERT INTO entries (id, amount) VALUES (?, ?)').run(input.id, input.amount);
      return input.id;
    },
  });
}

function sqliteRegistry(db: Database.Database, mode: CheckMode) {
  const sink = memorySink();
  const registry = createOperationRegistry<SqliteCtx>({
    sink,
    unitOfWork: betterSqliteUnitOfWork(db),
    snapshot: (_input, ctx) => ({
      total: (ctx.db.prepare('SELECT COALESCE(SUM(amount), 0) AS total FROM entries').get() as { total: number }).total,
    }),
  });
  registry.register(postEntry(mode));
  return { registry, sink };
}

describe('better-sqlite3 unit of work', () => {
  it('commits the handler and its checks as one transaction', () => {
    const db = ledgerDb();
    const { registry } = sqliteRegistry(db, 'enforce');
    expect(registry.execute('ledger.post', { id: 'e1', amount: 60 }, { db })).toBe('e1');
    expect(count(db)).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('enforce: an invariant violated after the handler rolls the write back', () => {
    const db = ledgerDb();
    const { registry, sink } = sqliteRegistry(db, 'enforce');
    registry.execute('ledger.post', { id: 'e1', amount: 60 }, { db });
    expect(() => registry.execute('ledger.post', { id: 'e2', amount: 50 }, { db })).toThrow(InvariantViolationError);
    // The invariant saw the uncommitted row (total 110), and the row is gone.
    expect(count(db)).toBe(1);
    expect(db.prepare('SELECT id FROM entries').all()).toEqual([{ id: 'e1' }]);
    expect(
      sink
        .checks()
        .filter((event) => event.kind === 'invariant')
        .map((event) => event.outcome),
    ).toEqual(['held', 'violated']);
  });

  it('monitor: the same violation is recorded and the write is committed', () => {
    const db = ledgerDb();
    const { registry, sink } = sqliteRegistry(db, 'monitor');
    registry.execute('ledger.post', { id: 'e1', amount: 60 }, { db });
    expect(registry.execute('ledger.post', { id: 'e2', amount: 50 }, { db })).toBe('e2');
    expect(count(db)).toBe(2);
    expect(sink.checks().at(-1)).toMatchObject({ checkId: 'INV-LED-TOTAL', outcome: 'violated', mode: 'monitor' });
  });

  it('a handler that throws rolls back what it wrote before throwing', () => {
    const db = ledgerDb();
    const registry = createOperationRegistry<SqliteCtx>({ unitOfWork: betterSqliteUnitOfWork(db) });
    registry.register(
      defineOperation({
        id: 'ledger.half',
        owner: 'ledger',
        handler: (_: unknown, ctx: SqliteCtx) => {
          ctx.db.prepare("INSERT INTO entries VALUES ('x', 1)").run();
          throw new Error('second write failed');
        },
      }),
    );
    expect(() => registry.execute('ledger.half', {}, { db })).toThrow('second write failed');
    expect(count(db)).toBe(0);
  });

  it('a failed precondition never reaches the handler and leaves nothing behind', () => {
    const db = ledgerDb();
    const { registry } = sqliteRegistry(db, 'enforce');
    expect(() => registry.execute('ledger.post', { id: 'e0', amount: 0 }, { db })).toThrow(PreconditionError);
    expect(count(db)).toBe(0);
  });

  it('rejects an async handler with SynchronousUnitOfWorkError and rolls back its synchronous part', async () => {
    const db = ledgerDb();
    const registry = createOperationRegistry<SqliteCtx>({ unitOfWork: betterSqliteUnitOfWork(db) });
    let resumed = false;
    registry.register(
      defineOperation({
        id: 'ledger.async',
        owner: 'ledger',
        handler: async (_: unknown, ctx: SqliteCtx) => {
          ctx.db.prepare("INSERT INTO entries VALUES ('a', 1)").run();
          await Promise.resolve();
          resumed = true;
          throw new Error('rejection after the transaction ended must not be unhandled');
        },
      }),
    );
    expect(() => registry.execute('ledger.async', {}, { db })).toThrow(SynchronousUnitOfWorkError);
    expect(() => registry.execute('ledger.async', {}, { db })).toThrow(
      /operation 'ledger\.async': the handler returned a promise inside the synchronous unit of work 'better-sqlite3'/,
    );
    expect(count(db)).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resumed).toBe(true);
  });

  it('rejects an async snapshot inside a synchronous unit of work', () => {
    const db = ledgerDb();
    const registry = createOperationRegistry<SqliteCtx>({ unitOfWork: betterSqliteUnitOfWork(db), snapshot: async () => ({ total: 0 }) });
    registry.register(postEntry('enforce'));
    expect(() => registry.execute('ledger.post', { id: 'e1', amount: 1 }, { db })).toThrow(/the state snapshot returned a promise/);
    expect(count(db)).toBe(0);
  });

  it('an execute option overrides the registry unit of work; invalid input opens no transaction', () => {
    const db = ledgerDb();
    const calls: string[] = [];
    const tracking = {
      name: 'tracking',
      synchronous: true as const,
      run<T>(work: () => T): T {
        calls.push('run');
        return work();
      },
    };
    const registry = createOperationRegistry<SqliteCtx>({ unitOfWork: betterSqliteUnitOfWork(db) });
    registry.register(
      defineOperation({ id: 'ledger.touch', owner: 'ledger', handler: (_: unknown, ctx: SqliteCtx) => ctx.db.inTransaction }),
    );
    expect(registry.execute('ledger.touch', {}, { db })).toBe(true);
    expect(registry.execute('ledger.touch', {}, { db }, { unitOfWork: tracking })).toBe(false);
    expect(calls).toEqual(['run']);
    expect(() => registry.execute('ledger.touch', {}, { db }, { unitOfWork: {} as never })).toThrow(RuntimeConfigurationError);
  });

  it('nested operations become savepoints: an inner enforce failure caught by the outer handler rolls back only the inner write', () => {
    const db = ledgerDb();
    const unitOfWork = betterSqliteUnitOfWork(db);
    const registry = createOperationRegistry<SqliteCtx>({ unitOfWork });
    registry.register(
      defineOperation({
        id: 'ledger.inner',
        owner: 'ledger',
        invariants: [{ id: 'INV-never', severity: 'low', condition: () => false, remediation: 'r' }],
        handler: (_: unknown, ctx: SqliteCtx) => ctx.db.prepare("INSERT INTO entries VALUES ('inner', 1)").run(),
      }),
      defineOperation({
        id: 'ledger.outer',
        owner: 'ledger',
        handler: (_: unknown, ctx: SqliteCtx) => {
          ctx.db.prepare("INSERT INTO entries VALUES ('outer', 1)").run();
          try {
            registry.execute('ledger.inner', {}, ctx);
          } catch (error) {
            return (error as Error).name;
          }
          return 'no error';
        },
      }),
    );
    expect(registry.execute('ledger.outer', {}, { db })).toBe('InvariantViolationError');
    expect(db.prepare('SELECT id FROM entries').all()).toEqual([{ id: 'outer' }]);
  });

  it('begins IMMEDIATE by default, and as configured', () => {
    const used: string[] = [];
    const fakeDb = {
      transaction(fn: () => unknown) {
        const tx = Object.assign(() => (used.push('default'), fn()), {
          deferred: () => (used.push('deferred'), fn()),
          immediate: () => (used.push('immediate'), fn()),
          exclusive: () => (used.push('exclusive'), fn()),
        });
        return tx;
      },
    };
    betterSqliteUnitOfWork(fakeDb).run(() => 1);
    betterSqliteUnitOfWork(fakeDb, { behavior: 'exclusive' }).run(() => 1);
    betterSqliteUnitOfWork(fakeDb, { behavior: 'deferred' }).run(() => 1);
    expect(used).toEqual(['immediate', 'exclusive', 'default']);
    expect(() => betterSqliteUnitOfWork({} as never)).toThrow(/needs a better-sqlite3 Database/);
    expect(() => betterSqliteUnitOfWork(fakeDb, { behavior: 'eventually' as never })).toThrow(/deferred, immediate or exclusive/);
  });
});

/**
 * `pg` is not installed: a fake client that records the SQL it receives stands in
 * for a node-postgres PoolClient. Each query resolves on a later tick, like a real one.
 */
function fakePgClient(failOn: Record<string, Error> = {}) {
  const log: string[] = [];
  const client: NodePostgresClientLike = {
    async query(sql: string) {
      log.push(sql);
      await new Promise((resolve) => setImmediate(resolve));
      const failure = failOn[sql];
      if (failure) throw failure;
      return { rows: [] };
    },
  };
  return { client, log };
}

interface PgCtx {
  client: NodePostgresClientLike;
}

function pgRegistry(client: NodePostgresClientLike, total: (amount: number) => number) {
  const registry = createOperationRegistry<PgCtx>({
    unitOfWork: nodePostgresUnitOfWork(client),
    snapshot: async (input) => ({ total: total((input as { amount: number }).amount) }),
  });
  registry.register(
    defineOperation({
      id: 'ledger.post',
      owner: 'ledger',
      invariants: [
        { id: 'INV-TOTAL', severity: 'high', condition: ({ state }) => (state as { total: number }).total <= 100, remediation: 'r' },
      ],
      handler: async (input: { amount: number }, ctx: PgCtx) => {
        await ctx.client.query(`INSERT ${input.amount}`);
        return input.amount;
      },
    }),
  );
  return registry;
}

describe('node-postgres unit of work (fake client: pg is not installed)', () => {
  it('wraps the handler in BEGIN ... COMMIT', async () => {
    const { client, log } = fakePgClient();
    await expect(pgRegistry(client, () => 10).execute('ledger.post', { amount: 10 }, { client })).resolves.toBe(10);
    expect(log).toEqual(['BEGIN', 'INSERT 10', 'COMMIT']);
  });

  it('an enforce failure after the handler issues ROLLBACK instead of COMMIT', async () => {
    const { client, log } = fakePgClient();
    await expect(pgRegistry(client, () => 500).execute('ledger.post', { amount: 500 }, { client })).rejects.toBeInstanceOf(
      InvariantViolationError,
    );
    expect(log).toEqual(['BEGIN', 'INSERT 500', 'ROLLBACK']);
  });

  it('a failing COMMIT is rolled back and its error reaches the caller', async () => {
    const { client, log } = fakePgClient({ COMMIT: new Error('could not serialize access') });
    await expect(pgRegistry(client, () => 1).execute('ledger.post', { amount: 1 }, { client })).rejects.toThrow(
      'could not serialize access',
    );
    expect(log).toEqual(['BEGIN', 'INSERT 1', 'COMMIT', 'ROLLBACK']);
  });

  it('a failing ROLLBACK is a RollbackFailedError carrying both errors', async () => {
    const { client } = fakePgClient({ 'INSERT 1': new Error('unique violation'), ROLLBACK: new Error('connection terminated') });
    const failure = await pgRegistry(client, () => 1)
      .execute<Promise<number>>('ledger.post', { amount: 1 }, { client })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RollbackFailedError);
    expect((failure as RollbackFailedError).error).toMatchObject({ message: 'unique violation' });
    expect((failure as RollbackFailedError).rollbackError).toMatchObject({ message: 'connection terminated' });
  });

  it('queues concurrent runs on one client, so transactions never interleave', async () => {
    const { client, log } = fakePgClient();
    const registry = pgRegistry(client, () => 1);
    await Promise.all([1, 2, 3].map((amount) => registry.execute('ledger.post', { amount }, { client })));
    expect(log).toEqual(['BEGIN', 'INSERT 1', 'COMMIT', 'BEGIN', 'INSERT 2', 'COMMIT', 'BEGIN', 'INSERT 3', 'COMMIT']);
  });

  it('a failed run does not block the queue', async () => {
    const { client, log } = fakePgClient();
    const registry = pgRegistry(client, (amount) => amount);
    const results = await Promise.allSettled([
      registry.execute('ledger.post', { amount: 500 }, { client }),
      registry.execute('ledger.post', { amount: 5 }, { client }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(log).toEqual(['BEGIN', 'INSERT 500', 'ROLLBACK', 'BEGIN', 'INSERT 5', 'COMMIT']);
  });

  it('a run inside a run becomes a savepoint, rolled back on its own', async () => {
    const { client, log } = fakePgClient();
    const unitOfWork = nodePostgresUnitOfWork(client, { begin: 'BEGIN ISOLATION LEVEL SERIALIZABLE' });
    await unitOfWork.run(async () => {
      await client.query('outer write');
      await unitOfWork.run(() => client.query('inner ok'));
      await unitOfWork
        .run(async () => {
          await client.query('inner bad');
          throw new Error('inner failed');
        })
        .catch(() => undefined);
    });
    expect(log).toEqual([
      'BEGIN ISOLATION LEVEL SERIALIZABLE',
      'outer write',
      'SAVEPOINT plumbline_sp_1',
      'inner ok',
      'RELEASE SAVEPOINT plumbline_sp_1',
      'SAVEPOINT plumbline_sp_2',
      'inner bad',
      'ROLLBACK TO SAVEPOINT plumbline_sp_2',
      'COMMIT',
    ]);
  });

  it('refuses a Pool, a client without query, and a begin statement that does not begin', () => {
    const pool = { query: async () => ({}), totalCount: 0, idleCount: 0 };
    expect(() => nodePostgresUnitOfWork(pool)).toThrow(/got a pg Pool: pass one client from `await pool.connect\(\)`/);
    expect(() => nodePostgresUnitOfWork({} as never)).toThrow(/no query method/);
    expect(() => nodePostgresUnitOfWork(fakePgClient().client, { begin: 'COMMIT' })).toThrow(/must start with BEGIN/);
  });
});
