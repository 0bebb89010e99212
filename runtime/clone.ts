import type { Settled } from './compare/compare-results.js';

const MAX_FAST_DEPTH = 64;

/** Signals that the fast path met something only structuredClone can copy. */
class NeedsStructuredClone extends Error {}

/**
 * A deep copy, so a candidate cannot mutate what the caller holds. Plain objects,
 * arrays, primitives and Dates are copied by a fast recursive path (this runs on
 * the caller's path); anything else (Map, Set, typed arrays, class instances,
 * cycles) goes through structuredClone, with its semantics. Uncloneable values
 * (functions, sockets) fail as a result, not a throw: the comparison is skipped.
 */
export function deepCopy<T>(value: T): Settled<T> {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' || typeof value === 'symbol'
      ? { ok: false, error: new TypeError(`a ${typeof value} cannot be copied`) }
      : { ok: true, value };
  }
  try {
    return { ok: true, value: fastCopy(value, 0) as T };
  } catch (error) {
    if (!(error instanceof NeedsStructuredClone)) return { ok: false, error };
  }
  try {
    return { ok: true, value: structuredClone(value) };
  } catch (error) {
    return { ok: false, error };
  }
}

function fastCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') throw new NeedsStructuredClone();
    return value;
  }
  if (depth > MAX_FAST_DEPTH) throw new NeedsStructuredClone();
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new NeedsStructuredClone();
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = fastCopy(value[index], depth + 1);
    return copy;
  }
  if (value instanceof Date) return new Date(value.getTime());
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw new NeedsStructuredClone();
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = fastCopy((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}
