import type { DataQualityRuleName } from './rules.js';
import type { ContractTable } from '../shared/database/contract-set.js';
import type { DatabaseTarget } from '../shared/database/connection-url.js';
import { ParameterList, type Row, type SqlValue } from '../shared/database/database-session.js';
import { boundValue } from '../../core/bounded-text.js';
import { quoteIdentifier } from '../shared/database/identifiers.js';
import { plainValue, tableReference, toNumber } from '../shared/database/table-reference.js';
import type { SchemaProof, TableGuarantees, ViolationProbe } from './schema-proofs.js';

/** A query that lists offending rows, run only when its expectation failed. */
export interface SampleQuery {
  sql: string;
  params: SqlValue[];
}

export interface Failure {
  rule: DataQualityRuleName;
  /** Contract location key: 'table.column', 'table#expect.<expectation>' or 'table#expect.sql.N'. */
  at: string;
  message: string;
  samples?: SampleQuery;
  /** A query that adds what was observed to the message (run for failures only). */
  observed?: SampleQuery & { render(row: Row): string };
}

/** One query and the expectations it decides. */
export interface PlannedQuery {
  table: string;
  label: string;
  /** Where a failure of the query itself points (its own expectation's line); default the table's `expect:`. */
  at?: string;
  /** What the query costs the database, in scans, for the plan artifact. */
  cost: string;
  /** Queries its answer turns out to need (a cardinality the shared scan could not settle), run right after it. */
  followUps?: (row: Row) => PlannedQuery[];
  sql: string;
  params: SqlValue[];
  decide(row: Row): Failure[];
}

/**
 * Plans the expectations of one table as few queries as possible: every column
 * expectation and the row count share ONE aggregate scan; each foreign key's
 * orphan check and each custom query is one more. Only aggregates come back to
 * Node, never rows (samples are fetched, LIMITed, for failures only).
 */
