import { Node, SyntaxKind, type CallExpression, type Expression, type PropertyAccessExpression } from 'ts-morph';
import { normaliseDefault } from '../shared/database/default-expression.js';
import type { ExpectedModel, ModelColumn, ModelTable, SourceLocation } from '../shared/database/schema-model.js';
import { canonicalType } from '../shared/database/type-mapping.js';
import { parseModelFiles, type SourceProblem } from './source-project.js';

const TABLE_FACTORIES = new Set(['pgTable', 'sqliteTable']);

// Drizzle builder names whose SQL type is not simply their own name.
const BUILDER_TYPES: Record<string, string> = {
  doublePrecision: 'real',
  int: 'integer',
  varchar: 'text',
  char: 'text',
  jsonb: 'json',
  serial: 'integer',
  smallserial: 'integer',
  bigserial: 'bigint',
  decimal: 'numeric',
};

interface DrizzleTable {
  variable: string;
  table: ModelTable;
  /** TypeScript property name -> database column name. */
  properties: Map<string, string>;
  /** `.references(() => other.col)` and foreignKey() calls, resolved once every table is known. */
  pendingRefs: Array<{ columns: string[]; refVariable: string; refProperties: string[] }>;
  pendingIndexProps: Array<{ kind: 'index' | 'unique' | 'pk'; name?: string; unique: boolean; props: string[] }>;
}

/**
 * The expected schema from Drizzle `pgTable`/`sqliteTable` definitions, read
 * statically: the files are parsed with ts-morph, never imported, so a schema
 * module with side effects or a missing driver is no problem.
 */
