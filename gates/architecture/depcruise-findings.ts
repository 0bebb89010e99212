import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IConfiguration, ICruiseResult, IViolation, SeverityType } from 'dependency-cruiser';
import type { Finding, RuleDescriptor, Severity } from '../../core/contracts.js';
import { packageNameOf } from '../../core/module-resolver.js';
import { foldMissingInstall, type UnresolvedImport } from './missing-install.js';
import { depcruiseDocsUrl, installRules } from './rules.js';
import { escapeRegExp } from '../../core/escape-regexp.js';

export function depcruiseRuleDescriptors(configuration: IConfiguration): RuleDescriptor[] {
  const rules = (configuration.forbidden ?? []).map((rule) => ({
    id: `depcruise/${rule.name ?? 'unnamed'}`,
    description: rule.comment ?? rule.name ?? 'dependency-cruiser rule',
    docsUrl: depcruiseDocsUrl(rule.name ?? ''),
  }));
  return [...rules, ...installRules.descriptors()];
}

const SEVERITY: Record<SeverityType, Severity | undefined> = { error: 'error', warn: 'warning', info: 'note', ignore: undefined };

/** Reads a source file's text for line lookups; undefined when it cannot be read. */
export type SourceReader = (projectPath: string) => string | undefined;

export function fileReader(root: string): SourceReader {
  const cache = new Map<string, string | undefined>();
  return (projectPath) => {
    if (!cache.has(projectPath)) {
      let text: string | undefined;
      try {
        text = readFileSync(path.join(root, projectPath), 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(projectPath, text);
    }
    return cache.get(projectPath);
  };
}

/**
 * dependency-cruiser's violations as Plumbline findings: rule id
 * `depcruise/<rule>`, the importing module as the file. dependency-cruiser
 * gives no line for an import, so the line is that of the first import of the
 * module specifier in the file's text, or 1 when the text does not show it.
 * Given the project root, the unresolvable imports of declared packages that
 * are not installed become one finding (see missing-install.ts).
 */
export function depcruiseFindings(
  result: ICruiseResult,
  configuration: IConfiguration,
  readSource: SourceReader,
  root?: string,
): Finding[] {
  const comments = new Map((configuration.forbidden ?? []).map((rule) => [rule.name ?? '', rule.comment ?? '']));
  const findings: Finding[] = [];
  const unresolved: UnresolvedImport[] = [];
  for (const violation of result.summary.violations) {
    const severity = SEVERITY[violation.rule.severity];
    if (!severity) continue;
    const specifier = violation.type === 'module' ? undefined : (violation.unresolvedTo ?? violation.to);
    const position = specifier ? importPosition(readSource(violation.from), specifier) : undefined;
    const finding: Finding = {
      ruleId: `depcruise/${violation.rule.name}`,
      severity,
      message: describeViolation(violation, comments.get(violation.rule.name) ?? ''),
      file: violation.from,
      line: position?.line ?? 1,
      column: position?.column ?? 1,
      docsUrl: depcruiseDocsUrl(violation.rule.name),
    };
    if (violation.rule.name === 'not-to-unresolvable' && specifier !== undefined) unresolved.push({ finding, specifier });
    findings.push(finding);
  }
  if (root === undefined || unresolved.length === 0) return findings;
  // Imports of declared packages that are not installed become one finding, first; the rest stay in order.
  const folded = foldMissingInstall(root, unresolved);
  const kept = new Set(folded);
  const unresolvedFindings = new Set(unresolved.map((item) => item.finding));
  const added = folded.filter((finding) => !unresolvedFindings.has(finding));
  return [...added, ...findings.filter((finding) => !unresolvedFindings.has(finding) || kept.has(finding))];
}

function describeViolation(violation: IViolation, comment: string): string {
  const { from, to } = violation;
  const written = violation.unresolvedTo && violation.unresolvedTo !== to ? ` ('${violation.unresolvedTo}')` : '';
  switch (violation.rule.name) {
    case 'no-circular': {
      const cycle = [from, ...(violation.cycle ?? []).map((step) => step.name)];
      return `Circular dependency: ${cycle.join(' → ')}. ${comment}`.trim();
    }
    case 'no-orphans':
      return `${from} imports nothing and nothing imports it: use it, delete it, or list it in gates.architecture.entryPoints.`;
    case 'not-to-unresolvable':
      return `${from} imports '${violation.unresolvedTo ?? to}', which resolves to no file and no installed package.`;
    case 'not-to-dev-dep':
      return `${from} imports '${packageNameOf(violation.unresolvedTo ?? to)}', a devDependency in package.json, from production code: move it to dependencies or keep it out of production code.`;
    default:
      return `${comment} ${from} → ${to}${written}`.trim();
  }
}

/**
 * Line and column (1-based) of the specifier in an import, export, require or
 * dynamic import, else of its first quoted occurrence; undefined when absent.
 */
export function importPosition(text: string | undefined, specifier: string): { line: number; column: number } | undefined {
  if (text === undefined) return undefined;
  const quoted = `(['"\`])${escapeRegExp(specifier)}\\1`;
  const inImport = new RegExp(`(?:\\bfrom|\\bimport|\\brequire\\s*\\(|\\bimport\\s*\\()\\s*${quoted}`);
  const match = inImport.exec(text) ?? new RegExp(quoted).exec(text);
  if (!match) return undefined;
  // The match ends with quote, specifier, quote: point at the opening quote, as ESLint does.
  const offset = match.index + match[0].length - specifier.length - 2;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
