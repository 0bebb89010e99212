import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAnalyzedFiles } from '../../analyzers/source-files.js';
import { loadConfig } from '../../config/load.js';
import { listSourceFiles } from '../../config/source-files.js';
import { makeTempProject } from '../helpers/temp-project.js';
import { analyze, OPERATIONS_PROJECT } from './operations-project.js';

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));

describe('the files the analyzers read', () => {
  it('are the files the static gate lints, .gitignore files (parent, nested, negated) included', async () => {
    const repo = makeTempProject();
    temps.push(repo);
    mkdirSync(path.join(repo.root, '.git'));
    repo.write('.gitignore', 'generated/\n');
    const app = path.join(repo.root, 'packages/app');
    cpSync(OPERATIONS_PROJECT, app, { recursive: true });
    repo.write('packages/app/.gitignore', '*.gen.ts\n!keep.gen.ts\n');
    repo.write('packages/app/src/features/billing/legacy/.gitignore', 'old.ts\n');
    repo.write('packages/app/src/features/billing/legacy/old.ts', 'export const old = 1;\n');
    repo.write('packages/app/src/features/billing/legacy/current.ts', 'export const current = 1;\n');
    repo.write('packages/app/src/features/billing/rates.gen.ts', 'export const rates = 1;\n');
    repo.write('packages/app/src/features/billing/keep.gen.ts', 'export const kept = 1;\n');
    repo.write('packages/app/src/generated/client.ts', 'export const client = 1;\n');
    const config = await loadConfig({ cwd: app });
    const analyzed = listAnalyzedFiles(config);
    expect(analyzed).toEqual(await listSourceFiles(config));
    const relative = analyzed.map((file) => path.relative(app, file).split(path.sep).join('/'));
    expect(relative).toContain('src/features/billing/keep.gen.ts');
    expect(relative).toContain('src/features/billing/legacy/current.ts');
    for (const hidden of ['src/features/billing/legacy/old.ts', 'src/features/billing/rates.gen.ts', 'src/generated/client.ts']) {
      expect(relative).not.toContain(hidden);
    }
  });

  it('leave out an ignored file even when it would add findings', async () => {
    const repo = makeTempProject(OPERATIONS_PROJECT);
    temps.push(repo);
    repo.write('.gitignore', 'src/scratch/\n');
    repo.write(
      'src/scratch/dup.ts',
      "import { defineOperation } from '@plumbline-kit/runtime';\nexport const d = defineOperation({ id: 'billing.refund', owner: 'billing', handler: () => 1 });\n",
    );
    expect((await analyze(repo.root)).findings).toEqual([]);
  });

  it('does not follow directory symlinks: a loop lists each file once, so no finding is multiplied', async () => {
    const project = makeTempProject();
    temps.push(project);
    project.write('plumbline.config.json', JSON.stringify({ layers: { models: { paths: ['src/models/**'] } } }));
    project.write('src/models/a.ts', 'export const a = 1;\n');
    project.write('src/models/b.ts', 'export const b = 1;\n');
    symlinkSync('..', path.join(project.root, 'src/models/loop'), 'dir');
    // A symlinked file is still a source file; a dangling link is none.
    symlinkSync('a.ts', path.join(project.root, 'src/models/c.ts'), 'file');
    symlinkSync('gone.ts', path.join(project.root, 'src/models/d.ts'), 'file');
    const config = await loadConfig({ cwd: project.root });
    const expected = ['src/models/a.ts', 'src/models/b.ts', 'src/models/c.ts'].map((file) => path.join(project.root, file));
    expect(listSourceFiles(config)).toEqual(expected);
    expect(listAnalyzedFiles(config)).toEqual(expected);
  });
});
