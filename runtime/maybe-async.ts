/** True for promises and other thenables: handlers may be synchronous or asynchronous. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Marks a promise we are abandoning as handled, so it cannot become an unhandled rejection. */
export function abandon(value: PromiseLike<unknown>): void {
  Promise.resolve(value).catch(() => undefined);
}
