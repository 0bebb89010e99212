import { describe, expect, it } from 'vitest';
import { analyze, brief } from './operations-project.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/**
 * A backend with other names than hoc-app: `handlers` (HTTP), `core` (owns
 * transactions), `store` (repositories), `lib` helpers that belong to no layer.
 */
const CONFIG = {
  include: ['app/**/*.ts', 'lib/**/*.ts'],
  exclude: [],
  layers: {
    handlers: { paths: ['app/handlers/**'], mayImport: ['core', 'store', 'lib'] },
    core: { paths: ['app/core/**'], mayImport: ['store', 'lib'] },
    store: { paths: ['app/store/**'], mayImport: ['lib'] },
    lib: { paths: ['lib/**'], mayImport: [] },
  },
  transactions: { owners: ['core'] },
};

function project(files: Record<string, string>, config: object = CONFIG) {
  const made = temp();
  made.write('plumbline.config.json', JSON.stringify(config));
  made.write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [file, text] of Object.entries(files)) made.write(file, text);
  return made;
}

const findingsOf = async (root: string) =>
  (await analyze(root)).findings.filter((finding) => finding.ruleId === 'plumbline/transaction-reached-indirectly');

describe('transactions analyzer: transitive transaction boundaries', () => {
  it('reports a handler that reaches BEGIN/COMMIT through two helper files, at the handler, with the chain', async () => {
    const made = project({
      'lib/sql/tx.ts':
        "export async function inTx(client: any, work: () => Promise<void>) {\n  await client.query('BEGIN');\n  await work();\n  await client.query('COMMIT');\n}\n",
      'lib/sql/save.ts':
        "import { inTx } from './tx.js';\nexport const saveAll = async (client: any, rows: unknown[]) => {\n  await inTx(client, async () => { for (const row of rows) await client.query('INSERT', [row]); });\n};\n",
      'app/handlers/orders.ts':
        "import { saveAll } from '../../lib/sql/save.js';\nexport async function postOrders(client: any, body: unknown[]) {\n  await saveAll(client, body);\n}\n",
    });
    const findings = await findingsOf(made.root);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/transaction-reached-indirectly', severity: 'error', file: 'app/handlers/orders.ts', line: 3 },
    ]);
    expect(findings[0]!.message).toBe(
      "Layer 'handlers' reaches a transaction through `saveAll(...)`: `saveAll` (lib/sql/save.ts:2) → `inTx` (lib/sql/tx.ts:1) → `client.query(...)` begins one (lib/sql/tx.ts:2). Only 'core' owns transactions: let it decide the boundary (call an operation) instead of reaching the transaction through helpers.",
    );
  });

  it("reports a wrapper of the owner's that runs the caller's work, and accepts an owner function that decides the boundary itself", async () => {
    const made = project({
      'app/core/unit-of-work.ts':
        "export function inTransaction<T>(db: any, work: () => T): T {\n  return db.transaction(work)();\n}\nexport function placeOrder(db: any, order: unknown) {\n  return db.transaction(() => db.prepare('INSERT').run(order))();\n}\n",
      'app/handlers/orders.ts':
        "import * as core from '../core/unit-of-work.js';\nexport function post(db: any, order: unknown) {\n  core.placeOrder(db, order);\n  return core.inTransaction(db, () => order);\n}\n",
    });
    const findings = await findingsOf(made.root);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/transaction-reached-indirectly', severity: 'error', file: 'app/handlers/orders.ts', line: 4 },
    ]);
    expect(findings[0]!.message).toContain('`db.transaction(...)` begins one (app/core/unit-of-work.ts:2)');
  });

  it('follows re-exports, export *, default exports, object methods and class-internal calls', async () => {
    const made = project({
      'lib/db/commit.ts': 'export default function commitNow(trx: any) {\n  return trx.commit();\n}\n',
      'lib/db/index.ts': "export { default as commitNow } from './commit.js';\nexport * from './repo.js';\n",
      'lib/db/repo.ts':
        "import { commitNow } from './index.js';\nexport const repo = {\n  flush(trx: any) {\n    return commitNow(trx);\n  },\n};\n",
      'app/store/orders.ts':
        "import { repo } from '../../lib/db/index.js';\nexport class OrderStore {\n  save(trx: any) {\n    return this.finish(trx);\n  }\n  finish(trx: any) {\n    return repo.flush(trx);\n  }\n}\n",
    });
    const findings = await findingsOf(made.root);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/transaction-reached-indirectly', severity: 'error', file: 'app/store/orders.ts', line: 7 },
    ]);
    expect(findings[0]!.message).toContain(
      '`repo.flush` (lib/db/repo.ts:3) → `commitNow` (lib/db/commit.ts:1) → `trx.commit()` commits one (lib/db/commit.ts:2)',
    );
  });

  it('stays quiet on calls into the owner, helpers without transactions, git commits, cycles and an empty owner list', async () => {
    const files = {
      'app/core/operations.ts':
        "export async function checkout(db: any) {\n  await db.transaction().execute(async (trx: any) => trx.insertInto('orders').execute());\n}\n",
      'lib/git.ts': "export function release(gitClient: any) {\n  return gitClient.commit('release');\n}\n",
      'lib/a.ts': "import { b } from './b.js';\nexport function a(): number {\n  return b();\n}\n",
      'lib/b.ts': "import { a } from './a.js';\nexport function b(): number {\n  return a();\n}\n",
      'app/handlers/checkout.ts':
        "import { checkout } from '../core/operations.js';\nimport { release } from '../../lib/git.js';\nimport { a } from '../../lib/a.js';\nexport async function post(db: any, git: any) {\n  await checkout(db);\n  release(git);\n  return a();\n}\n",
    };
    expect(await findingsOf(project(files).root)).toEqual([]);
    expect(await findingsOf(project(files, { ...CONFIG, transactions: { owners: [] } }).root)).toEqual([]);
  });

  it('uses the configured extra calls and MikroORM flush setting', async () => {
    const made = project(
      {
        'lib/uow.ts':
          'export function done(uow: any, em: any) {\n  uow.commitWork();\n}\nexport function persist(em: any) {\n  return em.flush();\n}\n',
        'app/handlers/a.ts':
          "import { done, persist } from '../../lib/uow.js';\nexport function h(u: any, em: any) {\n  done(u, em);\n  persist(em);\n}\n",
      },
      { ...CONFIG, transactions: { owners: ['core'], extraCalls: ['*.commitWork'], flushCommits: true } },
    );
    expect((await findingsOf(made.root)).map((finding) => finding.line)).toEqual([3, 4]);
  });
});