export function planTable(
  target: DatabaseTarget,
  entry: ContractTable,
  existingColumns: ReadonlySet<string>,
  sampleSize: number,
  guarantees: TableGuarantees,
): { queries: PlannedQuery[]; proven: SchemaProof[] } {
  const { name, table } = entry;
  // Expectations the schema's constraints already guarantee cost nothing: they are reported, not queried.
  const proven: SchemaProof[] = [];
  const ref = tableReference(target, name);
  const keyColumns = (
    table.primaryKey ??
    Object.entries(table.columns)
      .filter(([, c]) => c.primaryKey)
      .map(([n]) => n)
  ).filter((c) => existingColumns.has(c));
  const queries: PlannedQuery[] = [];
  const params = new ParameterList(target.dialect);
  const select: string[] = ['count(*) AS n'];
  const deciders: Array<(row: Row, n: number) => Failure | undefined> = [];
  const columnQueries: PlannedQuery[] = [];
  const followUps: Array<(row: Row) => PlannedQuery[]> = [];
  let alias = 0;
  const next = () => `a${(alias += 1)}`;
  const sampleOf = (predicate: (p: ParameterList) => string, extraColumn?: string): SampleQuery => {
    const p = new ParameterList(target.dialect);
    const where = predicate(p);
    const columns = [...new Set([...keyColumns, ...(extraColumn ? [extraColumn] : [])])].map(quoteIdentifier);
    const order = (keyColumns.length > 0 ? keyColumns : extraColumn ? [extraColumn] : []).map(quoteIdentifier);
    const sql = `SELECT ${columns.length > 0 ? columns.join(', ') : '*'} FROM ${ref} WHERE ${where}${order.length > 0 ? ` ORDER BY ${order.join(', ')}` : ''} LIMIT ${sampleSize}`;
    return { sql, params: p.values };
  };

  for (const [column, contract] of Object.entries(table.columns)) {
    const expect = contract.expect;
    if (!expect || !existingColumns.has(column)) continue;
    const c = quoteIdentifier(column);
    const at = `${name}.${column}`;
    const notNull = expect.maxNullRate === undefined ? undefined : guarantees.notNull(column);
    if (notNull) proven.push({ at, expectation: `maxNullRate: ${String(expect.maxNullRate)}`, proof: notNull });
    else if (expect.maxNullRate !== undefined) {
      const a = next();
      const max = expect.maxNullRate;
      select.push(`count(*) FILTER (WHERE ${c} IS NULL) AS ${a}`);
      deciders.push((row, n) => {
        const nulls = toNumber(row[a] ?? 0) || 0;
        const rate = n === 0 ? 0 : nulls / n;
        if (rate <= max) return undefined;
        return {
          rule: 'null-rate',
          at,
          message: `${at}: null rate ${percent(rate)} (${nulls} of ${n} rows) exceeds the maximum ${percent(max)}`,
          samples: sampleOf(() => `${c} IS NULL`),
        };
      });
    }
    const uniqueProof = expect.unique ? guarantees.unique(column) : undefined;
    if (uniqueProof) proven.push({ at, expectation: 'unique: true', proof: uniqueProof });
    const unique = expect.unique === true && uniqueProof === undefined;
    // With accepted values, the cardinality folds into the shared scan: when every value is accepted,
    // the distinct count is how many accepted values occur. Only when some are not does the GROUP BY run.
    const foldDistinct = !unique && expect.distinct !== undefined && expect.values !== undefined;
    const distinct = () => distinctQuery({ name, column, at, ref, unique, range: expect.distinct, sampleSize });
    if ((unique || expect.distinct) && !foldDistinct) columnQueries.push(distinct());
    const valuesProof = expect.values ? guarantees.refuted(`${column}:values`) : undefined;
    if (expect.values && valuesProof) {
      proven.push({ at, expectation: `values: [${expect.values.map(String).join(', ')}]`, proof: valuesProof });
      const accepted = expect.values;
      if (foldDistinct) deciders.push(foldedDistinct({ at, column: c, accepted, range: expect.distinct, select, params, next }));
    } else if (expect.values) {
      const a = next();
      const accepted = expect.values;
      const notIn = (p: ParameterList) => outsideValues(target.dialect, c, accepted, p);
      select.push(`count(*) FILTER (WHERE ${notIn(params)}) AS ${a}`);
      if (foldDistinct) {
        deciders.push(foldedDistinct({ at, column: c, accepted, range: expect.distinct, outside: a, select, params, next }));
        followUps.push((row) => ((toNumber(row[a] ?? 0) || 0) > 0 ? [distinct()] : []));
      }
      deciders.push((row, n) => {
        const bad = toNumber(row[a] ?? 0) || 0;
        if (bad === 0) return undefined;
        return {
          rule: 'accepted-values',
          at,
          message: `${at}: ${bad} of ${n} rows hold a value outside the accepted values [${accepted.map(String).join(', ')}]`,
          samples: sampleOf(notIn, column),
        };
      });
    }
    const rangeProof = expect.min !== undefined || expect.max !== undefined ? guarantees.refuted(`${column}:range`) : undefined;
    if (rangeProof) proven.push({ at, expectation: describeRange(expect.min, expect.max), proof: rangeProof });
    else if (expect.min !== undefined || expect.max !== undefined) {
      const a = next();
      const { min, max } = expect;
      const outside = (p: ParameterList) => outsideRange(c, min, max, p);
      select.push(`count(*) FILTER (WHERE ${outside(params)}) AS ${a}`);
      deciders.push((row) => {
        const bad = toNumber(row[a] ?? 0) || 0;
        if (bad === 0) return undefined;
        return {
          rule: 'range',
          at,
          message: `${at}: ${bad} row${bad === 1 ? '' : 's'} outside the range ${interval(min, max)}`,
          // The observed extremes cost a scan of their own, paid only when the range fails.
          observed: {
            sql: `SELECT min(${c}) AS lo, max(${c}) AS hi FROM ${ref}`,
            params: [],
            render: (r) => `observed min ${show(r.lo)}, max ${show(r.hi)}`,
          },
          samples: sampleOf((p) => `(${outside(p)})`, column),
        };
      });
    }
  }
  const rowCount = table.expect?.rowCount;
  if (rowCount) {
    deciders.push((_row, n) => {
      if ((rowCount.min === undefined || n >= rowCount.min) && (rowCount.max === undefined || n <= rowCount.max)) return undefined;
      const message = `${name}: ${n} rows, expected ${bounds(rowCount.min, rowCount.max)}`;
      return { rule: 'row-count', at: `${name}#expect.rowCount`, message };
    });
  }
  if (deciders.length > 0) {
    const paramValues = params.values;
    queries.push({
      table: name,
      label: `${name}: ${deciders.length} expectation${deciders.length === 1 ? '' : 's'} in one scan`,
      cost: `one scan of ${name}, shared by ${deciders.length} expectation${deciders.length === 1 ? '' : 's'}`,
      sql: `SELECT ${select.join(', ')} FROM ${ref}`,
      params: paramValues,
      decide: (row) => {
        const n = toNumber(row.n);
        return deciders.map((decide) => decide(row, n)).filter((f): f is Failure => f !== undefined);
      },
      ...(followUps.length > 0 ? { followUps: (row: Row) => followUps.flatMap((next) => next(row)) } : {}),
    });
  }
  queries.push(...columnQueries);
  if (table.expect?.noOrphans) {
    for (const fk of foreignKeysOf(entry)) {
      const proof = guarantees.references(fk.columns, fk.refTable, fk.refColumns);
      if (proof) proven.push({ at: `${name}#expect.noOrphans`, expectation: `noOrphans: ${describeForeignKey(name, fk)}`, proof });
      else queries.push(orphanQuery(target, name, fk, keyColumns, sampleSize));
    }
  }
  (table.expect?.sql ?? []).forEach((custom, index) => queries.push(customQuery(name, custom, `${name}#expect.sql.${index}`, sampleSize)));
  return { queries, proven };
}

