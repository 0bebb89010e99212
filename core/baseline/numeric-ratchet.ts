/**
 * The one numeric ratchet: a measured number against the value the committed
 * baseline allows. Used for the mutation scores per file (with a tolerance),
 * data-quality failure counts and replay drift counts.
 */
export type Better = 'lower' | 'higher';

export interface MetricJudgement {
  /** `worse`: beyond the allowance (and the tolerance); `better`: the baseline can be tightened. */
  verdict: 'worse' | 'same' | 'better';
  /** current - allowed, rounded to two decimals. */
  change: number;
}

export function judgeMetric(current: number, allowed: number, better: Better, tolerance = 0): MetricJudgement {
  const change = Math.round((current - allowed) * 100) / 100;
  const regression = better === 'lower' ? change : -change;
  if (regression > tolerance) return { verdict: 'worse', change };
  if (regression < 0) return { verdict: 'better', change };
  return { verdict: 'same', change };
}

/** The value a pruned baseline keeps: the better of the two, so the allowance only tightens. */
export function tightenMetric(current: number, allowed: number, better: Better): number {
  return better === 'lower' ? Math.min(current, allowed) : Math.max(current, allowed);
}
