import type { Finding } from '../../../core/contracts.js';
import { atLine, ruleCatalog, type RuleCatalog } from '../../../core/rule-catalog.js';
import { DatabaseUrlError, redactSecrets } from './connection-url.js';
import { DatabaseAccessError } from './database-session.js';
import type { ContractProblem } from './contract-load.js';
import { UnsafeIdentifierError } from './identifiers.js';

export type DataAccessRuleName = 'database' | 'contract' | 'not-configured';

/** The rules every data gate shares, under the gate's own id; its docs page lists them with its other findings. */
export function dataAccessRules(gateId: string, docsUrl: string): RuleCatalog<DataAccessRuleName> {
  return ruleCatalog<DataAccessRuleName>(gateId, docsUrl, {
    database: { description: 'The database cannot be reached, read or named safely (the gate fails closed).', section: '' },
    contract: { description: 'A data contract file cannot be read or is invalid.', section: '' },
    'not-configured': { description: 'The gate has nothing to check: no database or no data contracts in the config.', section: '' },
  });
}

/**
 * Turns the errors a data gate expects (bad URL, unreachable server, wrong
 * password, unsafe identifier) into one error finding, so the gate fails with a
 * clear message. Anything else is rethrown: the runner marks the gate as errored.
 */
export function databaseErrorFinding(rules: RuleCatalog<DataAccessRuleName>, error: unknown, configFile: string, secret?: string): Finding {
  if (error instanceof DatabaseUrlError || error instanceof DatabaseAccessError || error instanceof UnsafeIdentifierError) {
    return rules.finding('database', 'error', redactSecrets(error.message, secret), atLine(configFile, 0));
  }
  throw error;
}

/** One finding per problem of a contract or model file, at its line. */
export function contractProblemFindings(rules: RuleCatalog<DataAccessRuleName>, problems: readonly ContractProblem[]): Finding[] {
  return problems.map((problem) => rules.finding('contract', 'error', problem.message, atLine(problem.file, problem.line)));
}
