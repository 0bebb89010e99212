import type { ContractTable } from '../shared/database/contract-set.js';
import { contractDefault } from '../shared/database/default-expression.js';
import type { ExpectedModel, ModelTable } from '../shared/database/schema-model.js';
import { canonicalType } from '../shared/database/type-mapping.js';

/** The expected schema as the data contracts declare it. */
export function modelFromContract(tables: readonly ContractTable[]): ExpectedModel {
  const located = new Map<string, { file: string; line: number }>();
  const modelTables: ModelTable[] = tables.map(({ name, table, source }) => {
    const at = (key: string) => located.set(key, { file: source.file, line: source.lines.get(key) ?? source.lines.get(name) ?? 0 });
    at(name);
    const columns = Object.entries(table.columns).map(([columnName, column]) => {
      at(`${name}.${columnName}`);
      return {
        name: columnName,
        type: canonicalType(column.type),
        rawType: column.type,
        nullable: column.nullable,
        ...(column.default !== undefined ? { default: contractDefault(column.default) } : {}),
      };
    });
    for (const section of ['primaryKey', 'unique', 'foreignKeys', 'indexes']) at(`${name}#${section}`);
    const inlinePk = Object.entries(table.columns)
      .filter(([, c]) => c.primaryKey)
      .map(([n]) => n);
    // A key declared on its column is found on that column's line.
    const pkLine = inlinePk[0] === undefined ? undefined : located.get(`${name}.${inlinePk[0]}`);
    if (pkLine !== undefined) located.set(`${name}#primaryKey`, pkLine);
    return {
      name,
      columns,
      primaryKey: table.primaryKey ?? inlinePk,
      uniques: [
        ...Object.entries(table.columns)
          .filter(([, c]) => c.unique)
          .map(([n]) => [n]),
        ...(table.unique ?? []),
      ],
      foreignKeys: [
        ...Object.entries(table.columns).flatMap(([n, c]) =>
          c.references ? [{ columns: [n], refTable: c.references.table, refColumns: [c.references.column] }] : [],
        ),
        ...(table.foreignKeys ?? []).map((fk) => ({
          columns: fk.columns,
          refTable: fk.references.table,
          refColumns: fk.references.columns,
        })),
      ],
      indexes: (table.indexes ?? []).map((index) => ({
        ...(index.name ? { name: index.name } : {}),
        columns: index.columns,
        unique: index.unique,
      })),
    };
  });
  return {
    source: 'contract',
    tables: modelTables,
    coverage: { keys: true, indexes: true, defaults: true },
    locate(key) {
      const table = key.split(/[.#]/)[0] ?? key;
      return located.get(key) ?? located.get(table) ?? { file: '', line: 0 };
    },
  };
}
