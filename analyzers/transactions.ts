import path from 'node:path';
import type { Finding } from '../core/contracts.js';
import { compareFindings } from '../core/finding-order.js';
import { getProjectMatcher } from '../config/project-paths.js';
import { collectFacts, type CollectionStats, type FileAnalyzer } from './facts.js';
import { buildCallGraph, type FunctionRef } from './call-graph.js';
import { createModuleLocator } from './module-locator.js';
import { analyzerFinding, codeSpan } from './rules.js';
import type { AnalysisSession } from './session.js';
import type { SkippedFile } from './source-files.js';
import type { TransactionExtractSettings } from './transactions/extract.js';
import {
  TRANSACTIONS_ANALYZER_VERSION,
  TransactionFactsSchema,
  type TransactionFacts,
  type TransactionSite,
} from './transactions/facts.js';

export interface TransactionsAnalysis {
  findings: Finding[];
  skipped: SkippedFile[];
  stats: CollectionStats;
  /** Transaction calls found in the project, and calls followed between files. */
  sites: number;
  crossFileCalls: number;
}

let extractModule: Promise<typeof import('./transactions/extract.js')> | undefined;

/** The per-file half of the transactions analyzer, cached by content hash. */
export function transactionsFileAnalyzer(settings: TransactionExtractSettings): FileAnalyzer<TransactionFacts> {
  return {
    id: 'transactions',
    version: TRANSACTIONS_ANALYZER_VERSION,
    factsSchema: TransactionFactsSchema,
    settings,
    async loadExtractor() {
      extractModule ??= import('./transactions/extract.js');
      return (await extractModule).createTransactionExtractor(settings);
    },
  };
}

/** One step of the way from a caller to a transaction call: a function, then (last) the call itself. */
type ChainStep = { kind: 'function'; file: string; name: string; line: number } | { kind: 'site'; file: string; site: TransactionSite };

/**
 * Transitive transaction boundaries: a layer outside `transactions.owners` that
 * reaches a transaction call through functions in other files (a shared helper,
 * a driver utility, a wrapper of the owner's that runs the caller's work),
 * reported once, where the layer calls into another layer's (or no layer's) file.
 * Calling into an owner layer is the sanctioned way to get a transaction, so the
 * search stops there, unless the owner's function runs work its caller hands it.
 */
export async function analyzeTransactions(session: AnalysisSession): Promise<TransactionsAnalysis> {
  const { owners, flushCommits, extraCalls } = session.config.transactions;
  const collected = await collectFacts(session, transactionsFileAnalyzer({ flushCommits, extraCalls }));
  const empty = { findings: [], skipped: collected.skipped, stats: collected.stats, sites: 0, crossFileCalls: 0 };
  if (owners.length === 0) return empty;

  const graph = buildCallGraph(collected.facts, createModuleLocator(session.config, [...collected.facts.keys()], []));

  const matcher = getProjectMatcher(session.config);
  const layerOf = (file: string) => matcher.layerOf(path.join(session.config.root, file))?.name;
  const isOwner = (file: string) => {
    const layer = layerOf(file);
    return layer !== undefined && owners.includes(layer);
  };

  const reached = new Map<string, ChainStep[] | null>();
  const reach = (ref: FunctionRef, visiting: Set<string>): ChainStep[] | null => {
    const key = `${ref.file}\0${ref.name}`;
    const known = reached.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return null;
    const facts = graph.function(ref);
    if (!facts) return null;
    const head: ChainStep = { kind: 'function', file: ref.file, name: ref.name, line: facts.line };
    let chain: ChainStep[] | null = null;
    if (isOwner(ref.file)) {
      // The owner decides the boundary, unless it wraps work its caller hands it.
      const site = facts.sites.find((candidate) => candidate.wrapsCallerWork);
      chain = site ? [head, { kind: 'site', file: ref.file, site }] : null;
    } else if (facts.sites[0]) {
      chain = [head, { kind: 'site', file: ref.file, site: facts.sites[0] }];
    } else {
      visiting.add(key);
      for (const call of facts.calls) {
        const target = graph.resolve(ref.file, call);
        const rest = target ? reach(target, visiting) : null;
        if (rest) {
          chain = [head, ...rest];
          break;
        }
      }
      visiting.delete(key);
    }
    // A null found while a cycle was cut may be wrong from another entry: remember only what is certain.
    if (chain !== null || visiting.size === 0) reached.set(key, chain);
    return chain;
  };

  const findings: Finding[] = [];
  let sites = 0;
  let crossFileCalls = 0;
  const ownersText = owners.map((owner) => `'${owner}'`).join(' and ');
  for (const [file, facts] of collected.facts) {
    sites += facts.functions.reduce((sum, fn) => sum + fn.sites.length, 0);
    const layer = layerOf(file);
    for (const fn of facts.functions) {
      for (const call of fn.calls) {
        const target = graph.resolve(file, call);
        if (!target || target.file === file) continue;
        crossFileCalls++;
        // Within one layer the rule already reports the transaction call itself; the finding belongs where a layer enters the chain.
        if (layer === undefined || owners.includes(layer) || layerOf(target.file) === layer) continue;
        const chain = reach(target, new Set());
        if (!chain) continue;
        findings.push(
          analyzerFinding(
            'transaction-reached-indirectly',
            'error',
            `Layer '${layer}' reaches a transaction through ${codeSpan(call.call)}: ${describeChain(chain)}. Only ${ownersText} ${owners.length === 1 ? 'owns' : 'own'} transactions: let ${owners.length === 1 ? 'it' : 'them'} decide the boundary (call an operation) instead of reaching the transaction through helpers.`,
            { file, line: call.line, column: call.column },
          ),
        );
      }
    }
  }
  return { findings: findings.sort(compareFindings), skipped: collected.skipped, stats: collected.stats, sites, crossFileCalls };
}

function describeChain(chain: readonly ChainStep[]): string {
  return chain
    .map((step) =>
      step.kind === 'function'
        ? `${codeSpan(step.name)} (${step.file}:${step.line})`
        : `${codeSpan(step.site.call)} ${step.site.kind === 'begin' ? 'begins' : step.site.kind === 'commit' ? 'commits' : 'rolls back'} one (${step.file}:${step.site.line})`,
    )
    .join(' → ');
}
