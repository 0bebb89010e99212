import { ts } from 'ts-morph';
import {
  DEFINE_OPERATION,
  OPERATION_ID_PATTERN,
  type Binding,
  type BooleanValue,
  type CallSite,
  type DeclarationCall,
  type DeclarationFacts,
  type EntryCount,
  type InvariantFacts,
  type OperationFacts,
  type ReExport,
  type SpecFacts,
  type StringValue,
} from './facts.js';

export interface ExtractSettings {
  /** Module specifiers that export `defineOperation`, recognised by their text. */
  runtimeModules: readonly string[];
  /** Method names that execute an operation by id (`registry.execute('a.b', …)`). */
  executeMethods: readonly string[];
}

/** Reads a file's operation facts from its syntax tree: no type checker, no other file. */
export function createOperationExtractor(settings: ExtractSettings): (sourceFile: ts.SourceFile) => OperationFacts {
  const runtimeModules = new Set(settings.runtimeModules);
  const executeMethods = new Set(settings.executeMethods);
  return (sourceFile) => new FileReader(sourceFile, runtimeModules, executeMethods).read();
}

type Properties = { values: Map<string, ts.Node>; spread: string | undefined };

const MAX_SNIPPET = 60;

class FileReader {
  /** Local names bound to an import (or to a member of one), by local name. */
  private readonly bindings = new Map<string, Binding>();
  private readonly declarations: DeclarationCall[] = [];
  private readonly callSites: CallSite[] = [];
  private readonly reExports: ReExport[] = [];
  private readonly starExports: string[] = [];

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly runtimeModules: ReadonlySet<string>,
    private readonly executeMethods: ReadonlySet<string>,
  ) {}

  read(): OperationFacts {
    this.collectImports();
    this.collectLocalAliases();
    this.collectExports();
    const text = this.sourceFile.text;
    // Most files neither import anything that could declare an operation nor execute one: skip their walk.
    const mayExecute = [...this.executeMethods].some((method) => text.includes(method));
    if (this.bindings.size > 0 || mayExecute) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) this.inspectCall(node);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(this.sourceFile, visit);
    }
    return { declarations: this.declarations, reExports: this.reExports, starExports: this.starExports, callSites: this.callSites };
  }

  private collectImports(): void {
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const clause = statement.importClause;
        if (!clause || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
        const specifier = statement.moduleSpecifier.text;
        if (clause.name) this.bindings.set(clause.name.text, { specifier, path: ['default'] });
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) {
          this.bindings.set(named.name.text, { specifier, path: [] });
        } else if (named) {
          for (const element of named.elements) {
            if (element.isTypeOnly) continue;
            this.bindings.set(element.name.text, { specifier, path: [(element.propertyName ?? element.name).text] });
          }
        }
      } else if (
        ts.isImportEqualsDeclaration(statement) &&
        !statement.isTypeOnly &&
        ts.isExternalModuleReference(statement.moduleReference) &&
        ts.isStringLiteral(statement.moduleReference.expression)
      ) {
        this.bindings.set(statement.name.text, { specifier: statement.moduleReference.expression.text, path: [] });
      }
    }
  }

  /** Top-level `const op = defineOperation` and `const { defineOperation: op } = rt` name the same binding. */
  private collectLocalAliases(): void {
    for (const statement of this.sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!declaration.initializer) continue;
        const source = this.bindingOf(declaration.initializer);
        if (!source) continue;
        if (ts.isIdentifier(declaration.name)) {
          this.bindings.set(declaration.name.text, source);
        } else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
            const property = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
            if (property !== undefined) this.bindings.set(element.name.text, { specifier: source.specifier, path: [...source.path, property] });
          }
        }
      }
    }
  }

  private collectExports(): void {
    for (const statement of this.sourceFile.statements) {
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const clause = statement.exportClause;
        if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
          const specifier = statement.moduleSpecifier.text;
          if (!clause) this.starExports.push(specifier);
          else if (ts.isNamespaceExport(clause)) this.reExports.push({ exported: clause.name.text, specifier, path: [] });
          else {
            for (const element of clause.elements) {
              if (element.isTypeOnly) continue;
              this.reExports.push({ exported: element.name.text, specifier, path: [(element.propertyName ?? element.name).text] });
            }
          }
        } else if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) {
            const source = element.isTypeOnly ? undefined : this.bindings.get((element.propertyName ?? element.name).text);
            if (source) this.reExports.push({ exported: element.name.text, ...source });
          }
        }
      } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const source = ts.isIdentifier(declaration.name) ? this.bindings.get(declaration.name.text) : undefined;
          if (source && ts.isIdentifier(declaration.name)) this.reExports.push({ exported: declaration.name.text, ...source });
        }
      } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        const source = this.bindingOf(statement.expression);
        if (source) this.reExports.push({ exported: 'default', ...source });
      }
    }
  }

  private inspectCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    const method = memberName(callee);
    if (method !== undefined && this.executeMethods.has(method)) {
      const first = call.arguments[0];
      if (first && ts.isStringLiteralLike(first) && OPERATION_ID_PATTERN.test(first.text)) {
        this.callSites.push({ method, id: first.text, ...this.position(first) });
      }
    }
    if (this.bindings.size === 0) return;
    const binding = this.bindingOf(callee);
    if (binding && this.mayDeclare(binding, call)) {
      this.declarations.push({ callee: binding, ...this.position(call), declaration: this.readDeclaration(call) });
    }
  }

  /**
   * Keeps calls that can be `defineOperation`: the runtime's own export, a
   * project binding of that name, or a project binding called with a declaration-shaped object
   * (a renamed re-export). Which of them really are is settled across files.
   */
  private mayDeclare(binding: Binding, call: ts.CallExpression): boolean {
    if (this.runtimeModules.has(binding.specifier)) return binding.path.length === 1 && binding.path[0] === DEFINE_OPERATION;
    if (binding.specifier.startsWith('node:') || binding.path.length === 0) return false;
    if (binding.path.at(-1) === DEFINE_OPERATION) return true;
    const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (!first || !ts.isObjectLiteralExpression(first)) return false;
    const names = new Set(first.properties.map((property) => (property.name ? propertyNameText(property.name) : undefined)));
    return names.has('id') && (names.has('owner') || names.has('handler'));
  }

  private readDeclaration(call: ts.CallExpression): DeclarationFacts | { expression: string } {
    const argument = call.arguments[0];
    if (!argument) return { expression: '(no argument)' };
    const object = unwrap(argument);
    if (!ts.isObjectLiteralExpression(object)) return { expression: this.snippet(argument) };
    const properties = this.properties(object);
    const value = (name: string) => properties.values.get(name);
    const fromSpread = properties.spread === undefined ? null : { expression: properties.spread };
    const read = <T>(name: string, reader: (node: ts.Node) => T): T | { expression: string } | null => {
      const node = value(name);
      return node === undefined ? fromSpread : reader(node);
    };
    return {
      id: read('id', (node) => this.stringValue(node)),
      owner: read('owner', (node) => this.stringValue(node)),
      critical: read('critical', (node) => this.booleanValue(node)),
      spec: read('spec', (node) => this.specValue(node)),
      invariants: read('invariants', (node) => this.invariantsValue(node)),
    };
  }

  private properties(object: ts.ObjectLiteralExpression): Properties {
    const values = new Map<string, ts.Node>();
    let spread: string | undefined;
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) {
        spread ??= this.snippet(property);
        continue;
      }
      const name = property.name ? propertyNameText(property.name) : undefined;
      if (name === undefined) continue;
      if (ts.isPropertyAssignment(property)) values.set(name, property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) values.set(name, property.name);
      else values.set(name, property);
    }
    return { values, spread };
  }

  private stringValue(node: ts.Node): StringValue {
    const inner = unwrap(node);
    return ts.isStringLiteralLike(inner) ? { literal: inner.text } : { expression: this.snippet(node) };
  }

  private booleanValue(node: ts.Node): BooleanValue {
    const inner = unwrap(node);
    if (inner.kind === ts.SyntaxKind.TrueKeyword) return { literal: true };
    if (inner.kind === ts.SyntaxKind.FalseKeyword) return { literal: false };
    return { expression: this.snippet(node) };
  }

  private countValue(node: ts.Node): EntryCount {
    const inner = unwrap(node);
    if (!ts.isArrayLiteralExpression(inner) || inner.elements.some(ts.isSpreadElement)) return { expression: this.snippet(node) };
    return inner.elements.filter((element) => !ts.isOmittedExpression(element)).length;
  }

  private specValue(node: ts.Node): SpecFacts {
    const inner = unwrap(node);
    if (!ts.isObjectLiteralExpression(inner)) return { expression: this.snippet(node) };
    const properties = this.properties(inner);
    const count = (name: string): EntryCount => {
      const entry = properties.values.get(name);
      if (entry !== undefined) return this.countValue(entry);
      return properties.spread === undefined ? 0 : { expression: properties.spread };
    };
    const forbidden = properties.values.get('forbidden');
    const forbiddenStates = forbidden === undefined ? [] : this.invariantsValue(forbidden);
    return { pre: count('pre'), post: count('post'), forbidden: count('forbidden'), forbiddenStates: Array.isArray(forbiddenStates) ? forbiddenStates : [] };
  }

  /** Check entries (invariants, forbidden states) of an array literal: each one's id and position. */
  private invariantsValue(node: ts.Node): InvariantFacts[] | { expression: string } {
    const inner = unwrap(node);
    if (!ts.isArrayLiteralExpression(inner)) return { expression: this.snippet(node) };
    const invariants: InvariantFacts[] = [];
    for (const element of inner.elements) {
      if (ts.isOmittedExpression(element)) continue;
      const object = unwrap(element);
      if (!ts.isObjectLiteralExpression(object)) {
        invariants.push({ id: { expression: this.snippet(element) }, ...this.position(element) });
        continue;
      }
      const properties = this.properties(object);
      const id = properties.values.get('id');
      const value = id !== undefined ? this.stringValue(id) : properties.spread !== undefined ? { expression: properties.spread } : null;
      invariants.push({ id: value, ...this.position(element) });
    }
    return invariants;
  }

  /** The import binding an expression reads, following `.member` and `['member']` chains. */
  private bindingOf(node: ts.Expression): Binding | undefined {
    const expression = unwrap(node);
    if (ts.isIdentifier(expression)) return this.bindings.get(expression.text);
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      const name = memberName(expression);
      const base = name === undefined ? undefined : this.bindingOf(expression.expression);
      return base && name !== undefined ? { specifier: base.specifier, path: [...base.path, name] } : undefined;
    }
    return undefined;
  }

  private position(node: ts.Node): { line: number; column: number } {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    return { line: line + 1, column: character + 1 };
  }

  private snippet(node: ts.Node): string {
    const text = node.getText(this.sourceFile).replace(/\s+/g, ' ').trim();
    return text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET - 3)}...` : text;
  }
}

/** Strips what does not change the value: parentheses, `!`, `as`, `satisfies`, `<T>x`. */
function unwrap(node: ts.Expression): ts.Expression;
function unwrap(node: ts.Node): ts.Node;
function unwrap(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `a.name` and `a['name']` give `name`; anything else undefined. */
function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return ts.isIdentifier(node.name) ? node.name.text : undefined;
  if (ts.isElementAccessExpression(node)) return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  return undefined;
}

function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function hasExportModifier(statement: ts.VariableStatement): boolean {
  return statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}
