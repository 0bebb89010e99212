import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../core/contracts.js';
import { packageNameOf } from '../../core/module-resolver.js';
import { installRules } from './rules.js';

/**
 * A project whose dependencies were never installed (a fresh clone, no node_modules) makes every
 * import of a package unresolvable. That is one problem with one fix, so it is one finding, not
 * one `not-to-unresolvable` per import. A package imported but not declared in package.json is a
 * defect of its own and keeps its finding.
 */
/** An unresolvable import, as the fold needs it: the finding and the specifier it could not resolve. */
export interface UnresolvedImport {
  finding: Finding;
  specifier: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** The install command of the package manager whose lockfile is in the root; npm when there is none. */
const LOCKFILES: ReadonlyArray<[file: string, command: string]> = [
  ['pnpm-lock.yaml', 'pnpm install'],
  ['yarn.lock', 'yarn install'],
  ['bun.lockb', 'bun install'],
  ['bun.lock', 'bun install'],
  ['package-lock.json', 'npm ci'],
];

function declaredIn(manifest: string): Set<string> {
  try {
    const fields = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    return new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys((fields[field] as Record<string, unknown> | undefined) ?? {})));
  } catch {
    return new Set();
  }
}

/** Each folder from a file's folder up to the root, nearest first (workspace packages declare their own dependencies). */
function foldersUp(root: string, file: string): string[] {
  const folders: string[] = [];
  for (let dir = path.dirname(path.join(root, file)); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return folders;
  }
}

/**
 * Whether the package.json of the importing file's package, or of the root, declares a package,
 * and whether a node_modules on the way up from the file (to the file system root: workspaces hoist) holds it.
 */
function packageState(root: string, importer: string, name: string, manifests: Map<string, Set<string>>): 'missing' | 'other' {
  const folders = foldersUp(root, importer);
  const declares = (dir: string) => {
    const manifest = path.join(dir, 'package.json');
    if (!manifests.has(manifest)) manifests.set(manifest, existsSync(manifest) ? declaredIn(manifest) : new Set());
    return manifests.get(manifest)?.has(name) ?? false;
  };
  const nearest = folders.find((dir) => existsSync(path.join(dir, 'package.json')));
  const declared = (nearest !== undefined && declares(nearest)) || declares(root);
  if (!declared) return 'other';
  for (let dir = folders[0] ?? root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name))) return 'other';
    if (path.dirname(dir) === dir) return 'missing';
  }
}

/**
 * Folds the unresolvable imports of packages that package.json declares but that are not
 * installed into one finding on package.json; the other unresolvable imports are returned as they are.
 */
export function foldMissingInstall(root: string, unresolved: readonly UnresolvedImport[]): Finding[] {
  const manifests = new Map<string, Set<string>>();
  const missing = new Map<string, number>();
  const kept: Finding[] = [];
  let severity: Finding['severity'] = 'error';
  for (const { finding, specifier } of unresolved) {
    const name = specifier.startsWith('.') || specifier.startsWith('/') ? undefined : packageNameOf(specifier);
    if (name !== undefined && packageState(root, finding.file, name, manifests) === 'missing') {
      missing.set(name, (missing.get(name) ?? 0) + 1);
      // gates.architecture.unresolvable sets the severity of what is folded, so it sets the fold's.
      severity = finding.severity;
    } else kept.push(finding);
  }
  if (missing.size === 0) return kept;
  const names = [...missing.keys()].sort();
  const imports = [...missing.values()].reduce((sum, count) => sum + count, 0);
  const command = LOCKFILES.find(([file]) => existsSync(path.join(root, file)))?.[1] ?? 'npm install';
  const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  const message = `dependencies are not installed: ${listed} (declared in package.json) cannot be found in node_modules, so ${imports} import(s) of them could not be resolved or checked. Run your install command (${command}) and run the gate again.`;
  const finding = installRules.finding('dependencies-not-installed', severity, message, { file: 'package.json', line: 1, column: 1 });
  return [finding, ...kept];
}
