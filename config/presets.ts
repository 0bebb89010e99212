import type { PresetName, UserConfig } from './schema.js';

type UserLayer = Exclude<NonNullable<UserConfig['layers']>[string], false>;

/** A preset: a config whose layers are all present (a preset drops nothing). */
export type PresetConfig = Omit<UserConfig, 'layers'> & { layers: Record<string, UserLayer> };

/**
 * Presets map the same layering ideas onto common folder conventions.
 * A user's fields override the preset's; layers merge per layer name.
 */
export const presets: Record<PresetName, PresetConfig> = {
  hoc: {
    layers: {
      gateway: { level: 'L2.1', paths: ['src/gateway/**'], mayImport: ['api'] },
      api: { level: 'L2', paths: ['src/api/**'], mayImport: ['spine', 'models'] },
      spine: { level: 'L4', paths: ['src/spine/**'], mayImport: ['engines', 'drivers', 'models'] },
      engines: {
        level: 'L5',
        paths: ['src/domains/*/engines/**'],
        mayImport: ['models'],
        mayImportTypes: ['drivers'],
      },
      drivers: { level: 'L6', paths: ['src/domains/*/drivers/**'], mayImport: ['models'] },
      models: { level: 'L7', paths: ['src/models/**'], mayImport: [] },
    },
    domains: ['src/domains/*'],
    transactions: { owners: ['spine'] },
    engines: { layers: ['engines'] },
    bannedFiles: [
      { pattern: '**/*_service.ts', reason: 'service files hide orchestration: put decisions in an engine and effects in a driver' },
      { pattern: '**/*.service.ts', reason: 'service files hide orchestration: put decisions in an engine and effects in a driver' },
    ],
  },
  hexagonal: {
    layers: {
      inbound: { level: 'adapters-in', paths: ['src/adapters/in/**', 'src/adapters/inbound/**'], mayImport: ['application', 'domain'] },
      outbound: { level: 'adapters-out', paths: ['src/adapters/out/**', 'src/adapters/outbound/**'], mayImport: ['ports', 'domain'] },
      application: { level: 'application', paths: ['src/application/**'], mayImport: ['ports', 'domain'] },
      ports: { level: 'ports', paths: ['src/ports/**'], mayImport: ['domain'] },
      domain: { level: 'domain', paths: ['src/domain/**'], mayImport: [] },
    },
    transactions: { owners: ['application'] },
    engines: { layers: ['domain'] },
  },
  clean: {
    layers: {
      frameworks: {
        level: 'frameworks',
        paths: ['src/frameworks/**', 'src/infrastructure/**'],
        mayImport: ['adapters', 'useCases', 'entities'],
      },
      adapters: {
        level: 'interface-adapters',
        paths: ['src/interface-adapters/**', 'src/adapters/**'],
        mayImport: ['useCases', 'entities'],
      },
      useCases: { level: 'use-cases', paths: ['src/use-cases/**', 'src/application/**'], mayImport: ['entities'] },
      entities: { level: 'entities', paths: ['src/entities/**', 'src/domain/**'], mayImport: [] },
    },
    transactions: { owners: ['useCases'] },
    engines: { layers: ['entities'] },
  },
  // Express MVC and NestJS feature modules: request handling on top, services own the work, data access below.
  // Neither architecture names a pure layer, so engines.layers is empty (and the loader says so).
  layered: {
    layers: {
      routes: { level: 'routes', paths: ['src/routes/**'], mayImport: ['controllers', 'middlewares', 'config'] },
      controllers: { level: 'controllers', paths: ['src/controllers/**'], mayImport: ['services', 'config'], mayImportTypes: ['models'] },
      middlewares: { level: 'middlewares', paths: ['src/middlewares/**'], mayImport: ['services', 'config'] },
      services: { level: 'services', paths: ['src/services/**'], mayImport: ['repositories', 'models', 'config'] },
      repositories: { level: 'repositories', paths: ['src/repositories/**'], mayImport: ['models', 'config'] },
      models: { level: 'models', paths: ['src/models/**'], mayImport: [] },
      config: { level: 'config', paths: ['src/config/**'], mayImport: [] },
    },
    transactions: { owners: ['services'] },
    engines: { layers: [] },
  },
};

/** Defaults for every field a preset or the user may leave out. */
export const baseDefaults = {
  include: ['src/**/*.{ts,tsx,mts,cts}'],
  exclude: ['**/*.d.ts', '**/node_modules/**'],
  domains: [] as string[],
  bannedFiles: [] as string[],
  transactions: { owners: [] as string[] },
  engines: { layers: [] as string[] },
  domainEntries: ['index.ts'],
  barrels: ['**/index.ts'],
  unassigned: 'error' as const,
  mode: 'strict' as const,
  deferred: [],
  gates: {},
  evidenceDir: '.plumbline/evidence',
  redact: [] as string[],
};
