import path from 'node:path';
import picomatch from 'picomatch';
import { presets } from '../presets.js';
import type { PresetName } from '../schema.js';
import { classifyFile, type Evidence } from './classify-file.js';
import { detectDomainEntries, type DomainEntries } from './domain-entries.js';
import { detectDomains, type DomainLayout } from './domain-folders.js';
import { folderGlobs, orderLayers, suffixGlob, withoutRedundantGlobs, withoutShadowedGlobs } from './layer-globs.js';
import type { ProjectFacts } from './project-facts.js';
import { proposeWorkspaceLayout } from './workspace-layers.js';
import { FAMILIES, normaliseWord, type Family, type RoleWords } from './vocabulary.js';

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
  /** The preset the layout follows; none for a workspace monorepo (its layers are its packages). */
  preset: PresetName | undefined;
  /** The family in words, for the config's comment. */
  title: string;
  /** The layers found, in the order they are written (the first match owns a file). */
  layers: DetectedLayer[];
  /** Preset layers the project does not have: written as `false`, so no layer matches no file. */
  droppedLayers: string[];
  /** Layers the architecture calls pure (engines.layers) and the transaction owners, among those found. */
  pureLayers: string[];
  owners: string[];
  /** Why a layer beyond the layout's own owners owns transactions: the code found taking the steps. */
  ownerEvidence?: string[];
  /** Why a layer imports some layers as values or as types only: the framework the project declares, or not. */
  reachEvidence?: string[];
  /** Why shared code was made pure: what its files import and read, measured. */
  pureEvidence?: string[];
  domains: string[];
  /** Domain folders by path (two `courses` modules in two contexts are two domains). */
  domainRoots: string[];
  sharedKernel: string[];
  /** What each domain shows the others (domainEntries, domains.entries), from the project's conventions. */
  entries: DomainEntries;
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
  if (facts.workspaces.length > 0 && forced === undefined) return proposeWorkspaceLayout(facts);
  const silent = silentFolders(facts);
  const matches = FAMILIES.map((family) => matchFamily(family, facts.files, silent));
  const ranked = [...matches].sort((a, b) => b.score - a.score);
  const best = forced ? (matches.find((match) => match.family.preset === forced) as FamilyMatch) : (ranked[0] as FamilyMatch);
  const { family, evidence } = best;

  const folders = [...evidence.values()].flatMap((item) =>
    // Where the app starts or is configured says nothing about domains; the sides of one ring are one ring's folders.
    (item.kind === 'strong' || item.kind === 'weak') && !item.role.wiring && !item.role.shared
      ? [{ folder: item.folder, word: item.word, role: item.role.containers?.[0] ?? item.role.role }]
      : [],
  );
  const domains = detectDomains(folders, facts.dirs, silent);
  const groups = layerGroups(family, evidence);
  const prefix = facts.sourceRoot === '.' ? '' : `${facts.sourceRoot}/`;
  const frameworkReaches: Array<{ layer: string; targets: string[]; framework: FrameworkReach }> = [];

  let layers = groups.map(({ name, role, items }, position): DetectedLayer => {
    const folderItems = items.flatMap((item) =>
      item.kind === 'strong' || item.kind === 'weak' ? [generaliseDomain(item.folder, domains.roots)] : [],
    );
    const paths = [
      ...folderGlobs(folderItems),
      ...folderGlobs(
        items.flatMap((item) => (item.kind === 'entry' ? [item.file] : [])),
        '',
      ),
    ];
    const bySuffix = new Map<string, string[]>();
    for (const item of items) if (item.kind === 'suffix') bySuffix.set(item.suffix, [...(bySuffix.get(item.suffix) ?? []), item.extension]);
    for (const [suffix, extensions] of [...bySuffix].sort(([a], [b]) => a.localeCompare(b))) {
      paths.push(suffixGlob(prefix, suffix, extensions));
    }
    // Same-role layers listed later are below this one (routes -> controllers); `*` reaches every other layer.
    // Shared code is public to every layer (libraries to all but the kernel, which imports nothing).
    const sharedReach = (group: LayerGroup) => group.role.shared === true && !role.shared;
    const reach = (roles: readonly string[] | undefined, shared: boolean) =>
      groups.filter(
        (group) =>
          group.role !== role &&
          (roles?.includes('*') === true ||
            roles?.includes(group.role.role) === true ||
            roles?.includes(group.name) === true ||
            (shared && sharedReach(group))),
      );
    const siblings = groups.filter((group, index) => group.role === role && index > position && !role.wiring);
    const framework = frameworkReach(role, facts.dependencies);
    const { values, types } = framework;
    if (role.mayImportWith) {
      frameworkReaches.push({ layer: name, targets: reach(role.mayImportWith.roles, false).map((group) => group.name), framework });
    }
    return {
      name,
      level: role.level,
      paths,
      mayImport: [...new Set([...siblings, ...reach([...role.mayImport, ...values], true)].map((group) => group.name))],
      mayImportTypes: reach(types, false).map((group) => group.name),
      evidence: describeEvidence(items),
    };
  });

  const intended = new Map([...evidence].map(([file, item]) => [file, labelFor(groups, item)]));
  layers = withoutShadowedGlobs(orderLayers(layers, intended)).map((layer) => withoutRedundantGlobs(layer, facts.files));
  const found = new Set(layers.map((layer) => layer.name));
  for (const layer of layers) {
    layer.mayImport = layer.mayImport.filter((name) => found.has(name));
    layer.mayImportTypes = layer.mayImportTypes.filter((name) => found.has(name));
  }
  const reachEvidence = frameworkReaches.flatMap(({ layer, targets, framework }) => {
    const present = targets.filter((name) => found.has(name));
    return found.has(layer) && present.length > 0 ? [describeFrameworkReach(layer, present, framework)] : [];
  });
  const entries = domainEntryLayer(facts.files, layers, domains, intended);
  if (entries) {
    // The composition root may import every layer, the domains' entries too.
    for (const layer of layers) if (layer.level === 'bootstrap') layer.mayImport.push(entries.name);
    layers.push(entries);
  }

  const written = new Set(layers.map((layer) => layer.name));
  const covered = picomatch(layers.flatMap((layer) => layer.paths).concat('\u0000'), { dot: true });
  const roleNamed = (flag: 'pure' | 'owner') =>
    groups.filter((group) => group.role[flag] && written.has(group.name)).map((group) => group.name);
  return {
    preset: family.preset,
    title: family.title,
    layers,
    // With no layer found the preset's stay, for the user to point at their folders (the comment says so).
    droppedLayers: layers.length === 0 ? [] : Object.keys(presets[family.preset].layers).filter((name) => !written.has(name)),
    pureLayers: roleNamed('pure'),
    owners: roleNamed('owner'),
    ...(reachEvidence.length > 0 ? { reachEvidence } : {}),
    domains: domains.globs,
    domainRoots: domains.roots,
    sharedKernel: domains.sharedKernel,
    entries: detectDomainEntries(facts, domains.globs, domains.sharedKernel),
    uncovered: facts.files.filter((file) => !covered(file)),
    scores: ranked.map((match) => ({ preset: match.family.preset, files: match.files })),
  };
}

