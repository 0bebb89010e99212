/** An injected source of time. Without one, evidence carries no timestamps (deterministic by default). */
export type RuntimeClock = () => Date | string | number;

/** The clock's reading as an ISO-8601 string; a clock that returns garbage is a configuration bug. */
export function readClock(clock: RuntimeClock): string {
  const value = clock();
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`the injected clock returned ${String(value)}, not a time`);
  return new Date(ms).toISOString();
}
