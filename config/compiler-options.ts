import path from 'node:path';
import type * as TypeScript from 'typescript';
import { ConfigError } from './errors.js';
import type { ResolvedConfig } from './resolve.js';

/**
 * The TypeScript API to read tsconfig files with (the `typescript` package). Only
 * the config-reading part is used.
 */
export type TypeScriptApi = Pick<
  typeof TypeScript,
  | 'ModuleKind'
  | 'ModuleResolutionKind'
  | 'findConfigFile'
  | 'sys'
  | 'readConfigFile'
  | 'flattenDiagnosticMessageText'
  | 'parseJsonConfigFileContent'
>;

/**
 * Compiler options from the project's tsconfig (for path aliases and JSX). A
 * configured tsconfig that is missing or unreadable is a config error, not a guess.
 */
export function readCompilerOptions(config: ResolvedConfig, api: unknown): TypeScript.CompilerOptions {
  // `api` is either copy of the compiler; both read tsconfig files the same way.
  const ts = api as TypeScriptApi;
  const fallback: TypeScript.CompilerOptions = {
    allowJs: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const configured = config.tsconfig ? path.resolve(config.root, config.tsconfig) : undefined;
  const tsconfigPath = configured ?? ts.findConfigFile(config.root, (file) => ts.sys.fileExists(file), 'tsconfig.json');
  if (tsconfigPath === undefined) return fallback;
  if (!ts.sys.fileExists(tsconfigPath)) {
    throw new ConfigError(config.configFile, [{ path: 'tsconfig', message: `tsconfig not found: ${tsconfigPath}` }]);
  }
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error) {
    const message = ts.flattenDiagnosticMessageText(read.error.messageText, ' ');
    throw new ConfigError(config.configFile, [{ path: 'tsconfig', message: `${tsconfigPath} cannot be read: ${message}` }]);
  }
  // readDirectory stubbed: only the compiler options are wanted, not the tsconfig's file list.
  const parseHost: TypeScript.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, parseHost, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return { ...fallback, ...parsed.options, noEmit: true };
}
