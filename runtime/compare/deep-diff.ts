import type { ResultDiff } from '../evidence/event.js';
import { formatPath, matchesPattern, type PathPattern, type PathSegment } from './path-pattern.js';

/** Stands for "no element / no entry here", so a missing entry still goes through the ignore patterns. */
const MISSING = Symbol('missing');

export interface DeepDiffOptions {
  ignore?: readonly PathPattern[];
  /** Most paths reported (default 50); `truncated` says when there were more. */
  limit?: number;
  /** Two numbers this close (absolute difference) are equal. Default 0: exact. */
  numberTolerance?: number;
  /**
   * Called for each reported difference with its path and the two values there
   * (undefined where one side has no entry), in visiting order, up to `limit`.
   */
  onDifference?: (path: readonly PathSegment[], left: unknown, right: unknown) => void;
}

/**
 * Deep equality that reports where two values differ, as sorted paths. JSON-like
 * semantics: a property holding `undefined` equals a missing one, NaN equals NaN,
 * Dates compare by time; Maps by key, Sets and typed arrays as a whole; objects of
 * different classes differ. Keys are visited in sorted order, so the reported
 * (and truncated) paths do not depend on insertion order.
 */
export function deepDiff(left: unknown, right: unknown, options: DeepDiffOptions = {}): ResultDiff {
  const limit = options.limit ?? 50;
  const ignore = options.ignore ?? [];
  const found: string[] = [];
  const tolerance = options.numberTolerance ?? 0;
  const onDifference = options.onDifference;
  let truncated = false;
  const stackA: object[] = [];
  const stackB: object[] = [];

  // One path, extended and shortened as the walk goes (no array per visited value); copied when reported.
  const path: PathSegment[] = [];
  const report = (a?: unknown, b?: unknown) => {
    if (found.length >= limit) truncated = true;
    else {
      found.push(formatPath(path));
      onDifference?.([...path], a === MISSING ? undefined : a, b === MISSING ? undefined : b);
    }
  };
  const visitChild = (a: unknown, b: unknown, step: PathSegment): void => {
    path.push(step);
    visit(a, b);
    path.pop();
  };

  const visit = (a: unknown, b: unknown): void => {
    if (truncated) return;
    if (ignore.length > 0 && ignore.some((pattern) => matchesPattern(path, pattern))) return;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
    if (tolerance > 0 && typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tolerance) return;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
      report(a, b);
      return;
    }
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) {
      report(a, b);
      return;
    }
    // Cycles: a pair already being compared (on the way down to here) is assumed equal on the way back in.
    for (let depth = 0; depth < stackA.length; depth++) if (stackA[depth] === a && stackB[depth] === b) return;
    stackA.push(a);
    stackB.push(b);
    compareObjects(a, b);
    stackA.pop();
    stackB.pop();
  };

  const compareObjects = (a: object, b: object): void => {
    if (a instanceof Date) {
      const same = a.getTime() === (b as Date).getTime() || (Number.isNaN(a.getTime()) && Number.isNaN((b as Date).getTime()));
      if (!same) report(a, b);
      return;
    }
    if (ArrayBuffer.isView(a)) {
      if (!sameBytes(a, b as ArrayBufferView)) report(a, b);
      return;
    }
    if (a instanceof Set) {
      if (!sameSet(a, b as Set<unknown>)) report(a, b);
      return;
    }
    if (a instanceof Error && (a.name !== (b as Error).name || a.message !== (b as Error).message)) {
      report(a, b);
      return;
    }
    if (a instanceof Map) {
      const mapB = b as Map<unknown, unknown>;
      // Object keys have no stable name: such maps compare as entry lists, in order.
      if (![...a.keys(), ...mapB.keys()].every(isPrimitive)) {
        visit([...a.entries()], [...mapB.entries()]);
        return;
      }
      for (const key of sortedUnion([...a.keys()], [...mapB.keys()])) {
        visitChild(a.has(key) ? a.get(key) : MISSING, mapB.has(key) ? mapB.get(key) : MISSING, String(key));
      }
      return;
    }
    if (Array.isArray(a)) {
      const arrayB = b as unknown[];
      const length = Math.max(a.length, arrayB.length);
      for (let index = 0; index < length; index++) {
        visitChild(index < a.length ? a[index] : MISSING, index < arrayB.length ? arrayB[index] : MISSING, index);
      }
      return;
    }
    const recordA = a as Record<string, unknown>;
    const recordB = b as Record<string, unknown>;
    for (const key of sameKeysSorted(recordA, recordB) ?? sortedKeyUnion(definedKeys(recordA), definedKeys(recordB))) {
      visitChild(recordA[key], recordB[key], key);
    }
  };

  visit(left, right);
  return { paths: found.sort(), truncated };
}

/**
 * The common case without a set or a filtered copy: both records hold the same keys (in any order), none
 * undefined. Their sorted keys are then exactly the sorted union of their defined keys; otherwise undefined.
 */
function sameKeysSorted(a: Record<string, unknown>, b: Record<string, unknown>): string[] | undefined {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return undefined;
  for (const key of keys) {
    if (a[key] === undefined || !Object.hasOwn(b, key) || b[key] === undefined) return undefined;
  }
  return keys.sort();
}

function definedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => record[key] !== undefined);
}

/** The keys of both records, sorted; the common case (same keys, same order) without a set. */
function sortedKeyUnion(a: string[], b: string[]): string[] {
  if (a.length === b.length && a.every((key, index) => key === b[index])) return a.sort();
  return [...new Set([...a, ...b])].sort();
}

/** Primitive map keys (numbers, booleans, symbols too), sorted by their string form. */
function sortedUnion(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  return [...new Set([...a, ...b])].sort((x, y) => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0));
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const left = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const right = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** Sets of primitives compare by membership; sets holding objects compare deeply, in insertion order. */
function sameSet(a: Set<unknown>, b: Set<unknown>): boolean {
  if (a.size !== b.size) return false;
  if ([...a].every(isPrimitive)) return [...a].every((value) => b.has(value));
  return deepDiff([...a], [...b], { limit: 1 }).paths.length === 0;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
