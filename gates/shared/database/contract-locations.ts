import { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { keyPattern, lineMatching, splitLines } from '../../../core/text-lines.js';

/**
 * Line numbers of a contract's tables and columns, keyed 'table', 'table.column'
 * and 'table#section' (primaryKey, unique, foreignKeys, indexes, expect), plus each table
 * expectation 'table#expect.key' and custom query 'table#expect.sql.N', so a finding can
 * point at the line that declares what drifted or failed.
 */
export type ContractLines = Map<string, number>;

/** Exact positions from the YAML document tree. */
export function yamlLines(document: Document, counter: LineCounter): ContractLines {
  const lines: ContractLines = new Map();
  const lineOf = (offset: number | undefined) => (offset === undefined ? 0 : counter.linePos(offset).line);
  const root = document.contents;
  if (!isMap(root)) return lines;
  const tables = root.get('tables', true);
  if (!isMap(tables)) return lines;
  for (const pair of tables.items) {
    if (!isScalar(pair.key)) continue;
    const table = String(pair.key.value);
    lines.set(table, lineOf(pair.key.range?.[0]));
    if (!isMap(pair.value)) continue;
    for (const section of pair.value.items) {
      if (!isScalar(section.key)) continue;
      const name = String(section.key.value);
      lines.set(`${table}#${name}`, lineOf(section.key.range?.[0]));
      if (name === 'expect' && isMap(section.value)) {
        for (const expectation of section.value.items) {
          if (!isScalar(expectation.key)) continue;
          const key = `${table}#expect.${String(expectation.key.value)}`;
          lines.set(key, lineOf(expectation.key.range?.[0]));
          if (isSeq(expectation.value)) {
            expectation.value.items.forEach((item, index) => {
              const range = (item as { range?: [number, number, number] } | null)?.range;
              lines.set(`${key}.${index}`, lineOf(range?.[0]));
            });
          }
        }
      }
      if (name === 'columns' && isMap(section.value)) {
        for (const column of section.value.items) {
          if (isScalar(column.key)) lines.set(`${table}.${String(column.key.value)}`, lineOf(column.key.range?.[0]));
        }
      }
    }
  }
  return lines;
}

/**
 * Positions in a TypeScript or JavaScript contract, found in its text: the
 * first `name:` after the table's own line. Good enough to point a reader at
 * the right line; the values themselves come from the evaluated module.
 */
export function scriptLines(
  text: string,
  tables: Record<string, { columns: Record<string, unknown> } & Record<string, unknown>>,
): ContractLines {
  const lines: ContractLines = new Map();
  const source = splitLines(text);
  /** The 0-based index of the first line from `from` that names the key; -1 when none does. */
  const find = (name: string, from: number): number => lineMatching(source, keyPattern(name), from) - 1;
  const tablesAt = Math.max(find('tables', 0), 0);
  for (const [table, contract] of Object.entries(tables)) {
    const at = find(table, tablesAt);
    if (at < 0) continue;
    lines.set(table, at + 1);
    for (const section of Object.keys(contract)) {
      const sectionAt = find(section, at);
      if (sectionAt >= 0) lines.set(`${table}#${section}`, sectionAt + 1);
    }
    const expectAt = find('expect', at);
    const expectations = expectAt < 0 ? {} : ((contract.expect ?? {}) as Record<string, unknown>);
    for (const [key, value] of Object.entries(expectations)) {
      const keyAt = find(key, expectAt);
      lines.set(`${table}#expect.${key}`, (keyAt < 0 ? expectAt : keyAt) + 1);
      if (!Array.isArray(value)) continue;
      // A list item (a custom query) is found by its name; else it points at the list.
      value.forEach((item: unknown, index) => {
        const label = (item as { name?: unknown } | null)?.name;
        const itemAt = typeof label === 'string' ? source.findIndex((line, row) => row > keyAt && line.includes(label)) : -1;
        lines.set(`${table}#expect.${key}.${index}`, (itemAt < 0 ? Math.max(keyAt, expectAt) : itemAt) + 1);
      });
    }
    const columnsAt = find('columns', at);
    for (const column of Object.keys(contract.columns)) {
      const columnAt = find(column, columnsAt < 0 ? at : columnsAt);
      if (columnAt >= 0) lines.set(`${table}.${column}`, columnAt + 1);
    }
  }
  return lines;
}
