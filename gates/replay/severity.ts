import type { ReplaySeverity, ReplaySeverityRule } from '../../config/schema.js';
import { compilePathPatterns, deepDiff, matchesPattern, type PathSegment } from '@plumbline-kit/runtime';

/** Severities from least to most severe. */
export const REPLAY_SEVERITIES: readonly ReplaySeverity[] = ['low', 'medium', 'high', 'critical'];

export function severityRank(severity: ReplaySeverity): number {
  return REPLAY_SEVERITIES.indexOf(severity);
}

/** Decides the severity of one drift: the first rule matching operation, path (or a parent path) and values; else the default. */
export type SeverityClassifier = (operation: string, path: readonly PathSegment[], old: unknown, updated: unknown) => ReplaySeverity;

export function compileSeverityRules(rules: readonly ReplaySeverityRule[], fallback: ReplaySeverity): SeverityClassifier {
  // One path in, one pattern out: the flatMap keeps one compiled rule per rule.
  const compiled = rules.flatMap((rule, index) =>
    compilePathPatterns(`replay.severity[${index}]`, [rule.path]).map((pattern) => ({ ...rule, pattern })),
  );
  return (operation, path, old, updated) => {
    for (const rule of compiled) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      const depth = rule.pattern.segments.length;
      if (path.length < depth || !matchesPattern(path.slice(0, depth), rule.pattern)) continue;
      if (rule.from !== undefined && !sameJson(rule.from, old)) continue;
      if (rule.to !== undefined && !sameJson(rule.to, updated)) continue;
      return rule.severity;
    }
    return fallback;
  };
}

function sameJson(expected: unknown, actual: unknown): boolean {
  return actual !== undefined && deepDiff(expected, actual, { limit: 1 }).paths.length === 0;
}
