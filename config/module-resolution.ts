import type * as TypeScript from 'typescript';
import { createModuleResolver } from '../core/module-resolver.js';
import { readCompilerOptions } from './compiler-options.js';
import { ConfigError } from './errors.js';
import { oncePerConfig } from './per-config.js';
import type { ResolvedConfig } from './resolve.js';

/**
 * The project's module resolver (core/module-resolver.ts), one per resolved config:
 * the rules, the analyzers and the graph checks share its cache and its answers.
 */
export const getModuleResolver = oncePerConfig((config: ResolvedConfig) =>
  createModuleResolver(config.root, (ts) => compilerOptionsOrDefault(config, ts)),
);

/**
 * A missing or unreadable tsconfig is reported by the gates that need it; a rule
 * resolving imports in an editor keeps working with NodeNext defaults instead.
 */
function compilerOptionsOrDefault(config: ResolvedConfig, ts: typeof TypeScript): TypeScript.CompilerOptions {
  try {
    return readCompilerOptions(config, ts);
  } catch (error) {
    if (error instanceof ConfigError)
      return { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: true };
    throw error;
  }
}
