import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './package-info.js';

/** The docs folder shipped inside the installed package ("files" in package.json). */
export const SHIPPED_DOCS_DIR = path.join(PACKAGE_ROOT, 'docs');

/**
 * A page of the shipped docs (`rules/layer-boundaries.md`, `analyzers.md`) with an
 * optional section: an absolute file path, so a link points at docs that exist
 * for the installed version, offline. presentDocsUrl turns it into what a report shows.
 */
export function shippedDocsUrl(page: string, section?: string): string {
  return `${path.join(SHIPPED_DOCS_DIR, page)}${section ? `#${section}` : ''}`;
}

/**
 * How a report shows a docs link: under `docsBaseUrl` when the config sets one
 * (a docs site), else the shipped file relative to the project root (deterministic
 * evidence: no machine's home folder; `node_modules/@plumbline-kit/plumbline/docs/...`
 * in a user's project), as a file: URL only across drives. Other links are left as they are.
 */
export function presentDocsUrl(url: string, config: { root: string; docsBaseUrl?: string }): string {
  const [file, section] = splitSection(url);
  const page = path.relative(SHIPPED_DOCS_DIR, file);
  if (!path.isAbsolute(file) || page.startsWith('..') || path.isAbsolute(page)) return url;
  const suffix = section === undefined ? '' : `#${section}`;
  if (config.docsBaseUrl) return `${new URL(page.split(path.sep).join('/'), withSlash(config.docsBaseUrl)).href}${suffix}`;
  const fromRoot = path.relative(config.root, file);
  return path.isAbsolute(fromRoot) ? `${pathToFileURL(file).href}${suffix}` : `${fromRoot.split(path.sep).join('/')}${suffix}`;
}

function splitSection(url: string): [string, string | undefined] {
  const hash = url.indexOf('#');
  return hash < 0 ? [url, undefined] : [url.slice(0, hash), url.slice(hash + 1)];
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** Findings or rule descriptors with their docs links as presentDocsUrl shows them. */
export function withPresentedDocs<T extends { docsUrl?: string | undefined }>(
  items: readonly T[],
  config: { root: string; docsBaseUrl?: string },
): T[] {
  return items.map((item) => (item.docsUrl ? { ...item, docsUrl: presentDocsUrl(item.docsUrl, config) } : item));
}
