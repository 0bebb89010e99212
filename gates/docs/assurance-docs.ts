import path from 'node:path';
import type { ResolvedConfig } from '../../config/resolve.js';
import { AssuranceDocsSchema } from '../../config/schema.js';
import { toProjectPath } from '../../config/project-paths.js';
import { DeclaredDrillSchema, renderMatrixMarkdown, type DeclaredMatrixRow } from '../drills/drill-matrix.js';
import { createDrillLoader, listDrillFiles } from '../drills/load-drills.js';
import { readIncidentFolder } from '../incidents/read-incidents.js';
import { renderRolloutContract } from '../shadow/render-rollout-contract.js';
import type { AnyGate } from '../runner/gate-contract.js';
import { renderAssuranceIndex, type IndexedDocument } from './render-assurance-index.js';
import { renderIncidentLedger } from './render-incident-ledger.js';

/** One generated document: where it goes (project-relative) and its exact text. */
export interface GeneratedDocument {
  file: string;
  text: string;
}

/** Something the generator could not read (a drill file that does not load): the docs would be wrong, so none are produced. */
export interface GenerationProblem {
  file: string;
  line: number;
  message: string;
}

export type AssuranceDocs =
  { ok: true; dir: string; documents: GeneratedDocument[] } | { ok: false; dir: string; problems: GenerationProblem[] };

export const DOCUMENTS = {
  index: 'index.md',
  operations: 'operations.md',
  drills: 'failure-injection-matrix.md',
  rollout: 'rollout-contract.md',
  incidents: 'incidents.md',
  routes: 'routes.md',
  routeManifest: 'route-manifest.json',
} as const;

/** docs.dir with its default applied, project-relative with forward slashes. */
export function assuranceDocsDir(config: ResolvedConfig): string {
  return AssuranceDocsSchema.parse(config.docs ?? {})
    .dir.split(path.sep)
    .join('/')
    .replace(/\/+$/, '');
}

interface GenerateOptions {
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/**
 * The assurance docs, from code and config only — no test run, no database,
 * no earlier evidence — so the same tree always gives the same bytes and the
 * docs gate can check drift cheaply. Each page reuses the renderer of the gate
 * that owns the subject: the spec registry (analyzers), the failure-injection
 * matrix (drills gate, rows as declared), the rollout contract (shadow gate).
 */
export async function generateAssuranceDocs(
  config: ResolvedConfig,
  gates: readonly AnyGate[],
  options: GenerateOptions = {},
): Promise<AssuranceDocs> {
  const dir = assuranceDocsDir(config);
  const { runAnalyzers, renderSpecRegistryMarkdown, renderRouteManifestJson, renderRouteManifestMarkdown } =
    await import('../../analyzers/index.js');
  const analysis = await runAnalyzers(config, { signal: options.signal, onProgress: options.progress });
  const registry = analysis.specRegistry;

  const drills = await declaredDrills(config, options);
  if (!drills.ok) return { ok: false, dir, problems: drills.problems };

  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? path.basename(config.configFile)) : '';
  const rollout =
    config.gates.shadow === undefined
      ? '# Staged-rollout contract\n\nNo staged rollout: `gates.shadow` is not configured.\n'
      : renderRolloutContract(config.gates.shadow, configFile);
  const drillsPage =
    drills.rows === undefined
      ? '# Failure-injection matrix\n\nNo drills: `gates.drills` is not configured.\n'
      : renderMatrixMarkdown(
          drills.rows,
          'The scenarios and expected safe outcomes as the drills declare them; what each drill observed in the last run is in the drills evidence (failure-injection-matrix.md).',
          '`plumbline docs`',
        );
  const folder = readIncidentFolder(config);
  const invariants = registry.operations.reduce((sum, operation) => sum + operation.invariants.length, 0);
  const fronts = folder.records.map((record) => record.front);
  const documents: IndexedDocument[] = [
    {
      file: DOCUMENTS.operations,
      title: 'Operation spec registry',
      summary: `${registry.operations.length} operation(s), ${invariants} invariant(s)`,
      text: renderSpecRegistryMarkdown(registry),
    },
    {
      file: DOCUMENTS.drills,
      title: 'Failure-injection matrix',
      summary: drills.rows === undefined ? 'not configured' : `${drills.rows.length} drill(s)`,
      text: drillsPage,
    },
    {
      file: DOCUMENTS.rollout,
      title: 'Staged-rollout contract',
      summary: config.gates.shadow === undefined ? 'not configured' : `${config.gates.shadow.rollout.length} staged rollout(s)`,
      text: rollout,
    },
    {
      file: DOCUMENTS.incidents,
      title: 'Incident ledger',
      summary: `${fronts.length} incident(s), ${fronts.filter((front) => front.status !== 'resolved').length} not resolved`,
      text: renderIncidentLedger(folder, dir),
    },
  ];
  const routes = analysis.routes;
  if (routes) {
    const unreached = routes.operations.filter((operation) => operation.entryPoints === 0).length;
    documents.push({
      file: DOCUMENTS.routes,
      title: 'Route-to-operation manifest',
      summary: `${routes.entryPoints.length} entry point(s), ${unreached} operation(s) no entry point executes`,
      text: renderRouteManifestMarkdown(routes),
    });
  }
  const index = renderAssuranceIndex({ config, gates, documents, configFile });
  const all = [{ file: DOCUMENTS.index, text: index }, ...documents.map(({ file, text }) => ({ file, text }))];
  // The manifest's data, for tools; the Markdown page above is its view.
  if (routes) all.push({ file: DOCUMENTS.routeManifest, text: renderRouteManifestJson(routes) });
  return { ok: true, dir, documents: all.map((document) => ({ file: `${dir}/${document.file}`, text: document.text })) };
}

type Drills = { ok: true; rows: DeclaredMatrixRow[] | undefined } | { ok: false; problems: GenerationProblem[] };

/** The drills as declared: loaded (never run) and described by the project's own @plumbline-kit/plumbline/testing. */
async function declaredDrills(config: ResolvedConfig, options: GenerateOptions): Promise<Drills> {
  const settings = config.gates.drills;
  if (settings === undefined) return { ok: true, rows: undefined };
  const loader = createDrillLoader(config);
  const problems: GenerationProblem[] = [];
  const rows: DeclaredMatrixRow[] = [];
  let describer;
  try {
    describer = await loader.describer();
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file: '', line: 0, message: (error as Error).message.split('\n')[0] ?? '@plumbline-kit/plumbline/testing cannot be loaded' },
      ],
    };
  }
  for (const file of listDrillFiles(config, settings.files)) {
    options.signal?.throwIfAborted();
    try {
      for (const { drill } of await loader.load(file)) rows.push({ ...DeclaredDrillSchema.parse(describer.describeDrill(drill)), file });
    } catch (error) {
      problems.push({
        file,
        line: 0,
        message: `${file} cannot be loaded to describe its drills: ${(error as Error).message.split('\n')[0]}`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ok: true, rows };
}
