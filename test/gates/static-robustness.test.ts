import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { lintWithRules } from '../../gates/static/lint.js';
import { HOC_APP } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

/** TypeScript's own test inputs are full of these: every rule must give a finding or nothing, never a throw. */
const ODD_FILES: Record<string, string> = {
  'src/domains/policies/engines/syntax-error.ts': "export const = (x: number => x +;\nimport { Database } from 'better-sqlite3'\n",
  'src/domains/policies/engines/decorators.ts':
    'function sealed(target: Function) {}\nfunction log(_: unknown, __: ClassMethodDecoratorContext) {}\n@sealed\nexport class Threshold {\n  @log\n  decide(@inject() value: number): boolean { return value > 1; }\n}\ndeclare function inject(): ParameterDecorator;\n',
  'src/domains/policies/engines/view.tsx':
    'export const Badge = ({ level }: { level: string }) => <span className={level}>{level}</span>;\n',
  'src/domains/policies/engines/jsx-in-ts.ts': 'export const wrong = <div>{1}</div>;\n',
  'src/models/ambient.ts':
    "declare module 'legacy-lib' {\n  export function commit(): void;\n}\ndeclare global {\n  interface Window { tx: unknown }\n}\nexport declare const version: string;\nexport {};\n",
  'src/models/bom-crlf.ts': '\uFEFFexport const a = 1;\r\nexport const b = 2;\r\n',
  'src/models/empty.ts': '',
  'src/models/deep.ts': `export const deep = ${'['.repeat(2000)}${']'.repeat(2000)};\n`,
  'src/models/huge.ts': Array.from({ length: 20_000 }, (_, i) => `export const value${i} = ${i};`).join('\n'),
  'src/domains/policies/drivers/odd-sql.ts':
    "declare const db: { exec(sql: string): void; query(q: { text: string }): void };\nexport const a = () => db.exec(`/* unterminated comment`);\nexport const b = () => db.query({ text: `COMMIT ${'x'}` });\nexport const c = () => db.exec('\\u0000BEGIN');\n",
};

describe('static rules on odd input', () => {
  // Nesting deeper than ESLint's parser's stack is a parse error there; oxc parses it, and the rules judge it.
  const parseErrorsBy = {
    eslint: ['src/domains/policies/engines/jsx-in-ts.ts', 'src/domains/policies/engines/syntax-error.ts', 'src/models/deep.ts'],
    oxlint: ['src/domains/policies/engines/jsx-in-ts.ts', 'src/domains/policies/engines/syntax-error.ts'],
  } as const;

  it.each(['eslint', 'oxlint'] as const)(
    'never throw on %s: each odd file gives findings within itself, or none; a syntax error is a parse-error finding',
    async (engine) => {
      const project = temp(HOC_APP);
      for (const [file, text] of Object.entries(ODD_FILES)) project.write(file, text);
      const config = await loadConfig({ cwd: project.root });
      const files = Object.keys(ODD_FILES).map((file) => path.join(project.root, file));
      const { findings, filesChecked } = await lintWithRules(config, files, { engine });
      expect(filesChecked).toBe(files.length);
      for (const finding of findings) {
        expect(Object.keys(ODD_FILES)).toContain(finding.file);
        expect(finding.line).toBeGreaterThanOrEqual(0);
      }
      const parseErrors = findings
        .filter((finding) => finding.ruleId === 'plumbline/parse-error')
        .map((finding) => finding.file)
        .sort();
      expect(parseErrors).toEqual(parseErrorsBy[engine]);
      // What the rules can judge in odd files they still judge.
      expect(findings.filter((finding) => finding.ruleId === 'plumbline/transaction-boundaries').map((finding) => finding.line)).toEqual([
        3,
      ]);
    },
  );
});
