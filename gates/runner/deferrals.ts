import type { Finding } from '../../core/contracts.js';
import type { Deferral, Mode } from '../../config/schema.js';
import { packRules } from './rules.js';

export interface DeferralVerdict {
  /** Whether the gate may be counted as passing while deferred. */
  holds: boolean;
  expired: boolean;
  /** Why the deferral does not hold, when it does not. */
  problem: string | undefined;
}

/**
 * A deferral holds until the end of its `until` day. In strict mode a deferral
 * without `until` does not hold: strict runs accept debt only with an end date.
 */
export function judgeDeferral(deferral: Deferral, mode: Mode, today: string): DeferralVerdict {
  if (deferral.until !== undefined && today > deferral.until) {
    return {
      holds: false,
      expired: true,
      problem: `the deferral of gate '${deferral.gate}' expired on ${deferral.until} (reason given: ${deferral.reason}). Fix what the gate reports, or renew the deferral with a new reason and date.`,
    };
  }
  if (deferral.until === undefined && mode === 'strict') {
    return {
      holds: false,
      expired: false,
      problem: `the deferral of gate '${deferral.gate}' has no 'until' date, which strict mode requires (reason given: ${deferral.reason}).`,
    };
  }
  return { holds: true, expired: false, problem: undefined };
}

export function deferralFinding(problem: string, configFile: string, line: number): Finding {
  return packRules.finding('deferral', 'error', problem, { file: configFile, line, column: 1 });
}

/** Today as YYYY-MM-DD in UTC, overridable for reproducible runs. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
