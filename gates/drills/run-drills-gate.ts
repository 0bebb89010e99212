import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../config/atomic-write.js';
import type { Finding, GateOutcome } from '../../config/contracts.js';
import { compareText } from '../../config/finding-order.js';
import { toProjectPath } from '../../config/project-paths.js';
import { stableStringify } from '../../config/stable-json.js';
import type { GateContext } from '../types.js';
import { DrillResultSchema, renderMatrixMarkdown, type MatrixRow } from './drill-matrix.js';
import { createDrillLoader, listDrillFiles, type LoadedDrill } from './load-drills.js';

const RULES = {
  unsafe: 'drills/unsafe-outcome',
  loadFailed: 'drills/load-failed',
  noDrills: 'drills/no-drills',
  noFiles: 'drills/no-files',
  duplicateId: 'drills/duplicate-id',
} as const;

const rules = [
  { id: RULES.unsafe, description: 'A drill ended unsafely: an exception leaked, a decision was made on faulty data, a retry did not happen, a partial write was left behind, or the operation hung.' },
  { id: RULES.loadFailed, description: 'A drill file could not be loaded, or a drill crashed the runner.' },
  { id: RULES.noDrills, description: 'A drill file exports no drill (defineDrill).' },
  { id: RULES.noFiles, description: 'gates.drills.files match no file.' },
  { id: RULES.duplicateId, description: 'Two drills share an id, so the matrix cannot tell them apart.' },
];

function finding(ruleId: string, file: string, line: number, message: string, severity: Finding['severity'] = 'error'): Finding {
  return { ruleId, severity, message, file, line, column: line > 0 ? 1 : 0 };
}

/**
 * Runs every drill exported by the configured drill files and fails on any
 * unsafe outcome. Writes the failure-injection matrix (JSON and Markdown),
 * generated from the drills' results, as the gate's artifacts.
 */
export async function runDrillsGate(ctx: GateContext): Promise<GateOutcome> {
  const settings = ctx.config.gates.drills;
  if (!settings) {
    return { findings: [], nothingToCheck: 'not configured: gates.drills.files is not set, so no drill was run', rules };
  }
  const files = listDrillFiles(ctx.config, settings.files);
  if (files.length === 0) {
    return { findings: [finding(RULES.noFiles, '', 0, `gates.drills.files (${settings.files.join(', ')}) match no file: no drill was run`)], metrics: { files: 0 }, rules };
  }

  const loader = createDrillLoader(ctx.config);
  const runner = await loader.runner();
  const findings: Finding[] = [];
  const rows: MatrixRow[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    ctx.signal.throwIfAborted();
    let drills: LoadedDrill[];
    try {
      drills = await loader.load(file);
    } catch (error) {
      findings.push(finding(RULES.loadFailed, file, 0, `${file} cannot be loaded: ${(error as Error).message.split('\n')[0]}`));
      continue;
    }
    if (drills.length === 0) findings.push(finding(RULES.noDrills, file, 0, `${file} exports no drill (defineDrill): it checks nothing`));
    const text = readFileSync(path.join(ctx.config.root, file), 'utf8');
    for (const { id, drill } of [...drills].sort((a, b) => compareText(a.id, b.id))) {
      ctx.signal.throwIfAborted();
      const line = lineOfId(text, id);
      const first = seen.get(id);
      if (first !== undefined) {
        findings.push(finding(RULES.duplicateId, file, line, `drill id '${id}' is already used in ${first}`));
        continue;
      }
      seen.set(id, file);
      ctx.progress(`drills: ${id}`);
      let result;
      try {
        result = DrillResultSchema.parse(await runner.runDrill(drill));
      } catch (error) {
        findings.push(finding(RULES.loadFailed, file, line, `drill '${id}' could not be run: ${(error as Error).message.split('\n')[0]}`));
        continue;
      }
      rows.push({ ...result, file });
      if (!result.safe) {
        findings.push(finding(RULES.unsafe, file, line, `drill '${id}' is unsafe: ${result.scenario}; expected ${result.expected}; observed: ${result.observed}`));
      }
    }
  }

  mkdirSync(ctx.artifactDir, { recursive: true });
  const json = path.join(ctx.artifactDir, 'failure-injection-matrix.json');
  const markdown = path.join(ctx.artifactDir, 'failure-injection-matrix.md');
  writeFileAtomic(json, `${stableStringify({ drills: rows }, 2)}\n`);
  writeFileAtomic(markdown, renderMatrixMarkdown(rows, 'Faults are injected deterministically by each drill\'s schedule and seed.'));
  return {
    findings,
    metrics: { files: files.length, drills: rows.length, unsafe: rows.filter((row) => !row.safe).length },
    artifacts: [json, markdown].map((file) => toProjectPath(ctx.config.root, file) ?? file),
    rules,
  };
}

/** The line of the drill's `id: '<id>'` in its file; 0 when it is not written literally. */
function lineOfId(text: string, id: string): number {
  const lines = text.split('\n');
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`\\bid\\s*:\\s*(['"\`])${escaped}\\1`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index + 1;
}
