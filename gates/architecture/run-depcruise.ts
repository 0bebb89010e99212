import path from 'node:path';
import type { IConfiguration, ICruiseResult } from 'dependency-cruiser';
import type { ParsedCommandLine } from 'typescript';
import { unreadableFileMessage } from '../../config/file-errors.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { ArchitectureGateConfig } from '../../config/gate-settings/architecture.js';
import { buildDepcruiseConfig, findTsConfig } from './depcruise-config.js';

export interface DepcruiseRun {
  /** The configuration the cruise ran with (absolute tsconfig path; the written file uses a relative one). */
  configuration: IConfiguration;
  result: ICruiseResult;
}

/**
 * Runs dependency-cruiser through its Node API on the given source files with
 * the configuration generated from the Plumbline config, in memory. Module
 * names in the result are relative to the project root. `layerRules` adds the
 * `layer-*` rules (for drawing; the gate leaves layer breaks to the static rule);
 * `maxDepth: 1` cruises only the given files' own imports.
 */
export async function runDepcruise(
  config: ResolvedConfig,
  files: readonly string[],
  options: { signal?: AbortSignal; layerRules?: boolean; maxDepth?: number; settings?: ArchitectureGateConfig } = {},
): Promise<DepcruiseRun> {
  const tsConfigFile = findTsConfig(config);
  const configuration = buildDepcruiseConfig(config, { tsConfigFile, layerRules: options.layerRules ?? false, settings: options.settings });
  // Loaded here, not at the top: dependency-cruiser takes a while to load, and `--help` should not pay it.
  const [{ cruise }, { default: extractTSConfig }] = await Promise.all([
    import('dependency-cruiser'),
    import('dependency-cruiser/config-utl/extract-ts-config'),
  ]);
  options.signal?.throwIfAborted();
  const sources = files.map((file) => toProjectPath(config.root, file)).filter((file): file is string => file !== undefined);
  if (sources.length === 0) return { configuration, result: emptyResult() };

  const { forbidden, options: cruiseOptions } = configuration;
  const output = await cruise(
    sources,
    {
      ...cruiseOptions,
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      baseDir: config.root,
      validate: true,
      ruleSet: { forbidden },
      outputType: 'json',
    },
    {},
    { tsConfig: tsConfigFile ? withPathsBase(extractTSConfig(tsConfigFile), tsConfigFile) : undefined },
  ).catch((error: unknown) => {
    throw extractionError(error);
  });
  options.signal?.throwIfAborted();
  return { configuration, result: parseOutput(output.output) };
}

/**
 * When a tsconfig has no baseUrl, dependency-cruiser gives its paths plugin
 * `baseUrl: './'`, which resolves against the process's working folder, so
 * aliases break unless the cruise runs from the tsconfig's folder. With a
 * baseUrl present it lets the plugin read the tsconfig itself, which resolves
 * `paths` from the tsconfig's folder as TypeScript does. (The value only
 * steers that choice; transpiling ignores baseUrl.)
 */
function withPathsBase(parsed: ParsedCommandLine, tsConfigFile: string): ParsedCommandLine {
  if (parsed.options.baseUrl) return parsed;
  return { ...parsed, options: { ...parsed.options, baseUrl: path.dirname(tsConfigFile) } };
}

/**
 * dependency-cruiser wraps a file it cannot read in a multi-line message whose first line
 * ("Extracting dependencies ran afoul of...") says nothing; keep the file and the cause.
 */
function extractionError(error: unknown): unknown {
  const match = error instanceof Error ? /ran afoul of\.\.\.\s+([^\n]*)\n\.\.\. in (.+)/.exec(error.message) : null;
  if (!match) return error;
  const [, cause = '', file = ''] = match;
  const [name, reason] = [file.trim(), cause.trim()];
  return new Error(unreadableFileMessage(name, reason) ?? `could not extract the dependencies of ${name}: ${reason}`);
}

function parseOutput(output: ICruiseResult | string): ICruiseResult {
  // The child's output is JSON from another package's version: its shape is checked, not assumed.
  const result: unknown = typeof output === 'string' ? JSON.parse(output) : output;
  if (!isCruiseResult(result)) {
    throw new Error('dependency-cruiser returned no modules or violations: its result format is not the one this gate reads');
  }
  return result;
}

function isCruiseResult(value: unknown): value is ICruiseResult {
  const result = value as { modules?: unknown; summary?: { violations?: unknown } } | null | undefined;
  return Array.isArray(result?.modules) && Array.isArray(result.summary?.violations);
}

function emptyResult(): ICruiseResult {
  return {
    modules: [],
    summary: { violations: [], error: 0, warn: 0, info: 0, ignore: 0, totalCruised: 0, totalDependenciesCruised: 0, optionsUsed: {} },
  };
}
