import { existsSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_NAME, PACKAGE_VERSION, PEER_RANGES } from '../../core/package-info.js';
import type { ProjectFacts } from '../../config/layout-detection/project-facts.js';

/** The runtime package the application imports (a production dependency). */
export const RUNTIME_PACKAGE = '@plumbline-kit/runtime';

type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: ReadonlyArray<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** One install command: what it adds, as a production or a development dependency, and what for. */
export interface InstallStep {
  packages: string[];
  dev: boolean;
  why: string;
}

/**
 * What the project still has to install, from its package.json: the tool and its
 * peers (eslint, typescript) for the gates init configures, the runtime as a
 * production dependency, and the optional peers of the gates left for later.
 * init installs nothing itself; it prints these (installCommandLines).
 */
export function installSteps(facts: ProjectFacts): { now: InstallStep[]; later: InstallStep[] } {
  const data = facts.packageJson?.data ?? {};
  const block = (key: string) => Object.keys((data[key] as Record<string, unknown> | undefined) ?? {});
  const production = new Set(block('dependencies'));
  const any = new Set(['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap(block));
  const missing = (names: string[]) => names.filter((name) => !any.has(name));
  const step = (packages: string[], dev: boolean, why: string): InstallStep[] => (packages.length > 0 ? [{ packages, dev, why }] : []);

  const now = [
    ...step(missing([PACKAGE_NAME, 'eslint', 'typescript']), true, 'the CLI, the ESLint rules and the static and architecture gates'),
    // npm install (no --save-dev) also moves it out of devDependencies: the application imports it in production.
    ...step(production.has(RUNTIME_PACKAGE) ? [] : [RUNTIME_PACKAGE], false, 'what the application imports at run time'),
  ];
  const dbDriver = any.has('pg') || any.has('better-sqlite3') ? [] : facts.orms.length > 0 ? ['pg'] : [];
  const later = [
    ...step(missing(['vitest']), true, "the invariants, property and shadow gates run the project's tests under vitest"),
    ...step(missing(['fast-check']), true, 'the property helpers of @plumbline-kit/plumbline/testing'),
    ...step(missing(['@stryker-mutator/core', '@stryker-mutator/vitest-runner']), true, 'the mutation gate'),
    ...step(dbDriver, true, 'the schema-drift and data-quality gates on PostgreSQL (better-sqlite3 for SQLite)'),
  ];
  return { now, later };
}

/** The exact commands for the project's package manager (from its lockfile or packageManager field). */
export function installCommandLines(facts: ProjectFacts): string[] {
  const manager = packageManager(facts);
  const { now, later } = installSteps(facts);
  const render = (step: InstallStep) => `  ${command(manager, step)}   # ${step.why}`;
  return [
    ...(now.length > 0 ? ['Install (plumbline init installs nothing itself):', ...now.map(render)] : []),
    ...(later.length > 0 ? ['When you set up the gates left unconfigured:', ...later.map(render)] : []),
  ];
}

function command(manager: PackageManager, step: InstallStep): string {
  const add = manager === 'npm' ? 'npm install' : `${manager} add`;
  const dev = step.dev ? (manager === 'npm' ? ' --save-dev' : manager === 'bun' ? ' --dev' : ' -D') : '';
  return `${add}${dev} ${step.packages.map(spec).join(' ')}`;
}

/** A package with the range the tool was tested with, quoted so no shell reads `^` or `>`. */
function spec(name: string): string {
  const range = name === PACKAGE_NAME || name === RUNTIME_PACKAGE ? `^${PACKAGE_VERSION}` : PEER_RANGES[name];
  return range ? `"${name}@${range}"` : name;
}

function packageManager(facts: ProjectFacts): PackageManager {
  const declared = facts.packageJson?.data.packageManager;
  const named = typeof declared === 'string' ? declared.split('@')[0] : undefined;
  if (named === 'npm' || named === 'pnpm' || named === 'yarn' || named === 'bun') return named;
  return LOCKFILES.find(([file]) => existsSync(path.join(facts.root, file)))?.[1] ?? 'npm';
}
