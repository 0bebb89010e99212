import type { ModelTable } from '../database/schema-model.js';

/** An expectation the database's own constraints already guarantee: not queried, reported as proven. */
export interface SchemaProof {
  /** Contract location key of the expectation. */
  at: string;
  expectation: string;
  /** The constraint that proves it, e.g. `NOT NULL`, `UNIQUE (email)`. */
  proof: string;
}

/** What the introspected table guarantees for every row, whatever the data. */
export interface TableGuarantees {
  /** The constraint that makes the column never null, if any. */
  notNull(column: string): string | undefined;
  /** The constraint that makes the column's non-null values distinct, if any. */
  unique(column: string): string | undefined;
  /** The enforced constraint that makes every row of columns -> refTable(refColumns) have its referenced row, if any. */
  references(columns: readonly string[], refTable: string, refColumns: readonly string[]): string | undefined;
}

/**
 * Reads guarantees from the introspected table. CHECK constraints are not introspected, so
 * value and range expectations always run. A unique index counts like a UNIQUE constraint.
 */
export function tableGuarantees(table: ModelTable | undefined): TableGuarantees {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
  return {
    notNull: (column) => (table?.columns.find((c) => c.name === column)?.nullable === false ? 'NOT NULL' : undefined),
    unique: (column) => {
      if (!table) return undefined;
      if (same(table.primaryKey, [column])) return `PRIMARY KEY (${column})`;
      if (table.uniques.some((columns) => same(columns, [column]))) return `UNIQUE (${column})`;
      const index = table.indexes.find((candidate) => candidate.unique && same(candidate.columns, [column]));
      return index ? `UNIQUE INDEX ${index.name ?? `(${column})`}` : undefined;
    },
    references: (columns, refTable, refColumns) => {
      const fk = table?.foreignKeys.find(
        (c) => c.enforced === true && same(c.columns, columns) && c.refTable === refTable && same(c.refColumns, refColumns),
      );
      return fk ? `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${refTable} (${refColumns.join(', ')})` : undefined;
    },
  };
}
