import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ICruiseResult, IRegularForbiddenRuleType } from 'dependency-cruiser';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { resolveConfig, type ResolvedConfig } from '../../config/resolve.js';
import { architectureGate } from '../../gates/architecture/gate.js';
import { buildDepcruiseConfig, layerRuleName } from '../../gates/architecture/depcruise-config.js';
import { depcruiseFindings, importPosition } from '../../gates/architecture/depcruise-findings.js';
import { GlobConversionError, globToRegex, globsToRegex } from '../../core/glob-to-regex.js';
import { runDepcruise } from '../../gates/architecture/run-depcruise.js';
import { builtinGates } from '../../gates/runner/registry.js';
import type { GateContext } from '../../gates/runner/gate-contract.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

const { temp } = projectsRemovedAfterAll();

/** Runs the gate; artifacts go to the project's evidence folder, or elsewhere for projects checked in place. */
async function runArchitecture(root: string, artifactDir = path.join(root, '.plumbline/evidence/architecture')) {
  const config = await loadConfig({ cwd: root });
  const progress: string[] = [];
  const ctx: GateContext = {
    config,
    signal: new AbortController().signal,
    artifactDir,
    progress: (m) => progress.push(m),
  };
  return { outcome: await runGateAlone(architectureGate, ctx), progress, config };
}

function hocConfig(overrides: Record<string, unknown> = {}): ResolvedConfig {
  return resolveConfig({ preset: 'hoc', ...overrides }, { cwd: HOC_APP });
}

function rule(config: ReturnType<typeof buildDepcruiseConfig>, name: string): IRegularForbiddenRuleType {
  const found = config.forbidden?.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found as IRegularForbiddenRuleType;
}

const matches = (regex: string | string[] | undefined, file: string) =>
  regex !== undefined && [regex].flat().some((source) => new RegExp(source).test(file));

