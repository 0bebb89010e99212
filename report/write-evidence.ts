import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.js';
import type { Evidence } from '../config/contracts.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

// Moved to config/ so analyzers can write caches atomically; re-exported for existing importers.
export { writeFileAtomic } from '../config/atomic-write.js';

export const EVIDENCE_FILES = ['evidence.json', 'summary.md', 'results.sarif', 'junit.xml'] as const;

/**
 * Writes every evidence file. Each file is written to a temporary name and
 * renamed into place, so a killed run leaves the previous file whole.
 */
export function writeEvidence(evidence: Evidence, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const contents: Record<(typeof EVIDENCE_FILES)[number], string> = {
    'evidence.json': renderJson(evidence),
    'summary.md': renderMarkdown(evidence),
    'results.sarif': renderSarif(evidence),
    'junit.xml': renderJunit(evidence),
  };
  return EVIDENCE_FILES.map((name) => {
    const target = path.join(dir, name);
    writeFileAtomic(target, contents[name]);
    return target;
  });
}
