import path from 'node:path';
import picomatch from 'picomatch';
import { camelCase } from './classify-file.js';
import { detectDomainEntries } from './domain-entries.js';
import type { ProjectFacts } from './project-facts.js';
import type { DetectedLayer, LayoutProposal } from './propose-layout.js';
import { FAMILIES, normaliseWord, SHARED_KERNEL_WORDS } from './vocabulary.js';

/**
 * A workspace monorepo: each package is a layer named after its folder, and may
 * import the workspace packages its package.json depends on (the manifest is the
 * declared architecture). A package named like a pure layer (`domain`, `engines`)
 * is pure; one named like a shared kernel (`shared`, `common`) is the kernel. The packages are the domains,
 * each reached through the entry its package.json names.
 */
export function proposeWorkspaceLayout(facts: ProjectFacts): LayoutProposal {
  // A package the tsconfig leaves out (a frontend) holds no source file: no layer.
  const packages = facts.workspaces.filter((pkg) => facts.files.some((file) => file.startsWith(`${pkg.sourceRoot}/`)));
  const byName = new Map(packages.map((pkg) => [pkg.name, camelCase(path.posix.basename(pkg.dir))]));
  const layers: DetectedLayer[] = packages.map((pkg) => ({
    name: camelCase(path.posix.basename(pkg.dir)),
    level: 'package',
    paths: [`${pkg.sourceRoot}/**`],
    mayImport: pkg.dependsOn.flatMap((dependency) => (byName.has(dependency) ? [byName.get(dependency) as string] : [])),
    mayImportTypes: [],
    evidence: [`package ${pkg.name ?? pkg.dir}${pkg.dependsOn.length > 0 ? `, depends on ${pkg.dependsOn.join(', ')}` : ''}`],
  }));
  const wordsOf = (flag: 'pure' | 'owner') =>
    new Set(
      FAMILIES.flatMap((family) => family.roles.filter((role) => role[flag]).flatMap((role) => [...role.strong, ...role.weak])).map(
        normaliseWord,
      ),
    );
  const pure = wordsOf('pure');
  const owners = wordsOf('owner');
  const word = (dir: string) => normaliseWord(path.posix.basename(dir));
  const sharedKernel = packages.filter((pkg) => SHARED_KERNEL_WORDS.map(normaliseWord).includes(word(pkg.dir))).map((pkg) => pkg.dir);
  // Packages are domains too: one reached by a deep import (`@acme/db/src/...`) instead of its entry is a finding.
  const domainPackages = packages.filter((pkg) => !sharedKernel.includes(pkg.dir));
  const parentGlob = (dir: string) => (path.posix.dirname(dir) === '.' ? '*' : `${path.posix.dirname(dir)}/*`);
  const domains = domainPackages.length >= 2 ? [...new Set(packages.map((pkg) => parentGlob(pkg.dir)))].sort() : [];
  const covered = picomatch(layers.flatMap((layer) => layer.paths).concat('\u0000'), { dot: true });
  return {
    preset: undefined,
    title: 'workspace monorepo: one layer per package, may-import from each package.json',
    layers,
    droppedLayers: [],
    pureLayers: packages.filter((pkg) => pure.has(word(pkg.dir))).map((pkg) => byName.get(pkg.name) as string),
    owners: packages.filter((pkg) => owners.has(word(pkg.dir))).map((pkg) => byName.get(pkg.name) as string),
    domains,
    domainRoots: packages.map((pkg) => pkg.dir).sort(),
    sharedKernel,
    entries: detectDomainEntries(facts, domains, sharedKernel),
    uncovered: facts.files.filter((file) => !covered(file)),
    scores: [],
  };
}
