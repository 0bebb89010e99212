import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseDatabaseUrl } from '../../gates/shared/database/connection-url.js';
import { openSession } from '../../gates/shared/database/open-session.js';
import { snapshotDataProfile } from '../../gates/data-quality/snapshot-profile.js';
import { dataQualityGate } from '../../gates/data-quality/gate.js';
import { dataProject, dataQualityFindings, gateContext, keys, schemaDriftFindings } from '../helpers/data-gates.js';
import { createTestSchema, PG_URL, probePostgres } from '../helpers/postgres.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const CONTRACT = `tables:
  customers:
    columns:
      id: { type: integer, primaryKey: true }
      email: { type: text, unique: true, expect: { unique: true, maxNullRate: 0 } }
      tier: { type: text, default: basic, expect: { values: [basic, pro], distinct: { max: 2 } } }
      signed_up: { type: date, expect: { min: "2020-01-01", max: "2030-12-31" } }
      note: { type: text, nullable: true, expect: { maxNullRate: 0.7 } }
    indexes:
      - { name: customers_by_signup, columns: [signed_up] }
    expect:
      rowCount: { min: 1, max: 100 }
  orders:
    columns:
      id: { type: bigint, primaryKey: true }
      customer_id: { type: integer, references: { table: customers, column: id } }
      amount: { type: numeric, expect: { min: 0, max: 10000 } }
      paid: { type: boolean, default: false }
      created_at: { type: timestamptz, default: { sql: now() } }
    expect:
      noOrphans: true
      sql:
        - name: paid orders without an amount
          sql: SELECT id FROM orders WHERE paid AND amount = 0
