/**
 * Project-relative globs (picomatch syntax with `dot: true`, as the rest of
 * Plumbline reads them) as regular expressions for dependency-cruiser, which
 * matches module paths with regexes only.
 *
 * Not picomatch's own `makeRe`: its output nests quantifiers (`(?:(?!…).)*?`
 * inside repeated groups), and dependency-cruiser refuses such patterns with
 * its safe-regex check. Every pattern built here repeats at most one level deep.
 */

export class GlobConversionError extends Error {
  override name = 'GlobConversionError';
}

export interface GlobRegex {
  /** The regex source; matches a project-relative path with forward slashes. */
  source: string;
  /** How many quantifiers the source holds (safe-regex caps a filter at 25). */
  repetitions: number;
}

/** One glob as a regex. Throws GlobConversionError for syntax with no safe regex form. */
export function globToRegex(glob: string): GlobRegex {
  if (glob.length === 0) throw new GlobConversionError('a glob must not be empty');
  if (glob.startsWith('!') && !glob.startsWith('!(')) {
    throw new GlobConversionError(`negated glob '${glob}' is not supported here: list the files to leave out under exclude`);
  }
  let body = glob.replace(/^\.\//, '');
  // A trailing `/**` becomes an anchor alternative instead of `.*`: same meaning, one
  // quantifier fewer. A leading `**/` refuses `../`: picomatch's `**` never matches a
  // `..` segment, so paths outside the root (`../../node_modules/x`) stay unmatched.
  let head = '^';
  let tail = '$';
  if (body === '**') return { source: '^(?!\\.\\./).*$', repetitions: 1 };
  if (body.startsWith('**/')) {
    head = '^(?!\\.\\./)(?:.*/|)';
    body = body.slice(3);
  }
  if (body.endsWith('/**')) {
    tail = '(?:/|$)';
    body = body.slice(0, -3);
  }
  const converted = convert(body, glob);
  const headRepetitions = head === '^' ? 0 : 1;
  return { source: `${head}${converted.source}${tail}`, repetitions: converted.repetitions + headRepetitions };
}

/** Several globs as one regex that matches a path when any glob does; undefined for none. */
export function globsToRegex(globs: readonly string[]): GlobRegex | undefined {
  if (globs.length === 0) return undefined;
  const parts = [...new Set(globs)].map(globToRegex);
  if (parts.length === 1) return parts[0];
  return {
    source: parts.map((part) => `(?:${part.source})`).join('|'),
    repetitions: parts.reduce((sum, part) => sum + part.repetitions, 0),
  };
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/;

function escapeChar(char: string): string {
  return REGEX_SPECIAL.test(char) ? `\\${char}` : char;
}

/** Converts a glob body (no anchors) into a regex body. */
function convert(body: string, glob: string): GlobRegex {
  let source = '';
  let repetitions = 0;
  let index = 0;
  const atSegmentStart = () => index === 0 || body[index - 1] === '/';

  while (index < body.length) {
    const char = body[index] as string;
    const next = body[index + 1];

    if (char === '\\') {
      if (next === undefined) throw new GlobConversionError(`glob '${glob}' ends with a lone backslash`);
      source += escapeChar(next);
      index += 2;
      continue;
    }
    if ('@!+*?'.includes(char) && next === '(') {
      throw new GlobConversionError(
        `extglob '${char}(…)' in '${glob}' is not supported for dependency-cruiser: write the alternatives with braces, e.g. '{a,b}'`,
      );
    }
    if (char === '(' || char === ')' || char === '|') {
      throw new GlobConversionError(
        `'${char}' in '${glob}' is regex syntax, not glob syntax: escape it as '\\${char}' or use braces, e.g. '{a,b}'`,
      );
    }
    if (char === '*' && next === '*' && atSegmentStart() && (body[index + 2] === '/' || index + 2 === body.length)) {
      // A globstar segment: any number of folders, including none.
      if (index + 2 === body.length) {
        source += '.*';
        index += 2;
      } else {
        source += '(?:.*/|)';
        index += 3;
      }
      repetitions += 1;
      continue;
    }
    if (char === '*') {
      let end = index;
      while (body[end] === '*') end += 1;
      const wholeSegment = atSegmentStart() && (end === body.length || body[end] === '/');
      // picomatch: a `*` that is a whole segment needs at least one character.
      source += wholeSegment ? '[^/]+' : '[^/]*';
      repetitions += 1;
      index = end;
      continue;
    }
    if (char === '?') {
      source += '[^/]';
      index += 1;
      continue;
    }
    if (char === '[') {
      const end = classEnd(body, index);
      if (end === undefined) {
        source += '\\[';
        index += 1;
        continue;
      }
      source += convertClass(body.slice(index + 1, end), glob);
      index = end + 1;
      continue;
    }
    if (char === '{') {
      const end = braceEnd(body, index);
      const alternatives = end === undefined ? [] : splitTopLevel(body.slice(index + 1, end));
      if (alternatives.some((alternative) => /^-?\d+\.\.-?\d+$|^[a-z]\.\.[a-z]$/i.test(alternative))) {
        throw new GlobConversionError(`brace range in '${glob}' is not supported: list the values, e.g. '{1,2,3}'`);
      }
      if (end === undefined || alternatives.length < 2) {
        // `{a}` and an unclosed `{` are literal text for picomatch too.
        source += '\\{';
        index += 1;
        continue;
      }
      const parts = alternatives.map((alternative) => convert(alternative, glob));
      source += `(?:${parts.map((part) => part.source).join('|')})`;
      repetitions += parts.reduce((sum, part) => sum + part.repetitions, 0);
      index = end + 1;
      continue;
    }
    source += escapeChar(char);
    index += 1;
  }
  return { source, repetitions };
}

/** Index of the `]` closing a class opened at `start`, or undefined if there is none. */
function classEnd(body: string, start: number): number | undefined {
  let index = start + 1;
  if (body[index] === '^') index += 1;
  if (body[index] === ']') index += 1;
  for (; index < body.length; index += 1) {
    if (body[index] === '\\') index += 1;
    else if (body[index] === ']') return index;
    else if (body[index] === '/') return undefined;
  }
  return undefined;
}

function convertClass(inner: string, glob: string): string {
  if (/\[:\w+:\]/.test(`[${inner}]`) || inner.includes('[:')) {
    throw new GlobConversionError(`POSIX character class in '${glob}' is not supported: write the characters, e.g. '[a-z]'`);
  }
  if (inner.startsWith('!')) {
    throw new GlobConversionError(`'[!…]' in '${glob}' is ambiguous (picomatch reads it as the characters '!' and the rest): write '[^…]'`);
  }
  let negated = false;
  let rest = inner;
  if (rest.startsWith('^')) {
    negated = true;
    rest = rest.slice(1);
  }
  // Inside a class only `\`, `]` and `^` (and `-` at the edges, which regexes read alike) need care.
  const escaped = rest
    .replace(/\\(.)/g, (_, ch: string) => `\\${ch}`)
    .replace(/(?<!\\)\]/g, '\\]')
    .replace(/^\^/, '\\^');
  return negated ? `[^/${escaped}]` : `[${escaped}]`;
}

/** Index of the `}` closing a brace opened at `start`, honouring nesting and escapes. */
function braceEnd(body: string, start: number): number | undefined {
  let depth = 0;
  for (let index = start; index < body.length; index += 1) {
    const char = body[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return undefined;
}

/** Splits brace contents on commas that are not inside a nested brace. */
function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index] as string;
    if (char === '\\') {
      current += char + (inner[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}
