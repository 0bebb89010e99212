import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { PACKAGE_VERSION } from '../config/package-info.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { rules } from './index.js';
import type { PlumblineSettings } from './project-context.js';


/** Files the flat configs apply to. */
export const LINTED_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const recommendedRules = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => rule.meta.docs?.recommended)
    .map(([name]) => [`plumbline/${name}`, 'error' as const]),
);

interface PlumblinePlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: PlumblinePlugin = {
  meta: { name: 'plumbline', version: PACKAGE_VERSION },
  rules,
  configs: {} as PlumblinePlugin['configs'],
};

/**
 * A flat config with every recommended rule on. Each rule finds the nearest
 * plumbline.config.* above the linted file, unless `settings` pins one.
 */
export function createRecommendedConfig(settings: PlumblineSettings = {}): TSESLint.FlatConfig.Config {
  return {
    name: 'plumbline/recommended',
    files: LINTED_FILES,
    plugins: { plumbline: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: tsParser, sourceType: 'module' },
    settings: { plumbline: settings },
    rules: recommendedRules,
  };
}

/** The recommended config bound to one resolved config (used by `plumbline check`). */
export function configForResolved(config: ResolvedConfig): TSESLint.FlatConfig.Config {
  return createRecommendedConfig({ config });
}

plugin.configs.recommended = createRecommendedConfig();

export { rules };
export default plugin;
