import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { ConfigError } from '../config/errors.js';
import { findConfigFile, loadConfigSync } from '../config/load.js';
import { getProjectMatcher, type ProjectMatcher } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';

/** What a flat config may put under `settings.plumbline`. */
export interface PlumblineSettings {
  /** An already resolved config (the CLI passes this, so no file is read twice). */
  config?: ResolvedConfig;
  /** Path of plumbline.config.* to use instead of searching upward from each file. */
  configFile?: string;
}

export type ProjectContext =
  { kind: 'ok'; matcher: ProjectMatcher; file: string } | { kind: 'none' } | { kind: 'invalid'; message: string };

const configFileByDir = new Map<string, string | undefined>();

/**
 * The project config for the file being linted: from settings, else the
 * nearest plumbline.config.* above the file. A file with no config is left alone.
 */
export function getProjectContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ProjectContext {
  const file = context.filename;
  if (!path.isAbsolute(file)) return { kind: 'none' }; // <input>, <text>: nothing to place in a layer
  const settings = (context.settings as { plumbline?: PlumblineSettings }).plumbline ?? {};
  try {
    if (settings.config) return { kind: 'ok', matcher: getProjectMatcher(settings.config), file };
    const configFile = settings.configFile ? path.resolve(context.cwd, settings.configFile) : nearestConfigFile(path.dirname(file));
    if (!configFile) return { kind: 'none' };
    return { kind: 'ok', matcher: getProjectMatcher(loadConfigSync({ configFile })), file };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'invalid', message: error.message.replace(/\n\s*/g, ' ') };
    throw error;
  }
}

function nearestConfigFile(dir: string): string | undefined {
  if (!configFileByDir.has(dir)) configFileByDir.set(dir, findConfigFile(dir));
  return configFileByDir.get(dir);
}
