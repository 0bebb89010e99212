import { utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { findConfigFile, loadConfig, loadConfigSync } from '../../config/load.js';
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
    p.write('plumbline.config.ts', `import { defineConfig } from 'plumbline';\nconst mode: 'monitor' = 'monitor';\nexport default defineConfig({ layers: ${layers}, mode });\n`);
    const config = await loadConfig({ cwd: p.root });
    expect(config.mode).toBe('monitor');
    expect(config.configFile).toBe(`${p.root}/plumbline.config.ts`);
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

  it('accepts a JSON config that starts with a UTF-8 byte order mark, as Node\'s JSON tools do', async () => {
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
