import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZER_RULES, analyzerRuleDescriptors } from '../../analyzers/index.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('docs/analyzers.md', () => {
  const docs = readFileSync(path.join(REPO_ROOT, 'docs/analyzers.md'), 'utf8');
  const headings = new Set([...docs.matchAll(/^#{2,4} (.+)$/gm)].map((match) => (match[1] as string).trim()));

  it.each(Object.keys(ANALYZER_RULES))('has a section for %s, where its docsUrl points', (name) => {
    expect(headings.has(name)).toBe(true);
    expect(analyzerRuleDescriptors().find((rule) => rule.id === `plumbline/${name}`)?.docsUrl).toMatch(
      new RegExp(`/docs/analyzers\\.md#${name}$`),
    );
  });
});
