import path from 'node:path';
import type { Finding } from '../core/contracts.js';
import { getProjectMatcher } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { layerAccess } from '../core/layer-matcher.js';
import { escapeHtml } from './html-escape.js';

/** A pair of layers as the page draws it: allowed by the config, and how many findings say it is broken. */
export interface LayerGraphEdge {
  from: string;
  to: string;
  allowed: 'values' | 'types' | 'none';
  violations: number;
}

export interface LayerGraphModel {
  /** Rows top to bottom; each row holds the layers of one level, in config order. */
  rows: Array<{ level: string; layers: string[] }>;
  edges: LayerGraphEdge[];
}

/**
 * The layer graph from the config (which imports are allowed) and the
 * findings (which were made anyway): a layer-boundaries finding's importing
 * layer is the layer of its file and the imported layer is named in its
 * message. (Layer breaks are reported once, by that rule: the architecture
 * gate does not run dependency-cruiser's layer rules.)
 */
export function buildLayerGraphModel(config: ResolvedConfig, findings: readonly Finding[]): LayerGraphModel {
  const names = config.layers.map((layer) => layer.name);
  const rows: LayerGraphModel['rows'] = [];
  for (const layer of config.layers) {
    const level = layer.level ?? layer.name;
    const row = rows.find((candidate) => candidate.level === level);
    if (row) row.layers.push(layer.name);
    else rows.push({ level, layers: [layer.name] });
  }

  const matcher = getProjectMatcher(config);
  const violations = new Map<string, number>();
  const count = (from: string | undefined, to: string | undefined) => {
    if (!from || !to || from === to || !names.includes(from) || !names.includes(to)) return;
    const key = `${from}\u0000${to}`;
    violations.set(key, (violations.get(key) ?? 0) + 1);
  };
  for (const finding of findings) {
    if (finding.severity !== 'error' || finding.ruleId !== 'plumbline/layer-boundaries' || !finding.file) continue;
    const target = /may (?:not import|import only types from) layer '?([A-Za-z][\w-]*)'?/.exec(finding.message)?.[1];
    count(matcher.layerOf(path.resolve(config.root, finding.file))?.name, target);
  }

  const edges: LayerGraphEdge[] = [];
  for (const from of config.layers) {
    for (const to of config.layers) {
      if (from.name === to.name) continue;
      const allowed = layerAccess(from, to);
      const broken = violations.get(`${from.name}\u0000${to.name}`) ?? 0;
      if (allowed === 'none' && broken === 0) continue;
      edges.push({ from: from.name, to: to.name, allowed, violations: broken });
    }
  }
  return { rows, edges };
}

const NODE_WIDTH = 150;
const NODE_HEIGHT = 40;
const COLUMN_GAP = 40;
const ROW_GAP = 70;
const MARGIN = 20;
/** Sideways bow of an edge per row it skips. */
const BOW = 45;

/**
 * An inline SVG of the layer graph: one row per level, top to bottom in
 * config order. Allowed imports are grey (dashed when only types), imports
 * the findings report are red with their count.
 */
