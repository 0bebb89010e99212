import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../core/package-info.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { createBaselineProcessor } from './baseline-processor.js';
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
  processors: { baseline: ReturnType<typeof createBaselineProcessor> };
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: PlumblinePlugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
  rules,
  processors: { baseline: createBaselineProcessor() },
  configs: {} as PlumblinePlugin['configs'],
};

/**
 * A flat config with every recommended rule on. Each rule finds the nearest
 * plumbline.config.* above the linted file, unless `settings` pins one. In the
 * editor the committed baseline applies (processor `plumbline/baseline`): known
 * findings show as warnings or are hidden (`baseline.editor`).
 */
export function createRecommendedConfig(
  settings: PlumblineSettings = {},
  options: { baseline?: boolean } = {},
): TSESLint.FlatConfig.Config {
  return {
    name: 'plumbline/recommended',
    files: LINTED_FILES,
    plugins: { plumbline: plugin as unknown as TSESLint.FlatConfig.Plugin },
    ...(options.baseline === false ? {} : { processor: plugin.processors.baseline }),
    languageOptions: { parser: tsParser, sourceType: 'module' },
    settings: { plumbline: settings },
    rules: recommendedRules,
  };
}

/**
 * The recommended config bound to one resolved config (used by `plumbline check` and the static gate). Without
 * the processor: the gate pack applies the baseline itself, and `plumbline baseline` needs the raw findings.
 */
export function configForResolved(config: ResolvedConfig): TSESLint.FlatConfig.Config {
  return createRecommendedConfig({ config }, { baseline: false });
}

plugin.configs.recommended = createRecommendedConfig();

export { rules };
export default plugin;
