import type { ReplayNormalisation } from '../../config/schema.js';
import {
  compilePathPatterns,
  deepDiff,
  matchesPattern,
  type DeepDiffOptions,
  type PathPattern,
  type PathSegment,
} from '@plumbline-kit/runtime';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How the outputs of one operation are made comparable. */
export interface OperationNormaliser {
  /** A comparable copy (sorted arrays, stable tokens), or the value itself when nothing applies. */
  normalise(value: unknown): unknown;
  /** The differences left after normalising, with their paths and values. */
  diff(baseline: unknown, candidate: unknown, limit: number): Difference[];
}

export interface Difference {
  readonly path: readonly PathSegment[];
  readonly old: unknown;
  readonly new: unknown;
}

const NOTHING: ReplayNormalisation = { ignorePaths: [], sortArrays: [], numberTolerance: 0, timestamps: false, uuids: false };

/**
 * One normaliser per operation id from the config (`'*'` for the rest). Key order
 * never matters: the diff visits keys in sorted order. Built once, used per case.
 */
export function compileNormalisers(config: Readonly<Record<string, ReplayNormalisation>>): (operation: string) => OperationNormaliser {
  const cache = new Map<string, OperationNormaliser>();
  return (operation) => {
    const key = operation in config ? operation : '*';
    let normaliser = cache.get(key);
    if (normaliser === undefined) {
      normaliser = compileNormaliser(key, config[key] ?? NOTHING);
      cache.set(key, normaliser);
    }
    return normaliser;
  };
}

function compileNormaliser(operation: string, settings: ReplayNormalisation): OperationNormaliser {
  const subject = `replay.normalise['${operation}']`;
  const ignore = compilePathPatterns(subject, settings.ignorePaths);
  const sorts = settings.sortArrays.map((entry) => ({
    pattern: compilePathPatterns(subject, [entry.path])[0] as PathPattern,
    by: entry.by,
  }));
  const tokenising = settings.timestamps || settings.uuids;
  const transforms = sorts.length > 0 || tokenising;
  const numberTolerance = settings.numberTolerance;

  const normalise = (value: unknown): unknown => {
    if (!transforms) return value;
    const tokens = new Map<string, string>();
    const counters = { timestamp: 0, uuid: 0 };
    const path: PathSegment[] = [];
    // Copy on write: a value comes back as itself unless something below it changed.
    const visit = (current: unknown): unknown => {
      if (typeof current === 'string') {
        const kind =
          settings.timestamps && TIMESTAMP.test(current) ? 'timestamp' : settings.uuids && UUID.test(current) ? 'uuid' : undefined;
        if (kind === undefined) return current;
        let token = tokens.get(current);
        if (token === undefined) {
          token = `<${kind}-${++counters[kind]}>`;
          tokens.set(current, token);
        }
        return token;
      }
      if (current === null || typeof current !== 'object') return current;
      if (Array.isArray(current)) {
        const sort = sorts.find((entry) => matchesPattern(path, entry.pattern));
        // Array.isArray narrows to any[]: the items are as unknown as the document.
        const list: unknown[] = current;
        const items = sort ? sortedBy(list, sort.by) : list;
        let copy: unknown[] | undefined = items === list ? undefined : items;
        for (let index = 0; index < items.length; index++) {
          path.push(index);
          const item = visit(items[index]);
          path.pop();
          if (item !== items[index]) {
            copy ??= [...items];
            copy[index] = item;
          }
        }
        return copy ?? current;
      }
      // With tokens, keys are visited sorted: tokens are numbered in an order that does not depend on key order.
      const keys = tokenising ? Object.keys(current).sort() : Object.keys(current);
      let copy: Record<string, unknown> | undefined;
      for (const key of keys) {
        const item = (current as Record<string, unknown>)[key];
        path.push(key);
        const normalised = visit(item);
        path.pop();
        if (normalised !== item) {
          copy ??= { ...(current as Record<string, unknown>) };
          copy[key] = normalised;
        }
      }
      return copy ?? current;
    };
    return visit(value);
  };

  return {
    normalise,
    diff(baseline, candidate, limit) {
      const found: Difference[] = [];
      const options: DeepDiffOptions = {
        ignore,
        numberTolerance,
        limit,
        onDifference: (path, old, updated) => found.push({ path, old, new: updated }),
      };
      deepDiff(baseline, candidate, options);
      return found;
    },
  };
}

/** A stable sort by the JSON text of each element's `by` key; elements without it go last. */
function sortedBy(items: readonly unknown[], by: string): unknown[] {
  const keyed = items.map((item, index) => {
    const value = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>)[by] : undefined;
    return { item, index, key: value === undefined ? undefined : JSON.stringify(value) };
  });
  keyed.sort((a, b) => {
    if (a.key === b.key) return a.index - b.index;
    if (a.key === undefined) return 1;
    if (b.key === undefined) return -1;
    return a.key < b.key ? -1 : 1;
  });
  return keyed.map((entry) => entry.item);
}
