/**
 * What a transaction looks like in code, in every ORM and driver Plumbline knows:
 * the method names, receiver names and SQL statements that begin, commit or roll
 * back one. Shared by the per-file rule `transaction-boundaries` (ESLint's AST) and
 * the whole-project transactions analyzer (TypeScript's AST): each reads the shape
 * of a call from its own tree and asks these functions what the call is.
 */

export type TransactionStep = 'begin' | 'commit' | 'rollback';

/** Method names only transaction APIs use (TypeORM, Prisma, MikroORM, Kysely, mysql, MongoDB): a step on any receiver. */
const TRANSACTION_METHODS: ReadonlyMap<string, TransactionStep> = new Map([
  ['startTransaction', 'begin'],
  ['beginTransaction', 'begin'],
  ['$transaction', 'begin'],
  ['transactional', 'begin'],
  ['withTransaction', 'begin'],
  ['commitTransaction', 'commit'],
  ['releaseSavepoint', 'commit'],
  ['rollbackTransaction', 'rollback'],
  ['abortTransaction', 'rollback'],
  ['rollbackToSavepoint', 'rollback'],
]);

/** Method names git, form and stream libraries use too: a step on a transactional receiver, or as Kysely's `x.commit().execute()`. */
const AMBIGUOUS_METHODS: ReadonlyMap<string, TransactionStep> = new Map([
  ['begin', 'begin'],
  ['savepoint', 'begin'],
  ['commit', 'commit'],
  ['rollback', 'rollback'],
]);

/** MikroORM calls that commit when no explicit transaction is open (`transactions.flushCommits`). */
const FLUSH_METHODS = new Set(['persistAndFlush', 'removeAndFlush']);

/** Receivers whose name holds one of these word sequences are taken to be a transaction, connection or unit of work. */
const TRANSACTIONAL_WORDS = [
  'trx',
  'tx',
  'txn',
  'transaction',
  'query runner',
  'em',
  'entity manager',
  'client',
  'conn',
  'connection',
  'db',
  'database',
  'knex',
  'session',
  'uow',
  'unit of work',
].map((phrase) => phrase.split(' '));

const ENTITY_MANAGER_WORDS = [['em'], ['entity', 'manager']];

/** `gitClient.commit()` is a git commit, whatever else the name says. */
const NON_TRANSACTIONAL_WORDS = [['git']];

/**
 * Calls that open a transaction or hand out a connection: a variable they initialise is transactional (`const t = await
 * sequelize.transaction()`).
 */
export const OPENING_METHODS: ReadonlySet<string> = new Set(['transaction', 'startTransaction', 'beginTransaction', 'getConnection']);

/** Calls whose first argument is SQL (node-postgres, mysql, better-sqlite3, node-sqlite3, Knex, Prisma, postgres.js). */
export const SQL_CALLS: ReadonlySet<string> = new Set([
  'query',
  'exec',
  'execute',
  'raw',
  'run',
  'prepare',
  '$executeRaw',
  '$executeRawUnsafe',
  '$queryRaw',
  '$queryRawUnsafe',
  'unsafe',
]);

/** Tags of SQL template literals (`sql\`COMMIT\``, `prisma.$executeRaw\`…\``). */
export const SQL_TAGS: ReadonlySet<string> = new Set(['sql', 'SQL', '$executeRaw', '$queryRaw']);

/** First statements that control a transaction, tried in order on the upper-cased, comment-free statement. */
const TRANSACTION_STATEMENTS: ReadonlyArray<{ pattern: RegExp; kind: TransactionStep; statement: string }> = [
  { pattern: /^START TRANSACTION\b/, kind: 'begin', statement: 'START TRANSACTION' },
  // BEGIN with nothing after it but transaction words and modes, so a PL/SQL block (`BEGIN proc(); END;`) is not one.
  {
    pattern: /^BEGIN(?: (?:DEFERRED|IMMEDIATE|EXCLUSIVE))?(?: (?:TRANSACTION|TRAN)\b.*| WORK)?(?: (?:ISOLATION|READ|NOT|DEFERRABLE)\b.*)?$/,
    kind: 'begin',
    statement: 'BEGIN',
  },
  { pattern: /^(?:SAVEPOINT|SAVE (?:TRANSACTION|TRAN))\b/, kind: 'begin', statement: 'SAVEPOINT' },
  { pattern: /^COMMIT\b/, kind: 'commit', statement: 'COMMIT' },
  { pattern: /^END(?: (?:TRANSACTION|TRAN|WORK))?$/, kind: 'commit', statement: 'END' },
  { pattern: /^RELEASE (?:SAVEPOINT\b|\S+$)/, kind: 'commit', statement: 'RELEASE SAVEPOINT' },
  { pattern: /^ROLLBACK\b.* TO\b/, kind: 'rollback', statement: 'ROLLBACK TO SAVEPOINT' },
  { pattern: /^ROLLBACK\b/, kind: 'rollback', statement: 'ROLLBACK' },
  { pattern: /^ABORT(?: (?:TRANSACTION|WORK))?$/, kind: 'rollback', statement: 'ABORT' },
];

