/**
 * Maps database type names to Plumbline's canonical types, so that a contract,
 * a Drizzle table, SQLite and PostgreSQL speak the same words.
 * The mapping is documented in docs/schema-drift-gate.md.
 */

export const CANONICAL_TYPES = [
  'text',
  'integer',
  'bigint',
  'real',
  'numeric',
  'boolean',
  'date',
  'timestamp',
  'timestamptz',
  'time',
  'json',
  'uuid',
  'bytes',
] as const;

export type CanonicalType = (typeof CANONICAL_TYPES)[number];

/** What a TypeScript type can tell: Kysely interfaces say `number`, not `integer` or `real`. */
export const TYPE_FAMILIES = {
  'family:string': ['text', 'uuid', 'date', 'timestamp', 'timestamptz', 'time', 'numeric', 'json', 'bigint'],
  'family:number': ['integer', 'bigint', 'real', 'numeric'],
  'family:boolean': ['boolean', 'integer'],
  'family:date': ['date', 'timestamp', 'timestamptz', 'text'],
  'family:json': ['json', 'text'],
  'family:bytes': ['bytes'],
} as const satisfies Record<string, readonly CanonicalType[]>;

const EXACT: Record<string, CanonicalType> = {
  text: 'text',
  varchar: 'text',
  'character varying': 'text',
  char: 'text',
  character: 'text',
  bpchar: 'text',
  clob: 'text',
  string: 'text',
  citext: 'text',
  name: 'text',
  integer: 'integer',
  int: 'integer',
  int2: 'integer',
  int4: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  tinyint: 'integer',
  serial: 'integer',
  smallserial: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  bigserial: 'bigint',
  real: 'real',
  float: 'real',
  float4: 'real',
  float8: 'real',
  double: 'real',
  'double precision': 'real',
  numeric: 'numeric',
  decimal: 'numeric',
  money: 'numeric',
  boolean: 'boolean',
  bool: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  datetime: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  time: 'time',
  timetz: 'time',
  'time without time zone': 'time',
  'time with time zone': 'time',
  json: 'json',
  jsonb: 'json',
  uuid: 'uuid',
  bytea: 'bytes',
  blob: 'bytes',
  bytes: 'bytes',
};

/**
 * Canonical type of a declared type name. Unknown names fall back to SQLite's
 * affinity rules (INT -> integer, CHAR/CLOB/TEXT -> text, BLOB -> bytes,
 * REAL/FLOA/DOUB -> real, else numeric) for SQLite, and stay as written
 * (lower case, without length) for PostgreSQL.
 */
export function canonicalType(declared: string, dialect: 'sqlite' | 'postgres' | 'any' = 'any'): string {
  const bare = declared
    .trim()
    .toLowerCase()
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/\s+/g, ' ');
  if (bare.startsWith('family:')) return bare;
  if (bare.endsWith('[]') || bare.startsWith('_')) return 'array';
  const exact = EXACT[bare];
  if (exact) return exact;
  if (dialect !== 'sqlite') return bare;
  if (bare === '') return 'bytes';
  if (bare.includes('int')) return 'integer';
  if (/char|clob|text/.test(bare)) return 'text';
  if (bare.includes('blob')) return 'bytes';
  if (/real|floa|doub/.test(bare)) return 'real';
  return 'numeric';
}

/** Whether an actual canonical type satisfies an expected one (a family accepts each of its members). */
export function typeSatisfies(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const family = (TYPE_FAMILIES as Record<string, readonly string[]>)[expected];
  return family !== undefined && family.includes(actual);
}

/** Types whose values compare as numbers (ranges, histograms). */
export function isNumericType(type: string): boolean {
  return type === 'integer' || type === 'bigint' || type === 'real' || type === 'numeric' || type === 'family:number';
}
