/** Where each rule's documentation page lives; generated from rule meta by `npm run docs`. */
export const DOCS_BASE_URL = 'https://github.com/plumbline/plumbline/blob/main/docs/rules/';

export function ruleDocsUrl(name: string): string {
  return `${DOCS_BASE_URL}${name}.md`;
}
