import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

/** Each has a row (and an anchor of its name) in the "The gate" section of the drills docs. */
export const drillRules = ruleCatalog('drills', shippedDocsUrl('drills-gate.md'), {
  'unsafe-outcome':
    'A drill ended unsafely: an exception leaked, a decision was made on faulty data, a retry did not happen, ' +
    'a partial write was left behind, or the operation hung.',
  'load-failed': 'A drill file could not be loaded, or a drill crashed the runner.',
  'no-drills': 'A drill file exports no drill (defineDrill).',
  'no-files': 'gates.drills.files match no file.',
  'duplicate-id': 'Two drills share an id, so the matrix cannot tell them apart.',
});

export type DrillRuleName = Parameters<typeof drillRules.finding>[0];

export const DRILL_RULES: RuleDescriptor[] = drillRules.descriptors();
