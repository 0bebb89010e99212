import type { Finding } from '../../core/contracts.js';
import type { LayerEdge, LayerGraph, LayerNode } from './layer-graph.js';

/**
 * Renders the layer graph: layers as nodes, the imports the config allows as
 * dashed edges, the imports the code makes as solid edges labelled with their
 * count, and edges that carry violations in red. Output is stable text.
 */

const RED = '#d32f2f';
const GREY = '#9e9e9e';

function nodeLabel(layer: LayerNode): string {
  const modules = `${layer.modules} module${layer.modules === 1 ? '' : 's'}`;
  return layer.level ? `${layer.name} (${layer.level})\n${modules}` : `${layer.name}\n${modules}`;
}

function edgeLabel(edge: LayerEdge): string {
  if (edge.dependencies === 0) return edge.allowed === 'types' ? 'may import types' : 'may import';
  const imports = `${edge.dependencies} import${edge.dependencies === 1 ? '' : 's'}`;
  if (edge.violations > 0) return `${imports}, ${edge.violations} violation${edge.violations === 1 ? '' : 's'}`;
  return edge.allowed === 'types' ? `${imports} (types)` : imports;
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function renderLayerDot(graph: LayerGraph): string {
  const lines = [
    'digraph layers {',
    '  rankdir=TB;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const layer of graph.layers) lines.push(`  ${dotString(layer.name)} [label=${dotString(nodeLabel(layer))}];`);
  for (const edge of graph.edges) {
    const attributes =
      edge.violations > 0
        ? `color="${RED}", fontcolor="${RED}", penwidth=2`
        : edge.dependencies > 0
          ? 'color="#424242"'
          : `color="${GREY}", fontcolor="${GREY}", style=dashed`;
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edgeLabel(edge))}, ${attributes}];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
}

export function renderLayerMermaid(graph: LayerGraph): string {
  const ids = new Map(graph.layers.map((layer, index) => [layer.name, `layer${index}`]));
  const lines = ['flowchart TB'];
  for (const layer of graph.layers) lines.push(`  ${ids.get(layer.name)}["${mermaidText(nodeLabel(layer))}"]`);
  const red: number[] = [];
  const grey: number[] = [];
  graph.edges.forEach((edge, index) => {
    const arrow = edge.dependencies > 0 ? '-->' : '-.->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${mermaidText(edgeLabel(edge))}"| ${ids.get(edge.to)}`);
    if (edge.violations > 0) red.push(index);
    else if (edge.dependencies === 0) grey.push(index);
  });
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:${RED},stroke-width:2px,color:${RED}`);
  if (grey.length > 0) lines.push(`  linkStyle ${grey.join(',')} stroke:${GREY},color:${GREY}`);
  lines.push('');
  return lines.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A self-contained page (no scripts, no network): the layer matrix (who may
 * import whom, and what the code does), the violations, and the graph as
 * Mermaid and DOT source for other tools.
 */
export function renderLayerHtml(graph: LayerGraph, findings: readonly Finding[], title: string): string {
  const edgeFor = new Map(graph.edges.map((edge) => [`${edge.from}\u0000${edge.to}`, edge]));
  const header = graph.layers.map((layer) => `<th scope="col">${escapeHtml(layer.name)}</th>`).join('');
  const rows = graph.layers.map((from) => {
    const cells = graph.layers.map((to) => {
      if (from.name === to.name) return '<td class="self">·</td>';
      const edge = edgeFor.get(`${from.name}\u0000${to.name}`);
      if (!edge) return '<td class="none"></td>';
      const css = edge.violations > 0 ? 'violation' : edge.dependencies > 0 ? 'used' : 'allowed';
      return `<td class="${css}">${escapeHtml(edgeLabel(edge))}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(nodeLabel(from).replace('\n', ', '))}</th>${cells.join('')}</tr>`;
  });
  const violations =
    findings.length === 0
      ? '<p>No violations.</p>'
      : `<ul>${findings
          .map(
            (f) =>
              `<li class="${f.severity}"><code>${escapeHtml(`${f.file}:${f.line}`)}</code> ${escapeHtml(f.message)} <small>${escapeHtml(f.ruleId)}</small></li>`,
          )
          .join('')}</ul>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #212121; }
table { border-collapse: collapse; }
th, td { border: 1px solid #e0e0e0; padding: 0.4rem 0.6rem; font-size: 0.9rem; text-align: left; }
td.self { background: #fafafa; text-align: center; }
td.allowed { color: ${GREY}; }
td.used { background: #e8f5e9; }
td.violation, li.error { color: ${RED}; font-weight: 600; }
td.violation { background: #ffebee; }
li.warning { color: #ef6c00; }
pre { background: #f5f5f5; padding: 1rem; overflow: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Rows import columns. Grey: allowed but unused; green: used as allowed; red: imports that break a rule.${
    graph.unassignedModules > 0 ? ` ${graph.unassignedModules} module(s) belong to no layer.` : ''
  }</p>
<table>
<tr><th>from \\ to</th>${header}</tr>
${rows.join('\n')}
</table>
<h2>Violations</h2>
${violations}
<h2>Graph source</h2>
<details><summary>Mermaid</summary><pre>${escapeHtml(renderLayerMermaid(graph))}</pre></details>
<details><summary>DOT (Graphviz)</summary><pre>${escapeHtml(renderLayerDot(graph))}</pre></details>
</body>
</html>
`;
}
