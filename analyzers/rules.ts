import type { Finding, RuleDescriptor, Severity } from '../core/contracts.js';
import { ruleCatalog, type FindingLocation } from '../core/rule-catalog.js';
import { shippedDocsUrl } from '../core/docs-link.js';

/** Where the analyzers' findings are explained; each rule has a heading of its own name there. */
export const ANALYZER_DOCS_URL = shippedDocsUrl('analyzers.md');

/** Every finding the analyzers can report, by rule name (the part after `plumbline/`). */
export const ANALYZER_RULES = {
  'operation-duplicate-id': 'Two operations declare the same id; the registry would refuse the second.',
  'operation-unknown-owner': 'An operation names an owner that is not one of the configured domains.',
  'domain-duplicate-name': 'One domain glob matches two folders that get the same domain name, so they would count as one domain.',
  'operation-unregistered-call': 'A call site executes an operation id that no operation declares.',
  'operation-unreached': 'A declared operation that no call site executes.',
  'operation-registry-empty': 'Call sites execute operation ids, but the project declares no operation, so they were not checked.',
  'operation-not-static': 'A declaration the analyzers cannot read statically (computed id, owner, flag or spec).',
  'spec-incomplete': 'A critical operation lacks a spec with non-empty pre, post and forbidden entries.',
  'invariant-duplicate-id': 'Two invariants share an id across the project.',
  'transaction-reached-indirectly':
    'A layer outside transactions.owners reaches a transaction call through functions in other files (the rule sees only direct calls).',
  'entry-point-without-operation': 'An entry point (route, consumer, job) executes no operation, so it bypasses the operation registry.',
  'entry-point-several-operations': "An entry point executes more than one operation where routes.operationsPerRoute is 'one'.",
  'entry-point-duplicate': 'Two routes register the same method and path.',
  'entry-point-outside-entry-layer': 'An entry point sits in a layer that is not one of routes.entryLayers.',
  'operation-unreached-by-entry-points': 'A critical operation that no entry point executes.',
  'analyzer-skipped-file': 'A source file the analyzers could not read or parse, so its facts are missing.',
} as const;

export type AnalyzerRuleName = keyof typeof ANALYZER_RULES;

const analyzerRules = ruleCatalog('plumbline', ANALYZER_DOCS_URL, ANALYZER_RULES);

export function analyzerRuleDescriptors(names?: readonly AnalyzerRuleName[]): RuleDescriptor[] {
  return analyzerRules.descriptors(names);
}

export function analyzerFinding(name: AnalyzerRuleName, severity: Severity, message: string, at: FindingLocation): Finding {
  return analyzerRules.finding(name, severity, message, at);
}

/** Source text as a Markdown code span, fenced so backticks inside it survive. */
export function codeSpan(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
