import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configTranspileCacheDir, loadConfig } from '../../config/load.js';
import { makeTempProject } from '../helpers/temp-project.js';

const projects: Array<{ remove(): void }> = [];
function project() {
  const p = makeTempProject();
  projects.push(p);
  return p;
}
afterEach(() => projects.splice(0).forEach((p) => p.remove()));

/** A TypeScript config (type annotations: it must be transpiled) importing a project file for its mode. */
function writeConfig(p: ReturnType<typeof makeTempProject>, mode: string, corePaths = 'src/core/**'): void {
  p.write('settings.ts', `export const mode: 'strict' | 'monitor' = '${mode}';\n`);
  p.write(
    'plumbline.config.ts',
    "import { defineConfig } from '@plumbline-kit/plumbline';\nimport { mode } from './settings.js';\n" +
      `const core: string = '${corePaths}';\nexport default defineConfig({ layers: { core: { paths: [core] } }, mode });\n`,
  );
}

/** The cache entries of one transpiled file (jiti names them after the file), in the folder of the installed jiti. */
function entriesOf(cacheDir: string, name: string): string[] {
  const [release, ...others] = readdirSync(cacheDir);
  expect(others).toEqual([]);
  expect(release).toMatch(/^jiti-\d+\.\d+\.\d+/);
  const dir = path.join(cacheDir, release as string);
  return readdirSync(dir)
    .filter((entry) => entry.includes(`-${name}.`))
    .map((entry) => path.join(dir, entry));
}

describe('the transpiled config cache (plumbline check)', () => {
  it('keeps the transpiled config and the files it imports, and serves them while their sources are unchanged', async () => {
    const p = project();
    writeConfig(p, 'monitor');
    const cold = await loadConfig({ cwd: p.root, transpileCache: true });
    const dir = configTranspileCacheDir(cold.configFile as string);
    const [configEntry] = entriesOf(dir, 'plumbline.config');
    expect(configEntry).toBeDefined();
    expect(entriesOf(dir, 'settings')).toHaveLength(1);

    const warm = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(warm.hash).toBe(cold.hash);

    // Proof that the entry is what ran: an entry edited behind the cache's back (its source unchanged) is served.
    const entry = readFileSync(configEntry as string, 'utf8');
    expect(entry).toContain("'src/core/**'");
    writeFileSync(configEntry as string, entry.replace("'src/core/**'", "'src/planted/**'"));
    const served = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(served.layers.find((layer) => layer.name === 'core')?.paths).toEqual(['src/planted/**']);
  });

  it('never serves a stale config: an edit of the config or of a file it imports is transpiled again', async () => {
    const p = project();
    writeConfig(p, 'monitor');
    await loadConfig({ cwd: p.root, transpileCache: true });

    writeConfig(p, 'monitor', 'src/domain/**');
    const editedConfig = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(editedConfig.layers.find((layer) => layer.name === 'core')?.paths).toEqual(['src/domain/**']);
    expect(editedConfig.hash).toBe((await loadConfig({ cwd: p.root })).hash);

    writeConfig(p, 'strict', 'src/domain/**');
    const editedImport = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(editedImport.mode).toBe('strict');
    expect(editedImport.hash).toBe((await loadConfig({ cwd: p.root })).hash);
  });

  it('treats a corrupt or cut-short entry as a miss, not a crash', async () => {
    const p = project();
    writeConfig(p, 'monitor');
    const cold = await loadConfig({ cwd: p.root, transpileCache: true });
    const dir = configTranspileCacheDir(cold.configFile as string);
    for (const entry of [...entriesOf(dir, 'plumbline.config'), ...entriesOf(dir, 'settings')]) {
      const text = readFileSync(entry, 'utf8');
      // A write cut short loses the trailing source hash; garbage has none either.
      writeFileSync(entry, entry.includes('settings') ? '\u0000garbage{{{' : text.slice(0, Math.floor(text.length / 2)));
    }
    const again = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(again.hash).toBe(cold.hash);
    expect(again.mode).toBe('monitor');

    // An entry jiti can neither read nor replace (a folder in its place): the config loads without the cache.
    for (const entry of entriesOf(dir, 'plumbline.config')) {
      rmSync(entry);
      mkdirSync(entry);
    }
    const blocked = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(blocked.hash).toBe(cold.hash);
  });

  it('is not used when others may write to it, and not kept at all without the option (--no-cache)', async () => {
    const p = project();
    writeConfig(p, 'monitor');
    const cold = await loadConfig({ cwd: p.root, transpileCache: true });
    const dir = configTranspileCacheDir(cold.configFile as string);
    const [configEntry] = entriesOf(dir, 'plumbline.config');
    writeFileSync(configEntry as string, readFileSync(configEntry as string, 'utf8').replace("'src/core/**'", "'src/planted/**'"));
    chmodSync(path.dirname(configEntry as string), 0o777);
    const untrusted = await loadConfig({ cwd: p.root, transpileCache: true });
    expect(untrusted.layers.find((layer) => layer.name === 'core')?.paths).toEqual(['src/core/**']);

    const other = project();
    writeConfig(other, 'monitor');
    await loadConfig({ cwd: other.root });
    expect(existsSync(path.join(other.root, '.plumbline'))).toBe(false);
  });
});
