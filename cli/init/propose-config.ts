import path from 'node:path';
import picomatch from 'picomatch';
import { presets } from '../../config/presets.js';
import type { PresetName } from '../../config/schema.js';
import type { ProjectFacts } from './detect-project.js';

/**
 * Folder names that mean a preset's layer, relative to the source root. A name
 * with a slash is a nested folder (`adapters/in`). Matched case-insensitively.
 */
export const LAYER_SYNONYMS: Record<PresetName, Record<string, string[]>> = {
  hoc: {
    gateway: ['gateway', 'server', 'http'],
    api: ['api', 'routes', 'controllers', 'handlers'],
    spine: ['spine', 'orchestrator', 'orchestration', 'operations'],
    engines: ['engines', 'engine', 'decisions', 'calculators'],
    drivers: ['drivers', 'driver', 'repositories', 'repository', 'repos', 'persistence'],
    models: ['models', 'model', 'types', 'schemas'],
  },
  hexagonal: {
    inbound: ['adapters/in', 'adapters/inbound', 'adapters/primary', 'adapters/driving'],
    outbound: ['adapters/out', 'adapters/outbound', 'adapters/secondary', 'adapters/driven'],
    application: ['application', 'app'],
    ports: ['ports', 'port'],
    domain: ['domain', 'core'],
  },
  clean: {
    frameworks: ['frameworks', 'infrastructure', 'infra'],
    adapters: ['interface-adapters', 'adapters', 'presenters'],
    useCases: ['use-cases', 'usecases', 'use_cases', 'application', 'interactors'],
    entities: ['entities', 'entity', 'domain', 'enterprise'],
  },
};

/** Parent folders whose children are domains even when only one child holds a layer folder. */
const DOMAIN_PARENTS = ['domains', 'modules', 'features', 'contexts', 'bounded-contexts'];

export interface DetectedLayer {
  name: string;
  level: string | undefined;
  paths: string[];
  mayImport: string[];
  mayImportTypes: string[];
}

export interface LayoutProposal {
  preset: PresetName;
  /** Preset layers found in the project, with the paths found. */
  layers: DetectedLayer[];
  /** Preset layers not found: the preset keeps supplying them. */
  missingLayers: string[];
  domains: string[];
  /** Extra layer for files directly inside domain folders (barrels), when there are any. */
  domainEntries: DetectedLayer | undefined;
  /** Source files that no layer covers, even after the proposal. */
  uncovered: string[];
  /** Of the candidates, how each preset scored (layers matched / layers). */
  scores: Array<{ preset: PresetName; matched: number; total: number; files: number }>;
}

interface PresetMatch {
  preset: PresetName;
  layers: DetectedLayer[];
  domainParents: string[];
  covered: number;
}

/**
 * Proposes a layout from the folders: every preset's layers are matched to
 * folders by synonym (directly below the source root, or inside each domain
 * folder as in `src/domains/<domain>/engines`), the preset matching the most
 * of its layers (then covering the most files) wins.
 */
