import type { Gate } from '../types.js';
import { lintWithRules, listSourceFiles, staticRuleDescriptors } from './lint.js';

export const staticGate: Gate = {
  id: 'static',
  title: 'Static fitness',
  description: 'Runs the Plumbline ESLint rules (layer boundaries, banned files) over every source file.',
  async run(ctx) {
    const files = await listSourceFiles(ctx.config);
    ctx.progress(`${files.length} files to check`);
    const { findings, filesChecked } = await lintWithRules(ctx.config, files, {
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(`${done}/${total} files`),
    });
    return { findings, metrics: { filesChecked }, rules: staticRuleDescriptors() };
  },
};
