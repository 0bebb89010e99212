import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createModuleLocator } from '../../analyzers/module-locator.js';
import { loadConfig } from '../../config/load.js';
import { getModuleResolver } from '../../config/module-resolution.js';
import { getProjectMatcher, toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { listSourceFiles } from '../../config/source-files.js';
import { layerRegexSelectors, type RegexSelector } from '../../core/layer-matcher.js';
import { depcruiseFindings, fileReader } from '../../gates/architecture/depcruise-findings.js';
import { runDepcruise } from '../../gates/architecture/run-depcruise.js';
import { lintWithRules } from '../../gates/static/lint.js';
import { applyOverlay, listOverlays } from '../helpers/overlays.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

/**
 * One layer policy: the ESLint rule, the analyzers and the graph (dependency-cruiser with the
 * exported layer rules) must agree on every file's layer and every import's target, on the
 * example app and on every seeded-defect overlay of it. An overlay differs from the app only in
 * the files it lays, so there the imports (and layer breaks) of those files are compared, and the
 * layer of every file.
 */
const FIXTURES = path.join(REPO_ROOT, 'fixtures');
const OVERLAY_KINDS = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('defects'))
  .sort();
const SOURCE = /\.[cm]?[jt]sx?$/;

/** Overlays that lay a source file: the others change no import, so the app itself covers them. */
const overlays = OVERLAY_KINDS.flatMap((kind) =>
  listOverlays(path.join(FIXTURES, kind))
    .filter((name) => laidSources(path.join(FIXTURES, kind, name)).length > 0)
    .map((name) => ({ kind, name })),
);

function laidSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => SOURCE.test(file))
    .map((file) => file.split(path.sep).join('/'));
}

const projects: Array<{ remove(): void }> = [];
afterAll(() => projects.forEach((project) => project.remove()));

function regexLayer(config: ResolvedConfig, selectors: readonly RegexSelector[], file: string): string | undefined {
  const index = selectors.findIndex(
    (selector) => new RegExp(selector.path).test(file) && !(selector.pathNot ?? []).some((not) => new RegExp(not).test(file)),
  );
  return config.layers[index]?.name;
}

/**
 * Every disagreement between the three, as readable lines (none expected): the layer of every
 * source file, and the target and layer verdict of every import in `checked` (default: all sources).
 */
async function disagreements(root: string, checked?: readonly string[]): Promise<{ problems: string[]; files: number; imports: number }> {
  const config = await loadConfig({ configFile: path.join(root, 'plumbline.config.ts') });
  const files = listSourceFiles(config);
  const sources = files.map((file) => toProjectPath(config.root, file) as string);
  const known = new Set(sources);
  const matcher = getProjectMatcher(config);
  const resolver = getModuleResolver(config);
  const locate = createModuleLocator(config, sources, []);
  const selectors = layerRegexSelectors(config.layers);
  const problems: string[] = [];
  for (const source of sources) {
    const ruleLayer = matcher.layerOf(path.join(config.root, source))?.name;
    const graphLayer = regexLayer(config, selectors, source);
    if (ruleLayer !== graphLayer) problems.push(`${source}: layer ${ruleLayer} (rule) vs ${graphLayer} (graph)`);
  }

  const checkedFiles = checked ? files.filter((file) => checked.includes(toProjectPath(config.root, file) as string)) : files;
  const { configuration, result } = await runDepcruise(config, checkedFiles, { layerRules: true, ...(checked ? { maxDepth: 1 } : {}) });
  const cruised = new Set(checkedFiles.map((file) => toProjectPath(config.root, file)));
  let imports = 0;
  for (const module of result.modules) {
    if (!cruised.has(module.source)) continue;
    const absolute = path.join(config.root, module.source);
    for (const dependency of module.dependencies) {
      if (dependency.coreModule) continue;
      imports += 1;
      const graph = dependency.couldNotResolve ? 'unresolved' : known.has(dependency.resolved) ? dependency.resolved : 'outside';
      const resolved = resolver.resolve(dependency.module, absolute);
      const target = resolved.kind === 'file' ? toProjectPath(config.root, resolved.path) : undefined;
      const rule =
        target !== undefined && known.has(target)
          ? target
          : resolved.kind === 'file' && existsSync(resolved.path)
            ? 'outside'
            : resolved.kind;
      const located = locate(dependency.module, module.source);
      const analyzers = located.kind === 'file' ? located.path : 'none';
      const agrees =
        graph === 'unresolved'
          ? rule !== 'outside' && !known.has(rule) && analyzers === 'none'
          : graph === 'outside'
            ? (rule === 'outside' || rule === 'external') && analyzers === 'none'
            : rule === graph && analyzers === graph;
      if (!agrees) problems.push(`${module.source} '${dependency.module}': ${graph} (graph), ${rule} (rule), ${analyzers} (analyzers)`);
    }
  }

  // The same layer breaks, at the same lines, from the rule and from the exported dependency-cruiser rules.
  // The rule runs in-process on ESLint (no oxlint start per overlay); engine-parity proves oxlint finds the same.
  const lint = await lintWithRules(config, checkedFiles, { engine: 'eslint' });
  const ruleBreaks = lint.findings
    .filter((finding) => finding.ruleId === 'plumbline/layer-boundaries' && !finding.message.includes('is in no layer'))
    .map((finding) => `${finding.file}:${finding.line}`);
  const graphBreaks = depcruiseFindings(result, configuration, fileReader(config.root))
    .filter((finding) => finding.ruleId.startsWith('depcruise/layer-'))
    .map((finding) => `${finding.file}:${finding.line}`);
  if (ruleBreaks.sort().join() !== graphBreaks.sort().join()) {
    problems.push(`layer breaks: [${ruleBreaks.join(', ')}] (rule) vs [${graphBreaks.join(', ')}] (graph)`);
  }
  return { problems, files: sources.length, imports };
}

describe('one layer policy: the rule, the analyzers and the graph agree', () => {
  it('on the example app, every file and every import', async () => {
    const project = makeTempProject(HOC_APP);
    projects.push(project);
    const { problems, files, imports } = await disagreements(project.root);
    expect(problems).toEqual([]);
    // A check that compared nothing would pass vacuously.
    expect(files).toBeGreaterThan(40);
    expect(imports).toBeGreaterThan(100);
  });

  it('finds overlays to compare', () => {
    expect(overlays.length).toBeGreaterThan(40);
  });

  it.each(overlays)('on overlay $kind/$name', async ({ kind, name }) => {
    const dir = path.join(FIXTURES, kind);
    const project = applyOverlay(dir, name);
    projects.push(project);
    const { problems, files } = await disagreements(project.root, laidSources(path.join(dir, name)));
    expect(problems).toEqual([]);
    expect(files).toBeGreaterThan(40);
  });
});
