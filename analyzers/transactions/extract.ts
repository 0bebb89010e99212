import ts from 'typescript';
import {
  OPENING_METHODS,
  SQL_CALLS,
  SQL_TAGS,
  matchExtraCall,
  methodCallStep,
  parseExtraCalls,
  transactionStatement,
  type ExtraCallPattern,
} from '../../core/transaction-vocabulary.js';
import { readModuleBindings, type ModuleBindings } from '../module-bindings.js';
import { FunctionUnits, MAX_CALL_TEXT, type Unit } from '../function-units.js';
import { calledName, memberChain, memberName, positionOf, propertyNameText, snippetOf, stripAwait, unwrap } from '../syntax.js';
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

class TransactionReader {
  private readonly module: ModuleBindings;
  private readonly units: FunctionUnits;
  /** Variables initialised by a call that opens a transaction or hands out a connection (any scope). */
  private readonly transactionHolders = new Set<string>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly flushCommits: boolean,
    private readonly extraCalls: readonly ExtraCallPattern[],
  ) {
    this.module = readModuleBindings(sourceFile);
    this.units = new FunctionUnits(sourceFile, this.module);
  }

  read(): TransactionFacts {
    this.collectTransactionHolders();
    const functions: FunctionFacts[] = [];
    for (const unit of this.units.all()) {
      const facts = this.readUnit(unit);
      if (facts.sites.length > 0 || facts.calls.length > 0) functions.push(facts);
    }
    return { functions, exports: this.units.exports, reExports: this.module.reExports, starExports: this.module.starExports };
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
        const call = this.units.callRef(node, unit);
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
      if (found) return { kind: found.kind, call: this.units.callText(call) };
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
        if (step) {
          const executed = step.executeSteps > 0 ? executedBy(call, step.executeSteps) : undefined;
          return { kind: step.kind, call: this.units.callText(executed ?? call) };
        }
      }
    }
    if (this.extraCalls.length > 0 && matchExtraCall(memberChain(callee), this.extraCalls)) {
      // Extra calls are configured as 'begin or commit or roll back'; the analyzer reports them as one step.
      return { kind: 'begin', call: this.units.callText(call) };
    }
    return undefined;
  }
}

/** The name a receiver goes by: `trx` → 'trx', `this.em` → 'em', `getConnection()` → 'getConnection'. */
function receiverName(object: ts.Expression): string | undefined {
  const node = stripAwait(object);
  if (ts.isCallExpression(node)) return receiverName(node.expression);
  return calledName(node);
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

