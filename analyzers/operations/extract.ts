import ts from 'typescript';
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
  type SpecFacts,
  type StringValue,
} from './facts.js';
import { readModuleBindings, type ModuleBindings } from '../module-bindings.js';
import { memberName, positionOf, propertyNameText, snippetOf, unwrap } from '../syntax.js';

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
  private readonly module: ModuleBindings;
  private readonly declarations: DeclarationCall[] = [];
  private readonly callSites: CallSite[] = [];

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly runtimeModules: ReadonlySet<string>,
    private readonly executeMethods: ReadonlySet<string>,
  ) {
    this.module = readModuleBindings(sourceFile);
  }

  read(): OperationFacts {
    const text = this.sourceFile.text;
    // Most files neither import anything that could declare an operation nor execute one: skip their walk.
    const mayExecute = [...this.executeMethods].some((method) => text.includes(method));
    if (this.module.bindings.size > 0 || mayExecute) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) this.inspectCall(node);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(this.sourceFile, visit);
    }
    return {
      declarations: this.declarations,
      reExports: this.module.reExports,
      starExports: this.module.starExports,
      callSites: this.callSites,
    };
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
    if (this.module.bindings.size === 0) return;
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
    return {
      pre: count('pre'),
      post: count('post'),
      forbidden: count('forbidden'),
      forbiddenStates: Array.isArray(forbiddenStates) ? forbiddenStates : [],
    };
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

  private bindingOf(node: ts.Expression): Binding | undefined {
    return this.module.bindingOf(node);
  }

  private position(node: ts.Node): { line: number; column: number } {
    return positionOf(this.sourceFile, node);
  }

  private snippet(node: ts.Node): string {
    return snippetOf(this.sourceFile, node, MAX_SNIPPET);
  }
}
