import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

/** Explained together in the "The gate" section of the property docs. */
const section = (description: string) => ({ description, section: 'the-gate' });

export const propertyRules = ruleCatalog('property', shippedDocsUrl('property-gate.md'), {
  counterexample: section('A property does not hold: fast-check found a counterexample, shrunk and replayable from its seed and path.'),
  'test-failed': section('A test in a property test file failed without a fast-check counterexample.'),
  'file-failed': section('A property test file failed to load or run (an import error, a crash outside a test).'),
  'file-not-run': section('A configured property test file was not run by vitest (is it outside the vitest include?).'),
  'no-tests': section('A configured property test file holds no test, so it checks nothing.'),
  skipped: section('A property test was skipped or left as todo.'),
});

export type PropertyRuleName = Parameters<typeof propertyRules.finding>[0];

export const PROPERTY_RULES: RuleDescriptor[] = propertyRules.descriptors();
