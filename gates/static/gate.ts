import { listSourceFiles } from '../../config/source-files.js';
import type { Gate } from '../runner/gate-contract.js';

export const staticGate: Gate = {
  id: 'static',
  title: 'Static fitness',
  description: 'Runs every Plumbline rule over every source file, on oxlint when it is installed, else ESLint.',
  async run(ctx) {
    // Loaded here, not at the top: ESLint and TypeScript cost ~0.5 s to load, and `--help` should not pay it.
    const { lintWithRules, staticRuleDescriptors } = await import('./lint.js');
    const files = listSourceFiles(ctx.config);
    ctx.progress(`${files.length} files to check`);
    const { findings, filesChecked, engine } = await lintWithRules(ctx.config, files, {
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(`${done}/${total} files`),
    });
    const { vacuityFindings, VACUITY_RULES } = await import('./vacuous-checks.js');
    findings.push(...vacuityFindings(ctx.config, files, ctx.mode ?? ctx.config.mode));
    return { findings, metrics: { filesChecked, engine }, rules: [...staticRuleDescriptors(), ...VACUITY_RULES] };
  },
};