export async function modelFromDrizzle(
  root: string,
  globs: readonly string[],
): Promise<{ model?: ExpectedModel; problems: SourceProblem[] }> {
  const { files, relative, problems } = await parseModelFiles(root, globs);
  const located = new Map<string, SourceLocation>();
  const tables: DrizzleTable[] = [];
  for (const file of files) {
    for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      if (!Node.isIdentifier(callee) || !TABLE_FACTORIES.has(callee.getText())) continue;
      const parsed = readTable(call, relative(file), located, problems);
      if (parsed) tables.push(parsed);
    }
  }
  const byVariable = new Map(tables.map((t) => [t.variable, t]));
  for (const t of tables) {
    for (const ref of t.pendingRefs) {
      const target = byVariable.get(ref.refVariable);
      if (!target) {
        const at = located.get(t.table.name);
        problems.push({
          file: at?.file ?? '',
          line: at?.line ?? 0,
          message: `drizzle: ${t.table.name} references '${ref.refVariable}', which is no table in the model files`,
        });
        continue;
      }
      t.table.foreignKeys.push({
        columns: ref.columns,
        refTable: target.table.name,
        refColumns: ref.refProperties.map((p) => target.properties.get(p) ?? p),
      });
    }
    for (const extra of t.pendingIndexProps) {
      const columns = extra.props.map((p) => t.properties.get(p) ?? p);
      if (extra.kind === 'pk') t.table.primaryKey = columns;
      else if (extra.kind === 'unique') t.table.uniques.push(columns);
      else t.table.indexes.push({ ...(extra.name ? { name: extra.name } : {}), columns, unique: extra.unique });
    }
  }
  const model: ExpectedModel = {
    source: 'drizzle',
    tables: tables.map((t) => t.table),
    coverage: { keys: true, indexes: true, defaults: true },
    locate: (key) => located.get(key) ?? located.get(key.split(/[.#]/)[0] ?? key) ?? { file: '', line: 0 },
  };
  return { model, problems };
}

function readTable(
  call: CallExpression,
  fileName: string,
  located: Map<string, SourceLocation>,
  problems: SourceProblem[],
): DrizzleTable | undefined {
  const [nameArg, columnsArg, extrasArg] = call.getArguments();
  const line = call.getStartLineNumber();
  if (!nameArg || !Node.isStringLiteral(nameArg) || !columnsArg || !Node.isObjectLiteralExpression(columnsArg)) {
    problems.push({
      file: fileName,
      line,
      message: 'drizzle: a table needs a string literal name and an object literal of columns to be read statically',
    });
    return undefined;
  }
  const name = nameArg.getLiteralValue();
  const declaration = call.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
  const variable = declaration?.getName() ?? name;
  located.set(name, { file: fileName, line });
  const result: DrizzleTable = {
    variable,
    table: { name, columns: [], primaryKey: [], uniques: [], foreignKeys: [], indexes: [] },
    properties: new Map(),
    pendingRefs: [],
    pendingIndexProps: [],
  };
  for (const property of columnsArg.getProperties()) {
    if (!Node.isPropertyAssignment(property)) continue;
    const propName = property.getName().replace(/^['"]|['"]$/g, '');
    const initializer = property.getInitializer();
    const column = initializer ? readColumn(initializer, propName) : undefined;
    if (!column) {
      problems.push({
        file: fileName,
        line: property.getStartLineNumber(),
        message: `drizzle: cannot read column '${propName}' of ${name} statically`,
      });
      continue;
    }
    result.properties.set(propName, column.column.name);
    result.table.columns.push(column.column);
    located.set(`${name}.${column.column.name}`, { file: fileName, line: property.getStartLineNumber() });
    if (column.primaryKey) result.table.primaryKey = [column.column.name];
    if (column.unique) result.table.uniques.push([column.column.name]);
    if (column.reference) result.pendingRefs.push({ columns: [column.column.name], ...column.reference });
  }
  if (extrasArg) readExtras(extrasArg, result, fileName, located, name);
  return result;
}

interface ReadColumn {
  column: ModelColumn;
  primaryKey: boolean;
  unique: boolean;
  reference?: { refVariable: string; refProperties: string[] };
}

function readColumn(expression: Expression, propName: string): ReadColumn | undefined {
  const methods: Array<{ name: string; args: Node[] }> = [];
  let node: Node = expression;
  while (Node.isCallExpression(node) && Node.isPropertyAccessExpression(node.getExpression())) {
    const access = node.getExpression() as PropertyAccessExpression;
    methods.unshift({ name: access.getName(), args: node.getArguments() });
    node = access.getExpression();
  }
  if (!Node.isCallExpression(node) || !Node.isIdentifier(node.getExpression())) return undefined;
  const builder = node.getExpression().getText();
  const args = node.getArguments();
  const dbName = args[0] && Node.isStringLiteral(args[0]) ? args[0].getLiteralValue() : propName;
  const options = args.find((arg) => Node.isObjectLiteralExpression(arg));
  const withTimezone = options !== undefined && /withTimezone\s*:\s*true/.test(options.getText());
  let type = BUILDER_TYPES[builder] ?? canonicalType(builder);
  if (builder === 'timestamp' && withTimezone) type = 'timestamptz';
  const serial = /serial$/i.test(builder);
  let nullable = !serial;
  let primaryKey = false;
  let unique = false;
  let defaultValue: string | null | undefined = serial ? undefined : null;
  let reference: ReadColumn['reference'];
  for (const method of methods) {
    if (method.name === 'notNull') nullable = false;
    else if (method.name === 'primaryKey') {
      primaryKey = true;
      nullable = false;
    } else if (method.name === 'unique') unique = true;
    else if (method.name === 'defaultNow') defaultValue = 'current_timestamp';
    else if (method.name === 'default') defaultValue = defaultText(method.args[0]);
    else if (method.name === 'generatedAlwaysAsIdentity' || method.name === 'generatedByDefaultAsIdentity') {
      defaultValue = 'identity';
      nullable = false;
    } else if (method.name === '$defaultFn' || method.name === '$default' || method.name === 'autoincrement') {
      // Defaults computed in JavaScript or by SQLite's rowid leave no SQL default.
    } else if (method.name === 'references') reference = readReference(method.args[0]);
  }
  return { column: { name: dbName, type, rawType: builder, nullable, default: defaultValue }, primaryKey, unique, reference };
}

function defaultText(arg: Node | undefined): string | null | undefined {
  if (!arg) return undefined;
  if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) return `'${arg.getLiteralValue().replace(/'/g, "''")}'`;
  if (Node.isNumericLiteral(arg)) return String(arg.getLiteralValue());
  if (Node.isPrefixUnaryExpression(arg)) return normaliseDefault(arg.getText());
  if (arg.getKind() === SyntaxKind.TrueKeyword) return 'true';
  if (arg.getKind() === SyntaxKind.FalseKeyword) return 'false';
  if (arg.getKind() === SyntaxKind.NullKeyword) return null;
  if (Node.isTaggedTemplateExpression(arg)) {
    const template = arg.getTemplate();
    if (Node.isNoSubstitutionTemplateLiteral(template)) return normaliseDefault(template.getLiteralValue());
  }
  // A computed default (a variable, a function call) cannot be known statically: not checked.
  return undefined;
}

function readReference(arg: Node | undefined): ReadColumn['reference'] {
  if (!arg || !Node.isArrowFunction(arg)) return undefined;
  const body = arg.getBody();
  if (!Node.isPropertyAccessExpression(body)) return undefined;
  return { refVariable: body.getExpression().getText(), refProperties: [body.getName()] };
}

function readExtras(arg: Node, table: DrizzleTable, fileName: string, located: Map<string, SourceLocation>, name: string): void {
  if (!Node.isArrowFunction(arg)) return;
  let body: Node = arg.getBody();
  if (Node.isParenthesizedExpression(body)) body = body.getExpression();
  if (Node.isBlock(body)) {
    const returned = body.getStatements().find((s) => Node.isReturnStatement(s));
    const expression = returned && Node.isReturnStatement(returned) ? returned.getExpression() : undefined;
    if (!expression) return;
    body = expression;
  }
  const entries = Node.isObjectLiteralExpression(body)
    ? body.getProperties().flatMap((p) => (Node.isPropertyAssignment(p) ? (p.getInitializer() ?? []) : []))
    : Node.isArrayLiteralExpression(body)
      ? body.getElements()
      : [];
  const propsOf = (nodes: Node[]) =>
    nodes.flatMap((n) =>
      Node.isPropertyAccessExpression(n)
        ? [n.getName()]
        : Node.isArrayLiteralExpression(n)
          ? n.getElements().flatMap((e) => (Node.isPropertyAccessExpression(e) ? [e.getName()] : []))
          : [],
    );
  for (const entry of entries) {
    if (!Node.isCallExpression(entry)) continue;
    const callee = entry.getExpression();
    // index('name').on(t.a, t.b) / uniqueIndex('name').on(...) / unique('name').on(...)
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'on' && Node.isCallExpression(callee.getExpression())) {
      const base = callee.getExpression() as CallExpression;
      const kind = base.getExpression().getText();
      const nameArg = base.getArguments()[0];
      const indexName = nameArg && Node.isStringLiteral(nameArg) ? nameArg.getLiteralValue() : undefined;
      const props = propsOf(entry.getArguments());
      if (kind === 'unique') table.pendingIndexProps.push({ kind: 'unique', unique: true, props });
      else if (kind === 'index' || kind === 'uniqueIndex')
        table.pendingIndexProps.push({ kind: 'index', name: indexName, unique: kind === 'uniqueIndex', props });
      located.set(`${name}#indexes`, { file: fileName, line: entry.getStartLineNumber() });
      continue;
    }
    const fn = callee.getText();
    const [first] = entry.getArguments();
    if (fn === 'primaryKey') {
      const columnsProp = first && Node.isObjectLiteralExpression(first) ? first.getProperty('columns') : undefined;
      const props =
        columnsProp && Node.isPropertyAssignment(columnsProp)
          ? propsOf([columnsProp.getInitializerOrThrow()])
          : propsOf(entry.getArguments());
      table.pendingIndexProps.push({ kind: 'pk', unique: true, props });
      located.set(`${name}#primaryKey`, { file: fileName, line: entry.getStartLineNumber() });
    } else if (fn === 'foreignKey' && first && Node.isObjectLiteralExpression(first)) {
      const columns = first.getProperty('columns');
      const foreign = first.getProperty('foreignColumns');
      if (!columns || !foreign || !Node.isPropertyAssignment(columns) || !Node.isPropertyAssignment(foreign)) continue;
      const foreignInit = foreign.getInitializer();
      const refs =
        foreignInit && Node.isArrayLiteralExpression(foreignInit)
          ? foreignInit.getElements().filter((e) => Node.isPropertyAccessExpression(e))
          : [];
      const refVariable = refs[0] && Node.isPropertyAccessExpression(refs[0]) ? refs[0].getExpression().getText() : '';
      table.pendingRefs.push({
        columns: propsOf([columns.getInitializerOrThrow()]).map((p) => table.properties.get(p) ?? p),
        refVariable,
        refProperties: refs.flatMap((e) => (Node.isPropertyAccessExpression(e) ? [e.getName()] : [])),
      });
      located.set(`${name}#foreignKeys`, { file: fileName, line: entry.getStartLineNumber() });
    }
  }
}
