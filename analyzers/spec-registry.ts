import { z } from 'zod';
import type { Finding } from '../core/contracts.js';
import { stableStringify } from '../core/stable-json.js';
import type { EntryCount } from './operations/facts.js';
import { literalOf, operationLabel, place } from './operations/findings.js';
import type { DeclaredOperation } from './operations/link.js';
import { compareText } from '../core/finding-order.js';
import { analyzerFinding, codeSpan } from './rules.js';

/**
 * The spec registry: every operation with its owner, critical flag, spec sizes
 * and invariant ids — the contract of `spec-registry.json` — plus the checks that
 * critical operations are fully specified and invariant ids are unique.
 */

/** An entry count: null when the list is not an array literal, so its size is unknown. */
const Count = z.number().int().nonnegative().nullable();

export const SpecRegistrySchema = z
  .object({
    schemaVersion: z.literal(1),
    operations: z.array(
      z
        .object({
          id: z.string(),
          /** null: absent or not a string literal. */
          owner: z.string().nullable(),
          /** null: not a boolean literal (checked as critical). */
          critical: z.boolean().nullable(),
          spec: z.object({ present: z.boolean(), pre: Count, post: Count, forbidden: Count }).strict(),
          invariants: z.array(z.string()),
          file: z.string(),
          line: z.number().int().positive(),
        })
        .strict(),
    ),
    /** Declarations left out above because their id cannot be read statically. */
    unreadable: z.array(z.object({ file: z.string(), line: z.number().int().positive(), reason: z.string() }).strict()),
  })
  .strict();

export type SpecRegistry = z.infer<typeof SpecRegistrySchema>;
type RegistryOperation = SpecRegistry['operations'][number];

const SPEC_PARTS = ['pre', 'post', 'forbidden'] as const;

export function buildSpecRegistry(operations: readonly DeclaredOperation[]): SpecRegistry {
  const entries: RegistryOperation[] = [];
  const unreadable: SpecRegistry['unreadable'] = [];
  for (const operation of operations) {
    const declaration = operation.declaration;
    const at = { file: operation.file, line: operation.line };
    if ('expression' in declaration) {
      unreadable.push({ ...at, reason: `declaration is not an object literal (${codeSpan(declaration.expression)})` });
      continue;
    }
    const idValue = declaration.id;
    if (idValue === null || 'expression' in idValue) {
      unreadable.push({ ...at, reason: idValue === null ? 'no id' : `id is not a string literal (${codeSpan(idValue.expression)})` });
      continue;
    }
    const id = idValue.literal;
    const spec = declaration.spec;
    const count = (value: EntryCount) => (typeof value === 'number' ? value : null);
    entries.push({
      id,
      owner: literalOf(declaration.owner) ?? null,
      critical: declaration.critical === null ? false : 'literal' in declaration.critical ? declaration.critical.literal : null,
      spec:
        spec === null
          ? { present: false, pre: 0, post: 0, forbidden: 0 }
          : 'expression' in spec
            ? { present: true, pre: null, post: null, forbidden: null }
            : { present: true, pre: count(spec.pre), post: count(spec.post), forbidden: count(spec.forbidden) },
      invariants: Array.isArray(declaration.invariants)
        ? declaration.invariants.map((invariant) => literalOf(invariant.id)).filter((value): value is string => value !== undefined)
        : [],
      ...at,
    });
  }
  entries.sort((a, b) => compareText(a.id, b.id) || compareText(a.file, b.file) || a.line - b.line);
  unreadable.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { schemaVersion: 1, operations: entries, unreadable };
}

/** Critical operations (or ones whose flag cannot be read) need non-empty pre, post and forbidden. */
export function specCompletenessFindings(operations: readonly DeclaredOperation[]): Finding[] {
  const findings: Finding[] = [];
  for (const operation of operations) {
    const declaration = operation.declaration;
    if ('expression' in declaration || declaration.critical === null) continue;
    if ('literal' in declaration.critical && !declaration.critical.literal) continue;
    const label = `critical ${operationLabel(operation)}`;
    const report = (message: string) => findings.push(analyzerFinding('spec-incomplete', 'error', message, operation));
    const spec = declaration.spec;
    if (spec === null) {
      report(`${label} has no spec: declare spec.pre, spec.post and spec.forbidden, each non-empty`);
      continue;
    }
    if ('expression' in spec) {
      report(
        `${label} has a spec that is not an object literal (${codeSpan(spec.expression)}): its completeness cannot be checked statically`,
      );
      continue;
    }
    const empty = SPEC_PARTS.filter((part) => spec[part] === 0).map((part) => `spec.${part}`);
    const unknown = SPEC_PARTS.flatMap((part) => {
      const value = spec[part];
      return typeof value === 'number' ? [] : [`spec.${part} (${codeSpan(value.expression)})`];
    });
    const problems = [
      ...(empty.length > 0 ? [`${joinNames(empty)} ${empty.length === 1 ? 'is' : 'are'} missing or empty`] : []),
      ...(unknown.length > 0
        ? [
            `${joinNames(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not an array literal, so ${unknown.length === 1 ? 'its' : 'their'} size cannot be checked`,
          ]
        : []),
    ];
    if (problems.length > 0) report(`${label} has an incomplete spec: ${problems.join('; ')}`);
  }
  return findings;
}

