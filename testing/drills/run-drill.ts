import { inspect, isDeepStrictEqual } from 'node:util';
import { describeFaultRule } from '../faults/fault-schedule.js';
import { faultLog, injectFaults, type FaultEvent } from '../faults/inject-faults.js';
import type { Drill, DrillOutcome } from './define-drill.js';

/** One row of the failure-injection matrix. */
export interface DrillResult {
  id: string;
  description: string;
  /** The injected faults, in words. */
  scenario: string;
  /** The safe outcome the drill expects, in words. */
  expected: string;
  /** What happened, in words. */
  observed: string;
  safe: boolean;
  /** Faults that fired / could not apply. */
  faultsInjected: number;
  faultsNotApplicable: number;
}

const DEFAULT_DRILL_TIMEOUT_MS = 5000;

/** A drill's row of the matrix as declared, before it runs: what it injects and the safe outcome it expects. */
export type DeclaredDrill = Pick<DrillResult, 'id' | 'description' | 'scenario' | 'expected'>;

/** Describes a drill without running it (its driver is not even created): for generated docs. */
export function describeDrill<Driver extends object, Result>(typed: Drill<Driver, Result>): DeclaredDrill {
  const drill = typed as unknown as Drill;
  const schedule = 'schedule' in drill.fault ? drill.fault.schedule : drill.fault;
  return {
    id: drill.id,
    description: drill.description ?? '',
    scenario: schedule.map(describeFaultRule).join('; '),
    expected: describeExpectation(drill),
  };
}

/** Runs one drill against a fresh driver wrapped in its faults, and judges the outcome. */
export async function runDrill<Driver extends object, Result>(typed: Drill<Driver, Result>): Promise<DrillResult> {
  // Judged without its types: the runner only needs to pass the driver through and compare results.
  const drill = typed as unknown as Drill;
  const { schedule, seed } =
    'schedule' in drill.fault ? { schedule: drill.fault.schedule, seed: drill.fault.seed } : { schedule: drill.fault, seed: 0 };
  const base = describeDrill(typed);
  const real = await drill.driver();
  const faulty = injectFaults(real, schedule, { seed: seed ?? 0 });
  const outcome = await settle(() => drill.operation(faulty), drill.timeoutMs ?? DEFAULT_DRILL_TIMEOUT_MS);
  const log = faultLog(faulty);
  const applied = log.events.filter((event) => event.applied).length;
  const counts = { faultsInjected: applied, faultsNotApplicable: log.events.length - applied };

  let verdict = judge(drill, outcome, log.events, log.calls);
  if (verdict === true && applied === 0) verdict = 'no fault fired: the drill did not exercise its scenario';
  if (verdict === true && drill.afterwards) {
    const leftover = await settle(() => drill.afterwards?.(real), drill.timeoutMs ?? DEFAULT_DRILL_TIMEOUT_MS);
    if ('threw' in leftover) verdict = `the afterwards() check failed: ${errorText(leftover.threw)}`;
    else if (typeof leftover.returned === 'string') verdict = `left behind: ${leftover.returned}`;
  }
  return { ...base, ...counts, observed: observe(outcome, verdict), safe: verdict === true };
}

type Settled = DrillOutcome<unknown> | { readonly hung: number };

async function settle(run: () => unknown, timeoutMs: number): Promise<DrillOutcome<unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => {
      resolve({ hung: timeoutMs });
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([
      Promise.resolve()
        .then(run)
        .then(
          (returned): Settled => ({ returned }),
          (threw: unknown): Settled => ({ threw }),
        ),
      hung,
    ]);
    return 'hung' in result ? { threw: new Error(`the operation did not finish within ${result.hung} ms`) } : result;
  } finally {
    clearTimeout(timer);
  }
}

function judge(
  drill: Drill,
  outcome: DrillOutcome<unknown>,
  events: readonly FaultEvent[],
  calls: ReadonlyMap<string, number>,
): true | string {
  const expectation = drill.expect;
  if ('satisfies' in expectation) {
    try {
      const verdict = expectation.satisfies(outcome);
      return verdict === true ? true : verdict === false ? 'the outcome does not satisfy the drill' : verdict;
    } catch (error) {
      return `the satisfies() check threw: ${errorText(error)}`;
    }
  }
  if ('threw' in outcome) return `an exception leaked to the caller: ${errorText(outcome.threw)}`;
  const result = outcome.returned;
  if ('fallback' in expectation) {
    return isDeepStrictEqual(result, expectation.fallback)
      ? true
      : `returned ${show(result)} instead of the fallback ${show(expectation.fallback)}`;
  }
  if ('deny' in expectation) {
    return expectation.deny(result) ? true : `decided ${show(result)} on faulty data instead of denying`;
  }
  // A retry: after a faulted call, the same method was called again and that call was not faulted.
  const retried = events.some((event) => {
    const faulted = new Set(events.filter((other) => other.method === event.method).map((other) => other.call));
    for (let call = event.call + 1; call <= (calls.get(event.method) ?? 0); call += 1) if (!faulted.has(call)) return true;
    return false;
  });
  if (!retried) return 'did not call the faulty method again after the fault (no retry)';
  if (expectation.retry.succeeds && !expectation.retry.succeeds(result)) return `retried but returned ${show(result)}`;
  return true;
}

function describeExpectation(drill: Drill): string {
  const expectation = drill.expect;
  if ('fallback' in expectation) return `safe fallback ${show(expectation.fallback)}`;
  if ('deny' in expectation) return 'deny';
  if ('retry' in expectation) return 'retry, then succeed';
  return 'satisfies the drill predicate';
}

function observe(outcome: DrillOutcome<unknown>, verdict: true | string): string {
  const ended = 'threw' in outcome ? `threw ${errorText(outcome.threw)}` : `returned ${show(outcome.returned)}`;
  return verdict === true ? ended : `${ended} - unsafe: ${verdict}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    // A cycle or a bigint: JSON cannot say it, util.inspect can.
    return inspect(value, { depth: 2, breakLength: Infinity });
  }
}
