import type { Finding, RuleDescriptor, Severity } from './contracts.js';

/** Where a finding points; project-wide findings point nowhere (empty file, line 0). */
export interface FindingLocation {
  file: string;
  line: number;
  column: number;
}

export const NOWHERE: FindingLocation = { file: '', line: 0, column: 0 };

/** A finding at the start of a line, or at the file as a whole when the line is unknown (0). */
export function atLine(file: string, line: number): FindingLocation {
  return { file, line, column: line > 0 ? 1 : 0 };
}

/**
 * A rule's description; or its description and the docs section that explains it, when
 * that is not a heading of the rule's own name ('' links the page itself).
 */
export type RuleEntry = string | { description: string; section: string };

export interface RuleCatalog<Name extends string> {
  /** The full id of a named rule: `<prefix>/<name>`. */
  id(name: Name): string;
  /** The descriptors of the named rules (default: all), as reporters need them. */
  descriptors(names?: readonly Name[]): RuleDescriptor[];
  finding(name: Name, severity: Severity, message: string, at?: FindingLocation): Finding;
}

/**
 * One family of findings: ids `<prefix>/<name>`, each explained under a heading
 * of its own name on one docs page (a shippedDocsUrl, core/docs-link.ts). Every
 * gate and the analyzers describe their rules this way, so ids, descriptions and
 * docs links cannot drift apart.
 */
export function ruleCatalog<Name extends string>(
  prefix: string,
  docsUrl: string,
  rules: Readonly<Record<Name, RuleEntry>>,
): RuleCatalog<Name> {
  const id = (name: Name) => `${prefix}/${name}`;
  const docsOf = (name: Name) => {
    const entry: RuleEntry = rules[name];
    const section = typeof entry === 'string' ? name : entry.section;
    return section === '' ? docsUrl : `${docsUrl}#${section}`;
  };
  const descriptionOf = (name: Name) => {
    const entry: RuleEntry = rules[name];
    return typeof entry === 'string' ? entry : entry.description;
  };
  return {
    id,
    descriptors(names = Object.keys(rules) as Name[]) {
      return names.map((name) => ({ id: id(name), description: descriptionOf(name), docsUrl: docsOf(name) }));
    },
    finding(name, severity, message, at = NOWHERE) {
      return { ruleId: id(name), severity, message, file: at.file, line: at.line, column: at.column, docsUrl: docsOf(name) };
    },
  };
}
