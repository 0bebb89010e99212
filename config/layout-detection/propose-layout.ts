import path from 'node:path';
import picomatch from 'picomatch';
import { presets } from '../presets.js';
import type { PresetName } from '../schema.js';
import { classifyFile, type Evidence } from './classify-file.js';
import { detectDomains, type DomainLayout } from './domain-folders.js';
import { folderGlobs, orderLayers, suffixGlob, withoutRedundantGlobs, withoutShadowedGlobs } from './layer-globs.js';
import type { ProjectFacts } from './project-facts.js';
import { FAMILIES, type Family } from './vocabulary.js';

export interface DetectedLayer {
  name: string;
  level: string | undefined;
  paths: string[];
  mayImport: string[];
  mayImportTypes: string[];
  /** Why: the folders and suffixes that counted, with their file counts. */
  evidence: string[];
}

export interface LayoutProposal {
  preset: PresetName;
  /** The family in words, for the config's comment. */
  title: string;
  /** The layers found, in the order they are written (the first match owns a file). */
  layers: DetectedLayer[];
  /** Preset layers the project does not have: written as `false`, so no layer matches no file. */
  droppedLayers: string[];
  /** Layers the architecture calls pure (engines.layers) and the transaction owners, among those found. */
  pureLayers: string[];
  owners: string[];
  domains: string[];
  /** Domain folders by path (two `courses` modules in two contexts are two domains). */
  domainRoots: string[];
  sharedKernel: string[];
  /** Source files that no layer covers. */
  uncovered: string[];
  /** Files each family would place, best first (by score: a strong folder counts twice): the evidence for the choice. */
  scores: Array<{ preset: PresetName; files: number }>;
}

interface FamilyMatch {
  family: Family;
  evidence: Map<string, Evidence>;
  files: number;
  score: number;
}

/**
 * Proposes a layout: every file is given a role by each family's words (folder,
 * then file-name suffix), the family placing the most files wins (ties: HOC,
 * hexagonal, clean, layered), and its layers get globs that cover exactly those
 * folders and suffixes, ordered so that overlapping globs give each file its role.
 */
export function proposeLayout(facts: ProjectFacts, forced?: PresetName): LayoutProposal {
  const silent = silentFolders(facts);
  const matches = FAMILIES.map((family) => matchFamily(family, facts.files, silent));
  const ranked = [...matches].sort((a, b) => b.score - a.score);
  const best = forced ? (matches.find((match) => match.family.preset === forced) as FamilyMatch) : (ranked[0] as FamilyMatch);
  const { family, evidence } = best;

  const names = layerNames(family, evidence);
  const folders = [...evidence.values()].flatMap((item) =>
    item.kind === 'suffix' ? [] : [{ folder: item.folder, word: item.word, role: item.role.role }],
  );
  const domains = detectDomains(folders, facts.dirs, silent);

  let layers = family.roles.flatMap((role): DetectedLayer[] => {
    const mine = [...evidence.values()].filter((item) => item.role === role);
    if (mine.length === 0) return [];
    const folderItems = mine.filter((item): item is Extract<Evidence, { folder: string }> => item.kind !== 'suffix');
    const suffixItems = mine.filter((item): item is Extract<Evidence, { kind: 'suffix' }> => item.kind === 'suffix');
    const paths = [...folderGlobs(folderItems.map((item) => generaliseDomain(item.folder, domains.roots)))];
    const bySuffix = new Map<string, string[]>();
    for (const item of suffixItems) bySuffix.set(item.suffix, [...(bySuffix.get(item.suffix) ?? []), item.extension]);
    const prefix = facts.sourceRoot === '.' ? '' : `${facts.sourceRoot}/`;
    for (const [suffix, extensions] of [...bySuffix].sort(([a], [b]) => a.localeCompare(b))) {
      paths.push(suffixGlob(prefix, suffix, extensions));
    }
    const name = names.get(role.role) as string;
    const translate = (roles: readonly string[] | undefined) =>
      (roles ?? []).flatMap((other) => (names.has(other) && other !== role.role ? [names.get(other) as string] : []));
    return [
      {
        name,
        level: role.level,
        paths,
        mayImport: translate(role.mayImport),
        mayImportTypes: translate(role.mayImportTypes),
        evidence: describeEvidence(mine),
      },
    ];
  });

  const intended = new Map([...evidence].map(([file, item]) => [file, names.get(item.role.role) as string]));
  layers = withoutShadowedGlobs(orderLayers(layers, intended)).map((layer) => withoutRedundantGlobs(layer, facts.files));
  const found = new Set(layers.map((layer) => layer.name));
  for (const layer of layers) {
    layer.mayImport = layer.mayImport.filter((name) => found.has(name));
    layer.mayImportTypes = layer.mayImportTypes.filter((name) => found.has(name));
  }
  const entries = domainEntryLayer(facts.files, layers, domains, intended);
  if (entries) layers.push(entries);

  const written = new Set(layers.map((layer) => layer.name));
  const covered = picomatch(layers.flatMap((layer) => layer.paths).concat('\u0000'), { dot: true });
  const roleNamed = (flag: 'pure' | 'owner') =>
    family.roles.filter((role) => role[flag] && written.has(names.get(role.role) ?? '')).map((role) => names.get(role.role) as string);
  return {
    preset: family.preset,
    title: family.title,
    layers,
    // With no layer found the preset's stay, for the user to point at their folders (the comment says so).
    droppedLayers: layers.length === 0 ? [] : Object.keys(presets[family.preset].layers).filter((name) => !written.has(name)),
    pureLayers: roleNamed('pure'),
    owners: roleNamed('owner'),
    domains: domains.globs,
    domainRoots: domains.roots,
    sharedKernel: domains.sharedKernel,
    uncovered: facts.files.filter((file) => !covered(file)),
    scores: ranked.map((match) => ({ preset: match.family.preset, files: match.files })),
  };
}

