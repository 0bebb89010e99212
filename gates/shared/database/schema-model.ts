/**
 * One normalised shape of a database schema, whatever produced it: an
 * introspected SQLite or PostgreSQL database, a data contract, Drizzle tables or
 * a Kysely interface. Names are kept as written; types are canonical (type-mapping.ts).
 */

export interface ModelColumn {
  name: string;
  /** Canonical type (text, integer, ...), or a type family (see type-mapping.ts) when the source knows no more. */
  type: string;
  /** The type as the source wrote it, for messages. */
  rawType: string;
  nullable: boolean;
  /** Normalised default expression; null: no default; undefined: unknown or not checked. */
  default?: string | null;
}

export interface ModelForeignKey {
  columns: string[];
  refTable: string;
  refColumns: string[];
  /**
   * True when the database guarantees every row satisfies it (PostgreSQL, validated); false or
   * absent when it may not (NOT VALID, or SQLite, whose enforcement is a per-connection pragma).
   */
  enforced?: boolean;
}

export interface ModelIndex {
  /** Undefined when the source does not name it (any index on the columns matches). */
  name?: string;
  columns: string[];
  unique: boolean;
}

export interface ModelTable {
  name: string;
  columns: ModelColumn[];
  primaryKey: string[];
  /** UNIQUE constraints (not unique indexes made with CREATE UNIQUE INDEX: those are indexes). */
  uniques: string[][];
  foreignKeys: ModelForeignKey[];
  indexes: ModelIndex[];
}

/** What a model source can say; a source that knows nothing of keys is not compared on keys. */
export interface ModelCoverage {
  keys: boolean;
  indexes: boolean;
  defaults: boolean;
}

export interface SchemaModel {
  tables: ModelTable[];
}

/** Where a table or column of an expected model is declared, for findings. */
export interface SourceLocation {
  file: string;
  line: number;
}

export interface ExpectedModel extends SchemaModel {
  source: string;
  coverage: ModelCoverage;
  /** Keyed 'table' or 'table.column' (also 'table#indexes', 'table#foreignKeys', 'table#primaryKey', 'table#unique'). */
  locate(key: string): SourceLocation;
}
