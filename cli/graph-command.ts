import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ICruiseResult, OutputType } from 'dependency-cruiser';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Finding } from '../core/contracts.js';
import { loadConfig } from '../config/load.js';
import { depcruiseFindings, fileReader } from '../gates/architecture/depcruise-findings.js';
import { buildLayerGraph } from '../gates/architecture/layer-graph.js';
import { renderLayerDot, renderLayerHtml, renderLayerMermaid } from '../gates/architecture/render-layer-graph.js';
import { runDepcruise } from '../gates/architecture/run-depcruise.js';
import { compareFindings } from '../core/finding-order.js';
import { listSourceFiles } from '../config/source-files.js';
import { EXIT_PASS, EXIT_VIOLATIONS, UsageError } from './exit-codes.js';
import { notifyOnStderr } from './options.js';
import { graphvizBinary, renderSvgWithGraphviz } from './graphviz.js';

export const GRAPH_FORMATS = ['dot', 'mermaid', 'svg', 'html'] as const;
export const GRAPH_LEVELS = ['layer', 'module'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphCommandOptions {
  config?: string;
  format?: string;
  level?: string;
  output?: string;
}

/**
 * `plumbline graph`: cruises the sources and draws either the layer graph
 * (Plumbline's renderer) or the module graph (dependency-cruiser's reporters),
 * violations in red. svg goes through Graphviz; without it, mermaid instead.
 */
export async function runGraphCommand(options: GraphCommandOptions): Promise<number> {
  const format = pick(options.format ?? 'mermaid', GRAPH_FORMATS, '--format');
  const level = pick(options.level ?? 'layer', GRAPH_LEVELS, '--level');
  const config = await loadConfig({ configFile: options.config, notify: notifyOnStderr });
  const { configuration, result } = await runDepcruise(config, listSourceFiles(config), { layerRules: true });
  const findings = depcruiseFindings(result, configuration, fileReader(config.root), config.root).sort(compareFindings);
  const layerGraph = level === 'layer' ? buildLayerGraph(config, result) : undefined;
  const draw = async (as: Exclude<GraphFormat, 'svg'>): Promise<string> =>
    layerGraph
      ? as === 'dot'
        ? renderLayerDot(layerGraph)
        : as === 'mermaid'
          ? renderLayerMermaid(layerGraph)
          : renderLayerHtml(layerGraph, findings, `Layer graph of ${path.basename(config.root)}`)
      : moduleGraph(result, as);

  let text: string;
  let output = options.output ? path.resolve(options.output) : undefined;
  if (format === 'svg') {
    const svg = await toSvg(await draw('dot'));
    if (svg === undefined) {
      if (output?.endsWith('.svg')) output = `${output.slice(0, -'.svg'.length)}.mmd`;
      process.stderr.write(
        `plumbline: svg needs Graphviz's '${graphvizBinary()}' binary, which was not found (install Graphviz: https://graphviz.org/download/, or set GRAPHVIZ_DOT). Drawing mermaid instead${output ? ` to ${display(output)}` : ''}.\n`,
      );
      text = await draw('mermaid');
    } else {
      text = svg;
    }
  } else {
    text = await draw(format);
  }

  if (output) {
    try {
      mkdirSync(path.dirname(output), { recursive: true });
      writeFileAtomic(output, text);
    } catch (error) {
      throw new UsageError(`could not write ${display(output)}: ${(error as Error).message}`);
    }
    process.stderr.write(`wrote ${display(output)}\n`);
  } else {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  const errors = findings.filter((finding: Finding) => finding.severity === 'error').length;
  if (errors > 0)
    process.stderr.write(`${errors} violation${errors === 1 ? '' : 's'} (in red); run 'plumbline gate --only architecture' for the list\n`);
  return errors > 0 && config.mode !== 'monitor' ? EXIT_VIOLATIONS : EXIT_PASS;
}

function pick<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option}: expected one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** The module graph through dependency-cruiser's own reporters (its dot theme paints violations red). */
async function moduleGraph(result: ICruiseResult, as: Exclude<GraphFormat, 'svg'>): Promise<string> {
  const { format } = await import('dependency-cruiser');
  const outputType: OutputType = as;
  const reported = await format(result, { outputType });
  return typeof reported.output === 'string' ? reported.output : JSON.stringify(reported.output);
}

async function toSvg(dot: string): Promise<string | undefined> {
  try {
    return await renderSvgWithGraphviz(dot);
  } catch (error) {
    throw new UsageError(`Graphviz could not draw the graph: ${(error as Error).message}`);
  }
}

function display(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