describe('glob to regex', () => {
  const globs = [
    'src/**',
    'src/domains/*/engines/**',
    'src/**/*.{ts,tsx,mts,cts}',
    '**/*.d.ts',
    '**/node_modules/**',
    'index.ts',
    'scripts/*.ts',
    'src/domains/*/index.ts',
    'packages/*/src/**',
    '{src,lib}/**/*.ts',
    'src/{api,spine/**}',
    'src/**/x/**/*.ts',
    'src/[ab]*.ts',
    'src/[^a]*.ts',
    'src/?.ts',
    'src/a.b/**',
    'src/a+b/*.ts',
    '*.ts',
    '**/*',
    '**',
    './src/**',
    'src/\\{literal\\}.ts',
  ];
  const paths = [
    'src',
    'src/a.ts',
    'src/b.ts',
    'src/ab.ts',
    'src/x/a.ts',
    'src/x/y/a.tsx',
    'src/x/y/x/z/q.ts',
    'src/x/q.ts',
    'src/domains/p/engines/x.ts',
    'src/domains/p/engines',
    'src/domains/p/q/engines/x.ts',
    'src/domains/engines/x.ts',
    'src/domains/p/index.ts',
    'src/domains/p/drivers/index.ts',
    'x.d.ts',
    'a/b/x.d.ts',
    'src/x.d.ts',
    'index.ts',
    'a/index.ts',
    'scripts/a.ts',
    'scripts/x/a.ts',
    'node_modules/x/y.js',
    'a/node_modules',
    '../../node_modules/zod/index.cjs',
    'src/.hidden.ts',
    'src/.x/a.ts',
    '.env',
    'src/a.b/c.ts',
    'lib/x/a.ts',
    'lib/a.js',
    'src/api',
    'src/spine/x/y.ts',
    'packages/p/src/a.ts',
    'srcx/a.ts',
    'a.ts',
    'src/a+b/c.ts',
    'src/{literal}.ts',
    'src/l.ts',
  ];

  it.each(globs)('%s matches exactly the paths picomatch matches', (glob) => {
    const regex = new RegExp(globToRegex(glob).source);
    const isMatch = picomatch(glob, { dot: true });
    const differences = paths.filter((file) => regex.test(file) !== isMatch(file));
    expect(differences).toEqual([]);
  });

  it('src/domains/*/engines/** selects engine files of every domain and nothing else', () => {
    const { source } = globToRegex('src/domains/*/engines/**');
    expect(source).toBe('^src\\/domains\\/[^/]+\\/engines(?:/|$)');
    expect(new RegExp(source).test('src/domains/policies/engines/threshold.ts')).toBe(true);
    expect(new RegExp(source).test('src/domains/policies/drivers/engines.ts')).toBe(false);
    expect(new RegExp(source).test('src/domains/policies/sub/engines/x.ts')).toBe(false);
  });

  it('keeps quantifiers one level deep and counts them', () => {
    for (const glob of globs) {
      // No quantifier applied to a group that itself holds one (what safe-regex calls star height > 1).
      expect(globToRegex(glob).source).not.toMatch(/\)[*+?{]/);
    }
    expect(globToRegex('**/*.d.ts').repetitions).toBe(2);
    expect(globToRegex('src/**').repetitions).toBe(0);
    expect(globsToRegex(['src/**', 'lib/*/x.ts'])?.repetitions).toBe(1);
    expect(globsToRegex([])).toBeUndefined();
  });

  it.each([
    ['!src/gen/**', /negated glob/],
    ['src/@(a|b)/**', /extglob '@\(…\)'/],
    ['src/+(a)/*.ts', /extglob/],
    ['src/[!a]*.ts', /write '\[\^…\]'/],
    ['src/(x)/**', /regex syntax/],
    ['src/{1..3}/*.ts', /brace range/],
    ['src/[[:alpha:]]*.ts', /POSIX character class/],
    ['src/a\\', /lone backslash/],
  ])('refuses %s with a reason', (glob, reason) => {
    expect(() => globToRegex(glob)).toThrow(GlobConversionError);
    expect(() => globToRegex(glob)).toThrow(reason);
  });
});