interface FrameworkReach {
  values: string[];
  types: string[];
  /** The framework that decides, and the dependency that declares it (none: not declared). */
  framework: string;
  declared: string | undefined;
  candidates: readonly string[];
}

/**
 * What a role imports as values and as types only, given the project's dependencies: the roles of `mayImportWith`
 * move from types to values where the project declares its framework (NestJS).
 */
function frameworkReach(role: RoleWords, dependencies: readonly string[]): FrameworkReach {
  const conditional = role.mayImportWith;
  const declared = conditional?.dependencies.find((name) => dependencies.includes(name));
  const values = declared !== undefined && conditional ? [...conditional.roles] : [];
  const types = [...(role.mayImportTypes ?? [])].filter((name) => !values.includes(name));
  return { values, types, framework: conditional?.framework ?? '', declared, candidates: conditional?.dependencies ?? [] };
}

function describeFrameworkReach(layer: string, targets: readonly string[], reach: FrameworkReach): string {
  const list = targets.join(', ');
  return reach.declared !== undefined
    ? `${layer} may import ${list} as values: ${reach.framework} is declared (${reach.declared}) and takes them as values`
    : `${layer} may import ${list} as types only: ${reach.framework} is not declared (${reach.candidates.join(', ')})`;
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
  const weight = (item: Evidence) => (item.role.shared || item.role.neutral ? 0 : item.kind === 'strong' ? 2 : 1);
  const score = [...evidence.values()].reduce((sum, item) => sum + weight(item), 0);
  return { family, evidence, files: evidence.size, score };
}

interface LayerGroup {
  name: string;
  role: RoleWords;
  items: Evidence[];
}

/** One layer per label (the project's word), in the family's role order, labels in order of their words. */
function layerGroups(family: Family, evidence: ReadonlyMap<string, Evidence>): LayerGroup[] {
  const groups: LayerGroup[] = [];
  for (const role of family.roles) {
    const mine = [...evidence.values()].filter((item) => item.role === role);
    const labels = [...new Set(mine.map((item) => item.label))].sort((a, b) => rankOf(role, a) - rankOf(role, b) || a.localeCompare(b));
    for (const label of labels) {
      // A label another role already took gets the role's name in front.
      const taken = groups.some((group) => group.name === label);
      const name = taken ? `${role.role}${label.charAt(0).toUpperCase()}${label.slice(1)}` : label;
      groups.push({ name, role, items: mine.filter((item) => item.label === label) });
    }
  }
  return groups;
}

/** Where a label's word stands in its role's vocabulary: outer words first (routes before controllers). */
function rankOf(role: RoleWords, label: string): number {
  const words = [...role.strong, ...role.weak, ...role.suffixes].map((word) => normaliseWord(word.split('/').pop() ?? word));
  const wanted = normaliseWord(label);
  const index = words.findIndex((word) => word === wanted || `${word}s` === wanted);
  return index < 0 ? words.length : index;
}

function labelFor(groups: readonly LayerGroup[], item: Evidence): string {
  return groups.find((group) => group.items.includes(item))?.name ?? item.label;
}

function describeEvidence(items: readonly Evidence[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key =
      item.kind === 'suffix'
        ? `*.${item.suffix}.${item.extension}`
        : item.kind === 'entry'
          ? path.posix.basename(item.file)
          : `${item.word}/`;
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
  const order = layers.map((layer) => layer.name);
  // Hexagonal: the entry shows what other layers of the domain use (ports, domain), and the domain's adapters may
  // use other domains' entries, as a reference the entry cannot take back (no cycle).
  const inner = inside.filter((layer) => inside.some((other) => other.mayImport.includes(layer.name)));
  if (inner.length > 0) {
    for (const outer of inside.filter((layer) => !inner.includes(layer))) outer.mayImport.push('entries');
  }
  const reach = new Set((inner.length > 0 ? inner : inside).map((layer) => layer.name));
  if (inner.length === 0) for (const layer of inside) layer.mayImport.forEach((name) => reach.add(name));
  return {
    name: 'entries',
    level: 'entry',
    paths: parents.sort(),
    mayImport: [...reach].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    mayImportTypes: [],
    evidence: [`index files of domain folders ${entries.length}`],
  };
}