interface FoldedDistinct {
  at: string;
  /** The quoted column. */
  column: string;
  accepted: ReadonlyArray<string | number | boolean>;
  range: { min?: number | undefined; max?: number | undefined } | undefined;
  /** Alias of the shared scan's count of values outside the accepted ones; absent when the schema proves there are none. */
  outside?: string;
  select: string[];
  params: ParameterList;
  next: () => string;
}

/**
 * Decides a distinct bound from the shared scan when every value is accepted (otherwise the follow-up GROUP BY does).
 * Then the distinct count lies between 1 (0 without non-null values) and the number of accepted values, so a bound
 * that holds for that whole interval needs nothing more per row; a tighter one counts each accepted value's rows.
 */
function foldedDistinct({ at, column, accepted, range, outside, select, params, next }: FoldedDistinct) {
  const fail = (count: number): Failure => ({
    rule: 'distinct',
    at,
    message: `${at}: ${count} distinct values, expected ${bounds(range?.min, range?.max)}`,
  });
  const upper = new Set(accepted).size;
  const maxHolds = range?.max === undefined || range.max >= upper;
  if (maxHolds && (range?.min === undefined || range.min <= 1)) {
    const filled = range?.min === 1 ? next() : undefined;
    if (filled) select.push(`count(${column}) AS ${filled}`);
    return (row: Row): Failure | undefined => {
      if (outsideCount(row, outside) > 0 || filled === undefined) return undefined;
      return (toNumber(row[filled] ?? 0) || 0) > 0 ? undefined : fail(0);
    };
  }
  const present = accepted.map((value) => {
    const alias = next();
    select.push(`count(*) FILTER (WHERE ${column} = ${params.add(value)}) AS ${alias}`);
    return alias;
  });
  return (row: Row): Failure | undefined => {
    if (outsideCount(row, outside) > 0) return undefined; // decided by the follow-up GROUP BY
    const count = present.filter((alias) => (toNumber(row[alias] ?? 0) || 0) > 0).length;
    return withinBounds(count, range) ? undefined : fail(count);
  };
}

function outsideCount(row: Row, alias: string | undefined): number {
  return alias === undefined ? 0 : toNumber(row[alias] ?? 0) || 0;
}

/**
 * Rows outside the accepted values. NULL NOT IN (...) is NULL, which FILTER and WHERE treat as false: NULLs never count.
 * On PostgreSQL a short list is written as `c <> v1 AND c <> v2 ...`, the same test with the same operator (both
 * resolve `<>` for the column's type against the untyped parameters) and NULL semantics, without NOT IN's per-row
 * walk over a constant array: about a quarter less CPU for four text values on 1,000,000 rows. From 9 values on,
 * PostgreSQL 15 hashes a NOT IN list (MIN_ARRAY_SIZE_FOR_HASHED_SAOP), which the chain would not.
 */
