import type { CallExpression, Class, Function as FunctionNode, MethodDefinition, PropertyDefinition } from 'oxc-parser';
import { MODULE_CODE, type CallRef } from './module-facts.js';
import type { ModuleBindings } from './module-bindings.js';
import { isFunctionLike, memberName, propertyKeyText, snippetOf, topLevel, unwrap, type Node, type ParsedFile } from './syntax.js';

/** A piece of code that facts attribute calls to: a top-level function, an object's or class's method, or the module's own code. */
export interface Unit {
  name: string;
  at: Node;
  /** What to walk. */
  bodies: Node[];
  /** Names of the unit's own parameters, in order: calling one runs the caller's work. */
  params: Set<string>;
  /** The class whose `this.x()` calls name its members. */
  className?: string;
}

/** Longest callee text kept for messages. */
export const MAX_CALL_TEXT = 50;

/** The class members that take a body: methods, constructors, accessors, abstract methods and overload signatures. */
const METHOD_MEMBERS = new Set(['MethodDefinition', 'TSAbstractMethodDefinition']);
const FIELD_MEMBERS = new Set(['PropertyDefinition', 'AccessorProperty', 'TSAbstractPropertyDefinition', 'TSAbstractAccessorProperty']);

/**
 * The functions one file defines, read from its syntax: top-level functions,
 * objects of functions, class members, and the module's own code; the names it
 * exports; and where each call inside them goes, when it is a function this file
 * defines or one it imports. Shared by the analyzers that follow calls across files.
 */
export class FunctionUnits {
  readonly units: Unit[] = [];
  readonly moduleCode: Node[] = [];
  /** Local functions (and objects of functions) exported under a name. */
  readonly exports: Array<{ exported: string; local: string }> = [];
  /** Top-level functions and objects of functions, by name: calls of them stay in this file. */
  private readonly localNames = new Set<string>();

  constructor(
    private readonly file: ParsedFile,
    private readonly module: ModuleBindings,
  ) {
    for (const statement of topLevel(file.program)) this.collectUnits(statement);
  }

  /** Every unit, the module's own code last. */
  all(): Unit[] {
    return [...this.units, { name: MODULE_CODE, at: this.file.program, bodies: this.moduleCode, params: new Set() }];
  }

  /** Where a call goes, when it is a function this file defines or one it imports. */
  callRef(call: CallExpression, unit: Pick<Unit, 'className'>): CallRef | undefined {
    const callee = unwrap(call.callee);
    let target: CallRef['target'] | undefined;
    if (callee.type === 'Identifier') {
      if (this.localNames.has(callee.name)) target = { local: callee.name };
      else {
        const binding = this.module.bindings.get(callee.name);
        if (binding) target = { binding };
      }
    } else if (callee.type === 'MemberExpression') {
      const member = memberName(callee);
      const object = unwrap(callee.object);
      if (member !== undefined && object.type === 'ThisExpression' && unit.className !== undefined) {
        target = { local: `${unit.className}.${member}` };
      } else if (member !== undefined && object.type === 'Identifier' && this.localNames.has(object.name)) {
        target = { local: `${object.name}.${member}` };
      } else {
        const binding = this.module.bindingOf(callee);
        if (binding && binding.path.length > 0) target = { binding };
      }
    }
    return target ? { target, call: this.callText(call), ...this.file.position(call.start) } : undefined;
  }

  /** Where a value names a function (`createPolicy`, `handlers.create`, an import), without calling it. */
  referenceOf(node: Node, unit: Pick<Unit, 'className'>): CallRef['target'] | undefined {
    const expression = unwrap(node);
    if (expression.type === 'Identifier') {
      if (this.localNames.has(expression.name)) return { local: expression.name };
      const binding = this.module.bindings.get(expression.name);
      return binding ? { binding } : undefined;
    }
    if (expression.type !== 'MemberExpression') return undefined;
    const member = memberName(expression);
    const object = unwrap(expression.object);
    if (member === undefined) return undefined;
    if (object.type === 'ThisExpression' && unit.className !== undefined) return { local: `${unit.className}.${member}` };
    if (object.type === 'Identifier' && this.localNames.has(object.name)) return { local: `${object.name}.${member}` };
    const binding = this.module.bindingOf(expression);
    return binding && binding.path.length > 0 ? { binding } : undefined;
  }

  callText(call: CallExpression): string {
    return `${snippetOf(this.file, call.callee, MAX_CALL_TEXT)}(${call.arguments.length > 0 ? '...' : ''})`;
  }

