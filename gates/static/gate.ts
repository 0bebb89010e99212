import { listSourceFiles } from '../../config/source-files.js';
import { StaticGateSchema, type StaticGateConfig } from '../../config/gate-settings/static.js';
import type { Gate } from '../runner/gate-contract.js';
import { VACUITY_RULES } from './vacuous-checks.js';

export const staticGate: Gate<StaticGateConfig> = {
  id: 'static',
  title: 'Static fitness',
  description: 'Runs every Plumbline rule over every source file, on oxlint when it is installed, else ESLint.',
  settings: StaticGateSchema,
  // The lint rules' own descriptors need the rule modules (ESLint, TypeScript): each run lists them with these.
  rules: VACUITY_RULES,
  async run(ctx, settings) {
    // Loaded here, not at the top: ESLint and TypeScript cost ~0.5 s to load, and `--help` should not pay it.
    const { lintWithRules, staticRuleDescriptors } = await import('./lint.js');
    const files = listSourceFiles(ctx.config);
    ctx.progress(`${files.length} files to check`);
    const { findings, filesChecked, engine } = await lintWithRules(ctx.config, files, {
      signal: ctx.signal,
      engine: settings.engine,
      onProgress: (done, total) => {
        ctx.progress(`${done}/${total} files`);
      },
    });
    const { vacuityFindings } = await import('./vacuous-checks.js');
    findings.push(...vacuityFindings(ctx.config, files, ctx.mode ?? ctx.config.mode));
    return { findings, metrics: { filesChecked, engine }, rules: [...staticRuleDescriptors(), ...VACUITY_RULES] };
  },
};
