import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, RuleDescriptor } from '../../config/contracts.js';

/**
 * A project whose dependencies were never installed (a fresh clone, no node_modules) makes every
 * import of a package unresolvable. That is one problem with one fix, so it is one finding, not
 * one `not-to-unresolvable` per import. A package imported but not declared in package.json is a
 * defect of its own and keeps its finding.
 */
export const DEPENDENCIES_NOT_INSTALLED = 'depcruise/dependencies-not-installed';

export function missingInstallRule(docsUrl: string): RuleDescriptor {
  return {
    id: DEPENDENCIES_NOT_INSTALLED,
    description: 'Packages declared in package.json are not installed, so no import of them can be resolved or checked.',
    docsUrl,
  };
}

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

/** `lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function declaredPackages(root: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    return new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys((manifest[field] as Record<string, unknown> | undefined) ?? {})));
  } catch {
    return new Set();
  }
}

/** Whether a package folder exists in a node_modules of the root or of a folder above it (workspaces hoist). */
function isInstalled(root: string, name: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Folds the unresolvable imports of packages that package.json declares but that are not
 * installed into one finding on package.json; the other unresolvable imports are returned as they are.
 */
export function foldMissingInstall(root: string, unresolved: readonly UnresolvedImport[], docsUrl: string): Finding[] {
  const declared = declaredPackages(root);
  const missing = new Map<string, number>();
  const kept: Finding[] = [];
  let severity: Finding['severity'] = 'error';
  for (const { finding, specifier } of unresolved) {
    const name = specifier.startsWith('.') || specifier.startsWith('/') ? undefined : packageName(specifier);
    if (name !== undefined && declared.has(name) && !isInstalled(root, name)) {
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
  const finding: Finding = {
    ruleId: DEPENDENCIES_NOT_INSTALLED,
    severity,
    message: `dependencies are not installed: ${listed} (declared in package.json) cannot be found in node_modules, so ${imports} import(s) of them could not be resolved or checked. Run your install command (${command}) and run the gate again.`,
    file: 'package.json',
    line: 1,
    column: 1,
    docsUrl,
  };
  return [finding, ...kept];
}
