import type { Finding } from '../../config/contracts.js';
import { DatabaseUrlError, redactSecrets } from './connection-url.js';
import { DatabaseAccessError } from './database-session.js';
import type { ContractProblem } from './contract-load.js';
import { UnsafeIdentifierError } from './identifiers.js';

/**
 * Turns the errors a data gate expects (bad URL, unreachable server, wrong
 * password, unsafe identifier) into one error finding, so the gate fails with a
 * clear message. Anything else is rethrown: the runner marks the gate as errored.
 */
export function databaseErrorFinding(gateId: string, error: unknown, configFile: string, secret?: string): Finding {
  if (error instanceof DatabaseUrlError || error instanceof DatabaseAccessError || error instanceof UnsafeIdentifierError) {
    return {
      ruleId: `${gateId}/database`,
      severity: 'error',
      message: redactSecrets(error.message, secret),
      file: configFile,
      line: 0,
      column: 0,
    };
  }
  throw error;
}

export function contractProblemFindings(gateId: string, problems: readonly ContractProblem[]): Finding[] {
  return problems.map((problem) => ({
    ruleId: `${gateId}/contract`,
    severity: 'error',
    message: problem.message,
    file: problem.file,
    line: problem.line,
    column: problem.line > 0 ? 1 : 0,
  }));
}

/** The rule descriptors every data gate shares. */
export function sharedRules(gateId: string, docsUrl: string) {
  return [
    { id: `${gateId}/database`, description: 'The database cannot be reached, read or named safely (the gate fails closed).', docsUrl },
    { id: `${gateId}/contract`, description: 'A data contract file cannot be read or is invalid.', docsUrl },
    { id: `${gateId}/not-configured`, description: 'The gate has nothing to check: no database or no data contracts in the config.', docsUrl },
  ];
}
