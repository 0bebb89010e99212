import { ts } from 'ts-morph';
import {
  OPENING_METHODS,
  SQL_CALLS,
  SQL_TAGS,
  matchExtraCall,
  methodCallStep,
  parseExtraCalls,
  transactionStatement,
  type ExtraCallPattern,
} from '../../config/transaction-vocabulary.js';
import { readModuleBindings, type ModuleBindings } from '../module-bindings.js';
import { hasDefaultModifier, hasExportModifier, memberName, positionOf, propertyNameText, snippetOf, unwrap } from '../syntax.js';
import { MODULE_CODE, type CallRef, type FunctionFacts, type TransactionFacts, type TransactionSite } from './facts.js';

export interface TransactionExtractSettings {
  flushCommits: boolean;
  extraCalls: readonly string[];
}

/** Reads a file's transaction facts from its syntax tree: no type checker, no other file. */
export function createTransactionExtractor(settings: TransactionExtractSettings): (sourceFile: ts.SourceFile) => TransactionFacts {
  const extraCalls = parseExtraCalls(settings.extraCalls);
  return (sourceFile) => new TransactionReader(sourceFile, settings.flushCommits, extraCalls).read();
}

/** A piece of code the facts attribute calls to: a top-level function, an object's or class's method, or the module's own code. */
interface Unit {
  name: string;
  at: ts.Node;
  /** What to walk. */
  bodies: ts.Node[];
  /** Names of the unit's own parameters: calling one runs the caller's work. */
  params: Set<string>;
  /** The class whose `this.x()` calls name its members. */
  className?: string;
}

const MAX_CALL_TEXT = 50;

class TransactionReader {
  private readonly module: ModuleBindings;
  private readonly units: Unit[] = [];
  private readonly moduleCode: ts.Node[] = [];
  private readonly exports: TransactionFacts['exports'] = [];
  /** Top-level functions and objects of functions, by name: calls of them stay in this file. */
  private readonly localNames = new Set<string>();
  /** Variables initialised by a call that opens a transaction or hands out a connection (any scope). */
  private readonly transactionHolders = new Set<string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly flushCommits: boolean,
    private readonly extraCalls: readonly ExtraCallPattern[],
  ) {
    this.module = readModuleBindings(sourceFile);
  }

  read(): TransactionFacts {
    for (const statement of this.sourceFile.statements) this.collectUnits(statement);
    this.collectTransactionHolders();
    const functions: FunctionFacts[] = [];
    const moduleUnit: Unit = { name: MODULE_CODE, at: this.sourceFile, bodies: this.moduleCode, params: new Set() };
    for (const unit of [...this.units, moduleUnit]) {
      const facts = this.readUnit(unit);
      if (facts.sites.length > 0 || facts.calls.length > 0) functions.push(facts);
    }
    return { functions, exports: this.exports, reExports: this.module.reExports, starExports: this.module.starExports };
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

  private collectTransactionHolders(): void {
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const init = stripAwait(node.initializer);
        if (ts.isCallExpression(init) && OPENING_METHODS.has(calledName(init.expression) ?? ''))
          this.transactionHolders.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sourceFile);
  }

  private readUnit(unit: Unit): FunctionFacts {
    const sites: TransactionSite[] = [];
    const calls: CallRef[] = [];
    let runsCallerWork = false;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = unwrap(node.expression);
        if (ts.isIdentifier(callee) && unit.params.has(callee.text)) runsCallerWork = true;
        const site = this.transactionStep(node);
        if (site) {
          if (
            node.arguments.some(
              (argument) => ts.isIdentifier(unwrap(argument)) && unit.params.has((unwrap(argument) as ts.Identifier).text),
            )
          ) {
            runsCallerWork = true;
          }
          sites.push({ ...site, wrapsCallerWork: false, ...positionOf(this.sourceFile, node) });
        }
        const call = this.callRef(node, unit);
        if (call) calls.push(call);
      } else if (ts.isTaggedTemplateExpression(node)) {
        const tag = calledName(node.tag);
        const found = tag !== undefined && SQL_TAGS.has(tag) ? transactionStatement(templateText(node.template)) : undefined;
        if (found) {
          sites.push({
            kind: found.kind,
            call: `${snippetOf(this.sourceFile, node.tag, MAX_CALL_TEXT)}\`${found.statement}\``,
            wrapsCallerWork: false,
            ...positionOf(this.sourceFile, node),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const body of unit.bodies) visit(body);
    for (const site of sites) site.wrapsCallerWork = runsCallerWork;
    const at = unit.name === MODULE_CODE ? { line: 1, column: 1 } : positionOf(this.sourceFile, unit.at);
    return { name: unit.name, sites, calls, ...at };
  }

  /** The transaction step a call is, if any, and the text to show for it. */
  private transactionStep(call: ts.CallExpression): Pick<TransactionSite, 'kind' | 'call'> | undefined {
    const callee = unwrap(call.expression);
    const name = calledName(callee);
    if (name !== undefined && SQL_CALLS.has(name)) {
      const sql = sqlArgument(call);
      const found = sql === undefined ? undefined : transactionStatement(sql);
      if (found) return { kind: found.kind, call: this.callText(call) };
    }
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const method =
        memberName(callee) ?? (ts.isPropertyAccessExpression(callee) && ts.isPrivateIdentifier(callee.name) ? callee.name.text : undefined);
      if (method !== undefined) {
        const step = methodCallStep(
          {
            method,
            receiverName: receiverName(callee.expression),
            receiverHoldsTransaction: () => {
              const receiver = stripAwait(callee.expression);
              return ts.isIdentifier(receiver) && this.transactionHolders.has(receiver.text);
            },
            hasWorkArgument: call.arguments.some(isWorkArgument),
            executedWithin: (steps) => executedBy(call, steps) !== undefined,
          },
          { flushCommits: this.flushCommits },
        );
        if (step)
          return {
            kind: step.kind,
            call: this.callText((step.executeSteps > 0 ? executedBy(call, step.executeSteps) : undefined) ?? call),
          };
      }
    }
    if (this.extraCalls.length > 0 && matchExtraCall(memberChain(callee), this.extraCalls)) {
      // Extra calls are configured as 'begin or commit or roll back'; the analyzer reports them as one step.
      return { kind: 'begin', call: this.callText(call) };
    }
    return undefined;
  }

  /** Where a call goes, when it is a function this file defines or one it imports. */
  private callRef(call: ts.CallExpression, unit: Unit): CallRef | undefined {
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

  private callText(call: ts.CallExpression): string {
    return `${snippetOf(this.sourceFile, call.expression, MAX_CALL_TEXT)}(${call.arguments.length > 0 ? '...' : ''})`;
  }
}

function stripAwait(node: ts.Expression): ts.Expression {
  let current = unwrap(node);
  while (ts.isAwaitExpression(current)) current = unwrap(current.expression);
  return current;
}

/** The called name: `f()` → 'f', `a.b.c()` → 'c'. */
function calledName(callee: ts.Expression): string | undefined {
  const node = stripAwait(callee);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isPrivateIdentifier(node.name)) return node.name.text;
  return memberName(node);
}

