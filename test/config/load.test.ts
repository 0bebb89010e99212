import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../config/define.js';
import { ConfigError } from '../../config/errors.js';
import { findConfigFile, loadConfig, loadConfigSync } from '../../config/load.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

const projects: Array<{ remove(): void }> = [];
function project() {
  const p = makeTempProject();
  projects.push(p);
  return p;
}
afterEach(() => projects.splice(0).forEach((p) => p.remove()));

const layers = "{ core: { paths: ['src/core/**'] } }";

describe('loadConfig', () => {
  it('loads a TypeScript config that imports defineConfig from plumbline', async () => {
    const p = project();
    p.write(
      'plumbline.config.ts',
      `import { defineConfig } from '@plumbline-kit/plumbline';\nconst mode: 'monitor' = 'monitor';\nexport default defineConfig({ layers: ${layers}, mode });\n`,
    );
    const config = await loadConfig({ cwd: p.root });
    expect(config.mode).toBe('monitor');
    expect(config.configFile).toBe(`${p.root}/plumbline.config.ts`);
  });

  // The config hands the tool it imported to the test through a global: the only way out of a config but its export.
  const SEEN = 'plumblineToolSeenByConfig';
  const recordingConfig =
    "import * as tool from '@plumbline-kit/plumbline';\n" +
    `(globalThis as Record<string, unknown>).${SEEN} = tool.defineConfig;\n` +
    `export default tool.defineConfig({ layers: ${layers} });\n`;

  it('gives a TypeScript config the tool as this process loaded it, not a second copy of it', async () => {
    const p = project();
    p.write('plumbline.config.ts', recordingConfig);
    const global = globalThis as Record<string, unknown>;
    delete global[SEEN];
    await loadConfig({ cwd: p.root });
    expect(global[SEEN]).toBe(defineConfig);
    delete global[SEEN];
  });

  it('gives a config loaded synchronously from the built tool (ESLint, oxlint) the loaded tool too', () => {
    const p = project();
    const file = p.write('plumbline.config.ts', recordingConfig);
    const dist = (module: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', module)).href);
    const script =
      `const { loadConfigSync } = await import(${dist('config/load.js')});\n` +
      `const { defineConfig } = await import(${dist('config/define.js')});\n` +
      `const config = loadConfigSync({ configFile: ${JSON.stringify(file)} });\n` +
      `console.log(config.layers[0].name, globalThis.${SEEN} === defineConfig);\n`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(output.trim()).toBe('core true');
  });

  it.each([
    ['plumbline.config.mjs', `export default { layers: ${layers} };`],
    ['plumbline.config.js', `export default { layers: ${layers} };`],
    ['plumbline.config.cjs', `module.exports = { layers: ${layers} };`],
    ['plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } })],
  ])('loads %s', async (name, text) => {
    const p = project();
    p.write('package.json', '{"type":"module"}');
    p.write(name, text);
    expect((await loadConfig({ cwd: p.root })).layers[0]?.name).toBe('core');
    expect(loadConfigSync({ cwd: p.root }).layers[0]?.name).toBe('core');
  });

  it('walks up from a nested folder, and --config wins over the search', async () => {
    const p = project();
    p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    p.write('other.json', JSON.stringify({ layers: { other: { paths: ['lib/**'] } } }));
    const nested = `${p.root}/src/core/deep`;
    p.write('src/core/deep/x.ts', '');
    expect(findConfigFile(nested)).toBe(`${p.root}/plumbline.config.json`);
    expect((await loadConfig({ cwd: nested })).layers[0]?.name).toBe('core');
    expect((await loadConfig({ cwd: nested, configFile: `${p.root}/other.json` })).layers[0]?.name).toBe('other');
  });

  it('turns a missing file, a syntax error and a throwing config into ConfigError', async () => {
    const p = project();
    await expect(loadConfig({ cwd: p.root, configFile: 'nope.ts' })).rejects.toThrow(/config file not found/);
    p.write('broken.json', '{ "layers": ');
    await expect(loadConfig({ cwd: p.root, configFile: 'broken.json' })).rejects.toThrow(/not valid JSON/);
    p.write('syntax.ts', 'export default { layers: ');
    await expect(loadConfig({ cwd: p.root, configFile: 'syntax.ts' })).rejects.toBeInstanceOf(ConfigError);
    p.write('throws.mjs', "throw new Error('boom');");
    await expect(loadConfig({ cwd: p.root, configFile: 'throws.mjs' })).rejects.toThrow(/could not be loaded: boom/);
  });

  it("accepts a JSON config that starts with a UTF-8 byte order mark, as Node's JSON tools do", async () => {
    const p = project();
    p.write('plumbline.config.json', `\uFEFF${JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } })}`);
    expect((await loadConfig({ cwd: p.root })).layers[0]?.name).toBe('core');
    expect(loadConfigSync({ cwd: p.root }).layers[0]?.name).toBe('core');
  });

  it.each([
    ['plumbline.config.mjs', 'export default undefined;', /the config exports nothing/],
    ['plumbline.config.ts', 'export default undefined;', /the config exports nothing/],
    ['plumbline.config.ts', 'export const layers = {};', /the config has no default export/],
  ])('says what is wrong when %s exports nothing usable (%s)', async (name, text, expected) => {
    const p = project();
    p.write(name, text);
    await expect(loadConfig({ cwd: p.root })).rejects.toThrow(expected);
    expect(() => loadConfigSync({ cwd: p.root })).toThrow(expected);
    await expect(loadConfig({ cwd: p.root })).rejects.not.toThrow(/unknown field/);
  });

  it('stops the search at the repository root (.git, else package.json), never reading a config above it', async () => {
    const p = project();
    p.write('plumbline.config.mjs', `export default { layers: ${layers} };`);
    for (const marker of ['.git', 'package.json']) {
      const repo = path.join(p.root, `repo-${marker}`);
      if (marker === '.git') mkdirSync(path.join(repo, '.git'), { recursive: true });
      else p.write(`repo-${marker}/package.json`, '{}');
      p.write(`repo-${marker}/src/a.ts`, '');
      expect(findConfigFile(path.join(repo, 'src'))).toBeUndefined();
      await expect(loadConfig({ cwd: path.join(repo, 'src') })).rejects.toThrow(/found in .* up to the repository root/);
    }
  });

  it('refuses a found config that others could have written, unless --config names it', async () => {
    const p = project();
    p.write('package.json', '{}');
    const file = p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    chmodSync(p.root, 0o777);
    await expect(loadConfig({ cwd: p.root })).rejects.toThrow(/not loaded: its folder .* is writable by every user; name it with --config/);
    expect(() => loadConfigSync({ cwd: p.root })).toThrow(/writable by every user/);
    expect((await loadConfig({ cwd: p.root, configFile: file })).layers[0]?.name).toBe('core');
    chmodSync(p.root, 0o755);
    chmodSync(file, 0o666);
    await expect(loadConfig({ cwd: p.root })).rejects.toThrow(/not loaded: the file is writable by every user/);
    chmodSync(file, 0o644);
    expect((await loadConfig({ cwd: p.root })).layers[0]?.name).toBe('core');
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a found config owned by another user (run as root: files can be given away)', async () => {
    const p = project();
    p.write('package.json', '{}');
    const file = p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    chownSync(file, 65534, 65534);
    await expect(loadConfig({ cwd: p.root })).rejects.toThrow(/not loaded: the file is owned by another user \(uid 65534\)/);
    expect((await loadConfig({ cwd: p.root, configFile: file })).layers[0]?.name).toBe('core');
  });

  it('says which config it loaded, and warns when several sit side by side', async () => {
    const p = project();
    p.write('plumbline.config.ts', `export default { layers: ${layers}, mode: 'monitor' };`);
    p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    const lines: string[] = [];
    const config = await loadConfig({ cwd: p.root, notify: (line) => lines.push(line) });
    expect(config.mode).toBe('monitor');
    expect(lines).toEqual([
      `warning: several config files in ${p.root} (plumbline.config.ts, plumbline.config.json); using plumbline.config.ts`,
      `config ${p.root}/plumbline.config.ts`,
    ]);
  });

  it('sees an edited config in the same process (editor sessions)', () => {
    const p = project();
    p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } } }));
    expect(loadConfigSync({ cwd: p.root }).mode).toBe('strict');
    const file = p.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } }, mode: 'monitor' }));
    // Make the change visible even on file systems with coarse mtimes.
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(loadConfigSync({ cwd: p.root }).mode).toBe('monitor');
  });
});
