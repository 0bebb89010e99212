import { createJiti } from 'jiti';
import { loadConfig } from '../../config/load.js';
import { SELF_IMPORT_ALIAS } from '../../config/package-info.js';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';

/**
 * loadConfig for tests that load the configs of many fixture copies. loadConfig re-evaluates the tool's own
 * modules on every load (so an editor sees config edits); from the sources that means transpiling the whole
 * tool once per config, seconds each. Here the tool's modules are loaded once and each config file (its own
 * path, its own relative imports) is still evaluated and resolved exactly as loadConfig resolves it.
 * Tests of loading itself use loadConfig.
 */
const jiti = createJiti(import.meta.url, { fsCache: false, interopDefault: true, alias: { ...SELF_IMPORT_ALIAS } });

export async function loadFixtureConfig(configFile: string): Promise<ResolvedConfig> {
  // A JSON config runs no code: loadConfig itself is cheap there.
  if (configFile.endsWith('.json')) return loadConfig({ configFile });
  return resolveConfig(await jiti.import(configFile, { default: true }), { configFile });
}
