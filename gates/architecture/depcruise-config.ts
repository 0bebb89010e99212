import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DependencyType, IConfiguration, IForbiddenRuleType, IRegularForbiddenRuleType } from 'dependency-cruiser';
import { ConfigError, type ConfigProblem } from '../../config/errors.js';
import type { ResolvedConfig, ResolvedLayer } from '../../config/resolve.js';
import { ArchitectureGateSchema, type ArchitectureGateConfig } from '../../config/schema.js';
import { describeLayer } from '../../rules/describe-layer.js';
import { globsToRegex, GlobConversionError, type GlobRegex } from '../../core/glob-to-regex.js';
import { layerAccess, layerRegexSelectors, type RegexSelector } from '../../core/layer-matcher.js';

/** Imports that vanish at compile time: `import type`, `export type`, `import('x').T`. */
export const TYPE_ONLY_DEPENDENCY_TYPES: DependencyType[] = ['type-only', 'type-import'];

/** dependency-cruiser's safe-regex limit on quantifiers in one filter option (doNotFollow, exclude). */
const FILTER_REPETITION_LIMIT = 25;

/** Files that are orphans by nature: dotfiles, declarations, tool configs. */
const NATURAL_ORPHANS = [
  '(^|/)[.][^/]+[.](?:js|cjs|mjs|ts|cts|mts|json)$',
  '[.]d[.][cm]?ts$',
  '(^|/)tsconfig[.][^/]*json$',
  '(^|/)[^/]+[.]config[.](?:js|cjs|mjs|ts|cts|mts|json)$',
];

/** Test files: they may import devDependencies even when they sit among the sources. */
const TEST_FILES = ['[.](?:test|spec|e2e-spec)[.][cm]?[jt]sx?$', '(^|/)__(?:tests|mocks)__/'];

/** The architecture gate's settings with every default applied. */
export function architectureSettings(config: ResolvedConfig): ArchitectureGateConfig {
  return ArchitectureGateSchema.parse(config.gates.architecture ?? {});
}

/** Name of the generated rule for a layer importing another layer it may not. */
export function layerRuleName(from: string, to: string): string {
  return `layer-${from}-to-${to}`;
}

/**
 * The tsconfig dependency-cruiser should read for path aliases: the config's
 * `tsconfig`, else `tsconfig.json` in the root when there is one.
 */
export function findTsConfig(config: ResolvedConfig): string | undefined {
  if (config.tsconfig) {
    const file = path.resolve(config.root, config.tsconfig);
    if (!existsSync(file)) {
      throw new ConfigError(config.configFile, [{ path: 'tsconfig', message: `file not found: ${file}` }]);
    }
    return file;
  }
  const fallback = path.join(config.root, 'tsconfig.json');
  return existsSync(fallback) ? fallback : undefined;
}

export interface DepcruiseConfigOptions {
  /** tsconfig path as the config should name it (absolute in memory, root-relative in the written file). */
  tsConfigFile?: string;
  /**
   * Whether to add the `layer-*` rules. The architecture gate leaves them out: the static gate's
   * `plumbline/layer-boundaries` reports each layer break once. The exported config and the graph keep them.
   */
  layerRules?: boolean;
  /** gates.architecture as the runner parsed it; absent (commands outside the pack): parsed from the config. */
  settings?: ArchitectureGateConfig;
}

/**
 * dependency-cruiser's configuration for a Plumbline config: no-circular, no-orphans,
 * not-to-unresolvable and not-to-dev-dep at the severities `gates.architecture` sets,
 * and with `layerRules`, one forbidden rule per pair of layers that may not meet
 * (value imports only, where `mayImportTypes` allows types), generated from the
 * layer matcher's own globs and order (core/layer-matcher.ts).
 *
 * No `includeOnly`: dependency-cruiser applies it to dependencies too, which
 * would drop every npm package and every unresolvable import from the graph.
 * The cruise starts from the sources instead, and excluded files are not followed.
 */
