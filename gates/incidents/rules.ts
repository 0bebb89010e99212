import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

export const INCIDENTS_DOCS_URL = shippedDocsUrl('incidents-gate.md');

/** Every finding the incidents gate can report, by rule name (the part after `incidents/`). */
export const INCIDENT_RULES = {
  'invalid-record': 'An incident record without front matter, with invalid YAML, or with a missing or malformed field.',
  'id-mismatch': 'The incident_id is not the file name, so the record cannot be found by its id.',
  'no-invariant': 'An incident that names no invariant: nothing in the code guards against it happening again.',
  'unknown-invariant': 'An incident names an invariant id that no defineOperation declares (a typo, or a guardrail not written yet).',
  'guardrail-removed': 'A resolved incident names an invariant that no defineOperation declares any more: its guardrail was removed.',
  'missing-test-file': 'An incident names a test file that does not exist.',
  'missing-test-name': 'An incident names a test that its test file does not contain (no describe/it/test with that title or path).',
  'unknown-owner': 'An incident is owned by a name that is not one of the configured domains.',
} as const;

export type IncidentRuleName = keyof typeof INCIDENT_RULES;

export const incidentRules = ruleCatalog('incidents', INCIDENTS_DOCS_URL, INCIDENT_RULES);

export function incidentRuleDescriptors(): RuleDescriptor[] {
  return incidentRules.descriptors();
}
