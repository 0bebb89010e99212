import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import ASTUtils from '@typescript-eslint/utils/ast-utils';
import ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import { createRule } from './create-rule.js';
import { describeLayer } from './describe-layer.js';
import { getProjectContext } from './project-context.js';
import {
  OPENING_METHODS,
  SQL_CALLS,
  SQL_TAGS,
  matchExtraCall,
  methodCallStep,
  parseExtraCalls,
  transactionStatement,
  typeVerdict,
  type TransactionStep,
} from '../core/transaction-vocabulary.js';
import { staticString } from './static-values.js';

/** ts.TypeFlags.Any and ts.TypeFlags.Unknown (stable values), so the rule need not load TypeScript itself. */
const ANY_TYPE = 1;
const UNKNOWN_TYPE = 2;

type Options = [{ checkTypes?: boolean }];
type MessageIds = TransactionStep | 'rawSql' | 'extraCall';

function ownersText(owners: readonly string[]): { owners: string; home: string } {
  const quoted = owners.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
  return {
    owners: `only ${list} ${owners.length === 1 ? 'owns' : 'own'}`,
    home: owners.map((name) => `the ${name}`).join(' or '),
  };
}

/** Strips what does not change which value is used: `x!`, `x as T`, `await x`, `a?.b`. */
function unwrap(node: TSESTree.Node): TSESTree.Node {
  switch (node.type) {
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.ChainExpression:
      return unwrap(node.expression);
    case AST_NODE_TYPES.AwaitExpression:
      return unwrap(node.argument);
    default:
      return node;
  }
}

/** `a.b` → 'b', `a.#b` → '#b', `a['b']` → 'b'; undefined for other computed keys. */
function propertyName(member: TSESTree.MemberExpression): string | undefined {
  const { property } = member;
  if (!member.computed)
    return property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${property.name}` : (property as TSESTree.Identifier).name;
  return property.type === AST_NODE_TYPES.Literal && typeof property.value === 'string' ? property.value : undefined;
}

/** The called name: `f()` → 'f', `a.b.c()` → 'c'. */
function calledName(callee: TSESTree.Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return propertyName(node);
  return undefined;
}

/** A short readable form of a callee for messages: `this.#db.transaction`, `trx.commit().execute`. */
function calleeText(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return node.name;
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.Super:
      return 'super';
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(node);
      return `${calleeText(node.object)}${node.optional ? '?.' : '.'}${name ?? '[…]'}`;
    }
    case AST_NODE_TYPES.CallExpression:
      return callText(node);
    case AST_NODE_TYPES.AwaitExpression:
      return `(await ${calleeText(node.argument)})`;
    case AST_NODE_TYPES.TSNonNullExpression:
      return `${calleeText(node.expression)}!`;
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return calleeText(node.expression);
    default:
      return '…';
  }
}

function callText(call: TSESTree.CallExpression): string {
  return `${calleeText(call.callee)}(${call.arguments.length > 0 ? '...' : ''})`;
}

/** The name a receiver goes by: `trx` → 'trx', `this.em` → 'em', `getConnection()` → 'getConnection'. */
function receiverName(object: TSESTree.Node): string | undefined {
  const node = unwrap(object);
  if (node.type === AST_NODE_TYPES.CallExpression) return receiverName(node.callee);
  return calledName(node);
}

