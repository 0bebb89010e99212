import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import ts from 'typescript';

/** ORM and database packages, by the package name that reveals them, in the order they are reported. */
export const ORM_PACKAGES = [
  { pkg: 'prisma', name: 'Prisma' },
  { pkg: '@prisma/client', name: 'Prisma' },
  { pkg: 'drizzle-orm', name: 'Drizzle' },
  { pkg: 'kysely', name: 'Kysely' },
  { pkg: 'typeorm', name: 'TypeORM' },
  { pkg: '@mikro-orm/core', name: 'MikroORM' },
  { pkg: 'mikro-orm', name: 'MikroORM' },
  { pkg: 'sequelize', name: 'Sequelize' },
  { pkg: 'knex', name: 'Knex' },
  { pkg: 'better-sqlite3', name: 'better-sqlite3' },
  { pkg: 'pg', name: 'node-postgres (pg)' },
] as const;

const TEST_RUNNERS = ['vitest', 'jest', 'mocha'] as const;
export type TestRunner = (typeof TEST_RUNNERS)[number];

/** Folders never read as part of the application's layout. */
const IGNORED_DIRS = ['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.plumbline', '.husky'];

export interface ProjectFacts {
  root: string;
  /** 'src' when the project keeps its sources there, else '.' (the root itself). */
  sourceRoot: string;
  /** Source files, project-relative with forward slashes, sorted. */
  files: string[];
  /** Every folder holding a source file (and their parents), below sourceRoot, project-relative, sorted. */
  dirs: string[];
  packageJson: { file: string; data: Record<string, unknown> } | undefined;
  /** Distinct ORM/database libraries among the dependencies, by display name. */
  orms: string[];
  testRunner: TestRunner | undefined;
  /** tsconfig.json `compilerOptions.paths` keys, when the file has them. */
  tsconfigPaths: string[];
  /** Whether the project uses husky (a .husky folder or the dependency). */
  husky: boolean;
}

/**
 * What `plumbline init` can learn without running anything: the folders that
 * hold sources, the dependencies (ORM, test runner, husky) and tsconfig paths.
 */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const sourceRoot = isDir(path.join(root, 'src')) ? 'src' : '.';
  const pattern = sourceRoot === '.' ? '**/*.{ts,tsx,mts,cts}' : `${sourceRoot}/**/*.{ts,tsx,mts,cts}`;
  const files = (
    await globby(pattern, {
      cwd: root,
      ignore: ['**/*.d.ts', ...IGNORED_DIRS.map((dir) => `**/${dir}/**`), ...(sourceRoot === '.' ? ['*.config.*', 'test/**', 'tests/**'] : [])],
      followSymbolicLinks: false,
      dot: false,
    })
  ).sort();
  const dirs = new Set<string>();
  for (const file of files) {
    let dir = path.posix.dirname(file);
    while (dir !== '.' && dir !== sourceRoot) {
      dirs.add(dir);
      dir = path.posix.dirname(dir);
    }
  }

  const packageJson = readJson(path.join(root, 'package.json'));
  const deps = new Set<string>();
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const block = packageJson?.data[key];
    if (block && typeof block === 'object') for (const name of Object.keys(block)) deps.add(name);
  }
  const orms = [...new Set(ORM_PACKAGES.filter((entry) => deps.has(entry.pkg)).map((entry) => entry.name))];
  // A runner's config file counts too: a workspace package may take the runner from its parent.
  const rootNames = readdirSync(root);
  const testRunner =
    TEST_RUNNERS.find((runner) => deps.has(runner)) ??
    TEST_RUNNERS.find((runner) => rootNames.some((name) => name.startsWith(runner === 'mocha' ? '.mocharc' : `${runner}.config.`)));
  const tsconfig = readJson(path.join(root, 'tsconfig.json'), true);
  const compilerOptions = tsconfig?.data.compilerOptions;
  const pathsBlock = compilerOptions && typeof compilerOptions === 'object' ? (compilerOptions as Record<string, unknown>).paths : undefined;
  const tsconfigPaths = pathsBlock && typeof pathsBlock === 'object' ? Object.keys(pathsBlock).sort() : [];

  return {
    root,
    sourceRoot,
    files,
    dirs: [...dirs].sort(),
    packageJson,
    orms,
    testRunner,
    tsconfigPaths,
    husky: isDir(path.join(root, '.husky')) || deps.has('husky'),
  };
}

function isDir(file: string): boolean {
  return existsSync(file) && statSync(file).isDirectory();
}

/** A JSON file's object, or undefined when absent; tsconfig allows comments and trailing commas. */
function readJson(file: string, lenient = false): { file: string; data: Record<string, unknown> } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    // tsconfig is JSONC (comments, trailing commas): TypeScript's own reader parses it.
    const data = (lenient ? ts.parseConfigFileTextToJson(file, text).config : JSON.parse(text)) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? { file, data: data as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}
