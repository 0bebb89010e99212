import { analyzerRuleDescriptors } from '../../analyzers/rules.js';
import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

export const ARCHITECTURE_DOCS_URL = shippedDocsUrl('architecture-gate.md');

/** Where a rule is documented: one section for every generated layer rule, one per graph rule. */
export function depcruiseDocsUrl(ruleName: string): string {
  return `${ARCHITECTURE_DOCS_URL}#${ruleName.startsWith('layer-') ? 'layer-rules' : ruleName}`;
}

/** The gate's own finding beside dependency-cruiser's rules: it folds the unresolvable imports of an uninstalled project. */
export const installRules = ruleCatalog('depcruise', ARCHITECTURE_DOCS_URL, {
  'dependencies-not-installed': 'Packages declared in package.json are not installed, so no import of them can be resolved or checked.',
});

/**
 * The rules every architecture run can report. dependency-cruiser's own rules depend on
 * gates.architecture (a rule set to 'off' is not generated), so each run lists those it ran.
 */
export const ARCHITECTURE_RULES: RuleDescriptor[] = [...installRules.descriptors(), ...analyzerRuleDescriptors()];