/** The name a receiver goes by: `trx` → 'trx', `this.em` → 'em', `getConnection()` → 'getConnection'. */
function receiverName(object: ts.Expression): string | undefined {
  const node = stripAwait(object);
  if (ts.isCallExpression(node)) return receiverName(node.expression);
  return calledName(node);
}

/** The callee's trailing chain of plain names: `this.#uow.commit` → this, uow, commit. */
function memberChain(callee: ts.Expression): string[] {
  const node = stripAwait(callee);
  if (ts.isIdentifier(node)) return [node.text];
  if (node.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return [];
  const name = calledName(node);
  if (name === undefined) return [];
  return [...memberChain(node.expression), name.replace(/^#/, '')];
}

/** The `.execute()` call that runs a builder, `steps` chained calls up at most (`db.transaction().setIsolationLevel(…).execute(…)`). */
function executedBy(call: ts.CallExpression, steps: number): ts.CallExpression | undefined {
  let current: ts.Node = call;
  for (let step = 0; step < steps; step++) {
    const member = current.parent;
    if (!member || !ts.isPropertyAccessExpression(member) || member.expression !== current) return undefined;
    const next = member.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== member) return undefined;
    if (memberName(member) === 'execute') return next;
    current = next;
  }
  return undefined;
}

function isWorkArgument(argument: ts.Expression): boolean {
  return ts.isArrowFunction(argument) || ts.isFunctionExpression(argument) || (ts.isIdentifier(argument) && argument.text !== 'undefined');
}

/** The text of a string or template literal; a template's expressions become `?`. */
function literalText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return templateText(node);
  return undefined;
}

function templateText(template: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
  return [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join('?');
}

/** The SQL a call is given: its first argument as a string, or `{ text }` / `{ sql }` of a query config object. */
function sqlArgument(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!first || !ts.isObjectLiteralExpression(first)) return literalText(first);
  for (const property of first.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyNameText(property.name);
    if (key === 'text' || key === 'sql') return literalText(unwrap(property.initializer));
  }
  return undefined;
}

function memberText(name: ts.PropertyName): string | undefined {
  return ts.isPrivateIdentifier(name) ? name.text : undefined;
}
