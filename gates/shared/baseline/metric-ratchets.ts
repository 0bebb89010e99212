import type { Better } from '../../../core/baseline/numeric-ratchet.js';

/**
 * The numbers the ratchet holds, by gate: each may not get worse than the
 * committed baseline allows. While a number stays within its allowance, the
 * findings it counts are known debt (warnings); past it they fail as usual.
 * The mutation gate's per-file scores use the same judgement (judgeMetric) on
 * their own baseline file, which also records the Stryker version and settings.
 */
export interface MetricRatchet {
  gate: string;
  metric: string;
  better: Better;
  /** The rules whose findings the number counts. */
  counts: readonly string[];
}

export const METRIC_RATCHETS: readonly MetricRatchet[] = [
  {
    gate: 'data-quality',
    metric: 'failedExpectations',
    better: 'lower',
    counts: ['null-rate', 'unique', 'distinct', 'accepted-values', 'range', 'row-count', 'orphans', 'custom-sql', 'query'].map(
      (rule) => `data-quality/${rule}`,
    ),
  },
  { gate: 'replay', metric: 'drift', better: 'lower', counts: ['replay/drift'] },
];

/** The gates whose findings the baseline accepts one by one, by identity. */
export const FINDING_BASELINE_GATES: readonly string[] = ['static', 'architecture'];
