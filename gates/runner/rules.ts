import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

/** The runner's own findings, about the pack rather than the code. */
export const packRules = ruleCatalog('plumbline', shippedDocsUrl('pack-findings.md'), {
  'gate-error': 'A gate crashed, timed out or returned a malformed result: its status is error, which fails the pack.',
  deferral: 'A deferral does not hold: its until date has passed, or strict mode needs one it lacks.',
});

export const PACK_RULES: RuleDescriptor[] = packRules.descriptors();