function outsideValues(
  dialect: DatabaseTarget['dialect'],
  column: string,
  accepted: ReadonlyArray<string | number | boolean>,
  p: ParameterList,
): string {
  const placeholders = accepted.map((v) => p.add(v));
  if (dialect === 'postgres' && placeholders.length < 9) return placeholders.map((v) => `${column} <> ${v}`).join(' AND ');
  return `${column} NOT IN (${placeholders.join(', ')})`;
}

function outsideRange(column: string, min: number | string | undefined, max: number | string | undefined, p: ParameterList): string {
  return [min !== undefined ? `${column} < ${bind(p, min)}` : undefined, max !== undefined ? `${column} > ${bind(p, max)}` : undefined]
    .filter(Boolean)
    .join(' OR ');
}

function describeRange(min: number | string | undefined, max: number | string | undefined): string {
  return [min !== undefined ? `min: ${min}` : undefined, max !== undefined ? `max: ${max}` : undefined].filter(Boolean).join(', ');
}

/**
 * One probe per values and range expectation of a table: the query for the rows that would violate it, with exactly
 * the predicate the shared scan counts. A database that can prove no row matches (see `refutedByChecks`) saves the work.
 */
export function violationProbes(target: DatabaseTarget, entry: ContractTable, existingColumns: ReadonlySet<string>): ViolationProbe[] {
  const ref = tableReference(target, entry.name);
  const probes: ViolationProbe[] = [];
  for (const [column, contract] of Object.entries(entry.table.columns)) {
    const expect = contract.expect;
    if (!expect || !existingColumns.has(column)) continue;
    const c = quoteIdentifier(column);
    const probe = (key: string, predicate: (p: ParameterList) => string) => {
      const p = new ParameterList(target.dialect);
      probes.push({ key: `${column}:${key}`, sql: `SELECT 1 FROM ${ref} WHERE ${predicate(p)}`, params: p.values });
    };
    if (expect.values) probe('values', (p) => outsideValues(target.dialect, c, expect.values ?? [], p));
    if (expect.min !== undefined || expect.max !== undefined) probe('range', (p) => outsideRange(c, expect.min, expect.max, p));
  }
  return probes;
}

interface DistinctSpec {
  name: string;
  column: string;
  at: string;
  ref: string;
  unique: boolean;
  range: { min?: number | undefined; max?: number | undefined } | undefined;
  sampleSize: number;
}

/**
 * Distinct counts get a query of their own: a GROUP BY that PostgreSQL runs in parallel,
 * where count(DISTINCT) inside the shared scan would make the whole scan single-threaded.
 */
function distinctQuery({ name, column, at, ref, unique, range, sampleSize }: DistinctSpec): PlannedQuery {
  const c = quoteIdentifier(column);
  return {
    table: name,
    label: `${at}: distinct values`,
    cost: `one scan of ${name}, grouped by ${column}`,
    sql:
      `SELECT count(*) AS d, coalesce(sum(k), 0) AS f ` +
      `FROM (SELECT count(*) AS k FROM ${ref} WHERE ${c} IS NOT NULL GROUP BY ${c}) AS plumbline_groups`,
    params: [],
    decide: (row) => {
      const distinct = toNumber(row.d);
      const filled = toNumber(row.f);
      const failures: Failure[] = [];
      const duplicates = filled - distinct;
      if (unique && duplicates > 0) {
        failures.push({
          rule: 'unique',
          at,
          message: `${at}: ${duplicates} duplicate value${duplicates === 1 ? '' : 's'} (${distinct} distinct among ${filled} non-null)`,
          samples: {
            sql: `SELECT ${c} FROM ${ref} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1 ORDER BY ${c} LIMIT ${sampleSize}`,
            params: [],
          },
        });
      }
      if (range && !withinBounds(distinct, range)) {
        failures.push({ rule: 'distinct', at, message: `${at}: ${distinct} distinct values, expected ${bounds(range.min, range.max)}` });
      }
      return failures;
    },
  };
}

function withinBounds(value: number, range: { min?: number | undefined; max?: number | undefined } | undefined): boolean {
  return range === undefined || ((range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max));
}

interface ContractForeignKey {
  columns: string[];
  refTable: string;
  refColumns: string[];
}

