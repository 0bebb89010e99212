import path from 'node:path';
import { globbySync } from 'globby';
import { createJiti } from 'jiti';
import ts from 'typescript';
import { readCompilerOptions } from '../../config/compiler-options.js';
import { compareText } from '../../core/finding-order.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';

/** The brand defineDrill puts on a drill (Symbol.for, so every copy of @plumbline-kit/plumbline/testing agrees). */
const DRILL_BRAND = Symbol.for('plumbline.drill');

/** A drill as the gate sees it: opaque, run by the project's own @plumbline-kit/plumbline/testing. */
export interface LoadedDrill {
  id: string;
  drill: object;
}

export interface DrillRunner {
  runDrill(drill: object): Promise<unknown>;
}

export interface DrillDescriber {
  describeDrill(drill: object): unknown;
}

export interface DrillLoader {
  /** The drills a file exports, or throws with the file's load error. */
  load(file: string): Promise<LoadedDrill[]>;
  /** `runDrill` of the project's @plumbline-kit/plumbline/testing. */
  runner(): Promise<DrillRunner>;
  /** `describeDrill` of the project's @plumbline-kit/plumbline/testing: a drill's declared row, without running it. */
  describer(): Promise<DrillDescriber>;
}

/**
 * Loads drill files as the project's tests would: TypeScript through jiti, with
 * the tsconfig `paths` as aliases, and `@plumbline-kit/plumbline/testing` resolved from the
 * project (so drills and their runner come from the same copy).
 */
export function createDrillLoader(config: ResolvedConfig): DrillLoader {
  const jiti = createJiti(path.join(config.root, 'plumbline-drills.js'), {
    alias: pathAliases(config),
    moduleCache: false,
    fsCache: false,
  });
  const testingModule = async (): Promise<Record<string, unknown>> => {
    try {
      return await jiti.import<Record<string, unknown>>('@plumbline-kit/plumbline/testing');
    } catch (error) {
      throw new Error(`@plumbline-kit/plumbline/testing cannot be loaded from ${config.root}: ${(error as Error).message}`);
    }
  };
  return {
    async load(file) {
      const exports = await jiti.import<Record<string, unknown>>(path.join(config.root, file));
      return Object.values(exports)
        .filter((value): value is { id: string } => isDrill(value))
        .map((drill) => ({ id: drill.id, drill }));
    },
    async runner() {
      const runDrill = (await testingModule()).runDrill;
      if (typeof runDrill !== 'function') throw new Error(`the @plumbline-kit/plumbline/testing found from ${config.root} has no runDrill`);
      return { runDrill: runDrill as DrillRunner['runDrill'] };
    },
    async describer() {
      const describeDrill = (await testingModule()).describeDrill;
      if (typeof describeDrill !== 'function')
        throw new Error(
          `the @plumbline-kit/plumbline/testing found from ${config.root} has no describeDrill (update @plumbline-kit/plumbline)`,
        );
      return { describeDrill: describeDrill as DrillDescriber['describeDrill'] };
    },
  };
}

function isDrill(value: unknown): value is { id: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[DRILL_BRAND] === true &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

/** tsconfig `paths` ('@models/*' -> ['./src/models/*']) as jiti aliases ('@models' -> '/abs/src/models'). */
function pathAliases(config: ResolvedConfig): Record<string, string> {
  const options = readCompilerOptions(config, ts);
  const base = options.baseUrl ?? (options.pathsBasePath as string | undefined) ?? config.root;
  const aliases: Record<string, string> = {};
  for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
    const target = targets[0];
    if (!target || pattern.includes('*') !== target.includes('*')) continue;
    aliases[pattern.replace(/\/?\*$/, '')] = path.resolve(base, target.replace(/\/?\*$/, ''));
  }
  return aliases;
}

/** The project-relative drill files that gates.drills.files match, sorted. */
export function listDrillFiles(config: ResolvedConfig, globs: readonly string[]): string[] {
  return globbySync([...globs], { cwd: config.root, absolute: true, dot: true, gitignore: true, ignore: ['**/node_modules/**'] })
    .map((file) => toProjectPath(config.root, file))
    .filter((file): file is string => file !== undefined)
    .sort(compareText);
}
