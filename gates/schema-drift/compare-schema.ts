import type { Finding, RuleDescriptor, Severity } from '../../core/contracts.js';
import type { SchemaDriftGateConfig } from '../../config/schema.js';
import type { ExpectedModel, ModelIndex, ModelTable, SchemaModel } from '../shared/database/schema-model.js';
import { typeSatisfies } from '../shared/database/type-mapping.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { atLine, ruleCatalog } from '../../core/rule-catalog.js';

/** One table in the gate's docs lists every finding, so each links the page. */
const schemaDriftRules = ruleCatalog('schema-drift', shippedDocsUrl('schema-drift-gate.md'), {
  'missing-table': { description: 'A table the model declares does not exist in the database.', section: '' },
  'extra-table': { description: 'A table of the database that no model declares.', section: '' },
  'missing-column': { description: 'A column the model declares does not exist in the database.', section: '' },
  'extra-column': { description: 'A column of the database that the model does not declare.', section: '' },
  type: { description: "A column's type differs from the model's.", section: '' },
  nullability: { description: 'A column accepts NULL where the model says NOT NULL, or the other way round.', section: '' },
  default: { description: "A column's default differs from the model's.", section: '' },
  'primary-key': { description: "The table's primary key differs from the model's.", section: '' },
  unique: { description: 'A UNIQUE constraint of the model is missing, or the database has one the model does not.', section: '' },
  index: {
    description: 'An index of the model is missing or differs in uniqueness, or the database has one the model does not.',
    section: '',
  },
  'foreign-key': { description: 'A foreign key of the model is missing, or the database has one the model does not.', section: '' },
});

type SchemaDriftRuleName = Parameters<typeof schemaDriftRules.finding>[0];

export const SCHEMA_DRIFT_RULES: RuleDescriptor[] = schemaDriftRules.descriptors();

type Settings = Pick<SchemaDriftGateConfig, 'ignoreTables' | 'extraTables' | 'strict'>;

/**
 * Every difference between the expected model and the actual schema, one finding
 * each. Severity says whether code built on the model breaks (error) or merely
 * drifts (warning/note); `strict` makes every difference an error.
 */
export function compareSchema(expected: ExpectedModel, actual: SchemaModel, settings: Settings): Finding[] {
  const findings: Finding[] = [];
  const label = expected.source;
  const add = (rule: SchemaDriftRuleName, severity: Severity, key: string, message: string) => {
    const { file, line } = expected.locate(key);
    findings.push(schemaDriftRules.finding(rule, settings.strict ? 'error' : severity, `[${label}] ${message}`, atLine(file, line)));
  };
  const actualTables = new Map(actual.tables.map((table) => [table.name, table]));
  const expectedNames = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    const found = actualTables.get(table.name);
    if (!found) {
      add('missing-table', 'error', table.name, `table '${table.name}' does not exist in the database`);
      continue;
    }
    compareTable(table, found, expected, add);
  }
  const ignored = new Set(settings.ignoreTables);
  for (const table of actual.tables) {
    if (!expectedNames.has(table.name) && !ignored.has(table.name)) {
      add('extra-table', settings.extraTables, '', `table '${table.name}' exists in the database but the model does not declare it`);
    }
  }
  return findings;
}

type Add = (rule: SchemaDriftRuleName, severity: Severity, key: string, message: string) => void;

