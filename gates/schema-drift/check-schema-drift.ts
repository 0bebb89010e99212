import type { Finding, GateOutcome } from '../../config/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import { SchemaDriftGateSchema } from '../../config/schema.js';
import { contractProblemFindings, databaseErrorFinding, sharedRules } from '../database/access-findings.js';
import { loadContractSet } from '../database/contract-set.js';
import { databaseTarget } from '../database/database-target.js';
import type { DatabaseTarget } from '../database/connection-url.js';
import { introspect } from '../database/introspect.js';
import { openSession } from '../database/open-session.js';
import type { ExpectedModel } from '../database/schema-model.js';
import type { GateContext } from '../types.js';
import { compareSchema, SCHEMA_DRIFT_RULES } from './compare-schema.js';
import { modelFromContract } from './model-from-contract.js';
import { modelFromDrizzle } from './model-from-drizzle.js';
import { modelFromKysely } from './model-from-kysely.js';
import { shippedDocsUrl } from '../../config/docs-link.js';

const DOCS = shippedDocsUrl('schema-drift-gate.md');
const ID = 'schema-drift';

export async function checkSchemaDrift(ctx: GateContext): Promise<GateOutcome> {
  const { config } = ctx;
  const settings = SchemaDriftGateSchema.parse(config.gates['schema-drift'] ?? {});
  const rules = [...SCHEMA_DRIFT_RULES, ...sharedRules(ID, DOCS)];
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? '') : '';
  if (!config.data) {
    return { findings: [], nothingToCheck: 'not configured: no `data` section in the config, so no database was compared', rules };
  }
  const findings: Finding[] = [];
  const models: ExpectedModel[] = [];
  for (const source of settings.models) {
    ctx.progress(`${ID}: reading the ${source.kind} model`);
    if (source.kind === 'contract') {
      const set = await loadContractSet(config);
      findings.push(...contractProblemFindings(ID, set.problems));
      if (set.tables.length === 0 && set.problems.length === 0) {
        findings.push({ ruleId: `${ID}/not-configured`, severity: 'error', message: 'the contract model is selected but data.contracts names no contract', file: configFile, line: 0, column: 0 });
      }
      models.push(modelFromContract(set.tables));
    } else {
      const result = source.kind === 'drizzle' ? await modelFromDrizzle(config.root, source.files ?? []) : await modelFromKysely(config.root, source.files ?? [], source.interface ?? 'Database');
      findings.push(...result.problems.map((problem) => ({ ruleId: `${ID}/contract`, severity: 'error' as const, message: problem.message, file: problem.file, line: problem.line, column: problem.line > 0 ? 1 : 0 })));
      if (result.model) models.push(result.model);
    }
  }
  let target: DatabaseTarget | undefined;
  try {
    target = databaseTarget(config);
    ctx.progress(`${ID}: introspecting ${target.display}`);
    const session = await openSession(target, { statementTimeoutMs: settings.timeoutMs ?? 60_000, signal: ctx.signal });
    try {
      const actual = await introspect(session);
      for (const model of models) findings.push(...compareSchema(model, actual, settings));
      return { findings, rules, metrics: { tables: actual.tables.length, models: models.length } };
    } finally {
      await session.close();
    }
  } catch (error) {
    findings.push(databaseErrorFinding(ID, error, configFile, target?.dialect === 'postgres' ? target.password : undefined));
    return { findings, rules, metrics: { tables: 0, models: models.length } };
  }
}
