import type { Binding, ReExport } from './module-facts.js';
import { isIdentifier, keyText, memberName, stringText, topLevel, unwrap, type Node, type ParsedFile } from './syntax.js';

/** The value imports of one file, and what it re-exports of them or of other modules. */
export interface ModuleBindings {
  /** Local names bound to an import (or to a member of one), by local name. */
  bindings: Map<string, Binding>;
  reExports: ReExport[];
  /** Specifiers of `export * from '...'`. */
  starExports: string[];
  /** The import binding an expression reads, following `.member` and `['member']` chains. */
  bindingOf(node: Node): Binding | undefined;
}

/** An import or export name: an identifier or a string (`import { 'a-b' as x }`). */
function nameOf(node: Node): string {
  return node.type === 'Identifier' ? node.name : (stringText(node) ?? '');
}

/** Reads a file's imports, top-level aliases of them and re-exports; type-only forms are left out. */
export function readModuleBindings(file: ParsedFile): ModuleBindings {
  const bindings = new Map<string, Binding>();
  const reExports: ReExport[] = [];
  const starExports: string[] = [];
  const statements = topLevel(file.program);

  const bindingOf = (node: Node): Binding | undefined => {
    const expression = unwrap(node);
    if (expression.type === 'Identifier') return bindings.get(expression.name);
    if (expression.type === 'MemberExpression') {
      const name = memberName(expression);
      const base = name === undefined ? undefined : bindingOf(expression.object);
      return base && name !== undefined ? { specifier: base.specifier, path: [...base.path, name] } : undefined;
    }
    return undefined;
  };

  for (const { node: statement } of statements) {
    if (statement.type === 'ImportDeclaration') {
      if (statement.importKind === 'type' || statement.specifiers.length === 0) continue;
      const specifier = statement.source.value;
      for (const element of statement.specifiers) {
        if (element.type === 'ImportDefaultSpecifier') bindings.set(element.local.name, { specifier, path: ['default'] });
        else if (element.type === 'ImportNamespaceSpecifier') bindings.set(element.local.name, { specifier, path: [] });
        else if (element.importKind !== 'type') bindings.set(element.local.name, { specifier, path: [nameOf(element.imported)] });
      }
    } else if (
      statement.type === 'TSImportEqualsDeclaration' &&
      statement.importKind !== 'type' &&
      statement.moduleReference.type === 'TSExternalModuleReference'
    ) {
      bindings.set(statement.id.name, { specifier: statement.moduleReference.expression.value, path: [] });
    }
  }

  // Top-level `const op = defineOperation` and `const { defineOperation: op } = rt` name the same binding.
  for (const { node: statement } of statements) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declaration of statement.declarations) {
      if (!declaration.init) continue;
      const source = bindingOf(declaration.init);
      if (!source) continue;
      if (declaration.id.type === 'Identifier') {
        bindings.set(declaration.id.name, source);
      } else if (declaration.id.type === 'ObjectPattern') {
        for (const element of declaration.id.properties) {
          if (element.type !== 'Property') continue;
          const local = element.value.type === 'AssignmentPattern' ? element.value.left : element.value;
          if (!isIdentifier(local)) continue;
          const property = element.shorthand ? local.name : keyText(element.key, element.computed);
          if (property !== undefined) bindings.set(local.name, { specifier: source.specifier, path: [...source.path, property] });
        }
      }
    }
  }

  for (const { node: statement, exported } of statements) {
    if (statement.type === 'ExportAllDeclaration' && statement.exportKind !== 'type') {
      const specifier = statement.source.value;
      if (!statement.exported) starExports.push(specifier);
      else reExports.push({ exported: nameOf(statement.exported), specifier, path: [] });
    } else if (statement.type === 'ExportNamedDeclaration' && !statement.declaration && statement.exportKind !== 'type') {
      if (statement.source) {
        const specifier = statement.source.value;
        for (const element of statement.specifiers) {
          if (element.exportKind === 'type') continue;
          reExports.push({ exported: nameOf(element.exported), specifier, path: [nameOf(element.local)] });
        }
      } else {
        for (const element of statement.specifiers) {
          const source = element.exportKind === 'type' ? undefined : bindings.get(nameOf(element.local));
          if (source) reExports.push({ exported: nameOf(element.exported), ...source });
        }
      }
    } else if (statement.type === 'VariableDeclaration' && exported) {
      for (const declaration of statement.declarations) {
        const source = declaration.id.type === 'Identifier' ? bindings.get(declaration.id.name) : undefined;
        if (source && declaration.id.type === 'Identifier') reExports.push({ exported: declaration.id.name, ...source });
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const source = bindingOf(statement.declaration);
      if (source) reExports.push({ exported: 'default', ...source });
    }
  }

  return { bindings, reExports, starExports, bindingOf };
}