describe('generated dependency-cruiser config', () => {
  const config = hocConfig({ gates: { architecture: { entryPoints: ['src/gateway/server.ts'] } } });
  const generated = buildDepcruiseConfig(config, { tsConfigFile: 'tsconfig.json', layerRules: true });
  const names = generated.forbidden?.map((r) => r.name) ?? [];

  it('leaves the layer rules out unless asked (the gate: plumbline/layer-boundaries reports layer breaks once)', () => {
    const forGate = buildDepcruiseConfig(config, { tsConfigFile: 'tsconfig.json' }).forbidden?.map((r) => r.name) ?? [];
    expect(forGate.filter((name) => name?.startsWith('layer-'))).toEqual([]);
    expect(forGate).toEqual(names.filter((name) => !name?.startsWith('layer-')));
  });

  it('has one rule per pair of layers that may not meet, and none for allowed pairs', () => {
    expect(names).toContain(layerRuleName('api', 'drivers'));
    expect(names).toContain(layerRuleName('models', 'spine'));
    expect(names).toContain(layerRuleName('drivers', 'spine'));
    expect(names).not.toContain(layerRuleName('api', 'spine'));
    expect(names).not.toContain(layerRuleName('api', 'api'));
    const layers = config.layers.length;
    const allowedPairs = config.layers.reduce((sum, layer) => sum + layer.mayImport.filter((n) => n !== layer.name).length, 0);
    expect(names.filter((n) => n?.startsWith('layer-'))).toHaveLength(layers * (layers - 1) - allowedPairs);
    expect(rule(generated, 'layer-api-to-drivers').comment).toBe(
      "Layer 'api' (L2) may not import layer 'drivers' (L6); it may import 'spine', 'models'.",
    );
  });

  it('allows type-only imports where mayImportTypes says so, and only there', () => {
    const enginesToDrivers = rule(generated, 'layer-engines-to-drivers');
    expect(enginesToDrivers.to.dependencyTypesNot).toEqual(['type-only', 'type-import']);
    expect(enginesToDrivers.comment).toContain('may import only types');
    expect(rule(generated, 'layer-api-to-drivers').to.dependencyTypesNot).toBeUndefined();
  });

  it('selects a layer by its globs minus files an earlier layer owns (first match wins)', () => {
    const overlapping = resolveConfig(
      { layers: { generated: { paths: ['src/api/generated/**'] }, api: { paths: ['src/api/**'], mayImport: [] } } },
      { cwd: HOC_APP },
    );
    const apiRule = rule(buildDepcruiseConfig(overlapping, { layerRules: true }), 'layer-api-to-generated');
    expect(matches(apiRule.from.path, 'src/api/routes.ts')).toBe(true);
    expect(matches(apiRule.from.pathNot, 'src/api/generated/client.ts')).toBe(true);
    expect(matches(apiRule.from.pathNot, 'src/api/routes.ts')).toBe(false);
    const engines = rule(generated, 'layer-engines-to-drivers');
    expect(matches(engines.from.path, 'src/domains/logs/engines/chain.ts')).toBe(true);
    expect(matches(engines.to.path, 'src/domains/logs/drivers/sha256-hasher.ts')).toBe(true);
    expect(matches(engines.to.path, 'src/domains/logs/engines/chain.ts')).toBe(false);
  });

  it('adds the graph rules at the configured severities; off removes a rule', () => {
    expect(rule(generated, 'no-circular')).toMatchObject({
      severity: 'error',
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'type-import'] } },
    });
    expect(rule(generated, 'no-orphans')).toMatchObject({ severity: 'warn', from: { orphan: true } });
    expect(rule(generated, 'not-to-unresolvable')).toMatchObject({ severity: 'error', to: { couldNotResolve: true } });
    expect(rule(generated, 'not-to-dev-dep')).toMatchObject({ severity: 'error', to: { dependencyTypes: ['npm-dev'] } });
    const quiet = buildDepcruiseConfig(
      hocConfig({ gates: { architecture: { orphans: 'off', circular: 'warn', devDependencies: 'off' } } }),
    );
    const quietNames = quiet.forbidden?.map((r) => r.name);
    expect(quietNames).not.toContain('no-orphans');
    expect(quietNames).not.toContain('not-to-dev-dep');
    expect(rule(quiet, 'no-circular').severity).toBe('warn');
  });

  it('never calls entry points, declarations or config files orphans', () => {
    const orphans = rule(generated, 'no-orphans');
    for (const file of ['src/gateway/server.ts', 'src/types.d.ts', 'vitest.config.ts', '.eslintrc.cjs']) {
      expect(matches(orphans.from.pathNot, file), file).toBe(true);
    }
    expect(matches(orphans.from.pathNot, 'src/models/currency.ts')).toBe(false);
  });

  it('treats the include globs as production code, test files aside, for not-to-dev-dep', () => {
    const devDep = rule(generated, 'not-to-dev-dep');
    expect(matches(devDep.from.path, 'src/domains/logs/drivers/x.ts')).toBe(true);
    expect(matches(devDep.from.path, 'test/helpers.ts')).toBe(false);
    expect(matches(devDep.from.pathNot, 'src/api/routes.test.ts')).toBe(true);
    expect(matches(devDep.from.pathNot, 'src/__mocks__/db.ts')).toBe(true);
  });

  it('sets the options: tsconfig, no following into node_modules or excluded files, no includeOnly', () => {
    expect(generated.options).toMatchObject({ tsConfig: { fileName: 'tsconfig.json' }, tsPreCompilationDeps: true });
    expect(generated.options?.includeOnly).toBeUndefined();
    const doNotFollow = (generated.options?.doNotFollow as { path: string[] }).path;
    expect(doNotFollow[0]).toBe('node_modules');
    expect(matches(doNotFollow.slice(1), 'src/x.d.ts')).toBe(true);
    expect(matches(doNotFollow.slice(1), 'src/x.ts')).toBe(false);
  });

  it('names every glob it cannot convert, as a config error', () => {
    const bad = hocConfig({
      layers: { api: { paths: ['src/api/**', 'src/@(rest|rpc)/**'] } },
      gates: { architecture: { entryPoints: ['!src/x.ts'] } },
    });
    let error: unknown;
    try {
      buildDepcruiseConfig(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual(['gates.architecture.entryPoints[0]', 'layers.api.paths[1]']);
  });

  it('refuses more exclude wildcards than dependency-cruiser accepts, with a hint', () => {
    const exclude = Array.from({ length: 13 }, (_, i) => `**/gen${i}/*.ts`);
    expect(() => buildDepcruiseConfig(hocConfig({ exclude }))).toThrow(/exclude globs hold 26 wildcards/);
  });

  it('the config is accepted by dependency-cruiser, tricky globs included (its safe-regex check passes)', async () => {
    const project = temp();
    project.write('src/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
    project.write('src/b.ts', 'export const b = 1;\n');
    const tricky = resolveConfig(
      {
        include: ['src/**/*.{ts,tsx,mts,cts}'],
        exclude: ['**/*.d.ts', '**/node_modules/**', 'src/{gen,vendor}/**'],
        layers: {
          engines: { paths: ['src/domains/*/engines/**', 'packages/*/src/engines/**'], mayImport: ['models'] },
          models: { paths: ['src/**/[a-m]*.ts', 'src/**/*.model.{ts,mts}'] },
          rest: { paths: ['src/**'], mayImport: ['models'] },
        },
        gates: { architecture: { entryPoints: ['src/**/main.ts', 'scripts/*.ts'] } },
      },
      { cwd: project.root },
    );
    const { result } = await runDepcruise(tricky, [path.join(project.root, 'src/a.ts'), path.join(project.root, 'src/b.ts')]);
    expect(result.summary.totalCruised).toBe(2);
    expect(result.summary.violations).toEqual([]);
  });
});

describe('violations to findings', () => {
  const configuration = buildDepcruiseConfig(hocConfig(), { layerRules: true });
  const sources: Record<string, string> = {
    'src/api/policies.ts':
      "// see '../domains/policies/drivers/policy-repository.js' for the shape\nimport type { Policy } from '@models/policy.js';\nimport { PolicyRepository } from '../domains/policies/drivers/policy-repository.js';\n",
    'src/models/a.ts': "import { b } from './b.js';\n",
  };
  const read = (file: string) => sources[file];
  const violation = (overrides: object) =>
    ({
      from: 'src/api/policies.ts',
      to: 'x',
      rule: { name: 'x', severity: 'error' },
      ...overrides,
    }) as ICruiseResult['summary']['violations'][number];
  const result = (violations: object[]): ICruiseResult =>
    ({
      modules: [],
      summary: { violations: violations.map(violation), error: 0, warn: 0, info: 0, ignore: 0, totalCruised: 0, optionsUsed: {} },
    }) as ICruiseResult;

  it('a layer violation: rule id, severity, from → to, the import line (not an earlier comment)', () => {
    const [finding] = depcruiseFindings(
      result([
        {
          type: 'dependency',
          to: 'src/domains/policies/drivers/policy-repository.ts',
          unresolvedTo: '../domains/policies/drivers/policy-repository.js',
          rule: { name: 'layer-api-to-drivers', severity: 'error' },
        },
      ]),
      configuration,
      read,
    );
    expect(finding).toEqual({
      ruleId: 'depcruise/layer-api-to-drivers',
      severity: 'error',
      message:
        "Layer 'api' (L2) may not import layer 'drivers' (L6); it may import 'spine', 'models'. src/api/policies.ts → src/domains/policies/drivers/policy-repository.ts ('../domains/policies/drivers/policy-repository.js')",
      file: 'src/api/policies.ts',
      line: 3,
      column: 34,
      docsUrl: shippedDocsUrl('architecture-gate.md', 'layer-rules'),
    });
  });

  it('a cycle names its path; an orphan sits at line 1; warn and info map to warning and note; ignore is dropped', () => {
    const findings = depcruiseFindings(
      result([
        {
          type: 'cycle',
          from: 'src/models/a.ts',
          to: 'src/models/b.ts',
          unresolvedTo: './b.js',
          cycle: [
            { name: 'src/models/b.ts', dependencyTypes: [] },
            { name: 'src/models/a.ts', dependencyTypes: [] },
          ],
          rule: { name: 'no-circular', severity: 'warn' },
        },
        { type: 'module', from: 'src/models/c.ts', to: 'src/models/c.ts', rule: { name: 'no-orphans', severity: 'info' } },
        { type: 'dependency', to: 'y', rule: { name: 'not-to-unresolvable', severity: 'ignore' } },
      ]),
      configuration,
      read,
    );
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ['depcruise/no-circular', 'warning', 'src/models/a.ts', 1],
      ['depcruise/no-orphans', 'note', 'src/models/c.ts', 1],
    ]);
    expect(findings[0]?.message).toContain('Circular dependency: src/models/a.ts → src/models/b.ts → src/models/a.ts');
  });

  it('falls back to line 1 when the file cannot be read or does not show the specifier', () => {
    const [unreadable, missing] = depcruiseFindings(
      result([
        {
          type: 'dependency',
          from: 'src/gone.ts',
          to: './x.js',
          unresolvedTo: './x.js',
          rule: { name: 'not-to-unresolvable', severity: 'error' },
        },
        {
          type: 'dependency',
          from: 'src/models/a.ts',
          to: 'vitest',
          unresolvedTo: 'vitest',
          rule: { name: 'not-to-dev-dep', severity: 'error' },
        },
      ]),
      configuration,
      read,
    );
    expect([unreadable?.line, missing?.line]).toEqual([1, 1]);
    expect(missing?.message).toContain("imports 'vitest', a devDependency in package.json");
  });

  it('declared packages that are not installed are one finding; an undeclared package keeps its own', () => {
    const project = temp();
    project.write(
      'package.json',
      JSON.stringify({ dependencies: { express: '4.0.0', uuid: '9.0.0' }, devDependencies: { vitest: '4.0.0' } }),
    );
    project.write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
    // A workspace package declares its own dependencies.
    project.write('packages/api/package.json', JSON.stringify({ dependencies: { hono: '4.0.0' } }));
    const unresolvable = (from: string, to: string) => ({
      type: 'dependency' as const,
      from,
      to,
      unresolvedTo: to,
      rule: { name: 'not-to-unresolvable', severity: 'error' as const },
    });
    const findings = depcruiseFindings(
      result([
        unresolvable('src/a.ts', 'express'),
        unresolvable('src/b.ts', 'express'),
        unresolvable('src/a.ts', 'uuid/v4'),
        unresolvable('src/c.ts', 'left-pad'),
        unresolvable('src/c.ts', './nope.js'),
        unresolvable('packages/api/src/app.ts', 'hono'),
        unresolvable('src/c.ts', 'hono'),
      ]),
      configuration,
      read,
      project.root,
    );
    expect(findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'depcruise/dependencies-not-installed package.json',
      'depcruise/not-to-unresolvable src/c.ts',
      'depcruise/not-to-unresolvable src/c.ts',
      'depcruise/not-to-unresolvable src/c.ts',
    ]);
    expect(findings[0]?.message).toBe(
      'dependencies are not installed: express, hono, uuid (declared in package.json) cannot be found in node_modules, so 4 import(s) of them could not be resolved or checked. Run your install command (pnpm install) and run the gate again.',
    );
    expect(findings[1]?.message).toContain("imports 'left-pad', which resolves to no file and no installed package");
    // Once installed, an import that still does not resolve (a missing subpath) is reported as it is.
    project.write('node_modules/uuid/package.json', '{}');
    project.write('node_modules/express/package.json', '{}');
    expect(
      depcruiseFindings(result([unresolvable('src/a.ts', 'uuid/v4')]), configuration, read, project.root).map((f) => f.ruleId),
    ).toEqual(['depcruise/not-to-unresolvable']);
  });

  it('finds the specifier in import, export, require and dynamic import, with 1-based columns', () => {
    const text = "const x = 1; // './a.js'\nexport * from \"./a.js\";\nconst b = require('./b.js');\nconst c = await import(`./c.js`);\n";
    expect(importPosition(text, './a.js')).toEqual({ line: 2, column: 15 });
    expect(importPosition(text, './b.js')).toEqual({ line: 3, column: 19 });
    expect(importPosition(text, './c.js')).toEqual({ line: 4, column: 24 });
    expect(importPosition(text, './d.js')).toBeUndefined();
    expect(importPosition("const s = 'lodash/fp';", 'lodash/fp')).toEqual({ line: 1, column: 11 });
  });
});

