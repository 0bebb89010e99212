import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzerRuleDescriptors } from '../../analyzers/rules.js';
import type { RuleDescriptor } from '../../core/contracts.js';
import { ruleCatalog } from '../../core/rule-catalog.js';
import { depcruiseRuleDescriptors } from '../../gates/architecture/depcruise-findings.js';
import { buildDepcruiseConfig } from '../../gates/architecture/depcruise-config.js';
import { resolveConfig } from '../../config/resolve.js';
import { BASELINE_RULE_DESCRIPTORS } from '../../gates/shared/baseline/apply-baseline.js';
import { builtinGates } from '../../gates/runner/registry.js';
import { PACK_RULES } from '../../gates/runner/rules.js';

/** The anchors a Markdown page offers: explicit `<a id>`s and GitHub's slugs of its headings. */
function anchorsOf(page: string): Set<string> {
  const text = readFileSync(page, 'utf8');
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] as string);
  const slugs = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- ]/gu, '')
      .replace(/ /g, '-'),
  );
  return new Set([...ids, ...slugs]);
}

// Every gate's catalog (what the gate contract declares), plus the families outside a gate.
const hoc = resolveConfig({ preset: 'hoc' }, { cwd: '/project' });
const families: Record<string, RuleDescriptor[]> = {
  ...Object.fromEntries(builtinGates.map((gate) => [gate.id, [...gate.rules]])),
  'architecture (dependency-cruiser)': depcruiseRuleDescriptors(buildDepcruiseConfig(hoc, { layerRules: true })),
  analyzers: analyzerRuleDescriptors(),
  baseline: BASELINE_RULE_DESCRIPTORS,
  pack: PACK_RULES,
};

describe('rule catalog', () => {
  it('gives each rule its id, description and a link to its own section, or to the section or page named for it', () => {
    const catalog = ruleCatalog('fam', '/docs/fam.md', {
      own: 'Explained under its own name.',
      shared: { description: 'Explained with others.', section: 'together' },
      page: { description: 'Explained by the page as a whole.', section: '' },
    });
    expect(catalog.descriptors()).toEqual([
      { id: 'fam/own', description: 'Explained under its own name.', docsUrl: '/docs/fam.md#own' },
      { id: 'fam/shared', description: 'Explained with others.', docsUrl: '/docs/fam.md#together' },
      { id: 'fam/page', description: 'Explained by the page as a whole.', docsUrl: '/docs/fam.md' },
    ]);
    expect(catalog.finding('shared', 'warning', 'a message', { file: 'a.ts', line: 3, column: 1 })).toEqual({
      ruleId: 'fam/shared',
      severity: 'warning',
      message: 'a message',
      file: 'a.ts',
      line: 3,
      column: 1,
      docsUrl: '/docs/fam.md#together',
    });
    expect(catalog.id('page')).toBe('fam/page');
  });

  it.each(Object.entries(families))('%s: every rule links a shipped docs page, and a section of it that exists', (_family, descriptors) => {
    expect(descriptors.length).toBeGreaterThan(0);
    for (const rule of descriptors) {
      expect(rule.docsUrl, rule.id).toBeDefined();
      const [page = '', section] = (rule.docsUrl ?? '').split('#');
      if (section !== undefined) expect(anchorsOf(page).has(section), `${rule.id}: no #${section} in ${page}`).toBe(true);
      else expect(() => readFileSync(page, 'utf8'), rule.id).not.toThrow();
    }
  });
});