/** Invariant ids name one rule of the business each: the same id twice is a finding at the second. */
export function invariantFindings(operations: readonly DeclaredOperation[]): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, { file: string; line: number; owner: string }>();
  for (const operation of operations) {
    const declaration = operation.declaration;
    if ('expression' in declaration || declaration.invariants === null) continue;
    const label = operationLabel(operation);
    if (!Array.isArray(declaration.invariants)) {
      findings.push(
        analyzerFinding(
          'operation-not-static',
          'warning',
          `${label}: invariants is not an array literal (${codeSpan(declaration.invariants.expression)}): invariant ids cannot be checked`,
          operation,
        ),
      );
      continue;
    }
    for (const invariant of declaration.invariants) {
      const at = { file: operation.file, line: invariant.line, column: invariant.column };
      if (invariant.id === null || 'expression' in invariant.id) {
        const why =
          invariant.id === null ? 'declares no `id`' : `has an id that is not a string literal (${codeSpan(invariant.id.expression)})`;
        findings.push(
          analyzerFinding('operation-not-static', 'warning', `an invariant of ${label} ${why}: its uniqueness cannot be checked`, at),
        );
        continue;
      }
      const id = invariant.id.literal;
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, { ...at, owner: label });
        continue;
      }
      findings.push(
        analyzerFinding(
          'invariant-duplicate-id',
          'error',
          `invariant id '${id}' is declared twice: first at ${place(earlier)} (${earlier.owner}), again at ${place(at)} (${label})`,
          at,
        ),
      );
    }
  }
  return findings;
}

/** `spec-registry.json`: stable bytes for the same declarations. */
export function renderSpecRegistryJson(registry: SpecRegistry): string {
  return `${stableStringify(SpecRegistrySchema.parse(registry), 2)}\n`;
}

/** The registry as a Markdown page (one table), for a `docs/` folder or a review. */
export function renderSpecRegistryMarkdown(registry: SpecRegistry): string {
  const lines = ['# Operation registry', '', 'Generated by Plumbline from the `defineOperation` declarations; do not edit by hand.', ''];
  if (registry.operations.length === 0) {
    lines.push('No operations are declared.');
  } else {
    lines.push(
      '| Operation | Owner | Critical | Pre | Post | Forbidden | Invariants | Declared at |',
      '| --- | --- | --- | ---: | ---: | ---: | --- | --- |',
    );
    for (const operation of registry.operations) {
      const count = (value: number | null) => (!operation.spec.present ? '–' : value === null ? '?' : String(value));
      lines.push(
        `| ${[
          code(operation.id),
          operation.owner === null ? '?' : escapeCell(operation.owner),
          operation.critical === null ? '?' : operation.critical ? 'yes' : 'no',
          count(operation.spec.pre),
          count(operation.spec.post),
          count(operation.spec.forbidden),
          operation.invariants.length === 0 ? '–' : operation.invariants.map(code).join(', '),
          escapeCell(`${operation.file}:${operation.line}`),
        ].join(' | ')} |`,
      );
    }
    const critical = registry.operations.filter((operation) => operation.critical !== false).length;
    lines.push('', `${registry.operations.length} operation(s), ${critical} critical. – no spec; ? not readable statically.`);
  }
  if (registry.unreadable.length > 0) {
    lines.push('', '## Not readable statically', '');
    for (const item of registry.unreadable) lines.push(`- ${escapeCell(`${item.file}:${item.line}`)}: ${escapeCell(item.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/** A code span inside a table cell: pipes escaped, lines joined. */
function code(text: string): string {
  return codeSpan(text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' '));
}
