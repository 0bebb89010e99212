import { parseSync } from 'oxc-parser';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createOperationExtractor } from '../../analyzers/operations/extract.js';
import { ParsedFile } from '../../analyzers/parsed-file.js';
import { parseSource } from '../../analyzers/parser.js';

const extract = createOperationExtractor({ runtimeModules: ['@plumbline-kit/runtime'], executeMethods: ['execute'] });

function parsed(file: string, text: string): ParsedFile {
  const outcome = parseSource(parseSync, file, text);
  if (outcome.kind !== 'parsed') throw new Error(outcome.reason);
  return outcome.file;
}

/** TypeScript's own 1-based line and column of an offset: the convention findings kept from before the port. */
function typeScriptPosition(text: string, offset: number): { line: number; column: number } {
  const { line, character } = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest).getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

describe('the analyzers parser (oxc)', () => {
  it('reports columns in UTF-16 units after non-ASCII text, as TypeScript and ESLint do', () => {
    const text = "const note = 'café 🚀 ünïcödé'; /* 日本 */ registry.execute('billing.refund', {});\n";
    const [site] = extract(parsed('src/a.ts', text)).callSites;
    expect(site).toEqual({ method: 'execute', id: 'billing.refund', ...typeScriptPosition(text, text.indexOf("'billing.refund'")) });
    expect(site?.column).toBe(text.indexOf("'billing.refund'") + 1);
  });

  it('counts lines at LF, CRLF, CR, and the Unicode line and paragraph separators, as TypeScript does', () => {
    const text = "a();\r\nb();\rc();\u2028d();\u2029\nregistry.execute('x.y');\n";
    const [site] = extract(parsed('src/a.ts', text)).callSites;
    expect(site).toMatchObject(typeScriptPosition(text, text.indexOf("'x.y'")));
    expect(site?.line).toBe(6);
  });

  it('skips a file with a syntax error, with the place of the first error', () => {
    const outcome = parseSource(parseSync, 'src/broken.ts', 'const ok = 1;\nconst = 2;\nlet also = ;\n');
    expect(outcome).toEqual({ kind: 'skipped', reason: expect.stringMatching(/^syntax error at 2:7: \S/) as unknown });
  });

  it('reads JSX in .tsx and .js files, and not in .ts files, as TypeScript chose its script kind', () => {
    const jsx = 'export const view = <div>{1}</div>;\n';
    expect(parseSource(parseSync, 'src/view.tsx', jsx).kind).toBe('parsed');
    expect(parseSource(parseSync, 'src/view.js', jsx).kind).toBe('parsed');
    expect(parseSource(parseSync, 'src/view.ts', jsx).kind).toBe('skipped');
    // `<T>x` is a type assertion in a .ts file, not JSX.
    expect(parseSource(parseSync, 'src/cast.ts', 'export const n = <number>(1 as unknown);\n').kind).toBe('parsed');
  });

  it('keeps a BOM in the text, so offsets and snippets stay in step with the file', () => {
    const text = "\uFEFFregistry.execute('a.b');\n";
    const [site] = extract(parsed('src/bom.ts', text)).callSites;
    expect(site).toMatchObject(typeScriptPosition(text, text.indexOf("'a.b'")));
    expect(site?.column).toBe(19);
  });
});
