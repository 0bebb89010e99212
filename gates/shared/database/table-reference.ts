import type { DatabaseTarget } from './connection-url.js';
import { quoteIdentifier } from './identifiers.js';

/** `"table"` on SQLite, `"schema"."table"` on PostgreSQL; both names checked first. */
export function tableReference(target: DatabaseTarget, table: string): string {
  return target.dialect === 'postgres' ? `${quoteIdentifier(target.schema)}.${quoteIdentifier(table)}` : quoteIdentifier(table);
}

/** A value from either driver as a plain JSON value (PostgreSQL's int8/numeric arrive as strings). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return Number.NaN;
}

/** A row value as it appears in messages and profiles: JSON-safe, stable across drivers. */
export function plainValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex').slice(0, 32)}`;
  return JSON.stringify(value);
}
