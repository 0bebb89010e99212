import ts from 'typescript';
import type { Binding, ReExport } from './module-facts.js';
import { hasExportModifier, memberName, propertyNameText, unwrap } from './syntax.js';

/** The value imports of one file, and what it re-exports of them or of other modules. */
export interface ModuleBindings {
  /** Local names bound to an import (or to a member of one), by local name. */
  bindings: Map<string, Binding>;
  reExports: ReExport[];
  /** Specifiers of `export * from '...'`. */
  starExports: string[];
  /** The import binding an expression reads, following `.member` and `['member']` chains. */
  bindingOf(node: ts.Expression): Binding | undefined;
}

/** Reads a file's imports, top-level aliases of them and re-exports; type-only forms are left out. */
export function readModuleBindings(sourceFile: ts.SourceFile): ModuleBindings {
  const bindings = new Map<string, Binding>();
  const reExports: ReExport[] = [];
  const starExports: string[] = [];

  const bindingOf = (node: ts.Expression): Binding | undefined => {
    const expression = unwrap(node);
    if (ts.isIdentifier(expression)) return bindings.get(expression.text);
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      const name = memberName(expression);
      const base = name === undefined ? undefined : bindingOf(expression.expression);
      return base && name !== undefined ? { specifier: base.specifier, path: [...base.path, name] } : undefined;
    }
    return undefined;
  };

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (!clause || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      const specifier = statement.moduleSpecifier.text;
      if (clause.name) bindings.set(clause.name.text, { specifier, path: ['default'] });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) {
        bindings.set(named.name.text, { specifier, path: [] });
      } else if (named) {
        for (const element of named.elements) {
          if (element.isTypeOnly) continue;
          bindings.set(element.name.text, { specifier, path: [(element.propertyName ?? element.name).text] });
        }
      }
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      !statement.isTypeOnly &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      bindings.set(statement.name.text, { specifier: statement.moduleReference.expression.text, path: [] });
    }
  }

  // Top-level `const op = defineOperation` and `const { defineOperation: op } = rt` name the same binding.
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!declaration.initializer) continue;
      const source = bindingOf(declaration.initializer);
      if (!source) continue;
      if (ts.isIdentifier(declaration.name)) {
        bindings.set(declaration.name.text, source);
      } else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
          const property = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
          if (property !== undefined) bindings.set(element.name.text, { specifier: source.specifier, path: [...source.path, property] });
        }
      }
    }
  }

  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const specifier = statement.moduleSpecifier.text;
        if (!clause) starExports.push(specifier);
        else if (ts.isNamespaceExport(clause)) reExports.push({ exported: clause.name.text, specifier, path: [] });
        else {
          for (const element of clause.elements) {
            if (element.isTypeOnly) continue;
            reExports.push({ exported: element.name.text, specifier, path: [(element.propertyName ?? element.name).text] });
          }
        }
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const source = element.isTypeOnly ? undefined : bindings.get((element.propertyName ?? element.name).text);
          if (source) reExports.push({ exported: element.name.text, ...source });
        }
      }
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const source = ts.isIdentifier(declaration.name) ? bindings.get(declaration.name.text) : undefined;
        if (source && ts.isIdentifier(declaration.name)) reExports.push({ exported: declaration.name.text, ...source });
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const source = bindingOf(statement.expression);
      if (source) reExports.push({ exported: 'default', ...source });
    }
  }

  return { bindings, reExports, starExports, bindingOf };
}
