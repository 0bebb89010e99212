import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../../cli/check-command.js';
import { listSourceFiles } from '../../config/source-files.js';
import { loadConfig } from '../../config/load.js';
import { CLI_BIN } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

/**
 * Two `plumbline check` processes on one project at once both finish with the
 * right findings and leave whole caches (each run writes its caches to a
 * private file and renames it into place); a later warm run reads them and
 * agrees; a corrupt cache is a cold run, never a wrong one.
 */

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));

function check(cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // ESLint's own result cache is what the concurrent runs share here (the oxlint cache: test/gates/static-engine.test.ts).
    const args = [CLI_BIN, 'check', '--format', 'json', '--engine', 'eslint'];
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> }).findings.map(
    (f) => `${f.ruleId} ${f.file}:${f.line}`,
  );

describe('plumbline check: concurrent runs and caches', () => {
  it('two runs at once give the right findings and whole caches; a warm run agrees; a corrupt cache is a cold run', async () => {
    const project = makeTempProject();
    temps.push(project);
    project.write(
      'plumbline.config.json',
      JSON.stringify({
        include: ['src/**/*.ts'],
        layers: {
          api: { paths: ['src/api/**'], mayImport: ['core'] },
          core: { paths: ['src/core/**'], mayImport: ['store'] },
          store: { paths: ['src/store/**'] },
        },
        transactions: { owners: ['core'] },
        // No layer here is pure, and the config says so (else check warns that engine-purity checks nothing).
        engines: { layers: [] },
      }),
    );
    for (let i = 0; i < 12; i++) project.write(`src/store/table${i}.ts`, `export const table${i} = { name: 'table${i}', rows: [${i}] };\n`);
    project.write('src/core/service.ts', "import { table1 } from '../store/table1.js';\nexport const count = () => table1.rows.length;\n");
    // Two violations: api reaches store directly, and store commits a transaction it does not own.
    project.write(
      'src/api/route.ts',
      "import { count } from '../core/service.js';\nimport { table2 } from '../store/table2.js';\nexport const route = () => count() + table2.rows.length;\n",
    );
    project.write('src/store/commit.ts', 'export function save(db: { commit(): void }): void {\n  db.commit();\n}\n');
    const expected = ['plumbline/layer-boundaries src/api/route.ts:2', 'plumbline/transaction-boundaries src/store/commit.ts:2'];

    const [first, second] = await Promise.all([check(project.root), check(project.root)]);
    for (const run of [first, second]) {
      expect(run.status, run.stderr).toBe(1);
      expect(findingsOf(run.stdout)).toEqual(expected);
    }
    const cacheDir = path.join(project.root, '.plumbline/cache');
    const eslintCache = path.join(cacheDir, 'eslint/results.json');
    // Whole files only: each parses, and no private temporary file is left behind.
    expect(() => JSON.parse(readFileSync(eslintCache, 'utf8'))).not.toThrow();
    for (const name of readdirSync(path.join(cacheDir, 'analyzers'))) {
      expect(name).toMatch(/^\w+\.json$/);
      expect(() => JSON.parse(readFileSync(path.join(cacheDir, 'analyzers', name), 'utf8'))).not.toThrow();
    }
    expect(readdirSync(path.join(cacheDir, 'eslint'))).toEqual(['results.json']);

    // A third run with both caches on (in-process: one CLI start less) agrees.
    const config = await loadConfig({ cwd: project.root });
    const files = await listSourceFiles(config);
    const warm = await checkFiles(config, files, { cache: true, analyzers: true, engine: 'eslint' });
    expect(warm.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(expected);
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(second.stdout));

    // An ESLint cache cut in half (a killed writer of an older version, a full disk): the run is cold and right,
    // and rewrites it whole. In-process, to keep the test short (the analyzer cache's own corruption tests: test/analyzers/cache.test.ts).
    const text = readFileSync(eslintCache, 'utf8');
    writeFileSync(eslintCache, text.slice(0, Math.floor(text.length / 2)));
    const { findings } = await checkFiles(config, files, { cache: true, analyzers: false, engine: 'eslint' });
    expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(expected);
    expect(JSON.parse(readFileSync(eslintCache, 'utf8'))).toBeTruthy();
    expect(readdirSync(path.join(cacheDir, 'eslint'))).toEqual(['results.json']);
  });
});
