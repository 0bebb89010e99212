import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import { readJsonFile, tsconfigFileNames } from './json-files.js';

/**
 * Database clients and ORMs, by the package that reveals them, in the order they are reported.
 * `purity` says whether engines.extraForbiddenModules should name the package (an I/O client).
 */
export const DATABASE_CLIENTS = [
  { pkg: 'prisma', name: 'Prisma' },
  { pkg: '@prisma/client', name: 'Prisma' },
  { pkg: 'drizzle-orm', name: 'Drizzle' },
  { pkg: 'kysely', name: 'Kysely' },
  { pkg: 'typeorm', name: 'TypeORM' },
  { pkg: '@mikro-orm/core', name: 'MikroORM' },
  { pkg: 'mikro-orm', name: 'MikroORM' },
  { pkg: 'sequelize', name: 'Sequelize' },
  { pkg: 'knex', name: 'Knex' },
  { pkg: 'slonik', name: 'Slonik' },
  { pkg: 'mongoose', name: 'Mongoose' },
  { pkg: 'mongodb', name: 'MongoDB' },
  { pkg: 'mysql2', name: 'mysql2' },
  { pkg: 'mysql', name: 'mysql' },
  { pkg: 'pg', name: 'node-postgres (pg)' },
  { pkg: 'postgres', name: 'postgres.js' },
  { pkg: 'better-sqlite3', name: 'better-sqlite3' },
  { pkg: 'ioredis', name: 'ioredis' },
  { pkg: 'redis', name: 'redis' },
] as const;

/** Id generators: randomness a pure layer must receive, never call. */
export const ID_GENERATORS = ['uuid', 'nanoid', 'cuid', '@paralleldrive/cuid2', 'ulid', 'ksuid'] as const;

const TEST_RUNNERS = ['vitest', 'jest', 'mocha'] as const;
export type TestRunner = (typeof TEST_RUNNERS)[number];

/** Folders never read as part of the application's layout, at any depth. */
const IGNORED_DIRS = ['node_modules', '.git', '.plumbline', '.husky'];

/** Build output folders: ignored at the top of the project or of a package only (`adapters/out` is a layer). */
const OUTPUT_DIRS = ['dist', 'build', 'out', 'coverage'];

/** Test files: never a layer of the application. */
export const TEST_FILE_GLOBS = ['**/*.spec.ts', '**/*.test.ts', '**/__tests__/**', '**/*.spec.tsx', '**/*.test.tsx'];

export interface WorkspacePackage {
  /** Project-relative folder, e.g. `packages/api`. */
  dir: string;
  /** The name in its package.json. */
  name: string | undefined;
  /** Its sources: `<dir>/src` when that exists, else `<dir>`. */
  sourceRoot: string;
  /** Names of the other workspace packages it depends on. */
  dependsOn: string[];
}

export interface ProjectFacts {
  root: string;
  /** 'src' when the project keeps its sources there, else '.' (the root itself); '.' for a workspace monorepo. */
  sourceRoot: string;
  /** The workspace packages, when package.json declares workspaces that hold sources. */
  workspaces: WorkspacePackage[];
  /** Source files (tests aside), project-relative with forward slashes, sorted; only those the tsconfig compiles. */
  files: string[];
  /** Folders of the source tree whose every file the tsconfig leaves out (e.g. a frontend): excluded. */
  excludedDirs: string[];
  /** Whether test files live among the sources (then the config excludes them). */
  testsInSources: boolean;
  /** Every folder holding a source file (and their parents), below sourceRoot, project-relative, sorted. */
  dirs: string[];
  packageJson: { file: string; data: Record<string, unknown> } | undefined;
  /** Every dependency name of package.json (and the workspace packages'). */
  dependencies: string[];
  /** Distinct ORM/database libraries among the dependencies, by display name. */
  orms: string[];
  /** Packages a pure layer must not import: the database clients found. */
  effectModules: string[];
  /**
   * Id generators among the dependencies: not forbidden as imports, as `validate()` or uuid `v5()` are pure;
   * engine-purity reports their generating calls (`v4()`, `nanoid()`) as randomness.
   */
  idGenerators: string[];
  testRunner: TestRunner | undefined;
  /** tsconfig.json `compilerOptions.paths` keys, when the file has them. */
  tsconfigPaths: string[];
  /** Whether the project uses husky (a .husky folder or the dependency). */
  husky: boolean;
}