`;
// Lines of CONTRACT that findings point at.
const L = {
  customers: 2,
  email: 5,
  tier: 6,
  signedUp: 7,
  note: 8,
  indexes: 9,
  customersExpect: 11,
  rowCount: 12,
  orders: 13,
  ordersId: 15,
  customerId: 16,
  amount: 17,
  paid: 18,
  ordersExpect: 20,
  noOrphans: 21,
  customSql: 23,
};

const DDL = `
CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE, tier text NOT NULL DEFAULT 'basic', signed_up date NOT NULL, note text);
CREATE INDEX customers_by_signup ON customers (signed_up);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), amount numeric NOT NULL, paid boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a@x.io', 'basic', '2024-01-02', NULL), (2, 'b@x.io', 'pro', '2024-03-04', 'vip'), (3, 'c@x.io', 'basic', '2025-05-06', NULL);
INSERT INTO orders VALUES (10, 1, 25.5, true, '2025-01-01T10:00:00Z'), (11, 2, 99, false, '2025-01-02T10:00:00Z'), (12, 2, 0, false, '2025-01-03T10:00:00Z');
`;

const server = await probePostgres();

/** Runs `check` on a fresh schema: the clean DDL, then `mutation`; the schema is dropped afterwards. */
async function onSchema<T>(mutation: string, check: (url: string, schema: string) => Promise<T>): Promise<T> {
  const db = await createTestSchema(DDL);
  try {
    if (mutation) await db.exec(mutation);
    return await check(db.url, db.schema);
  } finally {
    await db.drop();
  }
}

async function drift(mutation: string): Promise<string[]> {
  return onSchema(mutation, async (url) => {
    const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] });
    try {
      return keys(await schemaDriftFindings(project.config));
    } finally {
      project.remove();
    }
  });
}

async function quality(mutation: string, gates = {}): Promise<Array<{ key: string; message: string }>> {
  return onSchema(mutation, async (url) => {
    const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] }, gates);
    try {
      const findings = await dataQualityFindings(project.config);
      return findings.map((f) => ({ key: keys([f])[0]!, message: f.message })).sort((a, b) => (a.key < b.key ? -1 : 1));
    } finally {
      project.remove();
    }
  });
}

const at = (line: number) => `contract.yaml:${line}`;

describe.skipIf(!server.ok)('data gates on PostgreSQL', () => {
  it('the clean schema has no drift and meets every expectation', async () => {
    expect(await drift('')).toEqual([]);
    expect(await quality('')).toEqual([]);
  });

  it.each([
    ['missing table', 'DROP TABLE orders', [`schema-drift/missing-table error ${at(L.orders)}`]],
    ['extra table', 'CREATE TABLE audit (x integer)', ['schema-drift/extra-table warning :0']],
    ['missing column', 'ALTER TABLE customers DROP COLUMN note', [`schema-drift/missing-column error ${at(L.note)}`]],
    ['extra nullable column', 'ALTER TABLE customers ADD COLUMN region text', [`schema-drift/extra-column warning ${at(L.customers)}`]],
    [
      'extra NOT NULL column without default',
      'DELETE FROM orders; DELETE FROM customers; ALTER TABLE customers ADD COLUMN region text NOT NULL',
      [`schema-drift/extra-column error ${at(L.customers)}`],
    ],
    ['type', 'ALTER TABLE orders ALTER COLUMN amount TYPE real', [`schema-drift/type error ${at(L.amount)}`]],
    ['nullability', 'ALTER TABLE customers ALTER COLUMN signed_up DROP NOT NULL', [`schema-drift/nullability error ${at(L.signedUp)}`]],
    ['default', "ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'pro'", [`schema-drift/default warning ${at(L.tier)}`]],
    ['boolean default', 'ALTER TABLE orders ALTER COLUMN paid SET DEFAULT true', [`schema-drift/default warning ${at(L.paid)}`]],
    ['primary key', 'ALTER TABLE orders DROP CONSTRAINT orders_pkey', [`schema-drift/primary-key error ${at(L.ordersId)}`]],
    ['unique constraint', 'ALTER TABLE customers DROP CONSTRAINT customers_email_key', [`schema-drift/unique error ${at(L.email)}`]],
    ['missing index', 'DROP INDEX customers_by_signup', [`schema-drift/index warning ${at(L.indexes)}`]],
    [
      'index uniqueness',
      'DROP INDEX customers_by_signup; CREATE UNIQUE INDEX customers_by_signup ON customers (signed_up)',
      [`schema-drift/index error ${at(L.indexes)}`],
    ],
    ['extra index', 'CREATE INDEX orders_by_paid ON orders (paid)', [`schema-drift/index note ${at(L.orders)}`]],
    ['foreign key', 'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey', [`schema-drift/foreign-key error ${at(L.customerId)}`]],
  ])('schema drift: %s', async (_name, mutation, expected) => {
    expect(await drift(mutation)).toEqual(expected);
  });

  it('names what drifted and how, pointing at the contract', async () => {
    await onSchema('ALTER TABLE orders ALTER COLUMN amount TYPE real', async (url) => {
      const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] });
      const [finding] = await schemaDriftFindings(project.config);
      project.remove();
      expect(finding?.message).toBe('[contract] column orders.amount is real (real) in the database; the model says numeric (numeric)');
    });
  });

  it.each([
    [
      'null rate',
      'UPDATE customers SET note = NULL',
      [
        [
          `data-quality/null-rate error ${at(L.note)}`,
          'customers.note: null rate 100.0% (3 of 3 rows) exceeds the maximum 70.0%; e.g. (id=1) (id=2) (id=3)',
        ],
      ],
    ],
    [
      'uniqueness',
      "ALTER TABLE customers DROP CONSTRAINT customers_email_key; UPDATE customers SET email = 'a@x.io' WHERE id = 3",
      [
        [
          `data-quality/unique error ${at(L.email)}`,
          "customers.email: 1 duplicate value (2 distinct among 3 non-null); e.g. (email='a@x.io')",
        ],
      ],
    ],
    [
      'accepted values',
      "UPDATE customers SET tier = 'gold' WHERE id = 2",
      [
        [
          `data-quality/accepted-values error ${at(L.tier)}`,
          "customers.tier: 1 of 3 rows hold a value outside the accepted values [basic, pro]; e.g. (id=2, tier='gold')",
        ],
      ],
    ],
    [
      'cardinality',
      "INSERT INTO customers VALUES (4, 'd@x.io', 'gold', '2025-06-01', 'new')",
      [
        [
          `data-quality/accepted-values error ${at(L.tier)}`,
          "customers.tier: 1 of 4 rows hold a value outside the accepted values [basic, pro]; e.g. (id=4, tier='gold')",
        ],
        [`data-quality/distinct error ${at(L.tier)}`, 'customers.tier: 3 distinct values, expected at most 2'],
      ],
    ],
    [
      'numeric range',
      'UPDATE orders SET amount = -5 WHERE id = 11',
      [
        [
          `data-quality/range error ${at(L.amount)}`,
          "orders.amount: 1 row outside the range [0, 10000] (observed min '-5', max '25.5'); e.g. (id='11', amount='-5')",
        ],
      ],
    ],
    [
      'date range',
      "UPDATE customers SET signed_up = '2019-12-31' WHERE id = 1",
      [
        [
          `data-quality/range error ${at(L.signedUp)}`,
          "customers.signed_up: 1 row outside the range [2020-01-01, 2030-12-31] (observed min '2019-12-31', max '2025-05-06'); e.g. (id=1, signed_up='2019-12-31')",
        ],
      ],
    ],
    [
      'row count',
      'DELETE FROM orders; DELETE FROM customers',
      [[`data-quality/row-count error ${at(L.rowCount)}`, 'customers: 0 rows, expected between 1 and 100']],
    ],
    [
      'orphans',
      'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey; INSERT INTO orders VALUES (13, 99, 5, true, now())',
      [
        [
          `data-quality/orphans error ${at(L.noOrphans)}`,
          "orders: 1 row whose orders(customer_id) -> customers(id) has no referenced row; e.g. (id='13', customer_id=99)",
        ],
      ],
    ],
    [
      'custom SQL',
      'UPDATE orders SET paid = true WHERE id = 12',
      [
        [
          `data-quality/custom-sql error ${at(L.customSql)}`,
          `orders: "paid orders without an amount" returned 1 row (expected none); e.g. (id='12')`,
        ],
      ],
    ],
  ])('expectation: %s', async (_name, mutation, expected) => {
    const got = await quality(mutation);
    expect(got.map((f) => [f.key, f.message])).toEqual(expected);
  });

  it("skips what the schema proves (NOT NULL, UNIQUE, enforced FOREIGN KEY), says so, and states each query's cost", async () => {
    // A NOT VALID foreign key proves nothing about rows already there: its orphan check still runs.
    const notValid =
      'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey; ' +
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID';
    for (const [mutation, provenOrphans] of [
      ['', true],
      [notValid, false],
    ] as const) {
      await onSchema(mutation, async (url) => {
        const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] });
        try {
          const progress: string[] = [];
          const outcome = await runGateAlone(dataQualityGate, { ...gateContext(project.config), progress: (line) => progress.push(line) });
          expect(outcome.findings).toEqual([]);
          // Each query's time is stated on the console, beside its cost in scans.
          expect(progress.filter((line) => /: \d+ ms \(one scan of customers, shared by 5 expectations\)$/.test(line))).toHaveLength(1);
          const plan = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/data-quality-plan.json'), 'utf8'));
          const proven = plan.proven.map((p: { at: string; proof: string; line: number }) => `${p.at} ${p.proof} :${p.line}`);
          expect(proven).toEqual([
            `customers.email NOT NULL :${L.email}`,
            `customers.email UNIQUE (email) :${L.email}`,
            ...(provenOrphans ? [`orders#expect.noOrphans FOREIGN KEY (customer_id) REFERENCES customers (id) :${L.noOrphans}`] : []),
          ]);
          expect(outcome.metrics).toMatchObject({ provenBySchema: provenOrphans ? 3 : 2 });
          const labels = plan.queries.map((q: { label: string; cost: string }) => `${q.label} | ${q.cost}`);
          // tier's distinct bound folds into the shared scan (its values are all accepted): no GROUP BY of its own.
          expect(labels).toContain('customers: 5 expectations in one scan | one scan of customers, shared by 5 expectations');
          expect(labels.filter((label: string) => label.includes('distinct values'))).toEqual([]);
          // At most 2 distinct values is implied once every value is basic or pro: no per-value count in the scan.
          const shared = plan.queries.find((q: { label: string }) => q.label.startsWith('customers: 5 expectations'));
          expect(shared.sql).not.toContain('"tier" =');
          expect(labels.some((label: string) => label.startsWith('orders: orphans of'))).toBe(!provenOrphans);
          expect(outcome.artifacts).toEqual(['.plumbline/evidence/data-quality-plan.json']);
        } finally {
          project.remove();
        }
      });
    }
  });

  it('skips values and ranges that validated CHECK constraints prove; a NOT VALID one proves nothing', async () => {
    const checks =
      'ALTER TABLE orders ADD CONSTRAINT amount_range CHECK (amount >= 0 AND amount <= 10000); ' +
      "ALTER TABLE customers ADD CONSTRAINT tier_values CHECK (tier IN ('basic', 'pro'))";
    await onSchema(checks, async (url) => {
      const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] });
      try {
        const outcome = await runGateAlone(dataQualityGate, gateContext(project.config));
        expect(outcome.findings).toEqual([]);
        const plan = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/data-quality-plan.json'), 'utf8'));
        const proven = plan.proven.map(
          (p: { at: string; expectation: string; proof: string; line: number }) => `${p.at} ${p.expectation} :${p.line}`,
        );
        expect(proven).toEqual([
          `customers.email maxNullRate: 0 :${L.email}`,
          `customers.email unique: true :${L.email}`,
          `customers.tier values: [basic, pro] :${L.tier}`,
          `orders.amount min: 0, max: 10000 :${L.amount}`,
          `orders#expect.noOrphans noOrphans: orders(customer_id) -> customers(id) :${L.noOrphans}`,
        ]);
        const sql = plan.queries.map((q: { sql: string }) => q.sql).join('\n');
        expect(sql).not.toContain('"amount" <');
        expect(sql).not.toContain('"tier" <>');
      } finally {
        project.remove();
      }
    });
    // Rows older than a NOT VALID constraint may break it: the range is still checked, and the defect found.
    const notValid =
      'UPDATE orders SET amount = -5 WHERE id = 11; ALTER TABLE orders ADD CONSTRAINT amount_min CHECK (amount >= 0) NOT VALID';
    expect((await quality(notValid)).map((f) => f.key)).toEqual([`data-quality/range error ${at(L.amount)}`]);
  });

  it('a long accepted-values list (NOT IN, hashed by PostgreSQL) decides as a short one (a chain of <>)', async () => {
    const nine = ['basic', 'pro', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9'];
    const long = CONTRACT.replace('values: [basic, pro], distinct: { max: 2 }', `values: [${nine.join(', ')}], distinct: { max: 9 }`);
    await onSchema("UPDATE customers SET tier = 'gold' WHERE id = 2", async (url) => {
      const project = dataProject({ 'contract.yaml': long }, { db: url, contracts: ['contract.yaml'] });
      try {
        const findings = await dataQualityFindings(project.config);
        expect(findings.map((f) => [keys([f])[0], f.message])).toEqual([
          [
            `data-quality/accepted-values error ${at(L.tier)}`,
            `customers.tier: 1 of 3 rows hold a value outside the accepted values [${nine.join(', ')}]; e.g. (id=2, tier='gold')`,
          ],
        ]);
        const plan = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/data-quality-plan.json'), 'utf8'));
        expect(plan.queries[0].sql).toContain('"tier" NOT IN (');
      } finally {
        project.remove();
      }
    });
  });

  it('a distinct bound the accepted values do not imply counts each value; NULLs are never outside the accepted values', async () => {
    const tight = CONTRACT.replace('distinct: { max: 2 }', 'distinct: { min: 2, max: 2 }').replace(
      'note: { type: text, nullable: true, expect: { maxNullRate: 0.7 } }',
      'note: { type: text, nullable: true, expect: { maxNullRate: 0.7, values: [vip] } }',
    );
    await onSchema("UPDATE customers SET tier = 'basic'", async (url) => {
      const project = dataProject({ 'contract.yaml': tight }, { db: url, contracts: ['contract.yaml'] });
      try {
        const findings = await dataQualityFindings(project.config);
        expect(findings.map((f) => [keys([f])[0], f.message])).toEqual([
          [`data-quality/distinct error ${at(L.tier)}`, 'customers.tier: 1 distinct values, expected between 2 and 2'],
        ]);
      } finally {
        project.remove();
      }
    });
  });

  it('runs read-only: a session cannot write, and a custom query that tries fails the expectation', async () => {
    const writing = CONTRACT.replace(
      'SELECT id FROM orders WHERE paid AND amount = 0',
      "SELECT id FROM orders WHERE nextval('orders_seq') > 0",
    );
    await onSchema('CREATE SEQUENCE orders_seq', async (url, schema) => {
      const target = parseDatabaseUrl(url, { root: '/' });
      const session = await openSession(target, { statementTimeoutMs: 5000 });
      await expect(session.query('DELETE FROM orders')).rejects.toThrow(/read-only transaction/);
      await session.close();
      const project = dataProject({ 'contract.yaml': writing }, { db: url, contracts: ['contract.yaml'] });
      const findings = await dataQualityFindings(project.config);
      project.remove();
      expect(findings.map((f) => f.ruleId)).toEqual(['data-quality/query']);
      expect(findings[0]?.message).toContain('read-only transaction');
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".orders`);
      await client.end();
      expect(rows[0].n).toBe(3);
    });
  });

  it('stops a query at the statement timeout and fails, and the other checks still run', async () => {
    const slow = CONTRACT.replace('SELECT id FROM orders WHERE paid AND amount = 0', 'SELECT 1 AS id FROM pg_sleep(3)');
    await onSchema('UPDATE customers SET note = NULL', async (url) => {
      const project = dataProject(
        { 'contract.yaml': slow },
        { db: url, contracts: ['contract.yaml'] },
        { 'data-quality': { statementTimeoutMs: 200 } },
      );
      const findings = await dataQualityFindings(project.config);
      project.remove();
      expect(findings.map((f) => f.ruleId).sort()).toEqual(['data-quality/null-rate', 'data-quality/query']);
      expect(findings.find((f) => f.ruleId === 'data-quality/query')?.message).toMatch(/statement timeout/);
    });
  });

  it('compares profiles with a snapshot: unchanged passes, a shifted distribution drifts, a corrupt snapshot fails', async () => {
    // Two notes alike, so the column is not key-like (its distribution is compared).
    await onSchema("UPDATE customers SET note = 'vip' WHERE id = 1", async (url, schema) => {
      const gates = { 'data-quality': { drift: { snapshot: 'profile.json' } } };
      const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] }, gates);
      try {
        await snapshotDataProfile(project.config, undefined);
        expect(await dataQualityFindings(project.config)).toEqual([]);
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`UPDATE "${schema}".customers SET note = 'cancelled' WHERE id IN (1, 3)`);
        await client.end();
        const findings = await dataQualityFindings(project.config);
        expect(keys(findings)).toEqual([`data-quality/drift error ${at(L.note)}`]);
        expect(findings[0]?.message).toContain('customers.note drifted from the snapshot: null rate 33.3% -> 0.0%');
        // The values that moved most are named, a value the snapshot never saw included.
        expect(findings[0]?.message).toContain('PSI 6.601 over its top values > 0.2 ("vip" 100.0% -> 33.3%, "cancelled" 0.0% -> 66.7%)');
        writeFileSync(path.join(project.root, 'profile.json'), '{"schemaVersion": 1, "tables": {"customers": {"rowCount": -1}}}');
        const corrupt = await dataQualityFindings(project.config);
        expect(keys(corrupt)).toEqual(['data-quality/snapshot error profile.json:0']);
        expect(corrupt[0]?.message).toMatch(/corrupt/);
      } finally {
        project.remove();
      }
    });
  });
});

