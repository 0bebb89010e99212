import { PACKAGE_VERSION } from '../core/package-info.js';
import { rules } from './index.js';

/**
 * The plugin as oxlint's JS-plugin host loads it: the rules only. oxlint parses with its own parser and has no
 * processors, so the ESLint entry's @typescript-eslint/parser and baseline processor would be loaded for nothing.
 */
const oxlintPlugin = {
  meta: { name: 'plumbline', version: PACKAGE_VERSION },
  rules,
};

export default oxlintPlugin;
