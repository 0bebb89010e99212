import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveConfig } from '../config/resolve.js';
import { dataQualityGate } from '../gates/data-quality/gate.js';
import { measureInterleaved } from './measure.js';
import { runGateAlone } from '../gates/runner/gate-contract.js';

/**
 * The data-quality gate on a 1,000,000-row PostgreSQL table with 10 expectations,
 * as a ratio of one `SELECT count(*)` of the same table measured alongside
 * (interleaved rounds, medians). Target <= 3x: the gate folds every column
 * expectation of a table into one aggregate scan. The gate's time is end to end:
 * connect, read-only transaction, introspection, the scan, the verdict.
 * The table lives in its own schema, dropped at the end. PLUMBLINE_PG_URL picks the server.
 * BENCH_CHECKS=1 gives the table CHECK constraints matching the value and range expectations
 * (what a schema that states its rules looks like): the gate then proves those from the schema.
 */
const url = process.env.PLUMBLINE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const schema = `plumbline_bench_${process.pid}`;
const checks = process.env.BENCH_CHECKS === '1';
const CHECKS = `, CHECK (account_id >= 1), CHECK (status IN ('new', 'paid', 'refunded', 'void')), CHECK (amount BETWEEN 0 AND 10000),
    CHECK (score BETWEEN 0 AND 1), CHECK (created_at BETWEEN '2020-01-01' AND '2030-01-01')`;

const CONTRACT = `tables:
  events:
    columns:
      id: { type: bigint, primaryKey: true }
      account_id: { type: integer, expect: { maxNullRate: 0, min: 1 } }
      status: { type: text, expect: { values: [new, paid, refunded, void], distinct: { max: 4 } } }
      amount: { type: numeric, expect: { maxNullRate: 0, min: 0, max: 10000 } }
      country: { type: text, nullable: true, expect: { maxNullRate: 0.05 } }
      score: { type: real, expect: { min: 0, max: 1 } }
      created_at: { type: timestamptz, expect: { min: "2020-01-01", max: "2030-01-01" } }
    expect:
      rowCount: { min: 1 }
`;
// Counted: maxNullRate x3, min/max x4, values, distinct, rowCount = 10 expectations.

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-bench-dq-'));
try {
  process.stdout.write(`creating ${rows.toLocaleString('en')} rows in ${schema}...\n`);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`CREATE TABLE "${schema}".events (
    id bigint PRIMARY KEY, account_id integer NOT NULL, status text NOT NULL, amount numeric NOT NULL,
    country text, score real NOT NULL, created_at timestamptz NOT NULL${checks ? CHECKS : ''})`);
  // Deterministic data: every value is a function of the row number.
  await admin.query(
    `INSERT INTO "${schema}".events
    SELECT g, 1 + g % 5000, (ARRAY['new','paid','refunded','void'])[1 + g % 4], (g % 100000) / 10.0,
           CASE WHEN g % 100 = 0 THEN NULL ELSE (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5] END,
           ((g::bigint * 7919) % 1000) / 1000.0, timestamptz '2024-01-01' + (g % 700) * interval '1 day'
    FROM generate_series(1, $1::int) AS g`,
    [rows],
  );
  await admin.query(`VACUUM ANALYZE "${schema}".events`);

  const dbUrl = new URL(url);
  dbUrl.searchParams.set('schema', schema);
  writeFileSync(path.join(root, 'contract.yaml'), CONTRACT);
  const config = resolveConfig(
    { layers: { app: { paths: ['src/**'] } }, data: { db: dbUrl.toString(), contracts: ['contract.yaml'] } },
    { cwd: root },
  );
  const ctx = { config, signal: new AbortController().signal, artifactDir: root, progress: () => undefined };

  const first = await runGateAlone(dataQualityGate, ctx);
  if (first.findings.length !== 0) throw new Error(`the clean benchmark table must pass; got ${JSON.stringify(first.findings)}`);
  const plan = await admin.query(`EXPLAIN SELECT count(*) FROM "${schema}".events`);

  const medians = await measureInterleaved(
    {
      countStar: () => admin.query(`SELECT count(*) FROM "${schema}".events`),
      gate: () => runGateAlone(dataQualityGate, ctx),
    },
    rounds,
    (round) => process.stdout.write(`round ${round}/${rounds}\r`),
  );
  const ratio = medians.gate! / medians.countStar!;
  process.stdout.write(
    [
      '',
      `rows: ${rows.toLocaleString('en')}, expectations: 10, queries the gate ran: ${String(first.metrics?.queries)}, ` +
        `proven by the schema: ${String(first.metrics?.provenBySchema)}${checks ? ' (with CHECK constraints)' : ''}`,
      `count(*) plan: ${String(plan.rows.map((r) => r['QUERY PLAN']).find((line: string) => /Scan/.test(line)) ?? '').trim()}`,
      `SELECT count(*):          ${medians.countStar!.toFixed(1)} ms (median of ${rounds})`,
      `data-quality gate (e2e):  ${medians.gate!.toFixed(1)} ms`,
      `ratio: ${ratio.toFixed(2)}x (target <= 3x) ${ratio <= 3 ? 'MET' : 'NOT MET'}`,
      `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`,
      '',
    ].join('\n'),
  );
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await admin.end();
  rmSync(root, { recursive: true, force: true });
}
