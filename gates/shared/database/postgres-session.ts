import type pg from 'pg';
import { requireOptionalPeer } from '../../../core/optional-peer.js';
import { redactSecrets, type DatabaseTarget } from './connection-url.js';
import { quoteIdentifier } from './identifiers.js';
import { DatabaseAccessError, type DatabaseSession, type Row, type SqlValue } from './database-session.js';

type PostgresTarget = Extract<DatabaseTarget, { dialect: 'postgres' }>;

// Dates and times stay text: parsing them into JS Dates would shift them by the
// machine's time zone and make profiles differ between machines.
const TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1266]);

function textDateTypes(driver: typeof pg): { getTypeParser: typeof pg.types.getTypeParser } {
  // pg types its parsers' results as any: they are unknown here, the session's callers decide.
  const getTypeParser: typeof pg.types.getTypeParser = (oid, format) =>
    TEXT_TYPES.has(oid) ? (value: string) => value : (driver.types.getTypeParser(oid, format) as unknown);
  return { getTypeParser };
}

export interface PostgresSessionOptions {
  statementTimeoutMs: number;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Connects and opens one transaction: READ ONLY, with a local statement timeout.
 * Nothing the gate runs can write; close() rolls back.
 */
export async function openPostgresSession(target: PostgresTarget, options: PostgresSessionOptions): Promise<DatabaseSession> {
  const driver = requireOptionalPeer('pg', `reading the PostgreSQL database ${target.display}`) as typeof pg;
  const client = new driver.Client({
    connectionString: target.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: textDateTypes(driver),
    application_name: 'plumbline',
  });
  // A dropped connection emits 'error' on the client; without a listener Node would crash.
  client.on('error', () => undefined);
  const fail = (error: unknown, doing: string) =>
    new DatabaseAccessError(describe(error, doing, target), (error as { code?: string }).code);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw fail(error, 'cannot connect to');
  }
  const abort = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    // One round trip (a simple query may hold several statements): under load each one costs a scheduling delay.
    // Unqualified names in custom SQL expectations resolve in the contract's schema.
    await client.query(
      `BEGIN; SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(options.statementTimeoutMs)}; ` +
        `SET LOCAL search_path TO ${quoteIdentifier(target.schema)}`,
    );
  } catch (error) {
    await client.end().catch(() => undefined);
    throw fail(error, 'cannot open a read-only transaction on');
  }
  // The savepoint of the last statement that succeeded, still to be released: released in the same round trip as the
  // next statement's SAVEPOINT (the server runs the same commands in the same order; ROLLBACK at close ends it).
  let unreleased = false;
  return {
    target,
    async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      // Each statement in its own savepoint: one failing check (a timeout, a bad custom query)
      // must not abort the transaction for the checks after it.
      const savepoint = `${unreleased ? 'RELEASE SAVEPOINT plumbline_check; ' : ''}SAVEPOINT plumbline_check`;
      unreleased = false;
      await client.query(savepoint).catch((error: unknown) => {
        throw fail(error, 'query failed on');
      });
      try {
        const result = await client.query(sql, [...params]);
        unreleased = true;
        return result.rows as Row[];
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT plumbline_check').catch(() => undefined);
        throw fail(error, 'query failed on');
      }
    },
    async close() {
      options.signal?.removeEventListener('abort', abort);
      try {
        await client.query('ROLLBACK');
      } catch {
        // The connection may already be gone (timeout, abort); ending it is all that is left.
      }
      await client.end().catch(() => undefined);
    },
  };
}

function describe(error: unknown, doing: string, target: PostgresTarget): string {
  const code = (error as { code?: string }).code;
  const raw = error instanceof Error ? error.message : String(error);
  const hint =
    code === '28P01' || code === '28000'
      ? ' (authentication failed: check the user and password)'
      : code === '3D000'
        ? ' (the database does not exist)'
        : code === '57014'
          ? ' (statement timeout: raise gates.data-quality.statementTimeoutMs)'
          : code === 'ECONNREFUSED'
            ? ' (nothing listens there: is the server running?)'
            : '';
  return redactSecrets(`${doing} ${target.display}: ${raw || code || 'unknown error'}${hint}`, target.password);
}