export function renderLayerGraphSvg(model: LayerGraphModel): string {
  const widest = Math.max(1, ...model.rows.map((row) => row.layers.length));
  // Edges that skip rows bow out sideways (downward ones right, upward ones left): leave room for them.
  const rowOf = new Map(model.rows.flatMap((row, index) => row.layers.map((name) => [name, index] as const)));
  const spanOf = (edge: LayerGraphEdge) => Math.abs((rowOf.get(edge.to) ?? 0) - (rowOf.get(edge.from) ?? 0));
  const side = MARGIN + BOW * Math.max(0, ...model.edges.map(spanOf));
  const width = side * 2 + widest * NODE_WIDTH + (widest - 1) * COLUMN_GAP;
  const height = MARGIN * 2 + model.rows.length * NODE_HEIGHT + Math.max(0, model.rows.length - 1) * ROW_GAP;
  const position = new Map<string, { x: number; y: number }>();
  model.rows.forEach((row, rowIndex) => {
    const rowWidth = row.layers.length * NODE_WIDTH + (row.layers.length - 1) * COLUMN_GAP;
    const left = (width - rowWidth) / 2;
    row.layers.forEach((name, column) => {
      position.set(name, { x: left + column * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + rowIndex * (NODE_HEIGHT + ROW_GAP) });
    });
  });

  const parts: string[] = [];
  parts.push(
    `<svg class="layer-graph" role="img" aria-label="Layer graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    '<defs>',
    '<marker id="arrow-ok" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a8f98"/></marker>',
    '<marker id="arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker>',
    '</defs>',
  );
  // Allowed edges first, so the red ones are drawn on top.
  const ordered = [...model.edges.filter((edge) => edge.violations === 0), ...model.edges.filter((edge) => edge.violations > 0)];
  for (const edge of ordered) {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (!from || !to) continue;
    const [x1, y1, x2, y2] = anchors(from, to);
    const broken = edge.violations > 0;
    const span = spanOf(edge);
    // Control point at twice the bow, so the curve's middle sits one bow per skipped row beside the straight line.
    const bow = span > 1 ? BOW * (span - 1) * (y2 > y1 ? 1 : -1) * 2 : 0;
    const [cx, cy] = [(x1 + x2) / 2 + bow, (y1 + y2) / 2];
    const [labelX, labelY] = [(x1 + x2) / 2 + bow / 2 + 6, (y1 + y2) / 2];
    const dash = edge.allowed === 'types' && !broken ? ' stroke-dasharray="5 4"' : '';
    const label = `${edge.from} → ${edge.to}: ${broken ? `${edge.violations} violation${edge.violations === 1 ? '' : 's'}` : edge.allowed === 'types' ? 'types only' : 'allowed'}`;
    parts.push(
      `<g class="edge${broken ? ' violation' : ''}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" data-violations="${edge.violations}"><title>${escapeHtml(label)}</title>` +
        `<path d="M${round(x1)} ${round(y1)} Q${round(cx)} ${round(cy)} ${round(x2)} ${round(y2)}" fill="none" stroke="${broken ? '#c62828' : '#8a8f98'}" stroke-width="${broken ? 2.5 : 1.2}"${dash} marker-end="url(#${broken ? 'arrow-bad' : 'arrow-ok'})"/>` +
        (broken ? `<text x="${round(labelX)}" y="${round(labelY)}" fill="#c62828" font-size="12">${edge.violations}</text>` : '') +
        '</g>',
    );
  }
  for (const row of model.rows) {
    for (const name of row.layers) {
      const at = position.get(name) as { x: number; y: number };
      const broken = model.edges.some((edge) => edge.violations > 0 && (edge.from === name || edge.to === name));
      parts.push(
        `<g class="layer" data-layer="${escapeHtml(name)}"><rect x="${round(at.x)}" y="${round(at.y)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="${broken ? '#fdecea' : '#eef3fb'}" stroke="${broken ? '#c62828' : '#4a6fa5'}"/>` +
          `<text x="${round(at.x + NODE_WIDTH / 2)}" y="${round(at.y + 17)}" text-anchor="middle" font-size="13" font-weight="600">${escapeHtml(name)}</text>` +
          `<text x="${round(at.x + NODE_WIDTH / 2)}" y="${round(at.y + 32)}" text-anchor="middle" font-size="10" fill="#555">${escapeHtml(row.level)}</text></g>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Where an edge leaves and enters: bottom/top between rows, the facing sides within a row. */
function anchors(from: { x: number; y: number }, to: { x: number; y: number }): [number, number, number, number] {
  if (from.y === to.y) {
    const rightward = to.x > from.x;
    const y = from.y + NODE_HEIGHT / 2;
    return rightward ? [from.x + NODE_WIDTH, y, to.x, y] : [from.x, y, to.x + NODE_WIDTH, y];
  }
  const down = to.y > from.y;
  return [from.x + NODE_WIDTH / 2, down ? from.y + NODE_HEIGHT : from.y, to.x + NODE_WIDTH / 2, down ? to.y : to.y + NODE_HEIGHT];
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
