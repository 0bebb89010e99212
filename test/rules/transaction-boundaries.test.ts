import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { transactionBoundaries } from '../../rules/transaction-boundaries.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { inProject, RULE_PROJECT, ruleProjectConfig } from '../helpers/rule-project.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';

const ruleTester = new RuleTester();
// core owns transactions; http and db do not.
const settings = { plumbline: { config: ruleProjectConfig({ transactions: { owners: ['core'] } }) } };
const withTransactions = (transactions: Record<string, unknown>) => ({
  plumbline: { config: ruleProjectConfig({ transactions: { owners: ['core'], ...transactions } }) },
});

const db = inProject('src/db/orders.ts');
const http = inProject('src/http/orders.ts');
const core = inProject('src/core/orders.ts');

/** The full message data for a finding in the db layer (RuleTester compares the whole message). */
const inDb = (call: string, extra: Record<string, string> = {}) => ({
  layer: "'db' (infra)",
  owners: "only 'core' owns",
  home: 'the core',
  call,
  ...extra,
});

ruleTester.run('transaction-boundaries', transactionBoundaries, {
  valid: validCases(settings, [
    {
      name: 'the owner layer may begin and commit',
      filename: core,
      code: "await db.transaction().execute(async (trx) => trx.insertInto('orders').execute());\nawait client.query('BEGIN');\nawait trx.commit();",
    },
    {
      name: 'owners empty: the rule is off',
      filename: db,
      code: "await prisma.$transaction([a, b]);\nawait client.query('COMMIT');",
      settings: { plumbline: { config: ruleProjectConfig() } },
    },
    {
      name: 'a file outside every layer is not checked',
      filename: inProject('src/misc/seed.ts'),
      code: 'await knex.transaction(async (trx) => trx.commit());',
    },
    {
      name: 'a file outside include is not checked',
      filename: inProject('test/orders.test.ts'),
      code: "await client.query('BEGIN');",
    },
    {
      name: 'a file with no plumbline config above it is left alone',
      filename: path.join(path.parse(REPO_ROOT).root, 'tmp', 'elsewhere', 'x.ts'),
      code: "await client.query('BEGIN');",
      settings: {},
    },
    {
      name: 'git commits are not transactions',
      filename: db,
      code: "await git.commit('release');\nawait simpleGit().commit('msg');\nawait gitClient.commit();\nawait this.gitConnection.rollback();\nexec('git commit -m \"x\"');\nrun('git commit');",
    },
    {
      name: 'commit and rollback on receivers that are not transactional',
      filename: db,
      code: "form.commit();\nthis.$store.commit('increment', 1);\neditor.rollback();\nctx.commit();\nthis.commit();\ntransactions.commit();\nitem.begin();\nstream.savepoint('a');",
    },
    {
      name: 'strings that mention COMMIT but are not passed as SQL',
      filename: db,
      code: "logger.info('COMMIT failed');\nconsole.log('ROLLBACK');\nthrow new Error('commit failed');\nconst sqlText = 'BEGIN';",
    },
    {
      name: 'SQL that does not control a transaction',
      filename: db,
      code: [
        "db.prepare('INSERT INTO orders (id) VALUES (?)').run(id);",
        "await client.query('SELECT 1');",
        "db.exec('CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; END;');",
        "await conn.execute('BEGIN archive_order(:id); END;');",
        "await client.query('ENDPOINTS');",
        'await client.query(`${statement}`);',
        'await client.query(commitSql);',
        'const rows = sql`SELECT * FROM orders`;',
        'const page = html`COMMIT`;',
      ].join('\n'),
    },
    {
      name: 'transaction() without a function is not a transaction',
      filename: db,
      code: "const t = payments.transaction();\nconst p = wallet.transaction('0xabc');\nledger.transaction(undefined);",
    },
    {
      name: 'em.flush() is no commit unless flushCommits is set',
      filename: db,
      code: 'await em.flush();\nawait this.em.persistAndFlush(order);',
    },
    {
      name: 'flush on a receiver that is not an entity manager',
      filename: db,
      code: 'await logger.flush();\nstream.flush();',
      settings: withTransactions({ flushCommits: true }),
    },
    {
      name: 'callees the rule cannot name are left alone',
      filename: db,
      code: 'db[verb]();\nsuper.commit();\n(() => trx)().commit();\nnew Transaction(work);\ntransaction(work);',
    },
    {
      name: 'extraCalls match the tail of the member chain only',
      filename: db,
      code: 'seal();\nthis.ledger.sealed();\nledgers.seal();\ngetLedger().seal();',
      settings: withTransactions({ extraCalls: ['ledger.seal'] }),
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'Kysely: db.transaction().execute()',
      filename: db,
      code: "await db.transaction().execute(async (trx) => trx.insertInto('orders').execute());",
      errors: [{ messageId: 'begin', line: 1, column: 7, data: inDb('db.transaction().execute(...)') }],
    },
    {
      name: 'Kysely: a builder chain before execute()',
      filename: db,
      code: "await db\n  .transaction()\n  .setIsolationLevel('serializable')\n  .execute(work);",
      errors: [{ messageId: 'begin', line: 1, column: 7 }],
    },
    {
      name: 'Kysely: a controlled transaction',
      filename: db,
      code: "const trx = await db.startTransaction().execute();\nawait trx.savepoint('a').execute();\nawait trx.rollbackToSavepoint('a').execute();\nawait builder.commit().execute();\nawait trx.rollback().execute();",
      errors: [
        { messageId: 'begin', line: 1, column: 19, data: inDb('db.startTransaction()') },
        { messageId: 'begin', line: 2, column: 7 },
        { messageId: 'rollback', line: 3, column: 7 },
        { messageId: 'commit', line: 4, column: 7, data: inDb('builder.commit().execute()') },
        { messageId: 'rollback', line: 5, column: 7 },
      ],
    },
    {
      name: 'Prisma: $transaction on any receiver',
      filename: db,
      code: 'await prisma.$transaction([debit, credit]);\nawait this.repo.$transaction(async (tx) => tx.order.create({ data }));',
      errors: [
        { messageId: 'begin', line: 1, column: 7, data: inDb('prisma.$transaction(...)') },
        { messageId: 'begin', line: 2, column: 7 },
      ],
    },
    {
      name: 'TypeORM: query runner and manager.transaction',
      filename: db,
      code: [
        'await queryRunner.startTransaction();',
        'await queryRunner.commitTransaction();',
        'await this.dataSource.createQueryRunner().rollbackTransaction();',
        "await dataSource.transaction('SERIALIZABLE', async (manager) => manager.save(order));",
      ].join('\n'),
      errors: [
        { messageId: 'begin', line: 1 },
        { messageId: 'commit', line: 2, data: inDb('queryRunner.commitTransaction()') },
        { messageId: 'rollback', line: 3 },
        { messageId: 'begin', line: 4 },
      ],
    },
    {
      name: 'Knex: transaction(fn), trx.commit(), trx.rollback()',
      filename: db,
      code: "await knex.transaction(async (trx) => {\n  await trx('orders').insert(order);\n  await trx.commit();\n});\nawait this.trx.rollback(new Error('no'));",
      errors: [
        { messageId: 'begin', line: 1, column: 7 },
        { messageId: 'commit', line: 3, column: 9, data: inDb('trx.commit()') },
        { messageId: 'rollback', line: 5, column: 7, data: inDb('this.trx.rollback(...)') },
      ],
    },
    {
      name: 'Knex and Sequelize: a variable that holds a transaction',
      filename: db,
      code: 'const t = await sequelize.transaction();\nawait t.commit();\nconst x = knex.transaction();\nx.rollback();',
      errors: [
        { messageId: 'commit', line: 2, column: 7, data: inDb('t.commit()') },
        { messageId: 'rollback', line: 4, column: 1 },
      ],
    },
    {
      name: 'Drizzle: db.transaction(fn) and tx.rollback()',
      filename: db,
      code: 'await db.transaction(async (tx) => {\n  if (!ok) tx.rollback();\n});',
      errors: [
        { messageId: 'begin', line: 1, column: 7, data: inDb('db.transaction(...)') },
        { messageId: 'rollback', line: 2, column: 12 },
      ],
    },
    {
      name: 'MikroORM: transactional, begin, commit, rollback',
      filename: db,
      code: 'await em.transactional(async (em) => em.persist(order));\nawait em.begin();\nawait this.orm.em.commit();\nawait entityManager.rollback();',
      errors: [
        { messageId: 'begin', line: 1 },
        { messageId: 'begin', line: 2, data: inDb('em.begin()') },
        { messageId: 'commit', line: 3, data: inDb('this.orm.em.commit()') },
        { messageId: 'rollback', line: 4 },
      ],
    },
    {
      name: 'MikroORM: em.flush() with flushCommits',
      filename: db,
      code: 'await this.em.flush();\nawait em.persistAndFlush(order);',
      settings: withTransactions({ flushCommits: true }),
      errors: [
        { messageId: 'commit', line: 1, column: 7, data: inDb('this.em.flush()') },
        { messageId: 'commit', line: 2, column: 7 },
      ],
    },
    {
      name: 'node-postgres and mysql: BEGIN, COMMIT, ROLLBACK in every spelling',
      filename: db,
      code: [
        "await client.query('BEGIN');",
        'await client.query(`COMMIT`);',
        'await conn.query("ROLLBACK");',
        "await pool.query({ text: 'COMMIT' });",
        "await connection.query({ sql: 'start transaction' });",
        "await client.query('  /* open */ -- the unit\\n  begin isolation level serializable');",
      ].join('\n'),
      errors: [
        { messageId: 'rawSql', line: 1, column: 7, data: inDb('client.query(...)', { statement: 'BEGIN' }) },
        { messageId: 'rawSql', line: 2, data: inDb('client.query(...)', { statement: 'COMMIT' }) },
        { messageId: 'rawSql', line: 3, data: inDb('conn.query(...)', { statement: 'ROLLBACK' }) },
        { messageId: 'rawSql', line: 4, data: inDb('pool.query(...)', { statement: 'COMMIT' }) },
        { messageId: 'rawSql', line: 5, data: inDb('connection.query(...)', { statement: 'START TRANSACTION' }) },
        { messageId: 'rawSql', line: 6, data: inDb('client.query(...)', { statement: 'BEGIN' }) },
      ],
    },
    {
      name: 'mysql and MongoDB: beginTransaction, withTransaction, abortTransaction',
      filename: db,
      code: 'const conn = await pool.getConnection();\nawait conn.beginTransaction();\nawait conn.commit();\nawait session.withTransaction(work);\nawait session.abortTransaction();',
      errors: [
        { messageId: 'begin', line: 2 },
        { messageId: 'commit', line: 3 },
        { messageId: 'begin', line: 4 },
        { messageId: 'rollback', line: 5 },
      ],
    },
    {
      name: 'better-sqlite3: exec, prepare().run() and db.transaction(fn)',
      filename: db,
      code: "this.db.exec('BEGIN IMMEDIATE');\ndb.prepare('COMMIT').run();\nreturn this.#db.transaction(work).immediate();",
      errors: [
        { messageId: 'rawSql', line: 1, column: 1, data: inDb('this.db.exec(...)', { statement: 'BEGIN' }) },
        { messageId: 'rawSql', line: 2, column: 1, data: inDb('db.prepare(...)', { statement: 'COMMIT' }) },
        { messageId: 'begin', line: 3, column: 8, data: inDb('this.#db.transaction(...)') },
      ],
    },
    {
      name: 'raw SQL through raw, $executeRaw, run and sql templates',
      filename: db,
      code: [
        "await knex.raw('SAVEPOINT before_import');",
        'await prisma.$executeRaw`COMMIT`;',
        "await prisma.$executeRawUnsafe('ROLLBACK TO SAVEPOINT a');",
        'await sql`RELEASE SAVEPOINT ${name}`;',
        "db.run('END;');",
        "db.exec('end transaction');",
        'await sql`ROLLBACK`.execute(db);',
        "db.exec('release import_batch');",
      ].join('\n'),
      errors: [
        { messageId: 'rawSql', line: 1, data: inDb('knex.raw(...)', { statement: 'SAVEPOINT' }) },
        { messageId: 'rawSql', line: 2, column: 7, data: inDb('prisma.$executeRaw`...`', { statement: 'COMMIT' }) },
        { messageId: 'rawSql', line: 3, data: inDb('prisma.$executeRawUnsafe(...)', { statement: 'ROLLBACK TO SAVEPOINT' }) },
        { messageId: 'rawSql', line: 4, data: inDb('sql`...`', { statement: 'RELEASE SAVEPOINT' }) },
        { messageId: 'rawSql', line: 5, data: inDb('db.run(...)', { statement: 'END' }) },
        { messageId: 'rawSql', line: 6, data: inDb('db.exec(...)', { statement: 'END' }) },
        { messageId: 'rawSql', line: 7, column: 7, data: inDb('sql`...`', { statement: 'ROLLBACK' }) },
        { messageId: 'rawSql', line: 8, data: inDb('db.exec(...)', { statement: 'RELEASE SAVEPOINT' }) },
      ],
    },
    {
      name: 'extraCalls: a dotted path and a wildcard segment',
      filename: db,
      code: 'this.ledger.seal();\nawait this.work.commitWork();',
      settings: withTransactions({ extraCalls: ['ledger.seal', '*.commitWork'] }),
      errors: [
        { messageId: 'extraCall', line: 1, column: 1, data: inDb('this.ledger.seal()', { pattern: 'ledger.seal' }) },
        { messageId: 'extraCall', line: 2, column: 7, data: inDb('this.work.commitWork()', { pattern: '*.commitWork' }) },
      ],
    },
    {
      name: 'optional calls, casts and awaited receivers',
      filename: db,
      code: "await trx?.commit();\nawait (this.em as EntityManager).rollback();\nawait (await this.getConnection()).commit();\ndb['exec']('BEGIN');",
      errors: [
        { messageId: 'commit', line: 1, column: 7, data: inDb('trx?.commit()') },
        { messageId: 'rollback', line: 2, column: 7, data: inDb('this.em.rollback()') },
        { messageId: 'commit', line: 3, column: 7, data: inDb('(await this.getConnection()).commit()') },
        { messageId: 'rawSql', line: 4, column: 1, data: inDb('db.exec(...)', { statement: 'BEGIN' }) },
      ],
    },
    {
      name: 'a layer without a level, in the message',
      filename: http,
      code: 'await trx.commit();',
      errors: [{ messageId: 'commit', data: { layer: "'http'", owners: "only 'core' owns", home: 'the core', call: 'trx.commit()' } }],
    },
    {
      name: 'several owners are all named',
      filename: db,
      code: 'await tx.rollback();',
      settings: { plumbline: { config: ruleProjectConfig({ transactions: { owners: ['core', 'http'] } }) } },
      errors: [
        {
          messageId: 'rollback',
          data: { layer: "'db' (infra)", owners: "only 'core' and 'http' own", home: 'the core or the http', call: 'tx.rollback()' },
        },
      ],
    },
  ]),
});

