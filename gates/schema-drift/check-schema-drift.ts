import type { Finding, GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { SchemaDriftGateConfig } from '../../config/gate-settings/schema-drift.js';
import { atLine } from '../../core/rule-catalog.js';
import { contractProblemFindings, databaseErrorFinding } from '../shared/database/access-findings.js';
import { loadContractSet } from '../shared/database/contract-set.js';
import { databaseTarget } from '../shared/database/database-target.js';
import type { DatabaseTarget } from '../shared/database/connection-url.js';
import { introspect } from '../shared/database/introspect.js';
import { openSession } from '../shared/database/open-session.js';
import type { ExpectedModel } from '../shared/database/schema-model.js';
import type { GateContext } from '../runner/gate-contract.js';
import { compareSchema } from './compare-schema.js';
import { schemaDriftAccessRules } from './rules.js';
import { modelFromContract } from './model-from-contract.js';
import { modelFromDrizzle } from './model-from-drizzle.js';
import { modelFromKysely } from './model-from-kysely.js';

const ID = 'schema-drift';

export async function checkSchemaDrift(ctx: GateContext, settings: SchemaDriftGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const access = schemaDriftAccessRules;
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? '') : '';
  const findings: Finding[] = [];
  const models: ExpectedModel[] = [];
  for (const source of settings.models) {
    ctx.progress(`${ID}: reading the ${source.kind} model`);
    if (source.kind === 'contract') {
      const set = await loadContractSet(config);
      findings.push(...contractProblemFindings(access, set.problems));
      if (set.tables.length === 0 && set.problems.length === 0) {
        const message = 'the contract model is selected but data.contracts names no contract';
        findings.push(access.finding('not-configured', 'error', message, atLine(configFile, 0)));
      }
      models.push(modelFromContract(set.tables));
    } else {
      const result =
        source.kind === 'drizzle'
          ? await modelFromDrizzle(config.root, source.files ?? [])
          : await modelFromKysely(config.root, source.files ?? [], source.interface ?? 'Database');
      findings.push(...contractProblemFindings(access, result.problems));
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
      return { findings, metrics: { tables: actual.tables.length, models: models.length } };
    } finally {
      await session.close();
    }
  } catch (error) {
    findings.push(databaseErrorFinding(access, error, configFile, target?.dialect === 'postgres' ? target.password : undefined));
    return { findings, metrics: { tables: 0, models: models.length } };
  }
}
