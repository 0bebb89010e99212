import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzerRuleDescriptors } from '../../analyzers/rules.js';
import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';
import { BASELINE_RULE_DESCRIPTORS } from '../../gates/shared/baseline/apply-baseline.js';
import { DATA_QUALITY_RULES } from '../../gates/data-quality/check-data-quality.js';
import { DRIFT_RULES } from '../../gates/data-quality/profile-drift.js';
import { dataAccessRules } from '../../gates/shared/database/access-findings.js';
import { docsRuleDescriptors } from '../../gates/docs/check-docs.js';
import { DRILL_RULES } from '../../gates/drills/run-drills-gate.js';
import { incidentRuleDescriptors } from '../../gates/incidents/incident-findings.js';
import { invariantRuleDescriptors } from '../../gates/invariants/invariant-findings.js';
import { SCHEMA_DRIFT_RULES } from '../../gates/schema-drift/compare-schema.js';
import { shadowRuleDescriptors } from '../../gates/shadow/shadow-findings.js';
import { VACUITY_RULES } from '../../gates/static/vacuous-checks.js';

/** The anchors a Markdown page offers: explicit `<a id>`s and GitHub's slugs of its headings. */
function anchorsOf(page: string): Set<string> {
  const text = readFileSync(page, 'utf8');
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] as string);
  const slugs = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] as string).trim().toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-'),
  );
  return new Set([...ids, ...slugs]);
}

const families: Record<string, RuleDescriptor[]> = {
  analyzers: analyzerRuleDescriptors(),
  baseline: BASELINE_RULE_DESCRIPTORS,
  'data-quality': [...DATA_QUALITY_RULES, ...DRIFT_RULES, ...dataAccessRules('data-quality', shippedDocsUrl('data-quality-gate.md')).descriptors()],
  docs: docsRuleDescriptors(),
  drills: DRILL_RULES,
  incidents: incidentRuleDescriptors(),
  invariants: invariantRuleDescriptors(),
  'schema-drift': SCHEMA_DRIFT_RULES,
  shadow: shadowRuleDescriptors(),
  'static (vacuity)': VACUITY_RULES,
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
