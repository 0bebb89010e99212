import type { DatabaseSession } from './database-session.js';
import { normaliseDefault } from './default-expression.js';
import type { ModelTable, SchemaModel } from './schema-model.js';
import { canonicalType } from './type-mapping.js';

// The schema's base tables and their columns as information_schema.tables and .columns show them (the same names,
// types, nullability, defaults, privilege filter and order), read from pg_catalog: planning those two views costs
// ~10 ms of backend CPU per query, twice that on a fresh connection. introspect-postgres.test.ts pins the
// equivalence with the views (domains, arrays, enums, identity and generated columns, views, partitions).
const VISIBLE_TABLE = `c.relkind IN ('r', 'p') AND NOT pg_is_other_temp_schema(nc.oid) AND nc.oid <> pg_my_temp_schema()
  AND (pg_has_role(c.relowner, 'USAGE')
    OR has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
    OR has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`;

export const TABLES_SQL = `
SELECT c.relname::text AS table_name FROM pg_class c JOIN pg_namespace nc ON nc.oid = c.relnamespace
WHERE nc.nspname = $1 AND ${VISIBLE_TABLE}
ORDER BY c.relname`;

export const COLUMNS_SQL = `
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
  CASE WHEN t.typtype = 'd' THEN
    CASE WHEN bt.typelem <> 0 AND bt.typlen = -1 THEN 'ARRAY'
      WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL) ELSE 'USER-DEFINED' END
  ELSE
    CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
      WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL) ELSE 'USER-DEFINED' END
  END AS data_type,
  coalesce(bt.typname, t.typname)::text AS udt_name,
  CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN 'NO' ELSE 'YES' END AS is_nullable,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS column_default,
  CASE WHEN a.attidentity IN ('a', 'd') THEN 'YES' ELSE 'NO' END AS is_identity
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace nc ON nc.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace nt ON nt.oid = t.typnamespace
LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON nbt.oid = bt.typnamespace) ON t.typtype = 'd' AND t.typbasetype = bt.oid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE nc.nspname = $1 AND ${VISIBLE_TABLE} AND a.attnum > 0 AND NOT a.attisdropped
  AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
ORDER BY c.relname, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT c.conname AS name, c.contype AS kind, c.convalidated AS validated, t.relname AS table_name, rt.relname AS ref_table,
  array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(n, o)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns,
  array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(n, o)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS ref_columns
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class rt ON rt.oid = c.confrelid
WHERE n.nspname = $1 AND c.contype IN ('p', 'u', 'f')
ORDER BY t.relname, c.conname`;

// Indexes made with CREATE INDEX, not those that back a primary key, unique or exclusion constraint.
const INDEXES_SQL = `
SELECT i.relname AS name, t.relname AS table_name, ix.indisunique AS is_unique,
  array(SELECT coalesce(a.attname, '<expression>') FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(n, o)
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY t.relname, i.relname`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
}

/** Reads one PostgreSQL schema from pg_catalog: tables, columns (as information_schema shows them), keys, indexes. */
export async function introspectPostgres(session: DatabaseSession, schema: string): Promise<SchemaModel> {
  const tableRows = (await session.query(TABLES_SQL, [schema])) as Array<{ table_name: string }>;
  const tables = new Map<string, ModelTable>(
    tableRows.map(({ table_name }) => [
      table_name,
      { name: table_name, columns: [], primaryKey: [], uniques: [], foreignKeys: [], indexes: [] },
    ]),
  );
  for (const row of (await session.query(COLUMNS_SQL, [schema])) as unknown as ColumnRow[]) {
    const rawType = row.data_type === 'USER-DEFINED' || row.data_type === 'ARRAY' ? row.udt_name : row.data_type;
    tables.get(row.table_name)?.columns.push({
      name: row.column_name,
      type: canonicalType(row.udt_name, 'postgres'),
      rawType,
      nullable: row.is_nullable === 'YES',
      default: row.is_identity === 'YES' ? 'identity' : normaliseDefault(row.column_default),
    });
  }
  const constraints = (await session.query(CONSTRAINTS_SQL, [schema])) as Array<{
    kind: 'p' | 'u' | 'f';
    validated: boolean;
    table_name: string;
    ref_table: string | null;
    columns: string[];
    ref_columns: string[];
  }>;
  for (const c of constraints) {
    const table = tables.get(c.table_name);
    if (!table) continue;
    if (c.kind === 'p') table.primaryKey = c.columns;
    else if (c.kind === 'u') table.uniques.push(c.columns);
    else {
      const enforced = c.validated;
      table.foreignKeys.push({ columns: c.columns, refTable: c.ref_table ?? '', refColumns: c.ref_columns, enforced });
    }
  }
  const indexes = (await session.query(INDEXES_SQL, [schema])) as Array<{
    name: string;
    table_name: string;
    is_unique: boolean;
    columns: string[];
  }>;
  for (const index of indexes) {
    tables.get(index.table_name)?.indexes.push({ name: index.name, columns: index.columns, unique: index.is_unique });
  }
  return { tables: [...tables.values()] };
}