/** The callee's trailing chain of plain names: `this.#uow.commit` → this, uow, commit; `f().a.b` → a, b. */
function memberChain(callee: TSESTree.Node): string[] {
  const node = unwrap(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return [node.name];
  if (node.type === AST_NODE_TYPES.ThisExpression) return ['this'];
  if (node.type !== AST_NODE_TYPES.MemberExpression) return [];
  const name = propertyName(node);
  if (name === undefined) return [];
  return [...memberChain(node.object), name.replace(/^#/, '')];
}

/**
 * The `.execute()` call that runs a Kysely builder, `steps` chained calls up at most
 * (`db.transaction().setIsolationLevel(…).execute(…)`).
 */
function executedBy(call: TSESTree.CallExpression, steps: number): TSESTree.CallExpression | undefined {
  let current: TSESTree.Node = call;
  for (let step = 0; step < steps; step++) {
    const member: TSESTree.Node = current.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return undefined;
    const next: TSESTree.Node = member.parent;
    if (next.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) return undefined;
    if (propertyName(member) === 'execute') return next;
    current = next;
  }
  return undefined;
}

/** Whether an argument can be the work of a transaction: a function, or a name that may hold one. */
function isWorkArgument(arg: TSESTree.Node): boolean {
  return (
    arg.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    arg.type === AST_NODE_TYPES.FunctionExpression ||
    (arg.type === AST_NODE_TYPES.Identifier && arg.name !== 'undefined')
  );
}

/** SQL as written: a string literal, or a template literal with `?` for each substitution (a bound parameter). */
function sqlText(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('?');
  return staticString(node);
}

/** The SQL a call is given: its first argument as a string, or `{ text }` / `{ sql }` of a query config object. */
function sqlArgument(call: TSESTree.CallExpression): string | undefined {
  const [first] = call.arguments;
  if (first?.type !== AST_NODE_TYPES.ObjectExpression) return sqlText(first);
  for (const property of first.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
    if (key === 'text' || key === 'sql') return sqlText(property.value);
  }
  return undefined;
}

export const transactionBoundaries = createRule<Options, MessageIds>({
  name: 'transaction-boundaries',
  meta: {
    type: 'problem',
    docs: {
      description: 'Only the layers in `transactions.owners` (hoc: the spine) may begin, commit or roll back a transaction',
      recommended: true,
      rationale:
        'A unit of work is only as atomic as its owner is single: when a driver commits on its own, the spine can no longer roll back ' +
        'what it started, and two repositories that each open a transaction turn one business step into two half-steps. The rule ' +
        'reports, in every file of a layer that is not in `transactions.owners`, the calls that begin, commit or roll back a ' +
        'transaction: Kysely (`db.transaction().execute()`, `db.startTransaction()`, `trx.commit().execute()`, `trx.savepoint()`), ' +
        'Prisma `$transaction`, TypeORM (`startTransaction`, `commitTransaction`, `rollbackTransaction`, `manager.transaction(fn)`), ' +
        'Knex and Drizzle (`x.transaction(fn)`, `trx.commit()`, `trx.rollback()`), MikroORM (`em.transactional()`, `em.begin()`, ' +
        '`em.commit()`, `em.rollback()`, and `em.flush()` when `transactions.flushCommits` is set), better-sqlite3 `db.transaction(fn)`, ' +
        'raw SQL given to `query`, `exec`, `execute`, `raw`, `run`, `prepare`, `$executeRaw` or a `sql` template (BEGIN, START ' +
        'TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE SAVEPOINT, a lone END), and the calls listed in `transactions.extraCalls`. It ' +
        'reads syntax only, so it guards against false positives: `commit()`, `rollback()`, `begin()` and `savepoint()` count only on a ' +
        'receiver whose name says transaction or connection (`trx`, `tx`, `transaction`, `queryRunner`, `em`, `entityManager`, `client`, ' +
        '`conn`, `connection`, `db`, `knex`, `session`, `uow`, `unitOfWork`, as whole words of the name, and never a name with `git` in ' +
        "it), on a variable initialised by `x.transaction()` or `getConnection()`, or as Kysely's `x.commit().execute()`; " +
        '`x.transaction()` counts only with a function (or a name that may hold one) as argument, or when `.execute()` follows; SQL ' +
        'counts only as the first statement of a string passed to one of those calls, so a log message that mentions COMMIT is not SQL. ' +
        'With the option `checkTypes: true` and typed linting on, the receiver of a method call is also judged by its type: one declared ' +
        'by a database client or ORM package (pg, better-sqlite3, Knex, Kysely, TypeORM, Prisma, Drizzle, MikroORM, Sequelize, mysql, ' +
        'MongoDB...) or named like a transaction or connection counts whatever the variable is called, and any other known type does not ' +
        '(a `db` that is really a git journal). With `transactions.owners` empty the rule is off.',
      examples: {
        valid: [
          {
            file: 'src/spine/unit-of-work.ts',
            code: '// the spine owns transactions\nexport const run = <T>(work: () => T): T => db.transaction(work).immediate();',
          },
          {
            file: 'src/domains/policies/drivers/policy-repository.ts',
            code: "// a driver writes inside the spine's unit of work\nexport const insert = (p: Policy) => insertPolicy.run(p.id, p.name);",
          },
        ],
        invalid: [
          {
            file: 'src/domains/policies/drivers/policy-repository.ts',
            code: "// a driver commits on its own\nthis.db.exec('BEGIN');\ninsertPolicy.run(p.id, p.name);\nthis.db.exec('COMMIT');",
          },
          {
            file: 'src/domains/incidents/drivers/incident-repository.ts',
            code: '// a driver opens its own transaction\nreturn this.#db.transaction(() => update.run(incident)).immediate();',
          },
          {
            file: 'src/api/orders.ts',
            code: '// Prisma, Kysely, TypeORM: the same in any ORM\nawait prisma.$transaction([debit, credit]);\nawait trx.commit().execute();\nawait queryRunner.rollbackTransaction();',
          },
        ],
      },
    },
    messages: {
      begin:
        'Layer {{layer}} may not begin a transaction (`{{call}}`): {{owners}} transactions. Take the transaction (or unit of work) from ' +
        '{{home}} instead.',
      commit:
        'Layer {{layer}} may not commit a transaction (`{{call}}`): {{owners}} transactions. Take the transaction (or unit of work) from ' +
        '{{home}} instead.',
      rollback:
        'Layer {{layer}} may not roll back a transaction (`{{call}}`): {{owners}} transactions. Take the transaction (or unit of work) ' +
        'from {{home}} instead.',
      rawSql:
        'Layer {{layer}} may not run transaction SQL (`{{statement}}` in `{{call}}`): {{owners}} transactions. Take the transaction (or ' +
        'unit of work) from {{home}} instead.',
      extraCall:
        "Layer {{layer}} may not call `{{call}}`, a transaction call by `transactions.extraCalls` ('{{pattern}}'): {{owners}} " +
        'transactions. Take the transaction (or unit of work) from {{home}} instead.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkTypes: {
            type: 'boolean',
            description:
              "Confirm each method call's receiver by its type (needs typed linting: parserOptions.projectService or project): a " +
              'receiver typed by a database client or ORM package, or by a type named like a transaction or connection, counts whatever ' +
              'its name; any other known type does not.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTypes: false }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    const { owners, extraCalls, flushCommits } = matcher.config.transactions;
    if (owners.length === 0 || !matcher.isSource(file)) return {};
    const layer = matcher.layerOf(file);
    if (!layer || owners.includes(layer.name)) return {};

    const shared = { layer: describeLayer(layer), ...ownersText(owners) };
    // Typed linting is asked for explicitly: getParserServices throws a clear error when it is not set up.
    const services = options.checkTypes ? ESLintUtils.getParserServices(context) : undefined;
    /** The receiver's type, judged: true transactional, false something else, undefined unknown (`any`, no type information). */
    const receiverTypeVerdict = (object: TSESTree.Node): boolean | undefined => {
      if (!services) return undefined;
      const type = services.getTypeAtLocation(object);
      const parts = type.isUnion() ? type.types : [type];
      let verdict: boolean | undefined;
      for (const part of parts) {
        if (part.flags & (ANY_TYPE | UNKNOWN_TYPE)) continue;
        const symbol = part.aliasSymbol ?? part.getSymbol();
        const declaredIn = (symbol?.declarations ?? []).map((declaration) => declaration.getSourceFile().fileName);
        if (typeVerdict({ name: symbol?.getName(), declaredIn })) return true;
        verdict = false;
      }
      return verdict;
    };
    const extraPatterns = parseExtraCalls(extraCalls);

    const report = (node: TSESTree.Node, messageId: MessageIds, data: Record<string, string>) => {
      context.report({ node, messageId, data: { ...shared, ...data } });
    };

    /** A variable initialised by a call that opens a transaction or hands out a connection. */
    const holdsTransaction = (node: TSESTree.Identifier): boolean => {
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
      return (variable?.defs ?? []).some((def) => {
        if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
        const init = unwrap(def.node.init);
        return init.type === AST_NODE_TYPES.CallExpression && OPENING_METHODS.has(calledName(init.callee) ?? '');
      });
    };

    /** The kind of transaction step a method call is, and the text to show for it. */
    const methodStep = (
      call: TSESTree.CallExpression,
      callee: TSESTree.MemberExpression,
    ): { kind: TransactionStep; text: string } | undefined => {
      const method = propertyName(callee);
      if (method === undefined) return undefined;
      const step = methodCallStep(
        {
          method,
          receiverName: receiverName(callee.object),
          receiverHoldsTransaction: () => {
            const node = unwrap(callee.object);
            return (node.type === AST_NODE_TYPES.Identifier && holdsTransaction(node)) || receiverTypeVerdict(callee.object) === true;
          },
          hasWorkArgument: call.arguments.some(isWorkArgument),
          executedWithin: (steps) => executedBy(call, steps) !== undefined,
        },
        { flushCommits },
      );
      // With types, a receiver of a known type that is no transaction or connection is not one, whatever its name.
      if (!step || receiverTypeVerdict(callee.object) === false) return undefined;
      const shown = step.executeSteps > 0 ? executedBy(call, step.executeSteps) : undefined;
      return { kind: step.kind, text: callText(shown ?? call) };
    };

    return {
      CallExpression(call) {
        const callee = unwrap(call.callee);
        const name = calledName(callee);
        if (name !== undefined && SQL_CALLS.has(name)) {
          const sql = sqlArgument(call);
          const found = sql === undefined ? undefined : transactionStatement(sql);
          if (found) {
            report(call, 'rawSql', { statement: found.statement, call: callText(call) });
            return;
          }
        }
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const step = methodStep(call, callee);
          if (step) {
            report(call, step.kind, { call: step.text });
            return;
          }
        }
        if (extraPatterns.length === 0) return;
        const match = matchExtraCall(memberChain(callee), extraPatterns);
        if (match) report(call, 'extraCall', { call: callText(call), pattern: match.pattern });
      },
      TaggedTemplateExpression(node) {
        const tag = calledName(node.tag);
        if (tag === undefined || !SQL_TAGS.has(tag)) return;
        const found = transactionStatement(sqlText(node.quasi) ?? '');
        if (found) report(node, 'rawSql', { statement: found.statement, call: `${calleeText(node.tag)}\`...\`` });
      },
    };
  },
});
