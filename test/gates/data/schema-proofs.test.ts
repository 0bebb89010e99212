import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refutedByChecks, CHECK_PROOF } from '../../../gates/data-quality/schema-proofs.js';
import { parseDatabaseUrl } from '../../../gates/shared/database/connection-url.js';
import type { DatabaseSession } from '../../../gates/shared/database/database-session.js';
import { openSession } from '../../../gates/shared/database/open-session.js';
import { createTestSchema, probePostgres } from '../../helpers/postgres.js';

const DDL = `
CREATE TABLE plain (v integer NOT NULL, s text NOT NULL);
CREATE TABLE checked (v integer NOT NULL CHECK (v BETWEEN 0 AND 10), s text NOT NULL);
CREATE TABLE parted (k integer NOT NULL) PARTITION BY RANGE (k);
CREATE TABLE parted_low PARTITION OF parted FOR VALUES FROM (0) TO (10);
`;

const server = await probePostgres();

describe.skipIf(!server.ok)('what CHECK constraints and partition bounds refute, on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestSchema>>;
  let session: DatabaseSession;
  const sent: string[] = [];
  beforeAll(async () => {
    db = await createTestSchema(DDL);
    const opened = await openSession(parseDatabaseUrl(db.url, { root: '/' }), { statementTimeoutMs: 10_000 });
    session = { ...opened, query: (sql, params) => (sent.push(sql), opened.query(sql, params)) };
  });
  afterAll(async () => {
    await session?.close();
    await db?.drop();
  });

  const probes = (table: string, column: string) => [
    { key: `${column}:range`, sql: `SELECT 1 FROM "${db.schema}"."${table}" WHERE "${column}" < $1 OR "${column}" > $2`, params: [0, 10] },
  ];
  const explains = () => sent.filter((sql) => sql.startsWith('EXPLAIN')).length;

  it('asks nothing of a plain table without CHECK constraints: nothing there could refute a probe', async () => {
    sent.length = 0;
    const values = { key: 's:values', sql: `SELECT 1 FROM "${db.schema}"."plain" WHERE "s" NOT IN ($1, $2)`, params: ['a', 'b'] };
    expect(await refutedByChecks(session, 'plain', [...probes('plain', 'v'), values])).toEqual(new Map());
    expect(explains()).toBe(0);
    // The planner agrees: with constraint exclusion on, the probes still scan the table.
    await session.query("SELECT set_config('constraint_exclusion', 'on', true)");
    for (const probe of [...probes('plain', 'v'), values]) {
      const [row] = await session.query(`EXPLAIN (FORMAT JSON, COSTS OFF) ${probe.sql}`, probe.params);
      expect(JSON.stringify(row?.['QUERY PLAN'])).toContain('Seq Scan');
    }
  });

  it('asks the planner when a validated CHECK constraint or a partition bound may refute the probe', async () => {
    sent.length = 0;
    expect(await refutedByChecks(session, 'checked', probes('checked', 'v'))).toEqual(new Map([['v:range', CHECK_PROOF]]));
    expect(explains()).toBe(1);
    expect(await refutedByChecks(session, 'parted_low', probes('parted_low', 'k'))).toEqual(new Map([['k:range', CHECK_PROOF]]));
    expect(explains()).toBe(2);
  });
});
