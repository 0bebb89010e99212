/**
 * Whole-project analyzers (oxc-parser syntax, one native parse per file), cached per file by content hash under
 * `.plumbline/cache/analyzers`. Data flows config -> analyzers -> gates.
 */
export { runAnalyzers, type AnalyzerRun, type AnalyzerRunOptions } from './run.js';
export { openSession, type AnalysisSession, type SessionOptions } from './session.js';
export {
  analyzeOperations,
  OperationsAnalyzerOptionsSchema,
  type OperationsAnalysis,
  type OperationsAnalyzerOptions,
} from './operations.js';
export {
  buildSpecRegistry,
  renderSpecRegistryJson,
  renderSpecRegistryMarkdown,
  SpecRegistrySchema,
  type SpecRegistry,
} from './spec-registry.js';
export { analyzeRoutes, type RoutesAnalysis } from './routes.js';
export {
  renderRouteManifestJson,
  renderRouteManifestMarkdown,
  RouteManifestSchema,
  type EntryPoint,
  type RouteManifest,
} from './routes/manifest.js';
export { ANALYZER_RULES, analyzerRuleDescriptors, type AnalyzerRuleName } from './rules.js';
export { analyzerCacheDir, type CacheStatus, type CacheState } from './cache.js';
export { loadProject, type LoadedProject } from './project.js';
export { createProjectParser, type ProjectParser } from './parser.js';
export type { SkippedFile } from './source-files.js';
export { declaredChecks, type DeclaredCheck, type DeclaredChecks, type UnreadableCheck } from './declared-checks.js';
