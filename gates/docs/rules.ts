import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

export const DOCS_GATE_DOCS_URL = shippedDocsUrl('docs-gate.md');

export const DOCS_RULES = {
  missing: 'A generated assurance document is not committed.',
  stale:
    'A committed assurance document differs from what `plumbline docs` generates now: the code or config changed and the docs were not regenerated (or were edited by hand).',
  'generation-failed': 'The docs cannot be generated (a drill file does not load), so their drift cannot be checked.',
} as const;

export type DocsRuleName = keyof typeof DOCS_RULES;

export const docsRules = ruleCatalog('docs', DOCS_GATE_DOCS_URL, DOCS_RULES);

export function docsRuleDescriptors(): RuleDescriptor[] {
  return docsRules.descriptors();
}