/**
 * What `plumbline init` can learn without running anything: the folders that
 * hold sources (as the tsconfig compiles them), the workspaces, the dependencies
 * (database clients, id generators, test runner, husky) and tsconfig paths.
 */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const packageJson = readJsonFile(path.join(root, 'package.json'));
  const workspaces = await workspacePackages(root, packageJson?.data);
  const sourceRoot = workspaces.length === 0 && isDir(path.join(root, 'src')) ? 'src' : '.';
  const roots = workspaces.length > 0 ? workspaces.map((pkg) => pkg.sourceRoot) : [sourceRoot];
  const patterns = roots.map((dir) => (dir === '.' ? '**/*.{ts,tsx,mts,cts}' : `${dir}/**/*.{ts,tsx,mts,cts}`));
  const rootLevelIgnores = sourceRoot === '.' && workspaces.length === 0 ? ['*.config.*', 'test/**', 'tests/**'] : [];
  const all = (
    await globby(patterns, {
      cwd: root,
      ignore: [
        '**/*.d.ts',
        ...IGNORED_DIRS.map((dir) => `**/${dir}/**`),
        ...OUTPUT_DIRS.flatMap((dir) => [`${dir}/**`, ...workspaces.map((pkg) => `${pkg.dir}/${dir}/**`)]),
        ...rootLevelIgnores,
      ],
      followSymbolicLinks: false,
      dot: false,
    })
  ).sort();
  const isTest = (file: string) => /(^|\/)__tests__\//.test(file) || /\.(spec|test)\.[cm]?tsx?$/.test(file);
  const compiled = tsconfigFileNames(root);
  const excluded = compiled ? all.filter((file) => !isTest(file) && !compiled.has(file)) : [];
  const files = all.filter((file) => !isTest(file) && (compiled === undefined || compiled.has(file)));
  const dirs = new Set<string>();
  for (const file of files) {
    let dir = path.posix.dirname(file);
    while (dir !== '.' && dir !== sourceRoot) {
      dirs.add(dir);
      dir = path.posix.dirname(dir);
    }
  }

  const deps = new Set<string>();
  for (const data of [packageJson?.data, ...workspaces.map((pkg) => readJsonFile(path.join(root, pkg.dir, 'package.json'))?.data)]) {
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const block = data?.[key];
      if (block && typeof block === 'object') for (const name of Object.keys(block)) deps.add(name);
    }
  }
  const clients = DATABASE_CLIENTS.filter((entry) => deps.has(entry.pkg));
  const orms = [...new Set(clients.map((entry) => entry.name))];
  const effectModules = clients.map((entry) => entry.pkg);
  // A runner's config file counts too: a workspace package may take the runner from its parent.
  const rootNames = readdirSync(root);
  const testRunner =
    TEST_RUNNERS.find((runner) => deps.has(runner)) ??
    TEST_RUNNERS.find((runner) => rootNames.some((name) => name.startsWith(runner === 'mocha' ? '.mocharc' : `${runner}.config.`)));
  const tsconfig = readJsonFile(path.join(root, 'tsconfig.json'), true);
  const compilerOptions = tsconfig?.data.compilerOptions;
  const pathsBlock =
    compilerOptions && typeof compilerOptions === 'object' ? (compilerOptions as Record<string, unknown>).paths : undefined;
  const tsconfigPaths = pathsBlock && typeof pathsBlock === 'object' ? Object.keys(pathsBlock).sort() : [];

  return {
    root,
    sourceRoot,
    workspaces,
    files,
    excludedDirs: wholeFolders(excluded, files),
    testsInSources: all.some(isTest),
    dirs: [...dirs].sort(),
    packageJson,
    dependencies: [...deps].sort(),
    orms,
    effectModules: [...new Set(effectModules)].sort(),
    idGenerators: ID_GENERATORS.filter((name) => deps.has(name)).sort(),
    testRunner,
    tsconfigPaths,
    husky: isDir(path.join(root, '.husky')) || deps.has('husky'),
  };
}

/** The top-most folders holding only excluded files (one glob per folder, not per file). */
function wholeFolders(excluded: readonly string[], kept: readonly string[]): string[] {
  const keptDirs = new Set(kept.flatMap((file) => ancestors(file)));
  const folders = new Set<string>();
  for (const file of excluded) {
    const top = ancestors(file)
      .reverse()
      .find((dir) => !keptDirs.has(dir));
    folders.add(top ?? file);
  }
  return [...folders].sort();
}

/** `a/b/c.ts` -> ['a/b', 'a'] (nearest first). */
function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) out.push(dir);
  return out;
}

/** Workspace packages from package.json `workspaces` (array or `{ packages }`), each with a package.json. */
async function workspacePackages(root: string, data: Record<string, unknown> | undefined): Promise<WorkspacePackage[]> {
  const declared = data?.workspaces;
  const globs = Array.isArray(declared)
    ? declared
    : declared && typeof declared === 'object' && Array.isArray((declared as { packages?: unknown }).packages)
      ? (declared as { packages: unknown[] }).packages
      : [];
  const patterns = globs.filter((glob): glob is string => typeof glob === 'string').map((glob) => glob.replace(/\/+$/, ''));
  if (patterns.length === 0) return [];
  const dirs = (await globby(patterns, { cwd: root, onlyDirectories: true, ignore: ['**/node_modules/**'] })).sort();
  const manifests = dirs
    .map((dir) => ({ dir, json: readJsonFile(path.join(root, dir, 'package.json'))?.data }))
    .filter((entry): entry is { dir: string; json: Record<string, unknown> } => entry.json !== undefined);
  const names = new Map(manifests.map((entry) => [entry.json.name, entry.dir]));
  return manifests.map(({ dir, json }) => {
    const dependsOn = new Set<string>();
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const block = json[key];
      if (block && typeof block === 'object') for (const name of Object.keys(block)) if (names.has(name)) dependsOn.add(name);
    }
    return {
      dir,
      name: typeof json.name === 'string' ? json.name : undefined,
      sourceRoot: isDir(path.join(root, dir, 'src')) ? `${dir}/src` : dir,
      dependsOn: [...dependsOn].sort(),
    };
  });
}

function isDir(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}
