import type { Finding, RuleDescriptor, Severity } from '../../core/contracts.js';
import { ruleCatalog, type FindingLocation } from '../../core/rule-catalog.js';
import type { ShadowGateConfig } from '../../config/schema.js';
import { errorRateOf, mismatchRateOf, samplesOf, topPaths, type OperationComparability } from './comparability.js';
import { shippedDocsUrl } from '../../core/docs-link.js';

export const SHADOW_DOCS_URL = shippedDocsUrl('shadow-gate.md');

/** Every finding the shadow gate can report, by rule name (the part after `shadow/`). */
export const SHADOW_RULES = {
  'mismatch-rate': "The candidate's results differ from current's more often than gates.shadow.maxMismatchRate allows.",
  'error-rate': 'The candidate threw or timed out more often than gates.shadow.maxErrorRate allows.',
  'too-few-samples': 'Fewer samples than gates.shadow.minSamples: no verdict can be drawn.',
  'canary-rolled-back': 'A canary rollback trigger fired in the recorded traffic.',
  'skipped-samples': 'Calls that could not be compared (uncloneable input, too many pending shadows, a failing comparator).',
  'evidence-unusable': 'The recording command failed, or an evidence file is missing, empty or corrupt: no evidence, no pass.',
} as const;

export type ShadowRuleName = keyof typeof SHADOW_RULES;

const shadowRules = ruleCatalog('shadow', SHADOW_DOCS_URL, SHADOW_RULES);

export function shadowRuleDescriptors(): RuleDescriptor[] {
  return shadowRules.descriptors();
}

export type Locate = (operationId: string) => FindingLocation;

export function shadowFinding(name: ShadowRuleName, severity: Severity, message: string, at?: FindingLocation): Finding {
  return shadowRules.finding(name, severity, message, at);
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

/** Holds each operation's evidence to the configured thresholds. */
export function comparabilityFindings(entries: readonly OperationComparability[], settings: ShadowGateConfig, locate: Locate): Finding[] {
  const findings: Finding[] = [];
  for (const entry of entries) {
    const at = locate(entry.operationId);
    const label = `operation '${entry.operationId}'`;
    const samples = samplesOf(entry);
    if (samples < settings.minSamples) {
      findings.push(
        shadowFinding(
          'too-few-samples',
          'error',
          `${label} has ${samples} shadow/canary sample(s); at least ${settings.minSamples} are needed for a verdict`,
          at,
        ),
      );
    }
    const mismatchRate = mismatchRateOf(entry);
    if (mismatchRate > settings.maxMismatchRate) {
      const paths = topPaths(entry)
        .slice(0, 3)
        .map((item) => `${item.path} (${item.mismatches})`)
        .join(', ');
      findings.push(
        shadowFinding(
          'mismatch-rate',
          'error',
          `${label}: the candidate differs from current in ${entry.mismatches} of ${entry.matches + entry.mismatches} compared samples (${percent(mismatchRate)} > ${percent(settings.maxMismatchRate)}); top differing paths: ${paths}`,
          at,
        ),
      );
    }
    const errorRate = errorRateOf(entry);
    if (errorRate > settings.maxErrorRate) {
      findings.push(
        shadowFinding(
          'error-rate',
          'error',
          `${label}: the candidate threw ${entry.candidateErrors} and timed out ${entry.candidateTimeouts} time(s) in ${samples} samples (${percent(errorRate)} > ${percent(settings.maxErrorRate)})`,
          at,
        ),
      );
    }
    for (const rollback of entry.rollbacks) {
      findings.push(
        shadowFinding(
          'canary-rolled-back',
          'error',
          `${label}: the canary rolled back on ${rollback.trigger} ${percent(rollback.rate)} > ${percent(rollback.threshold)} after ${rollback.samples} samples`,
          at,
        ),
      );
    }
    if (entry.skipped > 0) {
      findings.push(
        shadowFinding(
          'skipped-samples',
          'warning',
          `${label}: ${entry.skipped} call(s) could not be compared (see the skipped events' messages)`,
          at,
        ),
      );
    }
  }
  return findings;
}
