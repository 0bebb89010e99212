import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Evidence } from '../core/contracts.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { createRedactor, type Redactor } from '../config/secret-patterns.js';
import { renderHtml } from './html.js';
import { readHtmlDetails, type HtmlDetailReaders } from './html-artifacts.js';
import { buildLayerGraphModel } from './html-layer-graph.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

// Moved to config/ so analyzers can write caches atomically; re-exported for existing importers.
export { writeFileAtomic } from '../core/atomic-write.js';

export const EVIDENCE_FILES = ['evidence.json', 'summary.md', 'results.sarif', 'junit.xml', 'index.html'] as const;

/** Artifacts larger than this are left as written (a gate's HTML report, say): reading them whole would cost more than it guards. */
const MAX_REDACTED_ARTIFACT_BYTES = 32 * 1024 * 1024;

export interface WriteEvidenceOptions {
  /** The resolved config: its `redact` patterns and root apply, and the HTML page draws its layer graph. */
  config?: ResolvedConfig;
  /** The gates' readers of the artifacts the HTML page tabulates (HTML_DETAIL_READERS); absent: no tables. */
  detailReaders?: HtmlDetailReaders;
  /** The config's `redact` patterns, on top of the built-in secret patterns (which always apply). */
  redact?: readonly string[];
  /** The project root the gates' artifact paths are relative to; with it, artifacts inside `dir` are redacted too. */
  root?: string;
}

/**
 * Writes every evidence file: the one choke point every secret passes. Each
 * string of the evidence is redacted before rendering and each rendered file
 * again after (a renderer may compose text), and the gates' own artifacts
 * inside the evidence folder are rewritten redacted. With the config, the HTML
 * page also draws the layer graph and tabulates the gates' own JSON artifacts
 * (read from the project root). Each file is written to a temporary name and
 * renamed into place, so a killed run leaves the previous file whole.
 */
export function writeEvidence(evidence: Evidence, dir: string, options: WriteEvidenceOptions = {}): string[] {
  const { config } = options;
  const redact = createRedactor(options.redact ?? config?.redact);
  const root = options.root ?? config?.root;
  mkdirSync(dir, { recursive: true });
  const clean = redactStrings(evidence, redact) as Evidence;
  const contents: Record<(typeof EVIDENCE_FILES)[number], string> = {
    'evidence.json': renderJson(clean),
    'summary.md': renderMarkdown(clean),
    'results.sarif': renderSarif(clean),
    'junit.xml': renderJunit(clean),
    'index.html': renderHtml({
      evidence: clean,
      layerGraph: config
        ? buildLayerGraphModel(
            config,
            clean.gates.flatMap((gate) => gate.findings),
          )
        : undefined,
      details: config && options.detailReaders ? readHtmlDetails(clean, config.root, options.detailReaders) : undefined,
    }),
  };
  if (root !== undefined) redactArtifacts(clean, dir, root, redact);
  return EVIDENCE_FILES.map((name) => {
    const target = path.join(dir, name);
    writeFileAtomic(target, redact(contents[name]));
    return target;
  });
}

/** A deep copy with every string (keys included) passed through the redactor. */
export function redactStrings(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactStrings(item, redact)]));
  }
  return value;
}

/**
 * Rewrites (atomically) each text artifact lying inside the evidence folder that holds a secret; files outside it are the
 * project's own.
 */
export function redactArtifacts(evidence: Evidence, dir: string, root: string, redact: Redactor): void {
  const evidenceDir = path.resolve(dir);
  for (const artifact of evidence.gates.flatMap((gate) => gate.artifacts)) {
    const file = path.resolve(root, artifact);
    const relative = path.relative(evidenceDir, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    redactTextFile(file, redact); // a listed file that is missing is the gate's problem, not the redaction's
  }
}

/** Rewrites (atomically) each of these text files that holds a secret: for reports written outside the gate pack (plumbline replay). */
export function redactFiles(files: readonly string[], patterns: readonly string[] = []): void {
  const redact = createRedactor(patterns);
  for (const file of files) redactTextFile(file, redact);
}

function redactTextFile(file: string, redact: Redactor): void {
  let text: string;
  try {
    if (!statSync(file).isFile() || statSync(file).size > MAX_REDACTED_ARTIFACT_BYTES) return;
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (text.includes('\0')) return; // binary
  const clean = redact(text);
  if (clean !== text) writeFileAtomic(file, clean);
}