function compareTable(want: ModelTable, got: ModelTable, expected: ExpectedModel, add: Add): void {
  const t = want.name;
  const gotColumns = new Map(got.columns.map((column) => [column.name, column]));
  for (const column of want.columns) {
    const key = `${t}.${column.name}`;
    const actual = gotColumns.get(column.name);
    if (!actual) {
      add('missing-column', 'error', key, `column ${key} does not exist in the database`);
      continue;
    }
    if (!typeSatisfies(column.type, actual.type)) {
      add(
        'type',
        'error',
        key,
        `column ${key} is ${actual.rawType || actual.type} (${actual.type}) in the database; the model says ${column.rawType} (${column.type})`,
      );
    }
    if (column.nullable !== actual.nullable) {
      add(
        'nullability',
        'error',
        key,
        actual.nullable
          ? `column ${key} accepts NULL in the database; the model says NOT NULL`
          : `column ${key} is NOT NULL in the database; the model says it accepts NULL`,
      );
    }
    if (expected.coverage.defaults && column.default !== undefined && column.default !== actual.default) {
      add(
        'default',
        'warning',
        key,
        `column ${key} defaults to ${actual.default ?? 'nothing'} in the database; the model says ${column.default ?? 'no default'}`,
      );
    }
  }
  const wanted = new Set(want.columns.map((column) => column.name));
  for (const column of got.columns) {
    if (wanted.has(column.name)) continue;
    // A NOT NULL column without default breaks every insert written against the model.
    const breaks = !column.nullable && (column.default === null || column.default === undefined) && !got.primaryKey.includes(column.name);
    add(
      'extra-column',
      breaks ? 'error' : 'warning',
      t,
      `column ${t}.${column.name} exists in the database but the model does not declare it${breaks ? ' (NOT NULL without a default: inserts from the code fail)' : ''}`,
    );
  }
  if (!expected.coverage.keys) return;
  if (!sameList(want.primaryKey, got.primaryKey)) {
    add(
      'primary-key',
      'error',
      want.primaryKey.length > 0 ? `${t}#primaryKey` : t,
      `primary key of ${t} is ${show(got.primaryKey)} in the database; the model says ${show(want.primaryKey)}`,
    );
  }
  compareSets(
    want.uniques,
    got.uniques,
    (columns) => {
      add(
        'unique',
        'error',
        columns.length === 1 ? `${t}.${columns[0]}` : `${t}#unique`,
        `UNIQUE (${columns.join(', ')}) on ${t} is missing in the database`,
      );
    },
    (columns) => {
      add('unique', 'warning', t, `UNIQUE (${columns.join(', ')}) on ${t} exists in the database but the model does not declare it`);
    },
  );
  const fkKey = (fk: { columns: string[]; refTable: string; refColumns: string[] }) =>
    `${fk.columns.join(',')}>${fk.refTable}(${fk.refColumns.join(',')})`;
  const gotFks = new Set(got.foreignKeys.map(fkKey));
  const wantFks = new Set(want.foreignKeys.map(fkKey));
  for (const fk of want.foreignKeys) {
    if (!gotFks.has(fkKey(fk))) {
      add(
        'foreign-key',
        'error',
        fk.columns.length === 1 ? `${t}.${fk.columns[0]}` : `${t}#foreignKeys`,
        `foreign key ${t}(${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')}) is missing in the database`,
      );
    }
  }
  for (const fk of got.foreignKeys) {
    if (!wantFks.has(fkKey(fk))) {
      add(
        'foreign-key',
        'warning',
        t,
        `foreign key ${t}(${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')}) exists in the database but the model does not declare it`,
      );
    }
  }
  if (expected.coverage.indexes) compareIndexes(t, want.indexes, got.indexes, add);
}

function compareIndexes(t: string, want: ModelIndex[], got: ModelIndex[], add: Add): void {
  const matched = new Set<ModelIndex>();
  for (const index of want) {
    const found = got.find(
      (candidate) => !matched.has(candidate) && (index.name ? candidate.name === index.name : sameList(candidate.columns, index.columns)),
    );
    const what = `index ${index.name ?? `on ${t}(${index.columns.join(', ')})`}`;
    if (!found) {
      add('index', 'warning', `${t}#indexes`, `${what} is missing in the database`);
      continue;
    }
    matched.add(found);
    if (!sameList(found.columns, index.columns)) {
      add(
        'index',
        'warning',
        `${t}#indexes`,
        `${what} covers (${found.columns.join(', ')}) in the database; the model says (${index.columns.join(', ')})`,
      );
    }
    if (found.unique !== index.unique) {
      add(
        'index',
        'error',
        `${t}#indexes`,
        `${what} is ${found.unique ? 'UNIQUE' : 'not UNIQUE'} in the database; the model says ${index.unique ? 'UNIQUE' : 'not UNIQUE'}`,
      );
    }
  }
  for (const index of got) {
    if (!matched.has(index))
      add(
        'index',
        'note',
        t,
        `index ${index.name ?? '?'} on ${t}(${index.columns.join(', ')}) exists in the database but the model does not declare it`,
      );
  }
}

function compareSets(want: string[][], got: string[][], missing: (columns: string[]) => void, extra: (columns: string[]) => void): void {
  const key = (columns: string[]) => [...columns].sort().join(',');
  const gotKeys = new Set(got.map(key));
  const wantKeys = new Set(want.map(key));
  want.filter((columns) => !gotKeys.has(key(columns))).forEach(missing);
  got.filter((columns) => !wantKeys.has(key(columns))).forEach(extra);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function show(columns: readonly string[]): string {
  return columns.length === 0 ? 'none' : `(${columns.join(', ')})`;
}
