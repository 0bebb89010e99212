import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import { stableStringify } from '../../core/stable-json.js';
import type { DataQualityGateConfig } from '../../config/gate-settings/data-quality.js';
import { atLine } from '../../core/rule-catalog.js';
import { contractProblemFindings, databaseErrorFinding } from '../shared/database/access-findings.js';
import type { DatabaseTarget } from '../shared/database/connection-url.js';
import { contractLocator, loadContractSet, type ContractSet } from '../shared/database/contract-set.js';
import { DatabaseAccessError, type DatabaseSession } from '../shared/database/database-session.js';
import { databaseTarget } from '../shared/database/database-target.js';
import { introspect } from '../shared/database/introspect.js';
import { openSession } from '../shared/database/open-session.js';
import type { GateContext } from '../runner/gate-contract.js';
import { checkProfileDrift } from './profile-drift.js';
import { dataQualityAccessRules, dataQualityRules } from './rules.js';
import { describeSample, planTable, violationProbes, type Failure, type PlannedQuery } from './expectation-plan.js';
import { refutedByChecks, tableGuarantees, type SchemaProof } from './schema-proofs.js';

const ID = 'data-quality';
const access = dataQualityAccessRules;

export async function checkDataQuality(ctx: GateContext, settings: DataQualityGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? '') : '';
  const contracts = await loadContractSet(config);
  const findings: Finding[] = contractProblemFindings(access, contracts.problems);
  if (contracts.tables.length === 0 && contracts.problems.length === 0) {
    const message = 'data.contracts names no data contract: nothing to check';
    findings.push(access.finding('not-configured', 'error', message, atLine(configFile, 0)));
  }
  let target: DatabaseTarget | undefined;
  try {
    target = databaseTarget(config);
    ctx.progress(`${ID}: connecting to ${target.display}`);
    const session = await openSession(target, { statementTimeoutMs: settings.statementTimeoutMs, signal: ctx.signal });
    try {
      const { metrics, plan } = await runExpectations(ctx, session, contracts, settings.sampleSize, findings);
      const artifact = writePlan(ctx, plan);
      if (metrics.queries === 0 && metrics.provenBySchema === 0 && contracts.tables.length > 0) {
        // No vacuous pass (docs/baseline.md): contracts without one expectation check nothing.
        const message = `the data contracts (${contracts.tables.length} table(s)) hold no expectation: nothing was checked`;
        const severity = (ctx.mode ?? config.mode) === 'strict' ? 'error' : 'warning';
        findings.push(dataQualityRules.finding('nothing-checked', severity, message, { file: configFile, line: 0, column: 0 }));
      }
      if (settings.drift) {
        ctx.progress(`${ID}: comparing column profiles with the snapshot`);
        const drift = await checkProfileDrift(config, session, contracts, settings.drift);
        findings.push(...drift.findings);
        Object.assign(metrics, drift.metrics);
      }
      return { findings, metrics, artifacts: [artifact] };
    } finally {
      await session.close();
    }
  } catch (error) {
    findings.push(databaseErrorFinding(access, error, configFile, target?.dialect === 'postgres' ? target.password : undefined));
    return { findings, metrics: { expectations: 0 } };
  }
}

