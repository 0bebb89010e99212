import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

/** Explained together in the "Policy" section of the mutation docs. */
const policy = (description: string) => ({ description, section: 'policy' });

export const mutationRules = ruleCatalog('mutation', shippedDocsUrl('mutation-gate.md'), {
  'below-threshold': policy('The overall mutation score is under gates.mutation.threshold.'),
  'file-below-floor': policy("A file's mutation score is under gates.mutation.minFileScore; the finding lists its undetected mutants."),
  'surviving-mutant': policy('A mutant the tests let pass, in a file at or above the floor (a note).'),
  'no-coverage': policy('A mutant on a line no test runs, in a file at or above the floor (a note).'),
  'score-dropped': policy("A file's mutation score dropped against the baseline by more than gates.mutation.maxDrop."),
  'baseline-missing': policy('There is no mutation baseline to compare with.'),
  'baseline-corrupt': policy('The mutation baseline cannot be read.'),
  'baseline-mismatch': policy('The baseline was made with another Stryker version, other settings or other engine files.'),
});

export type MutationRuleName = Parameters<typeof mutationRules.finding>[0];

export const MUTATION_RULE_DESCRIPTORS: RuleDescriptor[] = mutationRules.descriptors();