/** Which transaction statement the SQL starts with, judging only its first statement. */
export function transactionStatement(sql: string): { kind: TransactionStep; statement: string } | undefined {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
  const end = code.indexOf(';');
  const first = (end < 0 ? code : code.slice(0, end)).trim().replace(/\s+/g, ' ').toUpperCase();
  return TRANSACTION_STATEMENTS.find(({ pattern }) => pattern.test(first));
}

/** Words of an identifier, lower-cased: `queryRunner` → query, runner; `DBClient` → db, client. */
function nameWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((word) => word.toLowerCase());
}

function containsPhrase(words: readonly string[], phrases: ReadonlyArray<readonly string[]>): boolean {
  return phrases.some((phrase) => words.some((_, start) => phrase.every((word, offset) => words[start + offset] === word)));
}

/** Where the declarations of database clients' and ORMs' types live: a receiver typed by one of them is transactional. */
const DATABASE_PACKAGE_PATH =
  /[\\/]node_modules[\\/](?:@types[\\/])?(?:knex|kysely|typeorm|pg|pg-pool|better-sqlite3|sqlite3|sqlite|@mikro-orm[\\/][^\\/]+|sequelize|@prisma[\\/]client|\.prisma|drizzle-orm|mysql2?|postgres|mongodb|mongoose|mssql|oracledb|tedious|@libsql[\\/]client)[\\/]/;

/**
 * What a receiver's type says it is, from its type's name and the file that declares it:
 * a transaction or connection (`Knex.Transaction`, a type from `pg`), something else, or unknown (`any`).
 */
export function typeVerdict(type: { name: string | undefined; declaredIn: readonly string[] }): boolean {
  if (type.declaredIn.some((file) => DATABASE_PACKAGE_PATH.test(file))) return true;
  return receiverNameVerdict(type.name) === true;
}

/** What a receiver's name says it is: a transaction or connection, certainly not one (`git`), or nothing. */
function receiverNameVerdict(name: string | undefined): boolean | undefined {
  const words = nameWords(name ?? '');
  if (containsPhrase(words, NON_TRANSACTIONAL_WORDS)) return false;
  if (containsPhrase(words, TRANSACTIONAL_WORDS)) return true;
  return undefined;
}

/** The shape of a method call `receiver.method(args)`, as a syntax tree shows it. */
export interface MethodCallShape {
  method: string;
  /** The name the receiver goes by: `trx` → 'trx', `this.em` → 'em', `getConnection()` → 'getConnection'. */
  receiverName: string | undefined;
  /** Whether the receiver is a variable initialised by one of OPENING_METHODS; asked only when the name does not settle it. */
  receiverHoldsTransaction(): boolean;
  /** Whether an argument can be the work of a transaction: a function, or a name that may hold one. */
  hasWorkArgument: boolean;
  /** Whether a chained `.execute()` runs the call's result within `steps` chained calls. */
  executedWithin(steps: number): boolean;
}

/** A step, and how many chained calls up the `.execute()` that performs it is (0: the call itself). */
export interface MethodStep {
  kind: TransactionStep;
  executeSteps: number;
}

/** The transaction step a method call is, if any. */
export function methodCallStep(call: MethodCallShape, options: { flushCommits: boolean }): MethodStep | undefined {
  const specific = TRANSACTION_METHODS.get(call.method);
  if (specific) return { kind: specific, executeSteps: 0 };
  if (call.method === 'transaction') {
    if (call.executedWithin(4)) return { kind: 'begin', executeSteps: 4 };
    return call.hasWorkArgument ? { kind: 'begin', executeSteps: 0 } : undefined;
  }
  const ambiguous = AMBIGUOUS_METHODS.get(call.method);
  if (ambiguous) {
    if (call.executedWithin(1)) return { kind: ambiguous, executeSteps: 1 };
    const verdict = receiverNameVerdict(call.receiverName);
    const transactional = verdict ?? call.receiverHoldsTransaction();
    return transactional ? { kind: ambiguous, executeSteps: 0 } : undefined;
  }
  if (!options.flushCommits) return undefined;
  if (FLUSH_METHODS.has(call.method)) return { kind: 'commit', executeSteps: 0 };
  if (call.method === 'flush' && containsPhrase(nameWords(call.receiverName ?? ''), ENTITY_MANAGER_WORDS)) {
    return { kind: 'commit', executeSteps: 0 };
  }
  return undefined;
}

/** `transactions.extraCalls` patterns, split once. */
export interface ExtraCallPattern {
  pattern: string;
  segments: string[];
}

export function parseExtraCalls(patterns: readonly string[]): ExtraCallPattern[] {
  return patterns.map((pattern) => ({ pattern, segments: pattern.split('.') }));
}

/** The extra-call pattern the callee's trailing member chain (`this.uow.commit` → this, uow, commit) matches, if any. */
export function matchExtraCall(chain: readonly string[], patterns: readonly ExtraCallPattern[]): ExtraCallPattern | undefined {
  return patterns.find(
    ({ segments }) =>
      segments.length <= chain.length &&
      segments.every((segment, index) => segment === '*' || segment === chain[chain.length - segments.length + index]),
  );
}
