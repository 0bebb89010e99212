import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { compareText } from '../../core/finding-order.js';
import { toProjectPath } from '../../config/project-paths.js';
import { stableStringify } from '../../core/stable-json.js';
import type { GateContext } from '../runner/gate-contract.js';
import { atLine } from '../../core/rule-catalog.js';
import type { DrillsGateConfig } from '../../config/gate-settings/drills.js';
import { drillRules, type DrillRuleName } from './rules.js';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { lineMatching, splitLines } from '../../core/text-lines.js';
import { DrillResultSchema, renderMatrixMarkdown, type MatrixRow } from './drill-matrix.js';
import { createDrillLoader, listDrillFiles, type LoadedDrill } from './load-drills.js';

function finding(name: DrillRuleName, file: string, line: number, message: string): Finding {
  return drillRules.finding(name, 'error', message, atLine(file, line));
}

/**
 * Runs every drill exported by the configured drill files and fails on any
 * unsafe outcome. Writes the failure-injection matrix (JSON and Markdown),
 * generated from the drills' results, as the gate's artifacts.
 */
export async function runDrillsGate(ctx: GateContext, settings: DrillsGateConfig): Promise<GateOutcome> {
  const files = listDrillFiles(ctx.config, settings.files);
  if (files.length === 0) {
    const message = `gates.drills.files (${settings.files.join(', ')}) match no file: no drill was run`;
    return { findings: [finding('no-files', '', 0, message)], metrics: { files: 0 } };
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
      findings.push(finding('load-failed', file, 0, `${file} cannot be loaded: ${(error as Error).message.split('\n')[0]}`));
      continue;
    }
    if (drills.length === 0) findings.push(finding('no-drills', file, 0, `${file} exports no drill (defineDrill): it checks nothing`));
    const text = readFileSync(path.join(ctx.config.root, file), 'utf8');
    for (const { id, drill } of [...drills].sort((a, b) => compareText(a.id, b.id))) {
      ctx.signal.throwIfAborted();
      const line = lineOfId(text, id);
      const first = seen.get(id);
      if (first !== undefined) {
        findings.push(finding('duplicate-id', file, line, `drill id '${id}' is already used in ${first}`));
        continue;
      }
      seen.set(id, file);
      ctx.progress(`drills: ${id}`);
      let result;
      try {
        result = DrillResultSchema.parse(await runner.runDrill(drill));
      } catch (error) {
        findings.push(finding('load-failed', file, line, `drill '${id}' could not be run: ${(error as Error).message.split('\n')[0]}`));
        continue;
      }
      rows.push({ ...result, file });
      if (!result.safe) {
        const message = `drill '${id}' is unsafe: ${result.scenario}; expected ${result.expected}; observed: ${result.observed}`;
        findings.push(finding('unsafe-outcome', file, line, message));
      }
    }
  }

  mkdirSync(ctx.artifactDir, { recursive: true });
  const json = path.join(ctx.artifactDir, 'failure-injection-matrix.json');
  const markdown = path.join(ctx.artifactDir, 'failure-injection-matrix.md');
  writeFileAtomic(json, `${stableStringify({ drills: rows }, 2)}\n`);
  writeFileAtomic(markdown, renderMatrixMarkdown(rows, "Faults are injected deterministically by each drill's schedule and seed."));
  return {
    findings,
    metrics: { files: files.length, drills: rows.length, unsafe: rows.filter((row) => !row.safe).length },
    artifacts: [json, markdown].map((file) => toProjectPath(ctx.config.root, file) ?? file),
  };
}

/** The line of the drill's `id: '<id>'` in its file; 0 when it is not written literally. */
function lineOfId(text: string, id: string): number {
  return lineMatching(splitLines(text), new RegExp(`\\bid\\s*:\\s*(['"\`])${escapeRegExp(id)}\\1`));
}