async function runExpectations(
  ctx: GateContext,
  session: DatabaseSession,
  contracts: ContractSet,
  sampleSize: number,
  findings: Finding[],
) {
  const schema = new Map((await introspect(session)).tables.map((table) => [table.name, table]));
  const actual = new Map([...schema].map(([name, table]) => [name, new Set(table.columns.map((c) => c.name))]));
  let queries = 0;
  let failed = 0;
  const proven: QueryPlan['proven'] = [];
  const planned: QueryPlan['queries'] = [];
  for (const entry of contracts.tables) {
    ctx.signal.throwIfAborted();
    const locate = contractLocator(entry);
    const columns = actual.get(entry.name);
    if (!columns) {
      const message = `table '${entry.name}' does not exist in the database: its expectations cannot hold`;
      findings.push(dataQualityRules.finding('missing-table', 'error', message, locate(entry.name)));
      continue;
    }
    for (const [column, contract] of Object.entries(entry.table.columns)) {
      if (contract.expect && !columns.has(column)) {
        const message = `column ${entry.name}.${column} does not exist in the database: its expectations cannot hold`;
        findings.push(dataQualityRules.finding('missing-column', 'error', message, locate(`${entry.name}.${column}`)));
      }
    }
    const refuted = await refutedByChecks(session, entry.name, violationProbes(session.target, entry, columns));
    const plan = planTable(session.target, entry, columns, sampleSize, tableGuarantees(schema.get(entry.name), refuted));
    for (const proof of plan.proven) {
      const { file, line } = locate(proof.at);
      proven.push({ ...proof, file, line });
      ctx.progress(`${ID}: ${proof.at} ${proof.expectation}: proven by the schema (${proof.proof})`);
    }
    const pending = [...plan.queries];
    for (let query = pending.shift(); query !== undefined; query = pending.shift()) {
      if (query.sql !== '') planned.push({ label: query.label, cost: query.cost, sql: query.sql });
      ctx.progress(`${ID}: ${query.label}`);
      queries += 1;
      const started = performance.now();
      const { failures, followUps } = await decide(session, query);
      // What the query cost in time is stated on the console only: the plan artifact stays byte-stable.
      if (query.sql !== '') ctx.progress(`${ID}: ${query.label}: ${Math.round(performance.now() - started)} ms (${query.cost})`);
      pending.unshift(...followUps);
      for (const failure of failures) {
        failed += 1;
        findings.push(dataQualityRules.finding(failure.rule, 'error', await withSamples(session, failure), locate(failure.at)));
      }
    }
  }
  const metrics: Record<string, number> = {
    tables: contracts.tables.length,
    queries,
    failedExpectations: failed,
    provenBySchema: proven.length,
  };
  return { metrics, plan: { proven, queries: planned } };
}

interface QueryPlan {
  proven: Array<SchemaProof & { file: string; line: number }>;
  queries: Array<{ label: string; cost: string; sql: string }>;
}

/** The plan artifact: what the schema proved (not queried) and what each query run costs. */
function writePlan(ctx: GateContext, plan: QueryPlan): string {
  mkdirSync(ctx.artifactDir, { recursive: true });
  const file = path.join(ctx.artifactDir, 'data-quality-plan.json');
  writeFileAtomic(file, `${stableStringify(plan, 2)}\n`);
  return toProjectPath(ctx.config.root, file) ?? file;
}

async function decide(session: DatabaseSession, query: PlannedQuery): Promise<{ failures: Failure[]; followUps: PlannedQuery[] }> {
  if (query.sql === '') return { failures: query.decide({}), followUps: [] };
  try {
    const [row = {}] = await session.query(query.sql, query.params);
    return { failures: query.decide(row), followUps: query.followUps?.(row) ?? [] };
  } catch (error) {
    if (!(error instanceof DatabaseAccessError)) throw error;
    const at = query.at ?? `${query.table}#expect`;
    return { failures: [{ rule: 'query', at, message: `${query.label}: ${error.message}` }], followUps: [] };
  }
}

async function withSamples(session: DatabaseSession, failure: Failure): Promise<string> {
  let message = failure.message;
  try {
    if (failure.observed) {
      const [row] = await session.query(failure.observed.sql, failure.observed.params);
      if (row) message = `${message} (${failure.observed.render(row)})`;
    }
    if (!failure.samples || /LIMIT 0$/.test(failure.samples.sql)) return message;
    const rows = await session.query(failure.samples.sql, failure.samples.params);
    return rows.length === 0 ? message : `${message}; e.g. ${rows.map((row) => `(${describeSample(row)})`).join(' ')}`;
  } catch (error) {
    if (!(error instanceof DatabaseAccessError)) throw error;
    return `${message} (samples unavailable: ${error.message})`;
  }
}
