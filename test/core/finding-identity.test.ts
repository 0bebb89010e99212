import { describe, expect, it } from 'vitest';
import { createIdentifier, type LocatedFinding } from '../../core/baseline/finding-identity.js';

const source = [
  "import { save } from '../drivers/store.js';", // 1
  'export class Ledger {', // 2
  '  private total = Date.now();', // 3
  '  constructor() { this.total = Math.random(); }', // 4
  '  get balance() { return Date.now(); }', // 5
  '  post(amount: number) {', // 6
  '    const stamp = Date.now();', // 7
  '    const helper = () => Math.random();', // 8
  '    return save(String(amount + stamp + helper()));', // 9
  '  }', // 10
  '}', // 11
  'export const rules = { weekend: () => new Date(), "odd key": 1 };', // 12
  'namespace Legacy { export function tick() { return Date.now(); } }', // 13
].join('\n');

const at = (line: number, column: number, extra: Partial<LocatedFinding> = {}): LocatedFinding => ({
  ruleId: 'r',
  message: 'm',
  file: 'src/a.ts',
  line,
  column,
  ...extra,
});

describe('finding identity', () => {
  const identify = createIdentifier((file) => (file === 'src/a.ts' ? source : undefined));
  const symbol = (line: number, column: number) => identify(at(line, column)).symbol;

  it('names the enclosing declarations, outermost first, without local variables', () => {
    expect(symbol(1, 22)).toBe('');
    expect(symbol(3, 19)).toBe('class Ledger > property total');
    expect(symbol(4, 33)).toBe('class Ledger > constructor');
    expect(symbol(5, 26)).toBe('class Ledger > get balance');
    expect(symbol(7, 19)).toBe('class Ledger > method post');
    expect(symbol(8, 26)).toBe('class Ledger > method post');
    expect(symbol(12, 39)).toBe('variable rules > property weekend');
    expect(symbol(13, 52)).toBe('namespace Legacy > function tick');
  });

  it('hashes the finding range, else the rest of the line, with whitespace collapsed', () => {
    const ranged = identify(at(7, 19, { endLine: 7, endColumn: 27 }));
    expect(ranged.code).toBe('Date.now');
    const unranged = identify(at(1, 22));
    expect(unranged.code).toBe("'../drivers/store.js';");
    // Re-indented and moved down two lines: same identity.
    const moved = createIdentifier(() => source.replace('    const stamp = Date.now();', '\n\n        const stamp = Date.now();'))(
      at(9, 23, { endLine: 9, endColumn: 31 }),
    );
    expect(moved).toEqual(ranged);
    const multiLine = createIdentifier(() => 'const x = [\n  1,\n  2,\n  3,\n  4];')(at(1, 11, { endLine: 5, endColumn: 6 }));
    expect(multiLine.code).toBe('[');
  });

  it('identifies project-wide findings by message with digits masked', () => {
    const a = identify({ ruleId: 'r', message: '3 operations unreached', file: '', line: 0, column: 0 });
    const b = identify({ ruleId: 'r', message: '4 operations unreached', file: '', line: 0, column: 0 });
    expect(a).toEqual({ ...b });
    expect(a.code).toBe('# operations unreached');
  });

  it('a file-level finding (1:1, no end: an orphan, a banned file) is identified by its message, not by line 1', () => {
    const orphan = {
      ruleId: 'depcruise/no-orphans',
      message: 'src/a.ts imports nothing and nothing imports it',
      file: 'src/a.ts',
      line: 1,
      column: 1,
    };
    const edited = createIdentifier(() => `// a new first line\n${source}`)(orphan);
    expect(edited).toEqual(identify(orphan));
    expect(edited).toMatchObject({ symbol: '', code: orphan.message });
  });

  it('a file that cannot be read, or a line past its end, still gives a stable identity', () => {
    const missing = identify({ ruleId: 'r', message: 'gone', file: 'src/missing.ts', line: 3, column: 1 });
    expect(missing).toMatchObject({ symbol: '', code: 'gone' });
    expect(identify(at(99, 99)).hash).toMatch(/^[0-9a-f]{12}$/);
  });
});