export function buildDepcruiseConfig(config: ResolvedConfig, options: DepcruiseConfigOptions = {}): IConfiguration {
  const settings = options.settings ?? architectureSettings(config);
  const regexes = convertAll(config, settings);
  const forbidden: IForbiddenRuleType[] = options.layerRules ? layerRules(config.layers, regexes.layers) : [];

  if (settings.circular !== 'off') {
    forbidden.push({
      name: 'no-circular',
      severity: settings.circular,
      comment: 'Modules import each other in a cycle at runtime (cycles through type-only imports are allowed).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPE_ONLY_DEPENDENCY_TYPES } },
    });
  }
  if (settings.orphans !== 'off') {
    forbidden.push({
      name: 'no-orphans',
      severity: settings.orphans,
      comment:
        'The module imports nothing and nothing imports it: dead code, or an entry point missing from gates.architecture.entryPoints.',
      from: { orphan: true, pathNot: [...NATURAL_ORPHANS, ...(regexes.entryPoints ? [regexes.entryPoints.source] : [])] },
      to: {},
    });
  }
  if (settings.unresolvable !== 'off') {
    forbidden.push({
      name: 'not-to-unresolvable',
      severity: settings.unresolvable,
      comment: 'The import resolves to no file and no installed package.',
      from: {},
      to: { couldNotResolve: true },
    });
  }
  if (settings.devDependencies !== 'off') {
    forbidden.push({
      name: 'not-to-dev-dep',
      severity: settings.devDependencies,
      comment: 'Production code imports a package listed only under devDependencies in package.json, which production installs leave out.',
      from: { path: regexes.include.source, pathNot: TEST_FILES },
      // A package that is also a peer dependency is one the user installs (e.g. an optional test-runner integration).
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: [...TYPE_ONLY_DEPENDENCY_TYPES, 'npm-peer'],
        pathNot: 'node_modules/@types/',
      },
    });
  }

  const doNotFollow = ['node_modules', ...(regexes.exclude ? [regexes.exclude.source] : [])];
  return {
    forbidden,
    options: {
      doNotFollow: { path: doNotFollow },
      // A package linked into node_modules (a workspace, a self-link) keeps its node_modules
      // path, so doNotFollow stops at it instead of cruising its real folder as project code.
      preserveSymlinks: true,
      // Type-only imports are real edges for layering; without this tsc drops them before the cruise.
      tsPreCompilationDeps: true,
      ...(options.tsConfigFile ? { tsConfig: { fileName: options.tsConfigFile } } : {}),
      // What `depcruise --init` sets for TypeScript: resolve packages through `exports` like Node does.
      enhancedResolveOptions: {
        exportsFields: ['exports'],
        conditionNames: ['import', 'require', 'node', 'default', 'types'],
        mainFields: ['module', 'main', 'types', 'typings'],
      },
    },
  };
}

interface ConvertedGlobs {
  include: GlobRegex;
  exclude: GlobRegex | undefined;
  entryPoints: GlobRegex | undefined;
  layers: RegexSelector[];
}

/** Converts every glob the generated config needs, naming each one that cannot be converted. */
function convertAll(config: ResolvedConfig, settings: ArchitectureGateConfig): ConvertedGlobs {
  const problems: ConfigProblem[] = [];
  const convert = (globs: readonly string[], field: string): GlobRegex | undefined => {
    globs.forEach((glob, index) => {
      try {
        globsToRegex([glob]);
      } catch (error) {
        if (!(error instanceof GlobConversionError)) throw error;
        problems.push({ path: `${field}[${index}]`, message: `${error.message} (needed for dependency-cruiser)` });
      }
    });
    return problems.length === 0 ? globsToRegex(globs) : undefined;
  };
  const include = convert(config.include, 'include');
  const exclude = convert(config.exclude, 'exclude');
  const entryPoints = convert(settings.entryPoints ?? [], 'gates.architecture.entryPoints');
  config.layers.forEach((layer) => convert(layer.paths, `layers.${layer.name}.paths`));
  if (exclude && exclude.repetitions > FILTER_REPETITION_LIMIT) {
    problems.push({
      path: 'exclude',
      message: `the exclude globs hold ${exclude.repetitions} wildcards; dependency-cruiser refuses filters with more than ${FILTER_REPETITION_LIMIT}: merge them, e.g. 'src/{gen,vendor}/**'`,
    });
  }
  if (problems.length > 0 || !include) throw new ConfigError(config.configFile, problems);
  return { include, exclude, entryPoints, layers: layerRegexSelectors(config.layers) };
}

function layerRules(layers: readonly ResolvedLayer[], selectors: readonly RegexSelector[]): IRegularForbiddenRuleType[] {
  const rules: IRegularForbiddenRuleType[] = [];
  layers.forEach((from, fromIndex) => {
    const allowed = from.mayImport.filter((name) => name !== from.name).map((name) => `'${name}'`);
    layers.forEach((to, toIndex) => {
      const access = layerAccess(from, to);
      if (access === 'values') return;
      const fromSelector = selectors[fromIndex] as RegexSelector;
      const toSelector = selectors[toIndex] as RegexSelector;
      rules.push({
        name: layerRuleName(from.name, to.name),
        severity: 'error',
        comment:
          access === 'types'
            ? `Layer ${describeLayer(from)} may import only types from layer ${describeLayer(to)}.`
            : `Layer ${describeLayer(from)} may not import layer ${describeLayer(to)}; it may import ${allowed.length > 0 ? allowed.join(', ') : 'no other layer'}.`,
        from: { ...fromSelector },
        to: access === 'types' ? { ...toSelector, dependencyTypesNot: TYPE_ONLY_DEPENDENCY_TYPES } : { ...toSelector },
      });
    });
  });
  return rules;
}
