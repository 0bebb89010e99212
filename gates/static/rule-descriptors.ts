import type { RuleDescriptor } from '../../core/contracts.js';
import { rules } from '../../rules/index.js';

/** The static gate's rules as findings name them; light to import (no ESLint, no parser). */
export function staticRuleDescriptors(): RuleDescriptor[] {
  return Object.entries(rules).map(([name, rule]) => ({
    id: `plumbline/${name}`,
    description: rule.meta.docs?.description ?? name,
    docsUrl: rule.meta.docs?.url,
  }));
}
