import { shippedDocsUrl } from '../core/docs-link.js';

/**
 * Each rule's documentation page (generated from rule meta by `npm run docs`), as
 * the file shipped in the installed package: the link an editor shows opens the
 * docs of the version installed. Reports apply `docsBaseUrl` (core/docs-link.ts).
 */
export function ruleDocsUrl(name: string): string {
  return shippedDocsUrl(`rules/${name}.md`);
}
