import { Node, SyntaxKind, type InterfaceDeclaration, type PropertySignature, type SourceFile, type TypeNode } from 'ts-morph';
import type { ExpectedModel, ModelColumn, ModelTable, SourceLocation } from '../shared/database/schema-model.js';
import { parseModelFiles, type SourceProblem } from './source-project.js';

// Kysely's wrappers: the first type argument is what a SELECT returns.
const WRAPPERS = new Set(['Generated', 'GeneratedAlways', 'ColumnType', 'Selectable']);

/**
 * The expected schema from a Kysely database interface (`interface Database {
 * person: PersonTable }`), read with ts-morph. TypeScript types say less than
 * SQL: `number` may be integer or real, so columns get a type family, and keys,
 * indexes and defaults are not compared.
 */
export async function modelFromKysely(
  root: string,
  globs: readonly string[],
  interfaceName: string,
): Promise<{ model?: ExpectedModel; problems: SourceProblem[] }> {
  const { files, relative, problems } = await parseModelFiles(root, globs);
  const declarations = new Map<string, { node: InterfaceDeclaration | TypeNode; file: SourceFile }>();
  for (const file of files) {
    for (const declaration of file.getInterfaces()) declarations.set(declaration.getName(), { node: declaration, file });
    for (const alias of file.getTypeAliases()) {
      const typeNode = alias.getTypeNode();
      if (typeNode) declarations.set(alias.getName(), { node: typeNode, file });
    }
  }
  const database = declarations.get(interfaceName);
  if (!database) {
    problems.push({ file: '', line: 0, message: `kysely: no interface or type '${interfaceName}' in ${globs.join(', ')}` });
    return { problems };
  }
  const located = new Map<string, SourceLocation>();
  const tables: ModelTable[] = [];
  for (const tableProperty of propertiesOf(database.node)) {
    const tableName = tableProperty.getName().replace(/^['"]|['"]$/g, '');
    const fileName = relative(tableProperty.getSourceFile());
    located.set(tableName, { file: fileName, line: tableProperty.getStartLineNumber() });
    const typeNode = tableProperty.getTypeNode();
    const target = typeNode && Node.isTypeReference(typeNode) ? declarations.get(typeNode.getTypeName().getText())?.node : typeNode;
    if (!target) {
      problems.push({
        file: fileName,
        line: tableProperty.getStartLineNumber(),
        message: `kysely: the type of table '${tableName}' is not declared in the model files`,
      });
      continue;
    }
    const columns: ModelColumn[] = [];
    for (const columnProperty of propertiesOf(target)) {
      const name = columnProperty.getName().replace(/^['"]|['"]$/g, '');
      const column = readColumnType(columnProperty.getTypeNode(), name);
      columns.push({ ...column, nullable: column.nullable || columnProperty.hasQuestionToken() });
      located.set(`${tableName}.${name}`, { file: relative(columnProperty.getSourceFile()), line: columnProperty.getStartLineNumber() });
    }
    tables.push({ name: tableName, columns, primaryKey: [], uniques: [], foreignKeys: [], indexes: [] });
  }
  const model: ExpectedModel = {
    source: 'kysely',
    tables,
    coverage: { keys: false, indexes: false, defaults: false },
    locate: (key) => located.get(key) ?? located.get(key.split(/[.#]/)[0] ?? key) ?? { file: '', line: 0 },
  };
  return { model, problems };
}

function propertiesOf(node: InterfaceDeclaration | TypeNode): PropertySignature[] {
  if (Node.isInterfaceDeclaration(node)) return node.getProperties();
  if (Node.isTypeLiteral(node)) return node.getProperties();
  return [];
}

function readColumnType(typeNode: TypeNode | undefined, name: string): ModelColumn {
  const rawType = typeNode?.getText() ?? 'unknown';
  let nullable = false;
  const members: string[] = [];
  const visit = (node: TypeNode | undefined): void => {
    if (!node) return;
    if (Node.isParenthesizedTypeNode(node)) {
      visit(node.getTypeNode());
      return;
    }
    if (Node.isUnionTypeNode(node)) {
      node.getTypeNodes().forEach(visit);
      return;
    }
    if (Node.isLiteralTypeNode(node)) {
      const literal = node.getLiteral();
      if (literal.getKind() === SyntaxKind.NullKeyword) nullable = true;
      else if (Node.isStringLiteral(literal)) members.push('family:string');
      else if (Node.isNumericLiteral(literal)) members.push('family:number');
      else members.push('family:boolean');
      return;
    }
    if (Node.isTypeReference(node)) {
      const ref = node.getTypeName().getText();
      if (WRAPPERS.has(ref)) {
        visit(node.getTypeArguments()[0]);
        return;
      }
      members.push(ref === 'Date' ? 'family:date' : ref === 'Buffer' || ref === 'Uint8Array' ? 'family:bytes' : 'family:json');
      return;
    }
    const kind = node.getKind();
    if (kind === SyntaxKind.UndefinedKeyword) nullable = true;
    else if (kind === SyntaxKind.StringKeyword) members.push('family:string');
    else if (kind === SyntaxKind.NumberKeyword) members.push('family:number');
    else if (kind === SyntaxKind.BigIntKeyword) members.push('bigint');
    else if (kind === SyntaxKind.BooleanKeyword) members.push('family:boolean');
    else members.push('family:json');
  };
  visit(typeNode);
  const distinct = [...new Set(members)];
  // `number | string` and the like: a union of families, so take the widest that still says something.
  const only = distinct.length === 1 ? distinct[0] : undefined;
  const type = only ?? (distinct.includes('family:string') ? 'family:string' : 'family:json');
  return { name, type, rawType, nullable };
}
