import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { resolveConfig } from '../../config/resolve.js';

function problemsOf(raw: unknown): Array<{ path: string; message: string }> {
  try {
    resolveConfig(raw, { cwd: '/project' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const minimal = { layers: { core: { paths: ['src/core/**'] } } };

describe('resolveConfig', () => {
  it('fills defaults and keeps layers in declaration order', () => {
    const config = resolveConfig(
      { layers: { b: { paths: ['src/b/**'], mayImport: ['a'] }, a: { paths: ['src/a/**'] } } },
      { cwd: '/project' },
    );
    expect(config.root).toBe(path.resolve('/project'));
    expect(config.layers.map((layer) => layer.name)).toEqual(['b', 'a']);
    expect(config.layers[1]).toMatchObject({ mayImport: [], mayImportTypes: [] });
    expect(config.mode).toBe('strict');
    expect(config.unassigned).toBe('error');
    expect(config.include).toEqual(['src/**/*.{ts,tsx,mts,cts}']);
    expect(config.evidenceDir).toBe('.plumbline/evidence');
    expect(config.gates.timeoutMs).toBe(600_000);
  });

  it('pure layers: the conventional names by default, pure flags on top, engines.layers when named', () => {
    const layers = {
      api: { paths: ['src/api/**'], mayImport: ['application'] },
      application: { paths: ['src/application/**'], mayImport: ['domain', 'rules'] },
      domain: { paths: ['src/domain/**'] },
      rules: { paths: ['src/rules/**'] },
    };
    const byDefault = resolveConfig({ layers }, { cwd: '/project' });
    expect(byDefault.engines.layers).toEqual(['domain']);
    expect(byDefault.pureLayersDeclared).toBe(false);
    const flagged = resolveConfig(
      { layers: { ...layers, rules: { ...layers.rules, pure: true }, domain: { ...layers.domain, pure: false } } },
      { cwd: '/project' },
    );
    expect(flagged.engines.layers).toEqual(['rules']);
    expect(flagged.pureLayersDeclared).toBe(true);
    const named = resolveConfig({ layers, engines: { layers: [] } }, { cwd: '/project' });
    expect(named.engines.layers).toEqual([]);
    expect(named.pureLayersDeclared).toBe(true);
    expect(resolveConfig({ preset: 'clean' }, { cwd: '/project' }).engines.layers).toEqual(['entities']);
    expect(resolveConfig(minimal, { cwd: '/project' }).pureLayersDeclared).toBe(false);
  });

  it('applies the hoc preset, and user fields override it per layer', () => {
    const config = resolveConfig({ preset: 'hoc', layers: { api: { paths: ['server/routes/**'] } }, mode: 'monitor' }, { cwd: '/project' });
    expect(config.layers.map((layer) => layer.name)).toEqual(['gateway', 'api', 'spine', 'engines', 'drivers', 'models']);
    expect(config.layers.find((layer) => layer.name === 'api')).toMatchObject({
      level: 'L2',
      paths: ['server/routes/**'],
      mayImport: ['spine', 'models'],
    });
    expect(config.domains).toEqual(['src/domains/*']);
    expect(config.bannedFiles.map((entry) => entry.pattern)).toEqual(['**/*_service.ts', '**/*.service.ts']);
    expect(config.mode).toBe('monitor');
  });

  it('drops a preset layer written as false, with the preset references to it, and names the user references', () => {
    const config = resolveConfig({ preset: 'hoc', layers: { gateway: false, drivers: false } }, { cwd: '/project' });
    expect(config.layers.map((layer) => layer.name)).toEqual(['api', 'spine', 'engines', 'models']);
    expect(config.layers.find((layer) => layer.name === 'spine')?.mayImport).toEqual(['engines', 'models']);
    expect(config.layers.find((layer) => layer.name === 'engines')?.mayImportTypes).toEqual([]);
    // The config's own reference to a dropped layer is a mistake, not something to drop silently.
    expect(problemsOf({ preset: 'hoc', layers: { gateway: false, api: { mayImport: ['gateway'] } } })).toContainEqual({
      path: 'layers.api.mayImport[0]',
      message: expect.stringMatching(/^unknown layer 'gateway'/),
    });
    // A bad layer object still names its field, though a layer may also be false.
    expect(problemsOf({ layers: { core: { paths: 'src/**' } } }).map((problem) => problem.path)).toEqual(['layers.core.paths']);
  });

  it('takes the layer order from a config that names every preset layer, else keeps the preset order first', () => {
    const named = resolveConfig(
      {
        preset: 'hexagonal',
        layers: {
          interface: { paths: ['src/**/*.controller.ts'], mayImport: ['application'] },
          application: { paths: ['src/modules/*/commands/**'] },
          domain: { paths: ['src/modules/*/domain/**'] },
          inbound: false,
          outbound: false,
          ports: false,
        },
      },
      { cwd: '/project' },
    );
    // interface first: its suffix glob owns a controller inside a commands folder.
    expect(named.layers.map((layer) => layer.name)).toEqual(['interface', 'application', 'domain']);
    const partialLayers = { extra: { paths: ['src/extra/**'] }, domain: { paths: ['src/core/**'] } };
    const partial = resolveConfig({ preset: 'hexagonal', layers: partialLayers }, { cwd: '/project' });
    expect(partial.layers.map((layer) => layer.name)).toEqual(['inbound', 'outbound', 'application', 'ports', 'domain', 'extra']);
  });

  it('warns, naming the field, when engines.layers or transactions.owners end up empty without being set', () => {
    expect(resolveConfig(minimal, { cwd: '/project' }).warnings.map((warning) => warning.path)).toEqual([
      'engines.layers',
      'transactions.owners',
    ]);
    expect(resolveConfig(minimal, { cwd: '/project' }).warnings[0]?.message).toMatch(/no preset supplies it: engine-purity checks nothing/);
    expect(resolveConfig({ preset: 'hoc' }, { cwd: '/project' }).warnings).toEqual([]);
    // Dropping the preset's only owner is leaving transactions.owners empty: said, not silent.
    const dropped = resolveConfig({ preset: 'hoc', layers: { spine: false, api: { mayImport: ['models'] } } }, { cwd: '/project' });
    expect(dropped.warnings.map((warning) => warning.path)).toEqual(['transactions.owners']);
    // Written out as empty, it is the user's statement: no warning.
    const explicit = resolveConfig({ ...minimal, engines: { layers: [] }, transactions: { owners: [] } }, { cwd: '/project' });
    expect(explicit.warnings).toEqual([]);
  });

  it('merges object settings one level deep over the preset', () => {
    const config = resolveConfig(
      { preset: 'hoc', transactions: { extraCalls: ['uow.commit'] }, engines: { allowedModules: ['node:path'] } },
      { cwd: '/project' },
    );
    expect(config.transactions).toEqual({ owners: ['spine'], extraCalls: ['uow.commit'], flushCommits: false });
    expect(config.engines).toMatchObject({ layers: ['engines'], allowedModules: ['node:path'] });
    expect(config.domainEntries).toEqual(['index.ts']);
  });

  it('names unknown layers in transactions.owners and engines.layers', () => {
    expect(problemsOf({ ...minimal, transactions: { owners: ['spine'] }, engines: { layers: ['engine'] } })).toEqual([
      { path: 'transactions.owners[0]', message: "unknown layer 'spine' (known: core)" },
      { path: 'engines.layers[0]', message: "unknown layer 'engine' (known: core)" },
    ]);
  });

  it.each(['hexagonal', 'clean'] as const)('the %s preset is a valid config on its own', (preset) => {
    const config = resolveConfig({ preset }, { cwd: '/project' });
    expect(config.layers.length).toBeGreaterThan(2);
  });

  it('roots globs at the config file folder, or at root relative to it', () => {
    expect(resolveConfig(minimal, { configFile: '/repo/app/plumbline.config.ts' }).root).toBe(path.resolve('/repo/app'));
    expect(resolveConfig({ ...minimal, root: '..' }, { configFile: '/repo/app/plumbline.config.ts' }).root).toBe(path.resolve('/repo'));
  });

  it('hashes the config independently of where the project lives', () => {
    const a = resolveConfig(minimal, { cwd: '/one' });
    const b = resolveConfig(minimal, { cwd: '/two' });
    const c = resolveConfig({ ...minimal, mode: 'monitor' }, { cwd: '/one' });
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });

  it('reports every bad field at once, each with its path', () => {
    const problems = problemsOf({
      layers: {
        api: { paths: 'src/api/**', mayImport: ['spin'] },
        core: { paths: [], mayimport: [] },
      },
      mode: 'loose',
      deferred: [{ gate: 'static', reason: '  ', until: '2027-02-30' }],
      unknownField: true,
    });
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'layers.api.paths',
        'layers.api.mayImport[0]',
        'layers.core.mayimport',
        'mode',
        'deferred[0].reason',
        'deferred[0].until',
        'unknownField',
      ]),
    );
    expect(problems.find((p) => p.path === 'unknownField')?.message).toBe('unknown field');
    expect(problems.find((p) => p.path === 'deferred[0].reason')?.message).toBe('a deferral needs a reason');
  });

  it('names unknown layers in mayImport and mayImportTypes once the shape is valid', () => {
    const problems = problemsOf({
      layers: {
        api: { paths: ['src/api/**'], mayImport: ['spin'] },
        core: { paths: ['src/core/**'], mayImportTypes: ['db'] },
      },
    });
    expect(problems).toEqual([
      { path: 'layers.api.mayImport[0]', message: "unknown layer 'spin' (known: api, core)" },
      { path: 'layers.core.mayImportTypes[0]', message: "unknown layer 'db' (known: api, core)" },
    ]);
  });

  it('names an unknown layer in the same words whether the rest of the config is valid or not', () => {
    const layers = {
      api: { paths: ['src/api/**'], mayImport: ['spin', 7] },
      core: { paths: ['src/core/**'], mayImportTypes: ['db'] },
    };
    const unknown = [
      { path: 'layers.api.mayImport[0]', message: "unknown layer 'spin' (known: api, core)" },
      { path: 'layers.core.mayImportTypes[0]', message: "unknown layer 'db' (known: api, core)" },
    ];
    // The schema rejects the 7, so the unknown names come from the lenient pass over the raw config...
    expect(problemsOf({ layers })).toEqual([
      { path: 'layers.api.mayImport[1]', message: 'Invalid input: expected string, received number' },
      ...unknown,
    ]);
    // ...and, once the shape is valid, from the schema's own check: the same problems.
    const valid = { ...layers, api: { ...layers.api, mayImport: ['spin'] } };
    expect(problemsOf({ layers: valid })).toEqual(unknown);
  });

  it('rejects a config without layers, empty layer paths and bad domain globs', () => {
    expect(problemsOf({}).map((p) => p.path)).toEqual(['layers']);
    expect(problemsOf({ layers: { core: { paths: [] } } })).toEqual([
      { path: 'layers.core.paths', message: 'a layer needs at least one path glob' },
    ]);
    expect(problemsOf({ ...minimal, domains: ['src/domains'] })[0]?.path).toBe('domains[0]');
  });

  it('rejects values of the wrong type without throwing anything but ConfigError', () => {
    for (const raw of [null, 42, 'config', [], { layers: [] }, { layers: { core: null } }, { include: 'src' }]) {
      expect(problemsOf(raw).length).toBeGreaterThan(0);
    }
  });
});