/** A folder inside a domain folder, with the domain's segment as `*`: `src/modules/user/domain` for all modules. */
function generaliseDomain(folder: string, roots: readonly string[]): string {
  const root = roots.find((candidate) => folder.startsWith(`${candidate}/`));
  return root === undefined ? folder : `${path.posix.dirname(root)}/*${folder.slice(root.length)}`;
}

/** Folders never read as layer words: the source roots and their parents (`src`, `packages`, `packages/api/src`). */
function silentFolders(facts: ProjectFacts): Set<string> {
  const silent = new Set<string>();
  const roots = facts.workspaces.length > 0 ? facts.workspaces.map((pkg) => pkg.sourceRoot) : [facts.sourceRoot];
  for (const root of roots) {
    if (root === '.') continue;
    // A workspace package's own folder stays a word: `packages/domain` is the domain layer.
    const own = facts.workspaces.find((pkg) => pkg.sourceRoot === root)?.dir;
    for (let dir = root; dir !== '.'; dir = path.posix.dirname(dir)) if (dir !== own) silent.add(dir);
  }
  return silent;
}

function matchFamily(family: Family, files: readonly string[], silent: ReadonlySet<string>): FamilyMatch {
  const evidence = new Map<string, Evidence>();
  for (const file of files) {
    const found = classifyFile(family, file, silent);
    if (found) evidence.set(file, found);
  }
  // A folder that names its layer outright (`use-cases`) says more than a purpose folder or a suffix does.
  const score = [...evidence.values()].reduce((sum, item) => sum + (item.kind === 'strong' ? 2 : 1), 0);
  return { family, evidence, files: evidence.size, score };
}

/** Each role's written name: the name its most common word gives (`infrastructure`), else the role's own. */
function layerNames(family: Family, evidence: ReadonlyMap<string, Evidence>): Map<string, string> {
  const names = new Map<string, string>();
  for (const role of family.roles) {
    const counts = new Map<string, number>();
    for (const item of evidence.values()) {
      if (item.role !== role || item.kind === 'suffix') continue;
      const name = role.names?.[item.word.toLowerCase()];
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const ranked = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    names.set(role.role, ranked[0]?.[0] ?? role.names?.['*'] ?? role.role);
  }
  return names;
}

function describeEvidence(items: readonly Evidence[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = item.kind === 'suffix' ? `*.${item.suffix}.${item.extension}` : `${item.word}/`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([key, count]) => `${key} ${count}`);
}

/**
 * Unplaced `index` files directly in a domain folder (a domain's public entry)
 * get a layer that may import what the domain's layers are and may import.
 */
function domainEntryLayer(
  files: readonly string[],
  layers: readonly DetectedLayer[],
  domains: DomainLayout,
  intended: ReadonlyMap<string, string>,
): DetectedLayer | undefined {
  const roots = new Set(domains.roots);
  const isIndex = (file: string) => /^index\.[cm]?tsx?$/.test(path.posix.basename(file));
  const entries = files.filter((file) => !intended.has(file) && roots.has(path.posix.dirname(file)) && isIndex(file));
  if (entries.length === 0) return undefined;
  const parents = [...new Set(entries.map((file) => `${path.posix.dirname(path.posix.dirname(file))}/*/${path.posix.basename(file)}`))];
  const inDomain = (file: string) => [...roots].some((root) => file.startsWith(`${root}/`));
  const inside = layers.filter((layer) => [...intended].some(([file, name]) => name === layer.name && inDomain(file)));
  const reach = new Set(inside.map((layer) => layer.name));
  for (const layer of inside) layer.mayImport.forEach((name) => reach.add(name));
  const order = layers.map((layer) => layer.name);
  return {
    name: 'domainEntries',
    level: 'entry',
    paths: parents.sort(),
    mayImport: [...reach].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    mayImportTypes: [],
    evidence: [`index files of domain folders ${entries.length}`],
  };
}