export function proposeLayout(facts: ProjectFacts, forced?: PresetName): LayoutProposal {
  const candidates = (Object.keys(presets) as PresetName[]).map((preset) => matchPreset(facts, preset));
  const scores = candidates.map((match) => ({
    preset: match.preset,
    matched: match.layers.length,
    total: Object.keys(presets[match.preset].layers ?? {}).length,
    files: match.covered,
  }));
  const ranked = [...candidates].sort((a, b) => ratio(b) - ratio(a) || b.covered - a.covered);
  const best = forced ? (candidates.find((match) => match.preset === forced) as PresetMatch) : (ranked[0] as PresetMatch);

  const prefix = facts.sourceRoot === '.' ? '' : `${facts.sourceRoot}/`;
  const domains = best.domainParents.map((parent) => `${prefix}${parent}/*`);
  const domainNames = new Set(
    best.domainParents.flatMap((parent) =>
      facts.dirs.filter((dir) => path.posix.dirname(dir) === `${prefix}${parent}`).map((dir) => path.posix.basename(dir)),
    ),
  );
  // Folders elsewhere grouped by the same domain names (e.g. src/spine/operations/<domain>) belong to those domains.
  if (domainNames.size > 0) {
    const parents = new Set(best.domainParents.map((parent) => `${prefix}${parent}`));
    for (const dir of facts.dirs) {
      if (parents.has(dir) || domains.some((glob) => picomatch(`${glob}/**`)(dir))) continue;
      const children = facts.dirs.filter((candidate) => path.posix.dirname(candidate) === dir).map((child) => path.posix.basename(child));
      const named = children.filter((child) => domainNames.has(child)).length;
      if (named >= 2 && named * 2 >= children.length) domains.push(`${dir}/*`);
    }
  }

  const presetLayers = presets[best.preset].layers ?? {};
  const activeGlobs = [
    ...best.layers.flatMap((layer) => layer.paths),
    ...Object.entries(presetLayers)
      .filter(([name]) => !best.layers.some((layer) => layer.name === name))
      .flatMap(([, layer]) => layer.paths ?? []),
  ];
  const covered = picomatch(activeGlobs.length > 0 ? activeGlobs : ['\u0000']);
  let uncovered = facts.files.filter((file) => !covered(file));

  let domainEntries: DetectedLayer | undefined;
  const entryNames = new Set<string>();
  for (const parent of best.domainParents) {
    const direct = picomatch(`${prefix}${parent}/*/*`);
    for (const file of uncovered) if (direct(file)) entryNames.add(path.posix.basename(file));
  }
  if (entryNames.size > 0) {
    const inside = best.layers.filter((layer) =>
      layer.paths.some((glob) => best.domainParents.some((parent) => glob.startsWith(`${prefix}${parent}/*/`))),
    );
    // A domain's entry re-exports its insides, so it may import what they are and what they may import.
    const reach = new Set(inside.map((layer) => layer.name));
    for (const layer of inside) layer.mayImport.forEach((name) => reach.add(name));
    const order = [...best.layers.map((layer) => layer.name), ...Object.keys(presetLayers)];
    domainEntries = {
      name: 'domainEntries',
      level: 'entry',
      paths: best.domainParents.flatMap((parent) => [...entryNames].sort().map((name) => `${prefix}${parent}/*/${name}`)),
      mayImport: [...reach].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      mayImportTypes: [],
    };
    const entry = picomatch(domainEntries.paths);
    uncovered = uncovered.filter((file) => !entry(file));
  }

  return {
    preset: best.preset,
    layers: best.layers,
    missingLayers: Object.keys(presetLayers).filter((name) => !best.layers.some((layer) => layer.name === name)),
    domains,
    domainEntries,
    uncovered,
    scores,
  };
}

function ratio(match: PresetMatch): number {
  const total = Object.keys(presets[match.preset].layers ?? {}).length;
  return total === 0 ? 0 : match.layers.length / total;
}

function matchPreset(facts: ProjectFacts, preset: PresetName): PresetMatch {
  const prefix = facts.sourceRoot === '.' ? '' : `${facts.sourceRoot}/`;
  const relative = facts.dirs.map((dir) => ({ dir, rel: dir.slice(prefix.length), lower: dir.slice(prefix.length).toLowerCase() }));
  const claimed = new Set<string>();
  const layers: DetectedLayer[] = [];
  const domainParents = new Set<string>();

  for (const [name, layer] of Object.entries(presets[preset].layers ?? {})) {
    const synonyms = LAYER_SYNONYMS[preset][name] ?? [];
    const paths: string[] = [];
    for (const synonym of synonyms) {
      // Directly below the source root: src/<synonym>.
      const direct = relative.find((entry) => entry.lower === synonym && !claimed.has(entry.dir));
      if (direct) {
        claimed.add(direct.dir);
        paths.push(`${direct.dir}/**`);
      }
      // Inside each domain: src/<parent>/<domain>/<synonym>.
      const nested = relative.filter((entry) => {
        const parts = entry.lower.split('/');
        return parts.length === 3 && parts[2] === synonym && !claimed.has(entry.dir);
      });
      const byParent = new Map<string, string[]>();
      for (const entry of nested) {
        const parent = entry.rel.split('/')[0] as string;
        byParent.set(parent, [...(byParent.get(parent) ?? []), entry.dir]);
      }
      for (const [parent, dirs] of [...byParent].sort(([a], [b]) => a.localeCompare(b))) {
        if (dirs.length < 2 && !DOMAIN_PARENTS.includes(parent.toLowerCase())) continue;
        dirs.forEach((dir) => claimed.add(dir));
        domainParents.add(parent);
        paths.push(`${prefix}${parent}/*/${dirs[0]?.split('/').pop() ?? synonym}/**`);
      }
    }
    if (paths.length > 0) {
      layers.push({
        name,
        level: layer.level,
        paths,
        mayImport: [...(layer.mayImport ?? [])],
        mayImportTypes: [...(layer.mayImportTypes ?? [])],
      });
    }
  }
  const matcher = picomatch(layers.flatMap((layer) => layer.paths).concat('\u0000'));
  return { preset, layers, domainParents: [...domainParents].sort(), covered: facts.files.filter((file) => matcher(file)).length };
}
