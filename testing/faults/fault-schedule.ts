/** One fault: what happens instead of (or on top of) the real call. */
export type Fault =
  | { readonly kind: 'connection-lost' }
  | { readonly kind: 'constraint-violation'; readonly constraint?: string }
  /** Rejects (async) or throws (sync) a DriverTimeoutError, after `afterMs` for async calls. */
  | { readonly kind: 'timeout'; readonly afterMs?: number }
  /** Delays an async call by `ms`, then runs it; a sync call cannot be delayed and runs as is. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Returns the first value this method returned for the same arguments (runs the call when there is none yet). */
  | { readonly kind: 'stale-read' }
  /**
   * Runs the call with the arguments `keep` returns (default: the first array argument cut in half),
   * then throws ConnectionLostError: the write half-happened and the caller is told it failed.
   */
  | { readonly kind: 'partial-write'; readonly keep?: (args: readonly unknown[]) => unknown[] };

/** When a fault fires: on given call numbers of the method (1-based), on every call, or with a seeded probability. */
export type FaultTrigger = { readonly calls: readonly number[] } | { readonly always: true } | { readonly probability: number };

export interface FaultRule {
  /** Method name, or '*' for every method. */
  readonly method: string;
  readonly when: FaultTrigger;
  readonly fault: Fault;
}

export type FaultSchedule = readonly FaultRule[];

/** "connection-lost on calls 1, 2 of read()", for reports. */
export function describeFaultRule(rule: FaultRule): string {
  const when =
    'calls' in rule.when
      ? `on call${rule.when.calls.length === 1 ? '' : 's'} ${rule.when.calls.join(', ')}`
      : 'always' in rule.when
        ? 'on every call'
        : `with probability ${rule.when.probability}`;
  const method = rule.method === '*' ? 'any method' : `${rule.method}()`;
  return `${describeFault(rule.fault)} ${when} of ${method}`;
}

function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'constraint-violation':
      return `constraint violation${fault.constraint ? ` (${fault.constraint})` : ''}`;
    case 'timeout':
      return `timeout${fault.afterMs ? ` after ${fault.afterMs} ms` : ''}`;
    case 'latency':
      return `latency of ${fault.ms} ms`;
    default:
      return fault.kind.replace('-', ' ');
  }
}

/** Throws a RangeError naming the first bad rule: a schedule is code, and a typo must not silently inject nothing. */
export function checkSchedule(schedule: FaultSchedule): void {
  schedule.forEach((rule, index) => {
    const where = `fault schedule[${index}]`;
    if (typeof rule.method !== 'string' || rule.method === '') throw new RangeError(`${where}: method must be a name or '*'`);
    if ('calls' in rule.when && (rule.when.calls.length === 0 || rule.when.calls.some((call) => !Number.isInteger(call) || call < 1))) {
      throw new RangeError(`${where}: calls must be call numbers from 1`);
    }
    if ('probability' in rule.when && !(rule.when.probability >= 0 && rule.when.probability <= 1)) {
      throw new RangeError(`${where}: probability must be within [0, 1]`);
    }
    const { fault } = rule;
    if (fault.kind === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0))
      throw new RangeError(`${where}: latency ms must be >= 0`);
    if (fault.kind === 'timeout' && fault.afterMs !== undefined && !(Number.isFinite(fault.afterMs) && fault.afterMs >= 0)) {
      throw new RangeError(`${where}: timeout afterMs must be >= 0`);
    }
  });
}
