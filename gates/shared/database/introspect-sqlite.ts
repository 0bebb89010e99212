import type { DatabaseSession } from './database-session.js';
import { normaliseDefault } from './default-expression.js';
import { quoteIdentifier } from './identifiers.js';
import type { ModelIndex, ModelTable, SchemaModel } from './schema-model.js';
import { canonicalType } from './type-mapping.js';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface IndexListEntry {
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
  partial: number;
}
interface ForeignKeyEntry {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
}

/** Reads a SQLite database's tables with PRAGMA table_info / index_list / index_info / foreign_key_list. */
export async function introspectSqlite(session: DatabaseSession): Promise<SchemaModel> {
  const names = (await session.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  )) as Array<{ name: string }>;
  const tables: ModelTable[] = [];
  for (const { name } of names) {
    // A table whose name cannot be quoted safely is still listed, with what can be known.
    let quoted: string;
    try {
      quoted = quoteIdentifier(name);
    } catch {
      tables.push({ name, columns: [], primaryKey: [], uniques: [], foreignKeys: [], indexes: [] });
      continue;
    }
    tables.push(await readTable(session, name, quoted));
  }
  return { tables };
}

async function readTable(session: DatabaseSession, name: string, quoted: string): Promise<ModelTable> {
  const info = (await session.query(`PRAGMA table_info(${quoted})`)) as unknown as ColumnInfo[];
  const primaryKey = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const columns = info.map((c) => ({
    name: c.name,
    type: canonicalType(c.type, 'sqlite'),
    rawType: c.type,
    // SQLite lets NULL into a non-INTEGER primary key unless NOT NULL is written (a legacy quirk);
    // the model follows the intent of PRIMARY KEY: key columns are not nullable.
    nullable: c.notnull === 0 && c.pk === 0,
    default: normaliseDefault(c.dflt_value),
  }));
  const uniques: string[][] = [];
  const indexes: ModelIndex[] = [];
  const list = (await session.query(`PRAGMA index_list(${quoted})`)) as unknown as IndexListEntry[];
  for (const entry of list) {
    const indexColumns = (
      (await session.query(`PRAGMA index_info(${quoteIdentifier(entry.name)})`)) as Array<{ seqno: number; name: string | null }>
    )
      .sort((a, b) => a.seqno - b.seqno)
      .map((c) => c.name ?? '<expression>');
    if (entry.origin === 'u') uniques.push(indexColumns);
    else if (entry.origin === 'c') indexes.push({ name: entry.name, columns: indexColumns, unique: entry.unique === 1 });
  }
  const fkRows = (await session.query(`PRAGMA foreign_key_list(${quoted})`)) as unknown as ForeignKeyEntry[];
  const byId = new Map<number, ForeignKeyEntry[]>();
  for (const row of fkRows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  const foreignKeys = [...byId.values()].map((rows) => {
    const ordered = rows.sort((a, b) => a.seq - b.seq);
    const refTable = ordered[0]?.table ?? '';
    return {
      columns: ordered.map((r) => r.from),
      refTable,
      // `REFERENCES t` without columns means t's primary key; PRAGMA then reports to = NULL.
      refColumns: ordered.map((r) => r.to ?? ''),
    };
  });
  for (const fk of foreignKeys) {
    if (fk.refColumns.some((c) => c === '')) {
      const parentPk = ((await session.query(`PRAGMA table_info(${quoteIdentifier(fk.refTable)})`)) as unknown as ColumnInfo[])
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      fk.refColumns = parentPk;
    }
  }
  return { name, columns, primaryKey, uniques, foreignKeys, indexes };
}
