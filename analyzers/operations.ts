import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { Finding } from '../core/contracts.js';
import { ConfigError, problemsFromZod } from '../config/errors.js';
import { atLine } from '../core/rule-catalog.js';
import { getProjectMatcher, toProjectPath } from '../config/project-paths.js';
import { collectFacts, type CollectionStats, type FileAnalyzer } from './facts.js';
import { createModuleLocator } from './module-locator.js';
import { analyzerFinding } from './rules.js';
import { OPERATIONS_ANALYZER_VERSION, OperationFactsSchema, type OperationFacts } from './operations/facts.js';
import { callSiteFindings, duplicateIdFindings, notStaticFindings, ownerFindings, type KnownDomains } from './operations/findings.js';
import { linkOperations, type DeclaredOperation, type ExecutedOperation } from './operations/link.js';
import { compareFindings } from '../core/finding-order.js';
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
    ...domains.duplicates,
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

/** The domains that exist: the `*` segments of each domain glob, among the project's actual files. */
function knownDomains(session: AnalysisSession): KnownDomains & { duplicates: Finding[] } {
  const matcher = getProjectMatcher(session.config);
  const globDepth = Math.max(0, ...session.config.domains.map((glob) => glob.replace(/\/$/, '').split('/').length));
  const names = new Set<string>();
  const byFolder = new Map<string, string | undefined>();
  // Each domain folder, by name, with its first file: a name with two folders is merged silently otherwise.
  const folders = new Map<string, Map<string, string>>();
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
    if (domain === undefined) continue;
    names.add(domain);
    const root = matcher.domainRootOf(file);
    if (root === undefined) continue;
    const roots = folders.get(domain) ?? new Map<string, string>();
    if (!roots.has(root)) roots.set(root, file);
    folders.set(domain, roots);
  }
  return { names, globs: session.config.domains, duplicates: duplicateDomainFindings(session, folders) };
}

/**
 * A name that one glob gives to two folders (a glob with a `**` segment before its `*`) would merge two domains.
 * Several globs may give a name to several folders on purpose (hoc: src/domains/* and src/spine/operations/*).
 */
function duplicateDomainFindings(session: AnalysisSession, folders: ReadonlyMap<string, ReadonlyMap<string, string>>): Finding[] {
  const findings: Finding[] = [];
  const globs = session.config.domains.map((glob) => ({ glob, test: picomatch(glob.replace(/\/$/, ''), { dot: true }) }));
  for (const [name, roots] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const { glob, test } of globs) {
      const matched = [...roots].filter(([root]) => test(root)).sort(([a], [b]) => (a < b ? -1 : 1));
      const [first, second] = matched;
      if (!first || !second) continue;
      const at = toProjectPath(session.config.root, second[1]) ?? second[1];
      const message =
        `domain '${name}' is two folders, ${first[0]} and ${second[0]}, both matched by '${glob}': they would count as one domain. ` +
        "Name each domain by its path, with a '*' segment for every folder that tells them apart";
      findings.push(analyzerFinding('domain-duplicate-name', 'error', message, atLine(at, 0)));
    }
  }
  return findings;
}
