import path from 'node:path';
import type { Finding } from '../core/contracts.js';
import { compareFindings, compareText } from '../core/finding-order.js';
import { getProjectMatcher } from '../config/project-paths.js';
import type { RoutesConfig } from '../config/schema.js';
import { buildCallGraph, createExportResolver, type FunctionRef } from './call-graph.js';
import { collectFacts, type CollectionStats, type FileAnalyzer } from './facts.js';
import type { CallRef } from './module-facts.js';
import { createModuleLocator } from './module-locator.js';
import type { DeclaredOperation } from './operations/link.js';
import type { RouteExtractSettings } from './routes/extract.js';
import { joinRoutePath } from './routes/route-path.js';
import { ROUTES_ANALYZER_VERSION, RouteFileFactsSchema, type Handler, type RouteFileFacts, type RouterRef } from './routes/facts.js';
import { routeManifest, type EntryPoint, type RouteManifest } from './routes/manifest.js';
import { analyzerFinding, codeSpan } from './rules.js';
import type { AnalysisSession } from './session.js';
import type { SkippedFile } from './source-files.js';

export interface RoutesAnalysis {
  findings: Finding[];
  manifest: RouteManifest;
  skipped: SkippedFile[];
  stats: CollectionStats;
}

let extractModule: Promise<typeof import('./routes/extract.js')> | undefined;

/** The per-file half of the routes analyzer, cached by content hash. */
export function routesFileAnalyzer(settings: RouteExtractSettings): FileAnalyzer<RouteFileFacts> {
  return {
    id: 'routes',
    version: ROUTES_ANALYZER_VERSION,
    factsSchema: RouteFileFactsSchema,
    settings,
    async loadExtractor() {
      extractModule ??= import('./routes/extract.js');
      return (await extractModule).createRouteExtractor(settings);
    },
  };
}

/** How deep prefixes are followed through mounted routers; deeper nesting is not met in practice, and a cycle stops here. */
const MAX_MOUNT_DEPTH = 16;

interface RouterId {
  file: string;
  key: string;
}

/**
 * Entry points and the operations they execute: every route (and configured consumer or job) with its
 * method, full path (router prefixes joined) and the operation ids its handlers execute, directly or
 * through helpers in the entry layers. Findings: an entry point that executes no operation (it bypasses
 * the operation registry), one that executes several where the config says one, a critical operation no
 * entry point reaches, two routes with the same method and path, and an entry point outside the entry layers.
 */
