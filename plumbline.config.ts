import { defineConfig } from '@plumbline-kit/plumbline';

// Plumbline checks its own layout with its own rules. Data flows one way:
// config -> rules (and analyzers) -> gates -> report -> cli, all on core; runtime and testing stand apart.
export default defineConfig({
  include: [
    'core/**/*.ts',
    'config/**/*.ts',
    'rules/**/*.ts',
    'analyzers/**/*.ts',
    'gates/**/*.ts',
    'report/**/*.ts',
    'cli/**/*.ts',
    'runtime/**/*.ts',
    'testing/**/*.ts',
    'scripts/**/*.ts',
    'index.ts',
  ],
  exclude: ['**/*.d.ts'],
  layers: {
    // core: what every layer shares that is not configuration: the Finding and gate-result contracts, the rule catalog,
    // finding identity, order and baseline, stable JSON, atomic writes, the layer matcher and the module resolver.
    core: { level: 'core', paths: ['core/**'], mayImport: [] },
    config: { level: 'contracts', paths: ['config/**'], mayImport: ['core'] },
    rules: { level: 'checks', paths: ['rules/**'], mayImport: ['core', 'config'] },
    analyzers: { level: 'checks', paths: ['analyzers/**'], mayImport: ['core', 'config'] },
    // gates -> runtime: the replay gate reads the runtime's replay contract and reuses its deep diff.
    gates: { level: 'gates', paths: ['gates/**'], mayImport: ['core', 'config', 'rules', 'analyzers', 'runtime'] },
    report: { level: 'report', paths: ['report/**'], mayImport: ['core', 'config'], mayImportTypes: ['gates'] },
    cli: { level: 'entry', paths: ['cli/**'], mayImport: ['core', 'config', 'analyzers', 'gates', 'report'] },
    api: { level: 'entry', paths: ['index.ts'], mayImport: ['core', 'config', 'gates', 'report'] },
    scripts: { level: 'tooling', paths: ['scripts/**'], mayImport: ['core', 'config', 'rules', 'report', 'runtime'] },
    runtime: { level: 'runtime', paths: ['runtime/**'], mayImport: [], mayImportTypes: ['core', 'config'] },
    testing: { level: 'runtime', paths: ['testing/**'], mayImport: ['runtime'], mayImportTypes: ['core', 'config'] },
  },
  bannedFiles: [
    { pattern: '**/*_service.ts', reason: 'put decisions and effects where they belong' },
    { pattern: '**/utils.ts', reason: 'no dumping ground: name the module after what it holds' },
    { pattern: '**/utils/**', reason: 'no dumping ground: name the module after what it holds' },
    { pattern: '**/helpers.ts', reason: 'no dumping ground: name the module after what it holds' },
    // gates/ is one folder per gate (each with its gate.ts), gates/runner (the pack) and gates/shared (parts two gates use).
    { pattern: 'gates/*.ts', reason: 'a gate lives in gates/<id>/gate.ts; the pack runner in gates/runner, shared parts in gates/shared' },
  ],
  barrels: ['runtime/index.ts', 'testing/index.ts'],
  // A tool, not a business backend: no layer holds pure decisions (config loads files, gates run processes).
  engines: { layers: [] },
  // Entry points are imported by nobody inside the project: the architecture gate must not call them orphans.
  gates: {
    architecture: {
      entryPoints: [
        'cli/bin.ts',
        'index.ts',
        'rules/plugin.ts',
        'runtime/index.ts',
        'testing/index.ts',
        'testing/vitest-setup.ts',
        'scripts/*.ts',
      ],
    },
  },
  mode: 'strict',
});