// checkTypes: the same rule with typed linting, judging receivers by their types.
const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: { projectService: { allowDefaultProject: ['src/db/*.ts'] }, tsconfigRootDir: RULE_PROJECT },
  },
});
const typed = [{ checkTypes: true }] as const;

typedRuleTester.run('transaction-boundaries (checkTypes)', transactionBoundaries, {
  valid: validCases(settings, [
    {
      name: 'a receiver named db whose type is a journal, not a database, does not commit a transaction',
      filename: inProject('src/db/typed-journal.ts'),
      code: 'class Journal {\n  commit(): void {}\n}\nconst db = new Journal();\ndb.commit();\n',
      options: typed,
    },
    {
      name: 'a receiver typed any keeps the syntactic judgement: nothing to confirm, nothing reported here',
      filename: inProject('src/db/typed-any.ts'),
      code: 'declare const journal: any;\njournal.commit();\n',
      options: typed,
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'a receiver named work, typed as a Transaction, commits one',
      filename: inProject('src/db/typed-transaction.ts'),
      code: 'interface Transaction {\n  commit(): Promise<void>;\n}\ndeclare const work: Transaction;\nawait work.commit();\nexport {};\n',
      options: typed,
      errors: [{ messageId: 'commit', line: 5, data: inDb('work.commit()', { layer: "'db' (infra)" }) }],
    },
    {
      name: "a better-sqlite3 Database under any name begins a transaction; a same-named journal's commit is not reported",
      filename: inProject('src/db/typed-sqlite.ts'),
      code: "import Database from 'better-sqlite3';\nconst store = new Database(':memory:');\nstore.transaction(() => 1)();\nclass Journal { commit(): void {} }\nconst db = new Journal();\ndb.commit();\n",
      options: typed,
      errors: [{ messageId: 'begin', line: 3, data: inDb('store.transaction(...)') }],
    },
    {
      name: 'without checkTypes the name still decides: the journal called db is reported',
      filename: inProject('src/db/untyped-journal.ts'),
      code: 'class Journal {\n  commit(): void {}\n}\nconst db = new Journal();\ndb.commit();\n',
      errors: [{ messageId: 'commit', line: 5, data: inDb('db.commit()') }],
    },
  ]),
});