  private collectUnits({ node: statement, at, exported, isDefault }: ReturnType<typeof topLevel>[number]): void {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'TSDeclareFunction') {
      const name = statement.id?.name ?? 'default';
      this.addUnit(name, at, statement.body ? [statement.body] : [], statement.params);
      if (exported) this.exports.push({ exported: isDefault ? 'default' : name, local: name });
    } else if (statement.type === 'VariableDeclaration') {
      for (const declaration of statement.declarations) {
        if (declaration.id.type !== 'Identifier' || !declaration.init) {
          if (declaration.init) this.moduleCode.push(declaration.init);
          continue;
        }
        const name = declaration.id.name;
        if (this.collectValue(name, declaration.init, declaration) && exported) this.exports.push({ exported: name, local: name });
      }
    } else if (statement.type === 'ClassDeclaration') {
      this.collectClass(statement);
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const expression = unwrap(statement.declaration);
      if (expression.type === 'Identifier') this.exports.push({ exported: 'default', local: expression.name });
      else if (this.collectValue('default', expression, statement)) this.exports.push({ exported: 'default', local: 'default' });
    } else if (statement.type === 'ExportNamedDeclaration' && !statement.source && statement.exportKind !== 'type') {
      for (const element of statement.specifiers) {
        if (element.exportKind !== 'type') this.exports.push({ exported: nameOf(element.exported), local: nameOf(element.local) });
      }
    } else if (
      statement.type !== 'ImportDeclaration' &&
      statement.type !== 'TSInterfaceDeclaration' &&
      statement.type !== 'TSTypeAliasDeclaration'
    ) {
      this.moduleCode.push(statement);
    }
  }

  /** A top-level value: a function, an object of functions, or module code. Returns whether it names something callable. */
  private collectValue(name: string, value: Node, at: Node): boolean {
    const inner = unwrap(value);
    if (isFunctionLike(inner)) {
      this.addUnit(name, at, [inner.body as Node], inner.params);
      return true;
    }
    if (inner.type === 'ClassExpression') {
      this.collectClass(inner, name);
      return false;
    }
    if (inner.type !== 'ObjectExpression') {
      this.moduleCode.push(inner);
      return false;
    }
    for (const property of inner.properties) {
      const key = propertyKeyText(property);
      if (key !== undefined && property.type === 'Property' && property.method) {
        const method = property.value as FunctionNode;
        this.addUnit(`${name}.${key}`, property, method.body ? [method.body] : [], method.params);
        continue;
      }
      const initializer =
        property.type === 'Property' && property.kind === 'init' && !property.method && !property.shorthand
          ? unwrap(property.value)
          : undefined;
      if (key !== undefined && initializer && isFunctionLike(initializer)) {
        this.addUnit(`${name}.${key}`, property, [initializer.body as Node], initializer.params);
      } else {
        this.moduleCode.push(property);
      }
    }
    this.localNames.add(name);
    return true;
  }

  private collectClass(declaration: Class, fallbackName = 'default'): void {
    const className = declaration.id?.name ?? fallbackName;
    for (const member of declaration.body.body) {
      const key = memberKey(member);
      if (key === undefined) {
        this.moduleCode.push(member);
        continue;
      }
      if (METHOD_MEMBERS.has(member.type)) {
        const method = (member as MethodDefinition).value;
        this.addUnit(`${className}.${key}`, member, method.body ? [method.body] : [], method.params, className);
        continue;
      }
      const value = FIELD_MEMBERS.has(member.type) ? (member as PropertyDefinition).value : null;
      const initializer = value ? unwrap(value) : undefined;
      if (initializer && isFunctionLike(initializer)) {
        this.addUnit(`${className}.${key}`, member, [initializer.body as Node], initializer.params, className);
      } else {
        this.moduleCode.push(member);
      }
    }
    if (declaration.superClass) this.moduleCode.push(declaration.superClass);
  }

  private addUnit(name: string, at: Node, bodies: Node[], parameters: readonly Node[], className?: string): void {
    const params = new Set<string>();
    for (const parameter of parameters) {
      const name = parameterName(parameter);
      if (name !== undefined) params.add(name);
    }
    const unit: Unit = { name, at, bodies, params };
    if (className !== undefined) unit.className = className;
    else this.localNames.add(name);
    this.units.push(unit);
  }
}

/** A parameter's name when it is a plain identifier (with a default, a rest or a `private` modifier too), as in TypeScript. */
function parameterName(parameter: Node): string | undefined {
  let node = parameter;
  if (node.type === 'TSParameterProperty') node = node.parameter;
  if (node.type === 'AssignmentPattern') node = node.left;
  else if (node.type === 'RestElement') node = node.argument;
  return node.type === 'Identifier' ? node.name : undefined;
}

/** A class member's name: `constructor`, a key, or `#private`; an index signature, a static block or a computed key has none. */
function memberKey(member: Node): string | undefined {
  if (member.type === 'MethodDefinition' && member.kind === 'constructor') return 'constructor';
  if (!('key' in member)) return undefined;
  const key = (member as { key: Node }).key;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  return propertyKeyText(member);
}

function nameOf(node: Node): string {
  return node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : '';
}
