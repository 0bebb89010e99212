import { readFileSync } from 'node:fs';
import { escapeRegExp } from './escape-regexp.js';

/**
 * Where a finding about a setting, a table or a drill points: the line of the
 * file (config, contract, drill) that names it, found in the text. Good enough
 * to point a reader at the right line; the values come from the loaded module.
 */

/** The lines of a file, or none when there is no file or it cannot be read (the finding then points at line 0). */
export function readLines(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return splitLines(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The 1-based number of the first line at or after line index `from` that matches; 0 when none does. */
export function lineMatching(lines: readonly string[], test: RegExp | ((line: string) => boolean), from = 0): number {
  const matches = typeof test === 'function' ? test : (line: string) => test.test(line);
  for (let index = Math.max(from, 0); index < lines.length; index += 1) if (matches(lines[index] ?? '')) return index + 1;
  return 0;
}

/** A property key as written in an object literal: `name:`, `'name':`, `"name":` after a line start, a space, `{` or `,`. */
export function keyPattern(key: string): RegExp {
  return new RegExp(`(^|[\\s{,])['"]?${escapeRegExp(key)}['"]?\\s*:`);
}
