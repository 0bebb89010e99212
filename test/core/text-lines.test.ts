import { describe, expect, it } from 'vitest';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { keyPattern, lineMatching, readLines, splitLines } from '../../core/text-lines.js';

describe('the line of a file that names something', () => {
  const lines = splitLines("export default {\r\n  'a.b': 1,\n  axb: 2,\n  tables: {\n    orders: {},\n  },\n};");

  it('is 1-based, searches from a line index, and is 0 when nothing matches', () => {
    expect(lineMatching(lines, keyPattern('orders'))).toBe(5);
    expect(lineMatching(lines, keyPattern('orders'), 5)).toBe(0);
    expect(lineMatching(lines, (line) => line.includes('tables'))).toBe(4);
    expect(lineMatching(lines, keyPattern('missing'))).toBe(0);
  });

  it('reads a key literally: a dot in a key is a dot, quotes are optional', () => {
    expect(lineMatching(lines, keyPattern('a.b'))).toBe(2);
    expect(lineMatching(lines, keyPattern('a?b'))).toBe(0);
    expect(lineMatching(lines, keyPattern('axb'))).toBe(3);
    expect(new RegExp(`^${escapeRegExp('a.*+?^${}()|[]\\b')}$`).test('a.*+?^${}()|[]\\b')).toBe(true);
  });

  it('has no lines for a file that is not named or cannot be read', () => {
    expect(readLines(undefined)).toEqual([]);
    expect(readLines('/nonexistent/plumbline.config.ts')).toEqual([]);
  });
});
