import type { DatabaseTarget } from './connection-url.js';

export type SqlValue = string | number | boolean | null;
export type Row = Record<string, unknown>;

/**
 * A read-only conversation with one database. SQLite files are opened read-only;
 * PostgreSQL runs everything in one READ ONLY transaction with a statement timeout,
 * rolled back on close.
 */
export interface DatabaseSession {
  readonly target: DatabaseTarget;
  /** Runs one statement; `params` bind to the placeholders made by `placeholders()`. */
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A database that cannot be reached or answered with an error; its message is already redacted. */
export class DatabaseAccessError extends Error {
  override name = 'DatabaseAccessError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Collects parameter values and hands out the dialect's placeholder for each (`?` or `$n`). */
export class ParameterList {
  readonly values: SqlValue[] = [];
  constructor(private readonly dialect: DatabaseTarget['dialect']) {}

  add(value: SqlValue): string {
    // better-sqlite3 binds no booleans; SQLite stores them as 0/1 anyway.
    this.values.push(this.dialect === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }

  /** A number compared with a column of any numeric type: PostgreSQL would otherwise read 1.5 as the column's type (integer) and fail. */
  addNumber(value: number): string {
    const placeholder = this.add(value);
    return this.dialect === 'postgres' && !Number.isInteger(value) ? `${placeholder}::double precision` : placeholder;
  }
}
