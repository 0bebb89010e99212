import ts from 'typescript';
import { MODULE_CODE, type CallRef } from './module-facts.js';
import type { ModuleBindings } from './module-bindings.js';
import { hasDefaultModifier, hasExportModifier, memberName, positionOf, propertyNameText, snippetOf, unwrap } from './syntax.js';

/** A piece of code that facts attribute calls to: a top-level function, an object's or class's method, or the module's own code. */
export interface Unit {
  name: string;
  at: ts.Node;
  /** What to walk. */
  bodies: ts.Node[];
  /** Names of the unit's own parameters, in order: calling one runs the caller's work. */
  params: Set<string>;
  /** The class whose `this.x()` calls name its members. */
  className?: string;
}

/** Longest callee text kept for messages. */
export const MAX_CALL_TEXT = 50;

/**
 * The functions one file defines, read from its syntax: top-level functions,
 * objects of functions, class members, and the module's own code; the names it
 * exports; and where each call inside them goes, when it is a function this file
 * defines or one it imports. Shared by the analyzers that follow calls across files.
 */
export class FunctionUnits {
  readonly units: Unit[] = [];
  readonly moduleCode: ts.Node[] = [];
  /** Local functions (and objects of functions) exported under a name. */
  readonly exports: Array<{ exported: string; local: string }> = [];
  /** Top-level functions and objects of functions, by name: calls of them stay in this file. */
  private readonly localNames = new Set<string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly module: ModuleBindings,
  ) {
    for (const statement of sourceFile.statements) this.collectUnits(statement);
  }

  /** Every unit, the module's own code last. */
  all(): Unit[] {
    return [...this.units, { name: MODULE_CODE, at: this.sourceFile, bodies: this.moduleCode, params: new Set() }];
  }

  /** Where a call goes, when it is a function this file defines or one it imports. */
  callRef(call: ts.CallExpression, unit: Pick<Unit, 'className'>): CallRef | undefined {
    const callee = unwrap(call.expression);
    let target: CallRef['target'] | undefined;
    if (ts.isIdentifier(callee)) {
      if (this.localNames.has(callee.text)) target = { local: callee.text };
      else {
        const binding = this.module.bindings.get(callee.text);
        if (binding) target = { binding };
      }
    } else if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const member = memberName(callee);
      const object = unwrap(callee.expression);
      if (member !== undefined && object.kind === ts.SyntaxKind.ThisKeyword && unit.className !== undefined) {
        target = { local: `${unit.className}.${member}` };
      } else if (member !== undefined && ts.isIdentifier(object) && this.localNames.has(object.text)) {
        target = { local: `${object.text}.${member}` };
      } else {
        const binding = this.module.bindingOf(callee);
        if (binding && binding.path.length > 0) target = { binding };
      }
    }
    return target ? { target, call: this.callText(call), ...positionOf(this.sourceFile, call) } : undefined;
  }

  /** Where a value names a function (`createPolicy`, `handlers.create`, an import), without calling it. */
  referenceOf(node: ts.Expression, unit: Pick<Unit, 'className'>): CallRef['target'] | undefined {
    const expression = unwrap(node);
    if (ts.isIdentifier(expression)) {
      if (this.localNames.has(expression.text)) return { local: expression.text };
      const binding = this.module.bindings.get(expression.text);
      return binding ? { binding } : undefined;
    }
    if (!ts.isPropertyAccessExpression(expression) && !ts.isElementAccessExpression(expression)) return undefined;
    const member = memberName(expression);
    const object = unwrap(expression.expression);
    if (member === undefined) return undefined;
    if (object.kind === ts.SyntaxKind.ThisKeyword && unit.className !== undefined) return { local: `${unit.className}.${member}` };
    if (ts.isIdentifier(object) && this.localNames.has(object.text)) return { local: `${object.text}.${member}` };
    const binding = this.module.bindingOf(expression);
    return binding && binding.path.length > 0 ? { binding } : undefined;
  }

  callText(call: ts.CallExpression): string {
    return `${snippetOf(this.sourceFile, call.expression, MAX_CALL_TEXT)}(${call.arguments.length > 0 ? '...' : ''})`;
  }

  private collectUnits(statement: ts.Statement): void {
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      this.addUnit(name, statement, [statement.body], statement);
      if (hasExportModifier(statement)) this.exports.push({ exported: hasDefaultModifier(statement) ? 'default' : name, local: name });
    } else if (ts.isVariableStatement(statement)) {
      const exported = hasExportModifier(statement);
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) {
          if (declaration.initializer) this.moduleCode.push(declaration.initializer);
          continue;
        }
        const name = declaration.name.text;
        if (this.collectValue(name, declaration.initializer, declaration) && exported) this.exports.push({ exported: name, local: name });
      }
    } else if (ts.isClassDeclaration(statement)) {
      this.collectClass(statement);
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const expression = unwrap(statement.expression);
      if (ts.isIdentifier(expression)) this.exports.push({ exported: 'default', local: expression.text });
      else if (this.collectValue('default', expression, statement)) this.exports.push({ exported: 'default', local: 'default' });
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (!element.isTypeOnly) this.exports.push({ exported: element.name.text, local: (element.propertyName ?? element.name).text });
        }
      }
    } else if (!ts.isImportDeclaration(statement) && !ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) {
      this.moduleCode.push(statement);
    }
  }

  /** A top-level value: a function, an object of functions, or module code. Returns whether it names something callable. */
  private collectValue(name: string, value: ts.Expression, at: ts.Node): boolean {
    const inner = unwrap(value);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      this.addUnit(name, at, [inner.body], inner);
      return true;
    }
    if (ts.isClassExpression(inner)) {
      this.collectClass(inner, name);
      return false;
    }
    if (!ts.isObjectLiteralExpression(inner)) {
      this.moduleCode.push(inner);
      return false;
    }
    for (const property of inner.properties) {
      const key = property.name ? propertyNameText(property.name) : undefined;
      if (key !== undefined && ts.isMethodDeclaration(property)) {
        this.addUnit(`${name}.${key}`, property, [property.body], property);
        continue;
      }
      const initializer = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
      if (key !== undefined && initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
        this.addUnit(`${name}.${key}`, property, [initializer.body], initializer);
      } else {
        this.moduleCode.push(property);
      }
    }
    this.localNames.add(name);
    return true;
  }

  private collectClass(declaration: ts.ClassLikeDeclaration, fallbackName = 'default'): void {
    const className = declaration.name?.text ?? fallbackName;
    for (const member of declaration.members) {
      const key = ts.isConstructorDeclaration(member)
        ? 'constructor'
        : member.name
          ? (propertyNameText(member.name) ?? memberText(member.name))
          : undefined;
      if (key === undefined) {
        this.moduleCode.push(member);
        continue;
      }
      const initializer = ts.isPropertyDeclaration(member) && member.initializer ? unwrap(member.initializer) : undefined;
      if (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isAccessor(member)) {
        this.addUnit(`${className}.${key}`, member, [member.body], member, className);
      } else if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
        this.addUnit(`${className}.${key}`, member, [initializer.body], initializer, className);
      } else {
        this.moduleCode.push(member);
      }
    }
    if (declaration.heritageClauses) this.moduleCode.push(...declaration.heritageClauses);
  }

  private addUnit(
    name: string,
    at: ts.Node,
    bodies: Array<ts.Node | undefined>,
    signature: ts.SignatureDeclaration,
    className?: string,
  ): void {
    const params = new Set<string>();
    for (const parameter of signature.parameters) if (ts.isIdentifier(parameter.name)) params.add(parameter.name.text);
    const unit: Unit = { name, at, bodies: bodies.filter((body): body is ts.Node => body !== undefined), params };
    if (className !== undefined) unit.className = className;
    else this.localNames.add(name);
    this.units.push(unit);
  }
}

function memberText(name: ts.PropertyName): string | undefined {
  return ts.isPrivateIdentifier(name) ? name.text : undefined;
}
