import type { Finding, RuleDescriptor } from '../core/contracts.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { analyzeOperations, parseOperationsOptions, type OperationsAnalysis, type OperationsAnalyzerOptions } from './operations.js';
import { compareFindings, compareText } from '../core/finding-order.js';
import { analyzerFinding, analyzerRuleDescriptors } from './rules.js';
import { openSession, type SessionOptions } from './session.js';
import type { SkippedFile } from './source-files.js';
import type { SpecRegistry } from './spec-registry.js';
import { analyzeRoutes } from './routes.js';
import type { RouteManifest } from './routes/manifest.js';
import { analyzeTransactions } from './transactions.js';

export interface AnalyzerRunOptions extends SessionOptions {
  operations?: OperationsAnalyzerOptions;
}

/** Everything a gate or `plumbline check` needs from one run of every analyzer. */
export interface AnalyzerRun {
  /** Sorted; includes one warning per skipped file. */
  findings: Finding[];
  rules: RuleDescriptor[];
  metrics: Record<string, number | string | boolean>;
  /** The data of `spec-registry.json`; render with renderSpecRegistryJson / renderSpecRegistryMarkdown. */
  specRegistry: SpecRegistry;
  skipped: SkippedFile[];
  operations: OperationsAnalysis;
  /** Entry points and the operations they execute; undefined when `routes` is not configured. */
  routes: RouteManifest | undefined;
}

/** Runs every whole-project analyzer over the project's source files, sharing one read and one parser. */
export async function runAnalyzers(config: ResolvedConfig, options: AnalyzerRunOptions = {}): Promise<AnalyzerRun> {
  // Options first, so a bad option is reported before any file is read.
  const operationsOptions = parseOperationsOptions(options.operations);
  const session = await openSession(config, options);
  session.progress(`${session.files.length} files to analyze`);
  const operations = await analyzeOperations(session, operationsOptions);
  const transactions = await analyzeTransactions(session);
  const routes = config.routes
    ? await analyzeRoutes(session, config.routes, operationsOptions.executeMethods, operations.operations)
    : undefined;
  const skipped = dedupeSkipped([...operations.skipped, ...transactions.skipped, ...(routes?.skipped ?? [])]);
  const findings = [
    ...operations.findings,
    ...transactions.findings,
    ...(routes?.findings ?? []),
    ...skipped.map((file) =>
      analyzerFinding(
        'analyzer-skipped-file',
        'warning',
        `the analyzers skipped this file, so its declarations and calls are unknown: ${file.reason}`,
        {
          file: file.path,
          line: 0,
          column: 0,
        },
      ),
    ),
  ].sort(compareFindings);
  const metrics: AnalyzerRun['metrics'] = {
    filesAnalyzed: operations.stats.files,
    filesParsed: session.parsedFiles(),
    filesRead: Math.max(operations.stats.read, transactions.stats.read),
    // A file counts as a hit when every analyzer took its facts from the cache.
    cacheHits: Math.min(operations.stats.cacheHits, transactions.stats.cacheHits),
    cacheState: [operations, transactions].map((run) => run.stats.cache.state).find((state) => state !== 'loaded') ?? 'loaded',
    skippedFiles: skipped.length,
    operations: operations.operations.length,
    callSites: operations.callSites.length,
    transactionCalls: transactions.sites,
    crossFileCalls: transactions.crossFileCalls,
  };
  if (routes) metrics.entryPoints = routes.manifest.entryPoints.length;
  const cacheWriteError = operations.stats.cacheWriteError ?? transactions.stats.cacheWriteError;
  if (cacheWriteError) metrics.cacheWriteError = cacheWriteError;
  const specRegistry = operations.registry;
  return { findings, rules: analyzerRuleDescriptors(), metrics, specRegistry, skipped, operations, routes: routes?.manifest };
}

function dedupeSkipped(files: readonly SkippedFile[]): SkippedFile[] {
  const byPath = new Map<string, SkippedFile>();
  for (const file of files) if (!byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => compareText(a.path, b.path));
}
