import path from 'node:path';
import { z } from 'zod';
import type { Finding } from '../config/contracts.js';
import { ConfigError, problemsFromZod } from '../config/errors.js';
import { getProjectMatcher, toProjectPath } from '../config/project-paths.js';
import { collectFacts, type CollectionStats, type FileAnalyzer } from './facts.js';
import { createModuleLocator } from './module-locator.js';
import { OPERATIONS_ANALYZER_VERSION, OperationFactsSchema, type OperationFacts } from './operations/facts.js';
import { callSiteFindings, duplicateIdFindings, notStaticFindings, ownerFindings, type KnownDomains } from './operations/findings.js';
import { linkOperations, type DeclaredOperation, type ExecutedOperation } from './operations/link.js';
import { compareFindings } from '../config/finding-order.js';
import type { AnalysisSession } from './session.js';
import type { SkippedFile } from './source-files.js';
import { buildSpecRegistry, invariantFindings, specCompletenessFindings, type SpecRegistry } from './spec-registry.js';

export const OperationsAnalyzerOptionsSchema = z
  .object({
    runtimeModules: z
      .array(z.string().min(1))
      .min(1, 'name at least one module that exports defineOperation')
      .default(['@plumbline-kit/runtime'])
      .describe('Module specifiers whose `defineOperation` declares operations, matched by their text.'),
    executeMethods: z
      .array(z.string().regex(/^[A-Za-z_$][\w$]*$/, 'a method name is an identifier such as execute'))
      .default(['execute'])
      .describe("Methods that run an operation by id: `x.execute('a.b', …)`."),
  })
  .strict();

export type OperationsAnalyzerOptions = z.input<typeof OperationsAnalyzerOptionsSchema>;

export interface OperationsAnalysis {
  /** Registry and spec findings, sorted. Files in `skipped` are not reported here. */
  findings: Finding[];
  registry: SpecRegistry;
  /** Confirmed declarations, in file then source order. */
  operations: DeclaredOperation[];
  callSites: ExecutedOperation[];
  /** Files whose facts are missing (unreadable, syntax errors, too large). */
  skipped: SkippedFile[];
  /** The domains that exist (configured globs matched against the project's files), sorted. */
  domains: string[];
  stats: CollectionStats;
}

export function parseOperationsOptions(options: OperationsAnalyzerOptions = {}): z.output<typeof OperationsAnalyzerOptionsSchema> {
  const parsed = OperationsAnalyzerOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ConfigError(undefined, problemsFromZod(parsed.error, ['analyzers', 'operations']));
  return parsed.data;
}

let extractModule: Promise<typeof import('./operations/extract.js')> | undefined;

/** The per-file half of the operations analyzer, cached by content hash. */
export function operationsFileAnalyzer(settings: z.output<typeof OperationsAnalyzerOptionsSchema>): FileAnalyzer<OperationFacts> {
  return {
    id: 'operations',
    version: OPERATIONS_ANALYZER_VERSION,
    factsSchema: OperationFactsSchema,
    settings,
    async loadExtractor() {
      extractModule ??= import('./operations/extract.js');
      return (await extractModule).createOperationExtractor(settings);
    },
  };
}

/**
 * The operation registry and spec registry of a whole project: every
 * `defineOperation` call (through aliases, namespaces and project re-exports),
 * checked for duplicate ids, unknown owners, unregistered and unreached ids,
 * complete specs of critical operations and unique invariant ids.
 */
export async function analyzeOperations(session: AnalysisSession, options: OperationsAnalyzerOptions = {}): Promise<OperationsAnalysis> {
  const settings = parseOperationsOptions(options);
  const collected = await collectFacts(session, operationsFileAnalyzer(settings));
  const locate = createModuleLocator(session.config, [...collected.facts.keys()], settings.runtimeModules);
  const { operations, callSites } = linkOperations(collected.facts, locate);
  const domains = knownDomains(session);
  const findings = [
    ...notStaticFindings(operations),
    ...duplicateIdFindings(operations),
    ...ownerFindings(operations, domains),
    ...callSiteFindings(operations, callSites, settings.executeMethods),
    ...specCompletenessFindings(operations),
    ...invariantFindings(operations),
  ].sort(compareFindings);
  return {
    findings,
    registry: buildSpecRegistry(operations),
    operations,
    callSites,
    skipped: collected.skipped,
    domains: [...domains.names].sort(),
    stats: collected.stats,
  };
}

/** The domains that exist: the `*` segment of each domain glob, among the project's actual files. */
function knownDomains(session: AnalysisSession): KnownDomains {
  const matcher = getProjectMatcher(session.config);
  const globDepth = Math.max(0, ...session.config.domains.map((glob) => glob.replace(/\/$/, '').split('/').length));
  const names = new Set<string>();
  const byFolder = new Map<string, string | undefined>();
  for (const file of session.files) {
    const folder = path.dirname(file);
    if (byFolder.has(folder)) {
      const known = byFolder.get(folder);
      if (known !== undefined) names.add(known);
      continue;
    }
    // Below the globs' depth only folders decide the domain, so one file per folder answers for all.
    const folderPath = toProjectPath(session.config.root, folder);
    const decidedByFolder = (folderPath === undefined ? 0 : folderPath.split('/').length) >= globDepth;
    const domain = matcher.domainOf(file);
    if (decidedByFolder) byFolder.set(folder, domain);
    if (domain !== undefined) names.add(domain);
  }
  return { names, globs: session.config.domains };
}
