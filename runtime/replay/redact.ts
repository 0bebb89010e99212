import { compilePathPatterns, matchesPattern, type PathPattern, type PathSegment } from '../compare/path-pattern.js';

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Thrown for a value that has no JSON form (a cycle, a BigInt): the case is not recorded. */
export class NotJsonError extends Error {
  override name = 'NotJsonError';
}

/** Compiles redaction patterns (`input.password`, `output.users[*].email`, `context.tenant`). */
export function compileRedactions(patterns: readonly string[]): PathPattern[] {
  return compilePathPatterns('recordDecisions redact', patterns);
}

/**
 * A JSON copy of `value` (JSON.stringify semantics: toJSON honoured, undefined
 * and functions dropped, or null inside arrays) in which every path matching a
 * pattern holds REDACTED instead. `prefix` is where the value sits in the case.
 */
export function redactedJsonCopy(value: unknown, prefix: PathSegment[], patterns: readonly PathPattern[]): unknown {
  const stack = new Set<object>();
  const visit = (current: unknown, path: PathSegment[]): unknown => {
    if (patterns.length > 0 && patterns.some((pattern) => matchesPattern(path, pattern))) return REDACTED;
    if (current !== null && typeof current === 'object' && typeof (current as { toJSON?: unknown }).toJSON === 'function') {
      current = (current as { toJSON(key: string): unknown }).toJSON(String(path[path.length - 1] ?? ''));
    }
    if (typeof current === 'bigint') throw new NotJsonError(`a BigInt at ${path.join('.')} has no JSON form`);
    if (typeof current === 'number') return Number.isFinite(current) ? current : null;
    if (current === null || typeof current !== 'object')
      return typeof current === 'function' || typeof current === 'symbol' ? undefined : current;
    if (stack.has(current)) throw new NotJsonError(`a cycle at ${path.join('.')} has no JSON form`);
    stack.add(current);
    let copy: unknown;
    if (Array.isArray(current)) {
      copy = current.map((item, index) => visit(item, [...path, index]) ?? null);
    } else {
      const record: Record<string, unknown> = {};
      for (const key of Object.keys(current)) {
        const item = visit((current as Record<string, unknown>)[key], [...path, key]);
        if (item !== undefined) record[key] = item;
      }
      copy = record;
    }
    stack.delete(current);
    return copy;
  };
  return visit(value, prefix);
}