describe('architecture gate', () => {
  it('runs after the static gate in the pack', () => {
    expect(builtinGates.map((gate) => gate.id).slice(0, 2)).toEqual(['static', 'architecture']);
    expect(architectureGate.title).toBe('Architecture graph');
  });

  it('passes the clean app with zero findings, and writes its result as a deterministic artifact', async () => {
    const project = temp(HOC_APP);
    const first = await runArchitecture(project.root);
    expect(first.outcome.findings).toEqual([]);
    expect(first.outcome.metrics).toMatchObject({ violations: 0 });
    expect(Number(first.outcome.metrics?.modulesCruised)).toBeGreaterThanOrEqual(48);
    expect(Number(first.outcome.metrics?.dependencies)).toBeGreaterThan(100);
    expect(first.outcome.artifacts).toEqual([
      '.plumbline/evidence/architecture/depcruise-result.json',
      '.plumbline/evidence/architecture/spec-registry.json',
      '.plumbline/evidence/architecture/spec-registry.md',
    ]);
    expect(Number(first.outcome.metrics?.['analyzers.operations'])).toBeGreaterThanOrEqual(16);
    const ruleIds = first.outcome.rules?.map((r) => r.id) ?? [];
    expect(ruleIds).toEqual(expect.arrayContaining(['depcruise/no-circular', 'depcruise/not-to-unresolvable']));
    expect(ruleIds.filter((id) => id.startsWith('depcruise/layer-'))).toEqual([]);
    expect(first.progress).toEqual([expect.stringMatching(/^\d+ files to cruise$/), expect.stringMatching(/^\d+ files to analyze$/)]);

    const artifact = path.join(project.root, '.plumbline/evidence/architecture/depcruise-result.json');
    const bytes = readFileSync(artifact, 'utf8');
    const strings: string[] = [];
    JSON.parse(bytes, (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
    expect(strings.filter((value) => path.isAbsolute(value))).toEqual([]);
    const parsed = JSON.parse(bytes) as ICruiseResult;
    expect(parsed.summary.optionsUsed.baseDir).toBeUndefined();
    expect(parsed.modules.map((m) => m.source)).toEqual([...parsed.modules.map((m) => m.source)].sort());
    await runArchitecture(project.root);
    expect(readFileSync(artifact, 'utf8')).toBe(bytes);
  });

  it('the clean app in place passes too (packages resolve through the repo, aliases through its tsconfig)', async () => {
    const { outcome } = await runArchitecture(HOC_APP, temp().root);
    expect(outcome.findings).toEqual([]);
  });

  it('leaves layer breaks (a forbidden layer, a value where only types may cross) to the static rule', async () => {
    const project = temp(HOC_APP);
    project.write(
      'src/api/audit.ts',
      "import { sha256Hex } from '../domains/logs/drivers/sha256-hasher.js';\nexport const digest = sha256Hex;\n",
    );
    project.write(
      'src/domains/logs/engines/hashing.ts',
      "import type { Hasher } from '../drivers/sha256-hasher.js';\nimport { sha256Hex } from '../drivers/sha256-hasher.js';\nexport const defaultHasher: Hasher = sha256Hex;\n",
    );
    const { outcome } = await runArchitecture(project.root);
    expect(outcome.findings).toEqual([]);
    expect(outcome.metrics).toMatchObject({ violations: 0 });
  });

  it('ignores a cycle through a type-only import but reports the same cycle with values', async () => {
    const project = temp(HOC_APP);
    project.write(
      'src/models/left.ts',
      "import type { Right } from './right.js';\nexport const left = 1;\nexport type Left = { right?: Right };\n",
    );
    project.write(
      'src/models/right.ts',
      "import { left } from './left.js';\nexport type Right = { left: typeof left };\nexport const right = left + 1;\n",
    );
    project.write('src/models/uses.ts', "import { right } from './right.js';\nexport const uses = right;\n");
    expect((await runArchitecture(project.root)).outcome.findings).toEqual([]);
    project.write('src/models/left.ts', "import { right } from './right.js';\nexport const left = 1;\nexport const both = () => right;\n");
    const { outcome } = await runArchitecture(project.root);
    // dependency-cruiser reports a cycle once, at one of its modules.
    expect(outcome.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['depcruise/no-circular src/models/left.ts:1']);
    expect(outcome.findings[0]?.message).toContain('src/models/left.ts → src/models/right.ts → src/models/left.ts');
  });

  it('honours the severities in gates.architecture', async () => {
    const project = temp(HOC_APP);
    project.write('src/models/unused.ts', 'export const unused = 1;\n');
    project.write('src/spine/typo.ts', "import { x } from './nope.js';\nexport const y = x;\n");
    const configFile = path.join(project.root, 'plumbline.config.ts');
    const text = readFileSync(configFile, 'utf8');
    project.write(
      'plumbline.config.ts',
      text.replace(
        "entryPoints: ['src/gateway/server.ts']",
        "entryPoints: ['src/gateway/server.ts'], orphans: 'error', unresolvable: 'warn'",
      ),
    );
    const { outcome } = await runArchitecture(project.root);
    expect(outcome.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}`)).toEqual([
      'depcruise/no-orphans error src/models/unused.ts',
      'depcruise/not-to-unresolvable warning src/spine/typo.ts',
    ]);
    project.write(
      'plumbline.config.ts',
      text.replace(
        "entryPoints: ['src/gateway/server.ts']",
        "entryPoints: ['src/gateway/server.ts', 'src/models/unused.ts'], unresolvable: 'off'",
      ),
    );
    expect((await runArchitecture(project.root)).outcome.findings).toEqual([]);
  });

  it('fails closed with a config error when the configured tsconfig is missing', async () => {
    const project = temp(HOC_APP);
    const configFile = path.join(project.root, 'plumbline.config.ts');
    project.write(
      'plumbline.config.ts',
      readFileSync(configFile, 'utf8').replace("mode: 'strict',", "mode: 'strict',\n  tsconfig: 'tsconfig.missing.json',"),
    );
    await expect(runArchitecture(project.root)).rejects.toThrow(/tsconfig: file not found/);
  });

  it("Plumbline's own source has no cycle, no unresolvable import, no layer break and no devDependency in production code", async () => {
    const { outcome } = await runArchitecture(REPO_ROOT, temp().root);
    expect(outcome.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(Number(outcome.metrics?.modulesCruised)).toBeGreaterThan(60);
  });
});