function foreignKeysOf({ table }: ContractTable): ContractForeignKey[] {
  return [
    ...Object.entries(table.columns).flatMap(([column, c]) =>
      c.references ? [{ columns: [column], refTable: c.references.table, refColumns: [c.references.column] }] : [],
    ),
    ...(table.foreignKeys ?? []).map((fk) => ({ columns: fk.columns, refTable: fk.references.table, refColumns: fk.references.columns })),
  ];
}

function describeForeignKey(name: string, fk: ContractForeignKey): string {
  return `${name}(${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')})`;
}

function orphanQuery(target: DatabaseTarget, name: string, fk: ContractForeignKey, keyColumns: string[], sampleSize: number): PlannedQuery {
  const child = tableReference(target, name);
  const parent = tableReference(target, fk.refTable);
  const notNull = fk.columns.map((column) => `c.${quoteIdentifier(column)} IS NOT NULL`).join(' AND ');
  const join = fk.columns
    .map((column, index) => `p.${quoteIdentifier(fk.refColumns[index] ?? column)} = c.${quoteIdentifier(column)}`)
    .join(' AND ');
  const where = `${notNull} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${join})`;
  const shown = [...new Set([...keyColumns, ...fk.columns])].map((column) => `c.${quoteIdentifier(column)}`);
  const what = describeForeignKey(name, fk);
  return {
    table: name,
    label: `${name}: orphans of ${what}`,
    at: `${name}#expect.noOrphans`,
    cost: `one scan of ${name}, probing ${fk.refTable} per non-null key`,
    sql: `SELECT count(*) AS n FROM ${child} c WHERE ${where}`,
    params: [],
    decide: (row: Row): Failure[] => {
      const orphans = toNumber(row.n);
      if (orphans === 0) return [];
      return [
        {
          rule: 'orphans',
          at: `${name}#expect.noOrphans`,
          message: `${name}: ${orphans} row${orphans === 1 ? '' : 's'} whose ${what} has no referenced row`,
          samples: {
            sql: `SELECT ${shown.join(', ')} FROM ${child} c WHERE ${where} ORDER BY ${shown.join(', ')} LIMIT ${sampleSize}`,
            params: [],
          },
        },
      ];
    },
  };
}

function customQuery(table: string, custom: { name: string; sql: string }, at: string, sampleSize: number): PlannedQuery {
  const body = custom.sql.trim().replace(/;\s*$/, '');
  if (body.includes(';') || !/^(select|with)\b/i.test(body)) {
    return {
      table,
      label: `${table}: ${custom.name}`,
      at,
      cost: 'none: rejected before it runs',
      sql: '',
      params: [],
      decide: () => [
        { rule: 'custom-sql', at, message: `${table}: custom query "${custom.name}" must be one SELECT (or WITH) statement without ';'` },
      ],
    };
  }
  return {
    table,
    label: `${table}: ${custom.name}`,
    at,
    cost: 'what the custom query costs, counted (not fetched)',
    sql: `SELECT count(*) AS n FROM (${body}) AS plumbline_custom`,
    params: [],
    decide: (row) => {
      const n = toNumber(row.n);
      if (n === 0) return [];
      return [
        {
          rule: 'custom-sql',
          at,
          message: `${table}: "${custom.name}" returned ${n} row${n === 1 ? '' : 's'} (expected none)`,
          samples: { sql: `SELECT * FROM (${body}) AS plumbline_custom LIMIT ${sampleSize}`, params: [] },
        },
      ];
    },
  };
}

function bind(p: ParameterList, value: number | string): string {
  return typeof value === 'number' ? p.addNumber(value) : p.add(value);
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function bounds(min: number | string | undefined, max: number | string | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

function interval(min: number | string | undefined, max: number | string | undefined): string {
  return `[${min ?? '-inf'}, ${max ?? '+inf'}]`;
}

function show(value: unknown): string {
  const plain = plainValue(value);
  return typeof plain === 'string' ? `'${boundValue(plain)}'` : boundValue(String(plain));
}

/** A sample row as `id=inc-1, status='paused'`. */
export function describeSample(row: Row): string {
  return Object.entries(row)
    .map(([key, value]) => `${key}=${show(value)}`)
    .join(', ');
}
