import { RuntimeConfigurationError } from '../errors.js';

/** One step into a value: an object key (string) or an array index (number). */
export type PathSegment = string | number;

type PatternSegment = { key: string } | { index: number } | 'any-key' | 'any-index';

/** A compiled ignore pattern such as `updatedAt`, `items[*].id`, `meta.*` or `["odd key"]`. */
export interface PathPattern {
  readonly source: string;
  readonly segments: readonly PatternSegment[];
}

const TOKEN = /\[(\*|\d+|"(?:[^"\\]|\\.)*")\]|(\.)?([^.[\]]+)/y;

/** Parses ignore patterns; a pattern that does not parse is a configuration error naming it. */
export function compilePathPatterns(subject: string, patterns: readonly string[]): PathPattern[] {
  return patterns.map((source, position) => {
    const segments: PatternSegment[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < source.length) {
      const start = TOKEN.lastIndex;
      const match = TOKEN.exec(source);
      if (!match || (start > 0 && match[3] !== undefined && match[2] === undefined) || (start === 0 && match[2] !== undefined)) {
        throw new RuntimeConfigurationError(subject, [
          { path: `ignorePaths.${position}`, message: `'${source}' is not a path pattern (use e.g. updatedAt, items[*].id, meta.*)` },
        ]);
      }
      const [, bracket, , key] = match;
      if (bracket === '*') segments.push('any-index');
      else if (bracket !== undefined && bracket.startsWith('"')) segments.push({ key: JSON.parse(bracket) as string });
      else if (bracket !== undefined) segments.push({ index: Number(bracket) });
      else segments.push(key === '*' ? 'any-key' : { key: key as string });
    }
    if (segments.length === 0) {
      throw new RuntimeConfigurationError(subject, [
        { path: `ignorePaths.${position}`, message: 'an empty pattern would ignore everything' },
      ]);
    }
    return { source, segments };
  });
}

/** True when the path is the pattern's path (and so everything below it is ignored too). */
export function matchesPattern(path: readonly PathSegment[], pattern: PathPattern): boolean {
  if (path.length !== pattern.segments.length) return false;
  for (let index = 0; index < path.length; index++) {
    const step = path[index] as PathSegment;
    const expected = pattern.segments[index] as PatternSegment;
    if (expected === 'any-key') {
      if (typeof step !== 'string') return false;
    } else if (expected === 'any-index') {
      if (typeof step !== 'number') return false;
    } else if ('key' in expected) {
      if (step !== expected.key) return false;
    } else if (step !== expected.index) return false;
  }
  return true;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `items[2].price`, `meta["odd key"]`; the root is `(root)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (IDENTIFIER.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}
