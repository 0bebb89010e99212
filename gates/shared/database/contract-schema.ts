import { z } from 'zod';

/**
 * The data contract: what a project promises about its tables (schema) and
 * about the rows in them (expectations). Written in TypeScript or YAML; this
 * zod schema is its single source of truth.
 */

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an identifier holds only letters, digits and _ and does not start with a digit')
  .max(63, 'an identifier has at most 63 characters (the PostgreSQL limit)');

const literal = z.union([z.string(), z.number(), z.boolean()]);
const bound = z.union([z.number(), z.string().min(1)]);

export const ColumnExpectationsSchema = z
  .object({
    maxNullRate: z.number().min(0).max(1).optional().describe('Largest share of rows where the column is NULL (0 = never).'),
    unique: z.boolean().optional().describe('No two rows hold the same non-NULL value.'),
    distinct: z
      .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })
      .strict()
      .optional()
      .describe('Bounds on the number of distinct non-NULL values (cardinality).'),
    values: z.array(literal).min(1).optional().describe('Accepted values: every non-NULL value is one of these.'),
    min: bound.optional().describe('Smallest accepted value: a number, or an ISO date/time for date columns.'),
    max: bound.optional().describe('Largest accepted value: a number, or an ISO date/time for date columns.'),
  })
  .strict();

export const ColumnContractSchema = z
  .object({
    type: z
      .string()
      .min(1)
      .describe(
        'Column type: text, integer, bigint, real, numeric, boolean, date, timestamp, timestamptz, time, json, uuid, bytes (or a database type name, mapped to these).',
      ),
    nullable: z.boolean().default(false).describe('Whether the column accepts NULL. Default: false.'),
    default: z
      .union([literal, z.null(), z.object({ sql: z.string().min(1) }).strict()])
      .optional()
      .describe('Expected default: a literal, { sql: "CURRENT_TIMESTAMP" }, or null for none. Left out: not checked.'),
    primaryKey: z.boolean().optional().describe('The column alone is the primary key.'),
    unique: z.boolean().optional().describe('The column alone carries a UNIQUE constraint.'),
    references: z.object({ table: identifier, column: identifier }).strict().optional().describe("Foreign key to another table's column."),
    expect: ColumnExpectationsSchema.optional(),
  })
  .strict();

export const ForeignKeyContractSchema = z
  .object({
    columns: z.array(identifier).min(1),
    references: z.object({ table: identifier, columns: z.array(identifier).min(1) }).strict(),
  })
  .strict()
  .refine((fk) => fk.columns.length === fk.references.columns.length, {
    error: 'a foreign key names as many referenced columns as columns',
  });

export const IndexContractSchema = z
  .object({
    name: identifier.optional().describe('Index name; left out: any index on these columns matches.'),
    columns: z.array(identifier).min(1),
    unique: z.boolean().default(false),
  })
  .strict();

export const CustomSqlExpectationSchema = z
  .object({
    name: z.string().min(1).describe('What the query looks for, e.g. "closed incidents without a resolution date".'),
    sql: z.string().min(1).describe('A SELECT that returns the offending rows; the expectation holds when it returns none.'),
  })
  .strict();

export const TableExpectationsSchema = z
  .object({
    rowCount: z
      .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })
      .strict()
      .optional()
      .describe('Bounds on the number of rows.'),
    noOrphans: z
      .boolean()
      .optional()
      .describe('Every foreign key value has its referenced row (checked even when the database does not enforce it).'),
    sql: z.array(CustomSqlExpectationSchema).optional().describe('Custom queries that must return zero rows.'),
  })
  .strict();

export const TableContractSchema = z
  .object({
    columns: z
      .record(identifier, ColumnContractSchema)
      .refine((columns) => Object.keys(columns).length > 0, 'a table needs at least one column'),
    primaryKey: z.array(identifier).min(1).optional().describe('Composite primary key, in order.'),
    unique: z.array(z.array(identifier).min(1)).optional().describe('UNIQUE constraints over several columns.'),
    foreignKeys: z.array(ForeignKeyContractSchema).optional(),
    indexes: z.array(IndexContractSchema).optional().describe('Indexes created with CREATE INDEX (not those behind keys).'),
    expect: TableExpectationsSchema.optional(),
  })
  .strict()
  .superRefine((table, ctx) => {
    const known = new Set(Object.keys(table.columns));
    const check = (names: readonly string[], path: PropertyKey[]) => {
      names.forEach((name, index) => {
        if (!known.has(name)) ctx.addIssue({ code: 'custom', path: [...path, index], message: `unknown column '${name}'` });
      });
    };
    if (table.primaryKey) check(table.primaryKey, ['primaryKey']);
    for (const [index, columns] of (table.unique ?? []).entries()) check(columns, ['unique', index]);
    for (const [index, fk] of (table.foreignKeys ?? []).entries()) check(fk.columns, ['foreignKeys', index, 'columns']);
    for (const [position, index] of (table.indexes ?? []).entries()) check(index.columns, ['indexes', position, 'columns']);
    const inlinePk = Object.entries(table.columns)
      .filter(([, column]) => column.primaryKey)
      .map(([name]) => name);
    if (inlinePk.length > 0 && table.primaryKey) {
      ctx.addIssue({ code: 'custom', path: ['primaryKey'], message: 'declare the primary key either on the column or here, not both' });
    }
    if (inlinePk.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['columns'],
        message: `several columns say primaryKey (${inlinePk.join(', ')}): use primaryKey: [${inlinePk.join(', ')}] for a composite key`,
      });
    }
  });

export const DataContractSchema = z
  .object({
    tables: z.record(identifier, TableContractSchema).describe('Tables by name.'),
  })
  .strict();

export type DataContract = z.input<typeof DataContractSchema>;
export type ParsedDataContract = z.output<typeof DataContractSchema>;
export type TableContract = z.output<typeof TableContractSchema>;
export type ColumnContract = z.output<typeof ColumnContractSchema>;
export type ColumnExpectations = z.output<typeof ColumnExpectationsSchema>;

/** Identity function that gives a TypeScript contract file its types. */
export function defineDataContract(contract: DataContract): DataContract {
  return contract;
}
