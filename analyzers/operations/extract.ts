import type { CallExpression, ObjectExpression } from 'oxc-parser';
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
import { memberName, propertyKeyText, snippetOf, stringText, unwrap, walk, type Node, type ParsedFile } from '../syntax.js';

export interface ExtractSettings {
  /** Module specifiers that export `defineOperation`, recognised by their text. */
  runtimeModules: readonly string[];
  /** Method names that execute an operation by id (`registry.execute('a.b', …)`). */
  executeMethods: readonly string[];
}

/** Reads a file's operation facts from its syntax tree: no type checker, no other file. */
export function createOperationExtractor(settings: ExtractSettings): (file: ParsedFile) => OperationFacts {
  const runtimeModules = new Set(settings.runtimeModules);
  const executeMethods = new Set(settings.executeMethods);
  return (file) => new FileReader(file, runtimeModules, executeMethods).read();
}

type Properties = { values: Map<string, Node>; spread: string | undefined };

const MAX_SNIPPET = 60;

class FileReader {
  private readonly module: ModuleBindings;
  private readonly declarations: DeclarationCall[] = [];
  private readonly callSites: CallSite[] = [];

  constructor(
    private readonly file: ParsedFile,
    private readonly runtimeModules: ReadonlySet<string>,
    private readonly executeMethods: ReadonlySet<string>,
  ) {
    this.module = readModuleBindings(file);
  }

  read(): OperationFacts {
    const text = this.file.text;
    // Most files neither import anything that could declare an operation nor execute one: skip their walk.
    const mayExecute = [...this.executeMethods].some((method) => text.includes(method));
    if (this.module.bindings.size > 0 || mayExecute) {
      walk(this.file.program, (node) => {
        if (node.type === 'CallExpression') this.inspectCall(node);
      });
    }
    return {
      declarations: this.declarations,
      reExports: this.module.reExports,
      starExports: this.module.starExports,
      callSites: this.callSites,
    };
  }

  private inspectCall(call: CallExpression): void {
    const callee = unwrap(call.callee);
    const method = memberName(callee);
    if (method !== undefined && this.executeMethods.has(method)) {
      const first = call.arguments[0];
      const id = stringText(first);
      if (first && id !== undefined && OPERATION_ID_PATTERN.test(id)) {
        this.callSites.push({ method, id, ...this.position(first) });
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
  private mayDeclare(binding: Binding, call: CallExpression): boolean {
    if (this.runtimeModules.has(binding.specifier)) return binding.path.length === 1 && binding.path[0] === DEFINE_OPERATION;
    if (binding.specifier.startsWith('node:') || binding.path.length === 0) return false;
    if (binding.path.at(-1) === DEFINE_OPERATION) return true;
    const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (!first || first.type !== 'ObjectExpression') return false;
    const names = new Set(first.properties.map((property) => propertyKeyText(property)));
    return names.has('id') && (names.has('owner') || names.has('handler'));
  }

  private readDeclaration(call: CallExpression): DeclarationFacts | { expression: string } {
    const argument = call.arguments[0];
    if (!argument) return { expression: '(no argument)' };
    const object = unwrap(argument);
    if (object.type !== 'ObjectExpression') return { expression: this.snippet(argument) };
    const properties = this.properties(object);
    const value = (name: string) => properties.values.get(name);
    const fromSpread = properties.spread === undefined ? null : { expression: properties.spread };
    const read = <T>(name: string, reader: (node: Node) => T): T | { expression: string } | null => {
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

  private properties(object: ObjectExpression): Properties {
    const values = new Map<string, Node>();
    let spread: string | undefined;
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        spread ??= this.snippet(property);
        continue;
      }
      const name = propertyKeyText(property);
      if (name === undefined) continue;
      // A value, a shorthand's name, or the whole method or accessor, as TypeScript's nodes were.
      values.set(name, property.kind === 'init' && !property.method ? property.value : property);
    }
    return { values, spread };
  }

  private stringValue(node: Node): StringValue {
    const literal = stringText(unwrap(node));
    return literal !== undefined ? { literal } : { expression: this.snippet(node) };
  }

  private booleanValue(node: Node): BooleanValue {
    const inner = unwrap(node);
    if (inner.type === 'Literal' && typeof inner.value === 'boolean') return { literal: inner.value };
    return { expression: this.snippet(node) };
  }

  private countValue(node: Node): EntryCount {
    const inner = unwrap(node);
    if (inner.type !== 'ArrayExpression' || inner.elements.some((element) => element?.type === 'SpreadElement')) {
      return { expression: this.snippet(node) };
    }
    return inner.elements.filter((element) => element !== null).length;
  }

  private specValue(node: Node): SpecFacts {
    const inner = unwrap(node);
    if (inner.type !== 'ObjectExpression') return { expression: this.snippet(node) };
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
  private invariantsValue(node: Node): InvariantFacts[] | { expression: string } {
    const inner = unwrap(node);
    if (inner.type !== 'ArrayExpression') return { expression: this.snippet(node) };
    const invariants: InvariantFacts[] = [];
    for (const element of inner.elements) {
      if (element === null) continue;
      const object = unwrap(element);
      if (object.type !== 'ObjectExpression') {
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

  private bindingOf(node: Node): Binding | undefined {
    return this.module.bindingOf(node);
  }

  private position(node: Node): { line: number; column: number } {
    return this.file.position(node.start);
  }

  private snippet(node: Node): string {
    return snippetOf(this.file, node, MAX_SNIPPET);
  }
}
