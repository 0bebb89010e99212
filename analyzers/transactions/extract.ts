import type { CallExpression, TemplateLiteral } from 'oxc-parser';
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
import {
  calledName,
  isFunctionLike,
  isPropertyAccess,
  isPropertyAssignment,
  memberChain,
  memberName,
  propertyKeyText,
  snippetOf,
  stringText,
  stripAwait,
  unwrap,
  walk,
  type Node,
  type ParsedFile,
} from '../syntax.js';
import { MODULE_CODE, type CallRef, type FunctionFacts, type TransactionFacts, type TransactionSite } from './facts.js';

export interface TransactionExtractSettings {
  flushCommits: boolean;
  extraCalls: readonly string[];
}

/** Reads a file's transaction facts from its syntax tree: no type checker, no other file. */
export function createTransactionExtractor(settings: TransactionExtractSettings): (file: ParsedFile) => TransactionFacts {
  const extraCalls = parseExtraCalls(settings.extraCalls);
  return (file) => new TransactionReader(file, settings.flushCommits, extraCalls).read();
}

class TransactionReader {
  private readonly module: ModuleBindings;
  private readonly units: FunctionUnits;
  /** Variables initialised by a call that opens a transaction or hands out a connection (any scope). */
  private readonly transactionHolders = new Set<string>();

  constructor(
    private readonly file: ParsedFile,
    private readonly flushCommits: boolean,
    private readonly extraCalls: readonly ExtraCallPattern[],
  ) {
    this.module = readModuleBindings(file);
    this.units = new FunctionUnits(file, this.module);
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
    walk(this.file.program, (node) => {
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
        const init = stripAwait(node.init);
        if (init.type === 'CallExpression' && OPENING_METHODS.has(calledName(init.callee) ?? '')) this.transactionHolders.add(node.id.name);
      }
    });
  }

  private readUnit(unit: Unit): FunctionFacts {
    const sites: TransactionSite[] = [];
    const calls: CallRef[] = [];
    let runsCallerWork = false;
    const visit = (node: Node): void => {
      if (node.type === 'CallExpression') {
        const callee = unwrap(node.callee);
        if (callee.type === 'Identifier' && unit.params.has(callee.name)) runsCallerWork = true;
        const site = this.transactionStep(node);
        if (site) {
          if (
            node.arguments.some((argument) => {
              const value = unwrap(argument);
              return value.type === 'Identifier' && unit.params.has(value.name);
            })
          ) {
            runsCallerWork = true;
          }
          sites.push({ ...site, wrapsCallerWork: false, ...this.file.position(node.start) });
        }
        const call = this.units.callRef(node, unit);
        if (call) calls.push(call);
      } else if (node.type === 'TaggedTemplateExpression') {
        const tag = calledName(node.tag);
        const found = tag !== undefined && SQL_TAGS.has(tag) ? transactionStatement(templateText(node.quasi)) : undefined;
        if (found) {
          sites.push({
            kind: found.kind,
            call: `${snippetOf(this.file, node.tag, MAX_CALL_TEXT)}\`${found.statement}\``,
            wrapsCallerWork: false,
            ...this.file.position(node.start),
          });
        }
      }
    };
    for (const body of unit.bodies) walk(body, visit);
    for (const site of sites) site.wrapsCallerWork = runsCallerWork;
    const at = unit.name === MODULE_CODE ? { line: 1, column: 1 } : this.file.position(unit.at.start);
    return { name: unit.name, sites, calls, ...at };
  }

  /** The transaction step a call is, if any, and the text to show for it. */
  private transactionStep(call: CallExpression): Pick<TransactionSite, 'kind' | 'call'> | undefined {
    const callee = unwrap(call.callee);
    const name = calledName(callee);
    if (name !== undefined && SQL_CALLS.has(name)) {
      const sql = sqlArgument(call);
      const found = sql === undefined ? undefined : transactionStatement(sql);
      if (found) return { kind: found.kind, call: this.units.callText(call) };
    }
    if (callee.type === 'MemberExpression') {
      const method = memberName(callee) ?? (callee.property.type === 'PrivateIdentifier' ? `#${callee.property.name}` : undefined);
      if (method !== undefined) {
        const step = methodCallStep(
          {
            method,
            receiverName: receiverName(callee.object),
            receiverHoldsTransaction: () => {
              const receiver = stripAwait(callee.object);
              return receiver.type === 'Identifier' && this.transactionHolders.has(receiver.name);
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
function receiverName(object: Node): string | undefined {
  const node = stripAwait(object);
  if (node.type === 'CallExpression') return receiverName(node.callee);
  return calledName(node);
}

/** The `.execute()` call that runs a builder, `steps` chained calls up at most (`db.transaction().setIsolationLevel(…).execute(…)`). */
function executedBy(call: CallExpression, steps: number): CallExpression | undefined {
  let current: Node = call;
  for (let step = 0; step < steps; step++) {
    // Parents are set by walk(): the call's chain above it has been walked already.
    const member: Node | undefined = current.parent;
    if (!member || !isPropertyAccess(member) || member.object !== current) return undefined;
    const next: Node | undefined = member.parent;
    if (next?.type !== 'CallExpression' || next.callee !== member) return undefined;
    if (memberName(member) === 'execute') return next;
    current = next;
  }
  return undefined;
}

function isWorkArgument(argument: Node): boolean {
  return isFunctionLike(argument) || (argument.type === 'Identifier' && argument.name !== 'undefined');
}

/** The text of a string or template literal; a template's expressions become `?`. */
function literalText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'TemplateLiteral') return templateText(node);
  return stringText(node);
}

function templateText(template: TemplateLiteral): string {
  return template.quasis.map((quasi) => quasi.value.cooked ?? '').join('?');
}

/** The SQL a call is given: its first argument as a string, or `{ text }` / `{ sql }` of a query config object. */
function sqlArgument(call: CallExpression): string | undefined {
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!first || first.type !== 'ObjectExpression') return literalText(first);
  for (const property of first.properties) {
    if (!isPropertyAssignment(property)) continue;
    const key = propertyKeyText(property);
    if (key === 'text' || key === 'sql') return literalText(unwrap(property.value));
  }
  return undefined;
}