export async function analyzeRoutes(
  session: AnalysisSession,
  routes: RoutesConfig,
  executeMethods: readonly string[],
  operations: readonly DeclaredOperation[],
): Promise<RoutesAnalysis> {
  const collected = await collectFacts(
    session,
    routesFileAnalyzer({ executeMethods, frameworks: routes.frameworks, entryCalls: routes.entryCalls }),
  );
  const facts = collected.facts;
  const locate = createModuleLocator(session.config, [...facts.keys()], []);
  const graph = buildCallGraph(facts, locate);
  const routerKeys = new Map(
    [...facts].map(([file, fileFacts]) => [file, new Map(fileFacts.routers.map((router) => [router.key, router.prefix]))]),
  );
  const exportedRouter = createExportResolver(facts, locate, (file, name) => routerKeys.get(file)?.has(name) ?? false);

  const routerOf = (file: string, ref: RouterRef | CallRef['target']): RouterId | undefined => {
    if ('key' in ref) return { file, key: ref.key };
    if ('local' in ref) return routerKeys.get(file)?.has(ref.local) ? { file, key: ref.local } : undefined;
    const module = locate(ref.binding.specifier, file);
    if (module.kind !== 'file') return undefined;
    const found = exportedRouter(module.path, ref.binding.path);
    return found ? { file: found.file, key: found.name } : undefined;
  };
  const prefixes = mountedPrefixes(facts, routerOf, routerKeys);

  const matcher = getProjectMatcher(session.config);
  const layerOf = (file: string) => matcher.layerOf(path.join(session.config.root, file))?.name;
  const entryLayers = new Set(routes.entryLayers);
  const inEntryLayer = (file: string) => {
    const layer = layerOf(file);
    return layer !== undefined && entryLayers.has(layer);
  };

  // What a function executes, following calls into the entry layers' helpers (memoised; cycles cut).
  const executedBy = new Map<string, Set<string>>();
  const reach = (ref: FunctionRef, visiting: Set<string>): Set<string> => {
    const key = `${ref.file}\0${ref.name}`;
    const known = executedBy.get(key);
    if (known) return known;
    const ids = new Set<string>();
    const fn = graph.function(ref);
    if (!fn || visiting.has(key)) return ids;
    visiting.add(key);
    for (const executed of fn.executes) ids.add(executed.id);
    for (const id of followCalls(ref.file, fn.calls, visiting)) ids.add(id);
    visiting.delete(key);
    if (visiting.size === 0) executedBy.set(key, ids);
    return ids;
  };
  const followCalls = (file: string, calls: readonly CallRef[], visiting: Set<string>): Set<string> => {
    const ids = new Set<string>();
    for (const call of calls) {
      const target = graph.resolve(file, call);
      if (target && inEntryLayer(target.file)) for (const id of reach(target, visiting)) ids.add(id);
    }
    return ids;
  };
  const handlerOperations = (file: string, handlers: readonly Handler[]): { ids: Set<string>; followed: boolean } => {
    const ids = new Set<string>();
    let followed = true;
    for (const handler of handlers) {
      if ('inline' in handler) {
        for (const executed of handler.inline.executes) ids.add(executed.id);
        for (const id of followCalls(file, handler.inline.calls, new Set())) ids.add(id);
      } else if ('reference' in handler) {
        const target = graph.resolveTarget(file, handler.reference);
        if (target) for (const id of reach(target, new Set())) ids.add(id);
        else followed = false;
      } else {
        followed = false;
      }
    }
    return { ids, followed };
  };

  const hasHttpRoutes = [...facts.values()].some((fileFacts) => fileFacts.routes.some((route) => route.kind === 'http'));
  const entries: EntryPoint[] = [];
  const findings: Finding[] = [];
  for (const [file, fileFacts] of facts) {
    const entryFile = inEntryLayer(file);
    for (const route of fileFacts.routes) {
      // A route whose receiver is not a router this file made is recognised in the entry layers only (an HTTP client looks alike).
      if (!entryFile && route.router !== null && !route.knownRouter) continue;
      // A server that dispatches to routes is the front door, not an entry point of its own.
      if (route.kind === 'server' && hasHttpRoutes) continue;
      const { ids, followed } = handlerOperations(file, route.handlers);
      const routerPrefixes = route.router ? prefixes(routerOf(file, route.router)) : [''];
      for (const prefix of routerPrefixes) {
        const fullPath = route.path === null ? null : route.kind === 'http' ? joinRoutePath(prefix, route.path) : route.path;
        const exempt = exemptionOf(routes, route.method, fullPath);
        const entry: EntryPoint = {
          kind: route.kind,
          framework: route.framework,
          method: route.method,
          path: fullPath ?? route.pathText,
          computedPath: fullPath === null,
          file,
          line: route.line,
          column: route.column,
          layer: layerOf(file) ?? null,
          operations: [...ids].sort(compareText),
          followed,
          ...(exempt === undefined ? {} : { exempt }),
        };
        entries.push(entry);
        findings.push(...entryFindings(entry, routes, entryFile));
      }
    }
  }
  findings.push(...duplicateRouteFindings(entries), ...unreachedCriticalFindings(operations, entries));
  const manifest = routeManifest(entries, operations);
  return { findings: findings.sort(compareFindings), manifest, skipped: collected.skipped, stats: collected.stats };
}

