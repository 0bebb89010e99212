import { afterEach, describe, expect, it } from 'vitest';
import { builtModule, packagesLoadedBy } from '../helpers/loaded-packages.js';
import { makeTempProject } from '../helpers/temp-project.js';

const projects: Array<{ remove(): void }> = [];
afterEach(() => projects.splice(0).forEach((p) => p.remove()));

const HEAVY = ['eslint', 'typescript', 'ts-morph', '@typescript-eslint/parser'];

describe('plumbline check on oxlint', () => {
  it('loads neither ESLint nor TypeScript when nothing it runs needs them (rules on oxlint, no analyzers, no baseline)', async () => {
    const p = makeTempProject();
    projects.push(p);
    p.write('package.json', '{ "name": "p", "type": "module" }');
    p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] }, app: { paths: ['src/app/**'] } } }));
    p.write('src/core/c.ts', "import { a } from '../app/a.js';\nexport const c = a;\n");
    p.write('src/app/a.ts', 'export const a = 1;\n');
    const script =
      `const { runCheckCommand } = await import(${builtModule('dist/cli/check-command.js')});\n` +
      "await runCheckCommand([], { engine: 'oxlint', analyzers: false, cache: false, format: 'json' });\n";
    const { loaded, stdout } = await packagesLoadedBy(script, p.root);
    // The rules ran: the seeded layer violation is reported.
    const { findings } = JSON.parse(stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> };
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'plumbline/layer-boundaries', file: 'src/core/c.ts', line: 1 }));
    expect(loaded).toContain('@typescript-eslint/types');
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
    // A JSON config is read, not transpiled: jiti (and Babel) load only for a module config.
    expect(loaded).not.toContain('jiti');
  });

  it('parses for the analyzers with oxc, not TypeScript: a cold run on relative imports loads no TypeScript', async () => {
    const p = makeTempProject();
    projects.push(p);
    p.write('package.json', '{ "name": "p", "type": "module" }');
    p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] }, app: { paths: ['src/app/**'] } } }));
    // Non-ASCII text before the declaration: the column counts UTF-16 units, as ESLint does (33; UTF-8 bytes would give 36).
    p.write(
      'src/app/ops.ts',
      "import { defineOperation } from '@plumbline-kit/runtime';\nimport { c } from '../core/c.js';\n" +
        "/* café 🚀 */ export const op = defineOperation({ id: 'app.ship', owner: 'app', handler: () => c });\n",
    );
    p.write('src/core/c.ts', 'export const c = 1;\n');
    const script =
      `const { runCheckCommand } = await import(${builtModule('dist/cli/check-command.js')});\n` +
      "await runCheckCommand([], { engine: 'oxlint', cache: false, format: 'json' });\n";
    const { loaded, stdout } = await packagesLoadedBy(script, p.root);
    const { findings } = JSON.parse(stdout) as { findings: Array<{ ruleId: string; file: string; line: number; column: number }> };
    // The analyzers read the file: its operation is declared and never executed.
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: 'plumbline/operation-unreached', file: 'src/app/ops.ts', line: 3, column: 33 }),
    );
    expect(loaded.some((name) => name.startsWith('@oxc-parser/binding-'))).toBe(true);
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('imports neither ESLint nor TypeScript before it runs', async () => {
    const { loaded } = await packagesLoadedBy(`await import(${builtModule('dist/cli/check-command.js')});`);
    expect(loaded).toContain('commander');
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});

describe('the oxlint plugin', () => {
  it('imports neither jiti nor globby: oxlint starts it for every check, and the CLI hands it the resolved config', async () => {
    const { loaded } = await packagesLoadedBy(
      `const plugin = (await import(${builtModule('dist/rules/oxlint-plugin.js')})).default;\n` +
        "if (!plugin.rules['layer-boundaries']) throw new Error('no rules');\n",
    );
    expect(loaded).toContain('@typescript-eslint/utils');
    // globby's CommonJS dependencies stand for it (it is an ES module, which the report does not list).
    expect(loaded.filter((name) => ['jiti', 'fast-glob', 'micromatch', ...HEAVY].includes(name))).toEqual([]);
  });
});
