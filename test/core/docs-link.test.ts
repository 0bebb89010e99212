import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presentDocsUrl, shippedDocsUrl, SHIPPED_DOCS_DIR, withPresentedDocs } from '../../core/docs-link.js';
import { resolveConfig } from '../../config/resolve.js';
import { ruleDocsUrl } from '../../rules/docs-url.js';
import { rules } from '../../rules/index.js';

const layers = { core: { paths: ['src/**'] } };

describe('docs links', () => {
  it('point at a rule page that ships with the package', () => {
    for (const name of Object.keys(rules)) {
      const file = ruleDocsUrl(name);
      expect(path.dirname(file)).toBe(path.join(SHIPPED_DOCS_DIR, 'rules'));
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('are shown relative to the project root: in a project, under its node_modules', () => {
    const root = path.resolve(SHIPPED_DOCS_DIR, '../../../..');
    expect(presentDocsUrl(shippedDocsUrl('rules/layer-boundaries.md'), { root })).toBe(
      `${path.relative(root, SHIPPED_DOCS_DIR)}/rules/layer-boundaries.md`,
    );
    const inRepo = { root: path.dirname(SHIPPED_DOCS_DIR) };
    const analyzers = shippedDocsUrl('analyzers.md', 'operation-duplicate-id');
    expect(presentDocsUrl(analyzers, inRepo)).toBe('docs/analyzers.md#operation-duplicate-id');
  });

  it('go under docsBaseUrl when the config sets one, with or without its trailing slash', () => {
    const config = resolveConfig({ layers, docsBaseUrl: 'https://docs.example.com/plumbline' }, { cwd: '/app' });
    const findings = withPresentedDocs(
      [
        { ruleId: 'a', docsUrl: shippedDocsUrl('replay.md', 'drift') },
        { ruleId: 'b' },
        { ruleId: 'c', docsUrl: 'https://elsewhere.example/x' },
      ],
      config,
    );
    expect(findings).toEqual([
      { ruleId: 'a', docsUrl: 'https://docs.example.com/plumbline/replay.md#drift' },
      { ruleId: 'b' },
      { ruleId: 'c', docsUrl: 'https://elsewhere.example/x' },
    ]);
  });

  it('refuses a docsBaseUrl that is not an http(s) URL, naming the field', () => {
    expect(() => resolveConfig({ layers, docsBaseUrl: 'docs/' }, { cwd: '/app' })).toThrow(/docsBaseUrl/);
    const ftp = () => resolveConfig({ layers, docsBaseUrl: 'ftp://example.com/' }, { cwd: '/app' });
    expect(ftp).toThrow(/docsBaseUrl must be an http\(s\) URL/);
  });
});