/** Every full prefix a router is reached at, from the routers mounted nowhere down to it. */
function mountedPrefixes(
  facts: ReadonlyMap<string, RouteFileFacts>,
  routerOf: (file: string, ref: RouterRef | CallRef['target']) => RouterId | undefined,
  routerKeys: ReadonlyMap<string, ReadonlyMap<string, string>>,
): (router: RouterId | undefined) => string[] {
  const parents = new Map<string, Array<{ parent: RouterId; prefix: string }>>();
  for (const [file, fileFacts] of facts) {
    for (const mount of fileFacts.mounts) {
      const child = routerOf(file, mount.child);
      const parent = routerOf(file, mount.parent);
      if (!child || !parent) continue;
      const key = `${child.file}\0${child.key}`;
      parents.set(key, [...(parents.get(key) ?? []), { parent, prefix: mount.prefix }]);
    }
  }
  const prefixesOf = (router: RouterId, depth: number): string[] => {
    const own = routerKeys.get(router.file)?.get(router.key) ?? '';
    const mounts = parents.get(`${router.file}\0${router.key}`) ?? [];
    if (mounts.length === 0 || depth >= MAX_MOUNT_DEPTH) return [own];
    const found = new Set<string>();
    for (const mount of mounts) for (const above of prefixesOf(mount.parent, depth + 1)) found.add(joinRoutePath(above, mount.prefix, own));
    return [...found].sort(compareText);
  };
  return (router) => (router ? prefixesOf(router, 0) : ['']);
}

function exemptionOf(routes: RoutesConfig, method: string, fullPath: string | null): string | undefined {
  if (fullPath === null) return undefined;
  return routes.exempt.find((entry) => entry.path === fullPath && (entry.method === undefined || entry.method.toUpperCase() === method))
    ?.reason;
}

function describe(entry: Pick<EntryPoint, 'kind' | 'method' | 'path'>): string {
  return entry.kind === 'http' || entry.kind === 'server' ? `${entry.method} ${entry.path}` : `${entry.kind} ${codeSpan(entry.path)}`;
}

function entryFindings(entry: EntryPoint, routes: RoutesConfig, entryFile: boolean): Finding[] {
  const at = { file: entry.file, line: entry.line, column: entry.column };
  const findings: Finding[] = [];
  if (!entryFile) {
    const where = entry.layer === null ? 'a file in no layer' : `layer '${entry.layer}'`;
    findings.push(
      analyzerFinding(
        'entry-point-outside-entry-layer',
        'error',
        `${describe(entry)} is an entry point in ${where}; entry points belong in ${listNames(routes.entryLayers)}.`,
        at,
      ),
    );
  }
  if (entry.exempt !== undefined) return findings;
  if (entry.operations.length === 0 && entry.followed) {
    findings.push(
      analyzerFinding(
        'entry-point-without-operation',
        'error',
        `${describe(entry)} executes no operation, so it bypasses the operation registry: ` +
          'make its handler execute one registered operation, or list it in routes.exempt with a reason.',
        at,
      ),
    );
  }
  if (routes.operationsPerRoute === 'one' && entry.operations.length > 1) {
    findings.push(
      analyzerFinding(
        'entry-point-several-operations',
        'error',
        `${describe(entry)} executes ${entry.operations.length} operations (${entry.operations.map(codeSpan).join(', ')}); ` +
          "one entry point should reach the business through exactly one operation (routes.operationsPerRoute is 'one').",
        at,
      ),
    );
  }
  return findings;
}

function duplicateRouteFindings(entries: readonly EntryPoint[]): Finding[] {
  const first = new Map<string, EntryPoint>();
  const findings: Finding[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'http' || entry.computedPath) continue;
    const key = `${entry.method} ${entry.path}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    findings.push(
      analyzerFinding(
        'entry-point-duplicate',
        'error',
        `${describe(entry)} is registered twice: ${earlier.file}:${earlier.line} registers it too, and only one of them can serve it.`,
        { file: entry.file, line: entry.line, column: entry.column },
      ),
    );
  }
  return findings;
}

function unreachedCriticalFindings(operations: readonly DeclaredOperation[], entries: readonly EntryPoint[]): Finding[] {
  const reached = new Set(entries.flatMap((entry) => entry.operations));
  const findings: Finding[] = [];
  for (const operation of operations) {
    const declaration = operation.declaration;
    if ('expression' in declaration) continue;
    const id = declaration.id && 'literal' in declaration.id ? declaration.id.literal : undefined;
    const critical = declaration.critical && 'literal' in declaration.critical ? declaration.critical.literal : false;
    if (id === undefined || !critical || reached.has(id)) continue;
    findings.push(
      analyzerFinding(
        'operation-unreached-by-entry-points',
        'error',
        `Critical operation ${codeSpan(id)} is executed by no entry point (route, consumer or job): ` +
          'expose it through one, or drop critical: true if nothing outside may run it.',
        { file: operation.file, line: operation.line, column: operation.column },
      ),
    );
  }
  return findings;
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
