import { describe, expect, it } from 'vitest';
import { canaryBucket, deepDiff, fnv1a32, RuntimeConfigurationError } from '../../runtime/index.js';
import { compilePathPatterns } from '../../runtime/compare/path-pattern.js';

const diff = (a: unknown, b: unknown, ignore: string[] = [], limit?: number) =>
  deepDiff(a, b, { ignore: compilePathPatterns('test', ignore), ...(limit ? { limit } : {}) });

describe('deepDiff', () => {
  it('finds no difference between deeply equal values', () => {
    const value = { a: [1, { b: 'x', c: null }], d: new Date('2026-01-01'), e: new Map([['k', { v: 1 }]]), f: new Set([1, 2]) };
    expect(diff(value, structuredClone(value))).toEqual({ paths: [], truncated: false });
    expect(diff(Number.NaN, Number.NaN).paths).toEqual([]);
  });

  it('reports the paths that differ, sorted, with indices and quoted odd keys', () => {
    const current = {
      total: 10,
      items: [
        { id: 'a', price: 5 },
        { id: 'b', price: 5 },
      ],
      'odd key': 1,
      meta: { at: 1 },
    };
    const candidate = {
      total: 11,
      items: [
        { id: 'a', price: 5 },
        { id: 'b', price: 6 },
        { id: 'c', price: 0 },
      ],
      'odd key': 2,
      meta: { at: 1 },
    };
    expect(diff(current, candidate).paths).toEqual(['["odd key"]', 'items[1].price', 'items[2]', 'total']);
  });

  it('reports the root when the values have different types or classes', () => {
    expect(diff(1, '1').paths).toEqual(['(root)']);
    expect(diff([], {}).paths).toEqual(['(root)']);
    expect(diff(new Date(0), { getTime: () => 0 }).paths).toEqual(['(root)']);
    expect(diff(null, {}).paths).toEqual(['(root)']);
  });

  it('treats a property holding undefined as missing, like JSON', () => {
    expect(diff({ a: 1, b: undefined }, { a: 1 }).paths).toEqual([]);
    expect(diff({ a: 1 }, { a: 1, b: 2 }).paths).toEqual(['b']);
  });

  it('visits keys sorted whatever their order, and tells apart same-size records with other keys', () => {
    const seen: string[] = [];
    deepDiff({ b: 1, a: 2, c: 3 }, { c: 4, a: 5, b: 6 }, { onDifference: (path) => seen.push(String(path[0])) });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(diff({ a: 1, b: 2 }, { a: 1, c: 2 }).paths).toEqual(['b', 'c']);
    expect(diff({ a: 1, b: undefined }, { a: 1, c: undefined }).paths).toEqual([]);
    expect(diff({ a: 1, b: undefined }, { a: 1, b: 2 }).paths).toEqual(['b']);
  });

  it('compares dates by time, sets by membership, maps by key, typed arrays by bytes', () => {
    expect(diff({ at: new Date(1) }, { at: new Date(2) }).paths).toEqual(['at']);
    expect(diff(new Set([1, 2]), new Set([2, 1])).paths).toEqual([]);
    expect(diff(new Set([1, 2]), new Set([1, 3])).paths).toEqual(['(root)']);
    expect(diff(new Set([{ a: 1 }]), new Set([{ a: 1 }])).paths).toEqual([]);
    expect(
      diff(
        new Map([
          ['x', 1],
          ['y', 2],
        ]),
        new Map([
          ['x', 1],
          ['z', 2],
        ]),
      ).paths,
    ).toEqual(['y', 'z']);
    expect(diff(new Uint8Array([1, 2]), new Uint8Array([1, 3])).paths).toEqual(['(root)']);
  });

  it('ignores paths matched by patterns, including wildcards and whole subtrees', () => {
    const current = {
      updatedAt: 1,
      items: [
        { id: 'x1', n: 1 },
        { id: 'x2', n: 2 },
      ],
      meta: { trace: 'a', host: 'h1' },
      list: [1, 2],
    };
    const candidate = {
      updatedAt: 2,
      items: [
        { id: 'y1', n: 1 },
        { id: 'y2', n: 3 },
      ],
      meta: { trace: 'b', host: 'h2' },
      list: [1, 2, 3],
    };
    expect(diff(current, candidate).paths).toEqual([
      'items[0].id',
      'items[1].id',
      'items[1].n',
      'list[2]',
      'meta.host',
      'meta.trace',
      'updatedAt',
    ]);
    expect(diff(current, candidate, ['updatedAt', 'items[*].id', 'meta', 'list[2]']).paths).toEqual(['items[1].n']);
    expect(diff(current, candidate, ['meta.*', 'items[1]']).paths).toEqual(['items[0].id', 'list[2]', 'updatedAt']);
  });

  it('caps the number of paths and says so, deterministically', () => {
    const a = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${String(index).padStart(2, '0')}`, index]));
    const b = Object.fromEntries(
      Object.entries(a)
        .reverse()
        .map(([key, value]) => [key, value + 1]),
    );
    const result = diff(a, b, [], 5);
    expect(result).toEqual({ paths: ['k00', 'k01', 'k02', 'k03', 'k04'], truncated: true });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 2 };
    b.self = b;
    expect(diff(a, b).paths).toEqual(['n']);
  });

  it('rejects malformed ignore patterns with a clear error', () => {
    for (const pattern of ['a..b', '.a', 'a[x]', 'items[0]id', '']) {
      expect(() => compilePathPatterns('shadow', [pattern])).toThrow(RuntimeConfigurationError);
    }
    expect(() => compilePathPatterns('shadow', ['ok', 'a..b'])).toThrow(/ignorePaths\.1: 'a\.\.b' is not a path pattern/);
    expect(compilePathPatterns('shadow', ['["odd key"].x[3]'])[0]?.segments).toEqual([{ key: 'odd key' }, { key: 'x' }, { index: 3 }]);
  });
});

describe('stable hash and canary buckets', () => {
  it('is FNV-1a 32 over UTF-8 (known vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
  });

  it('puts keys in [0, 100), depends on the operation, and spreads them evenly', () => {
    expect(canaryBucket('a.b', 'tenant-1')).toBe(canaryBucket('a.b', 'tenant-1'));
    expect(canaryBucket('a.b', 'tenant-1')).not.toBe(canaryBucket('a.c', 'tenant-1'));
    const buckets = Array.from({ length: 10_000 }, (_, index) => canaryBucket('policies.evaluate', `tenant-${index}`));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(100);
    const underTen = buckets.filter((bucket) => bucket < 10).length;
    // Deterministic (fixed keys): the share is checked against the hash, not luck.
    expect(underTen).toBeGreaterThan(850);
    expect(underTen).toBeLessThan(1150);
  });
});
