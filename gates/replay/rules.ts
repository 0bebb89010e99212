import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';

/** The replay docs explain statuses, noise and severity across several sections: each rule links the page. */
const page = (description: string) => ({ description, section: '' });

export const replayRules = ruleCatalog('replay', shippedDocsUrl('replay.md'), {
  drift: page('A replayed case gives a different output on the candidate than on the baseline.'),
  error: page('A replayed case threw, or its process crashed or hung, so it could not be compared.'),
  'invalid-case': page('An input entry is not JSON or does not follow the replay contract.'),
  noise: page('Paths that differ between two runs of the baseline: reported, never drift.'),
  run: page('The replay as a whole could not give a verdict (no cases, a process failed).'),
});

export type ReplayRuleName = Parameters<typeof replayRules.finding>[0];

export const REPLAY_RULES: RuleDescriptor[] = replayRules.descriptors();
