import type { DatabaseSession } from './database-session.js';
import { normaliseDefault } from './default-expression.js';
import type { ModelTable, SchemaModel } from './schema-model.js';
import { canonicalType } from './type-mapping.js';

const COLUMNS_SQL = `
SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default, c.is_identity
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position`;

const TABLES_SQL = `
SELECT table_name FROM information_schema.tables
WHERE table_schema = $1 AND table_type = 'BASE TABLE'
ORDER BY table_name`;

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

/** Reads one PostgreSQL schema from information_schema (tables, columns) and pg_catalog (keys, indexes). */
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
