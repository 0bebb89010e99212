import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { requireOptionalPeer } from '../../../core/optional-peer.js';
import type { DatabaseTarget } from './connection-url.js';
import { DatabaseAccessError, type DatabaseSession, type Row, type SqlValue } from './database-session.js';

type SqliteTarget = Extract<DatabaseTarget, { dialect: 'sqlite' }>;

/**
 * Opens a SQLite file read-only (it must exist: a typo in the path is an error,
 * not a new empty database). better-sqlite3 is synchronous and has no statement
 * timeout; the gate's own timeout bounds the run.
 */
export function openSqliteSession(target: SqliteTarget): DatabaseSession {
  if (!existsSync(target.file)) {
    throw new DatabaseAccessError(`SQLite database ${target.display} does not exist (${target.file})`, 'ENOENT');
  }
  const Sqlite = requireOptionalPeer('better-sqlite3', `reading the SQLite database ${target.display}`) as typeof Database;
  let db: Database.Database;
  try {
    db = new Sqlite(target.file, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
    // Reading sqlite_master proves the file is a database and not some other file.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new DatabaseAccessError(
      `cannot open SQLite database ${target.display}: ${(error as Error).message}`,
      (error as { code?: string }).code,
    );
  }
  return {
    target,
    // async without an await: better-sqlite3 is synchronous, and its errors must reach callers as rejections, as pg's do.
    // eslint-disable-next-line @typescript-eslint/require-await
    async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      try {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as Row[];
        statement.run(...params);
        return [];
      } catch (error) {
        throw new DatabaseAccessError(`SQLite error: ${(error as Error).message}`, (error as { code?: string }).code);
      }
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