describe.skipIf(!server.ok)('bad database input fails closed, with no secret in the message', () => {
  let fake: net.Server;
  let fakePort = 0;
  beforeAll(async () => {
    // A server that asks for a password and refuses it, as PostgreSQL does (the local test server trusts everyone).
    fake = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        socket.once('data', () => {
          const body = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed for user "app"\0\0');
          const head = Buffer.alloc(5);
          head.write('E');
          head.writeInt32BE(body.length + 4, 1);
          socket.end(Buffer.concat([head, body]));
        });
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakePort = (fake.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  async function both(db: string, contract = CONTRACT) {
    const project = dataProject({ 'contract.yaml': contract }, { db, contracts: ['contract.yaml'] });
    try {
      return [...(await schemaDriftFindings(project.config)), ...(await dataQualityFindings(project.config))];
    } finally {
      project.remove();
    }
  }

  it('a wrong password', async () => {
    const findings = await both(`postgres://app:hunter2-secret@127.0.0.1:${fakePort}/app`);
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['schema-drift/database error', 'data-quality/database error']);
    for (const finding of findings) {
      expect(finding.message).toContain('authentication failed');
      expect(finding.message).toContain('postgres://app:***@127.0.0.1');
      expect(finding.message).not.toContain('hunter2');
    }
  });

  it('an unreachable server', async () => {
    const findings = await both('postgres://app:hunter2-secret@127.0.0.1:1/app');
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['schema-drift/database error', 'data-quality/database error']);
    expect(findings[0]?.message).toMatch(/ECONNREFUSED|nothing listens/);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  it('a database that does not exist', async () => {
    const url = new URL(PG_URL);
    url.pathname = '/plumbline_no_such_database';
    const findings = await both(url.toString());
    expect(findings[0]?.message).toContain('the database does not exist');
  });

  it('an injection attempt in a contract identifier is a contract finding, and nothing runs', async () => {
    await onSchema('', async (url, schema) => {
      const evil = CONTRACT.replace('  orders:\n', '  "orders; DROP TABLE customers; --":\n');
      const findings = await both(url, evil);
      expect(findings.filter((f) => f.ruleId.endsWith('/contract')).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
        `schema-drift/contract contract.yaml:${L.orders}`,
        `data-quality/contract contract.yaml:${L.orders}`,
      ]);
      expect(findings.some((f) => f.severity === 'error')).toBe(true);
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".customers`);
      await client.end();
      expect(rows[0].n).toBe(3);
    });
  });

  it('an injection attempt in the schema name is refused before connecting', async () => {
    const url = new URL(PG_URL);
    url.searchParams.set('schema', 'public"; DROP SCHEMA x; --');
    const findings = await both(url.toString());
    expect(findings.map((f) => f.ruleId)).toEqual(['schema-drift/database', 'data-quality/database']);
    expect(findings[0]?.message).toContain('unsafe schema name');
  });

  it('a contract naming a missing table', async () => {
    await onSchema('DROP TABLE orders', async (url) => {
      const project = dataProject({ 'contract.yaml': CONTRACT }, { db: url, contracts: ['contract.yaml'] });
      const findings = await dataQualityFindings(project.config);
      project.remove();
      expect(keys(findings)).toEqual([`data-quality/missing-table error ${at(L.orders)}`]);
    });
  });
});
