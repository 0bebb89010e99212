import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.js';
import type { Evidence } from '../config/contracts.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { renderHtml } from './html.js';
import { readHtmlDetails } from './html-artifacts.js';
import { buildLayerGraphModel } from './html-layer-graph.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

// Moved to config/ so analyzers can write caches atomically; re-exported for existing importers.
export { writeFileAtomic } from '../config/atomic-write.js';

export const EVIDENCE_FILES = ['evidence.json', 'summary.md', 'results.sarif', 'junit.xml', 'index.html'] as const;

/**
 * Writes every evidence file. Each file is written to a temporary name and
 * renamed into place, so a killed run leaves the previous file whole.
 * With the config, the HTML page also draws the layer graph and tabulates the
 * gates' own JSON artifacts (read from the project root).
 */
export function writeEvidence(evidence: Evidence, dir: string, options: { config?: ResolvedConfig } = {}): string[] {
  const { config } = options;
  mkdirSync(dir, { recursive: true });
  const contents: Record<(typeof EVIDENCE_FILES)[number], string> = {
    'evidence.json': renderJson(evidence),
    'summary.md': renderMarkdown(evidence),
    'results.sarif': renderSarif(evidence),
    'junit.xml': renderJunit(evidence),
    'index.html': renderHtml({
      evidence,
      layerGraph: config ? buildLayerGraphModel(config, evidence.gates.flatMap((gate) => gate.findings)) : undefined,
      details: config ? readHtmlDetails(evidence, config.root) : undefined,
    }),
  };
  return EVIDENCE_FILES.map((name) => {
    const target = path.join(dir, name);
    writeFileAtomic(target, contents[name]);
    return target;
  });
}
