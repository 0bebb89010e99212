import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server: PLUMBLINE_PG_URL, else the local default. */
export const PG_URL = process.env.PLUMBLINE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether the PostgreSQL test server answers. Without one the PostgreSQL tests
 * skip with the reason printed, except in CI (CI=true), where they must run:
 * there a missing server fails the suite instead of hiding behind a skip.
 */
export async function probePostgres(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    const reason = `PostgreSQL at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI=true, so the PostgreSQL tests fail instead of skipping`);
    process.stderr.write(`skipping PostgreSQL tests: ${reason}\n`);
    return { ok: false, reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema of its own for one test (random name), created now and dropped by `drop()`. */
export async function createTestSchema(
  ddl = '',
): Promise<{ schema: string; url: string; exec(sql: string): Promise<void>; drop(): Promise<void> }> {
  const schema = `plumbline_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  const exec = async (sql: string) => {
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(sql);
  };
  if (ddl) await exec(ddl);
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return {
    schema,
    url: url.toString(),
    exec,
    async drop() {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
