import type { Finding, RuleDescriptor, Severity } from '../../core/contracts.js';
import { ruleCatalog, type FindingLocation } from '../../core/rule-catalog.js';
import type { UnreadableCheck } from '../../analyzers/index.js';
import type { InvariantsGateConfig } from '../../config/schema.js';
import type { CheckCoverage, CoverageTally } from './check-coverage.js';
import { shippedDocsUrl } from '../../core/docs-link.js';

export const INVARIANTS_DOCS_URL = shippedDocsUrl('invariants-gate.md');

/** Every finding the invariants gate can report, by rule name (the part after `invariants/`). */
export const INVARIANT_RULES = {
  'never-held': 'A declared invariant that no test saw holding: no positive test.',
  'never-violated': 'A declared invariant that no test saw violated: no negative test, so nothing shows it can fail.',
  'forbidden-never-rejected': 'A forbidden state that no test attempted and saw rejected (enforce mode).',
  'recording-failed': 'The recorded test run failed, or its evidence file is missing, empty or corrupt: no evidence, no pass.',
  'predicate-error': 'A check predicate threw or returned a non-boolean during the tests.',
  'unreadable-check': 'An invariant or forbidden state whose id cannot be read statically, so evidence cannot be matched to it.',
  'undeclared-check': 'Evidence for a check that no declaration in the project names (a dynamic id, or a stale declaration).',
  'unlabelled-evidence': 'Recorded checks that name no test: @plumbline-kit/plumbline/testing/vitest-setup is not in the setup files.',
} as const;

export type InvariantRuleName = keyof typeof INVARIANT_RULES;

const invariantRules = ruleCatalog('invariants', INVARIANTS_DOCS_URL, INVARIANT_RULES);

export function invariantRuleDescriptors(): RuleDescriptor[] {
  return invariantRules.descriptors();
}

export function invariantFinding(name: InvariantRuleName, severity: Severity, message: string, at?: FindingLocation): Finding {
  return invariantRules.finding(name, severity, message, at);
}

/** Whether a forbidden state of this operation must be attempted and rejected under the setting. */
export function forbiddenStateRequired(coverage: CheckCoverage, setting: InvariantsGateConfig['forbiddenStates']): boolean {
  if (setting === 'off') return false;
  return setting === 'all' || coverage.check.critical !== false;
}

/** The findings of a tally: each missing side of each check, predicate errors, evidence that matches nothing. */
export function coverageFindings(tally: CoverageTally, settings: InvariantsGateConfig, unreadable: readonly UnreadableCheck[]): Finding[] {
  const findings: Finding[] = [];
  for (const coverage of tally.checks) {
    const { check } = coverage;
    const label = `${check.kind === 'invariant' ? 'invariant' : 'forbidden state'} '${check.checkId}' of operation '${check.operationId}'`;
    const violated = coverage.rejected + coverage.recorded;
    if (check.kind === 'invariant') {
      if (coverage.held === 0 && violated === 0) {
        findings.push(
          invariantFinding(
            'never-held',
            'error',
            `${label} was never evaluated by a test: add a test where it holds and one where it is violated`,
            check,
          ),
        );
        findings.push(
          invariantFinding('never-violated', 'error', `${label} was never evaluated by a test, so no test shows it can fail`, check),
        );
      } else {
        if (coverage.held === 0) {
          findings.push(
            invariantFinding(
              'never-held',
              'error',
              `${label} was never seen holding (violated ${violated} time(s)): add a test where the operation succeeds`,
              check,
            ),
          );
        }
        if (violated === 0) {
          findings.push(
            invariantFinding(
              'never-violated',
              'error',
              `${label} was never tested negatively: it held ${coverage.held} time(s) and was never violated; add a test whose handler breaks it (@plumbline-kit/plumbline/testing withHandler)`,
              check,
            ),
          );
        }
      }
    } else if (forbiddenStateRequired(coverage, settings.forbiddenStates) && coverage.rejected === 0) {
      const why =
        coverage.recorded > 0
          ? `it was reached ${coverage.recorded} time(s) in monitor mode, which records but never rejects: enforce it`
          : `no test attempted it (it was seen avoided ${coverage.held} time(s)): add a test whose handler reaches it and expect ForbiddenStateError`;
      findings.push(invariantFinding('forbidden-never-rejected', 'error', `${label} was never attempted and rejected: ${why}`, check));
    }
    if (coverage.predicateErrors > 0) {
      findings.push(
        invariantFinding(
          'predicate-error',
          'warning',
          `${label}: its predicate failed ${coverage.predicateErrors} time(s) during the tests (threw, or returned a non-boolean)`,
          check,
        ),
      );
    }
  }
  for (const check of unreadable) {
    findings.push(
      invariantFinding(
        'unreadable-check',
        'warning',
        `a${check.kind === 'invariant' ? 'n invariant' : ' forbidden state'} cannot be matched to evidence: ${check.reason}`,
        check,
      ),
    );
  }
  for (const entry of tally.undeclared) {
    findings.push(
      invariantFinding(
        'undeclared-check',
        'warning',
        `the tests recorded ${entry.events} event(s) for ${entry.kind} '${entry.checkId}' of operation '${entry.operationId}', which no declaration in the project names`,
      ),
    );
  }
  if (tally.unlabelled > 0) {
    findings.push(
      invariantFinding(
        'unlabelled-evidence',
        'warning',
        `${tally.unlabelled} recorded check(s) name no test: add '@plumbline-kit/plumbline/testing/vitest-setup' to the test setupFiles so the report can say which test exercised each check`,
      ),
    );
  }
  return findings;
}
