import type { Finding } from '../../core/contracts.js';
import { analyzerFinding, codeSpan } from '../rules.js';
import type { StringValue } from './facts.js';
import type { DeclaredOperation, ExecutedOperation } from './link.js';

export interface KnownDomains {
  /** Domain names found by the config's `domains` globs among the project's files. */
  names: ReadonlySet<string>;
  /** The config's domain globs, for messages. */
  globs: readonly string[];
}

/** How an operation is named in messages: its id when the id is a literal. */
export function operationLabel(operation: DeclaredOperation): string {
  const declaration = operation.declaration;
  return 'id' in declaration && declaration.id && 'literal' in declaration.id ? `operation '${declaration.id.literal}'` : 'operation';
}

export function place(item: { file: string; line: number }): string {
  return `${item.file}:${item.line}`;
}

/** Ids, owners and flags that are not literals; every analysis downstream depends on reading them. */
export function notStaticFindings(operations: readonly DeclaredOperation[]): Finding[] {
  const findings: Finding[] = [];
  for (const operation of operations) {
    const declaration = operation.declaration;
    const warn = (message: string) => findings.push(analyzerFinding('operation-not-static', 'warning', message, operation));
    if ('expression' in declaration) {
      warn(`operation declaration is not an object literal (${codeSpan(declaration.expression)}): static checks cannot follow it`);
      continue;
    }
    const label = operationLabel(operation);
    if (declaration.id === null) warn('operation declares no `id`: static checks cannot follow it');
    else if ('expression' in declaration.id)
      warn(`operation id is not a string literal (${codeSpan(declaration.id.expression)}): static checks cannot follow it`);
    if (declaration.owner !== null && 'expression' in declaration.owner) {
      warn(`${label}: owner is not a string literal (${codeSpan(declaration.owner.expression)}): its domain cannot be checked`);
    }
    if (declaration.critical !== null && 'expression' in declaration.critical) {
      warn(`${label}: critical flag is not a boolean literal (${codeSpan(declaration.critical.expression)}): treated as critical`);
    }
  }
  return findings;
}

export function duplicateIdFindings(operations: readonly DeclaredOperation[]): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, DeclaredOperation>();
  for (const operation of operations) {
    const id = literalOf('id' in operation.declaration ? operation.declaration.id : null);
    if (id === undefined) continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, operation);
      continue;
    }
    findings.push(
      analyzerFinding(
        'operation-duplicate-id',
        'error',
        `operation id '${id}' is declared twice: first at ${place(earlier)}, again at ${place(operation)}`,
        operation,
      ),
    );
  }
  return findings;
}

export function ownerFindings(operations: readonly DeclaredOperation[], domains: KnownDomains): Finding[] {
  const findings: Finding[] = [];
  const known = [...domains.names].sort();
  for (const operation of operations) {
    const declaration = operation.declaration;
    if ('expression' in declaration) continue;
    const label = operationLabel(operation);
    if (declaration.owner === null) {
      findings.push(
        analyzerFinding('operation-unknown-owner', 'error', `${label} declares no owner: name the domain that owns it`, operation),
      );
      continue;
    }
    const owner = literalOf(declaration.owner);
    if (owner === undefined || domains.names.has(owner)) continue;
    const why =
      domains.globs.length === 0
        ? 'no domains are configured (set `domains` in the Plumbline config, e.g. ["src/domains/*"])'
        : known.length === 0
          ? `the domain globs (${domains.globs.join(', ')}) match no folder with source files`
          : `known domains: ${known.join(', ')}`;
    findings.push(
      analyzerFinding(
        'operation-unknown-owner',
        'error',
        `${label} is owned by '${owner}', which is not a configured domain (${why})`,
        operation,
      ),
    );
  }
  return findings;
}

export function callSiteFindings(
  operations: readonly DeclaredOperation[],
  callSites: readonly ExecutedOperation[],
  executeMethods: readonly string[],
): Finding[] {
  const findings: Finding[] = [];
  const declared = new Map<string, DeclaredOperation>();
  let unreadable = 0;
  for (const operation of operations) {
    const id = literalOf('id' in operation.declaration ? operation.declaration.id : null);
    if (id === undefined) unreadable++;
    else if (!declared.has(id)) declared.set(id, operation);
  }
  const ids = [...declared.keys()].sort();
  if (operations.length === 0) {
    // No registry to check against: a project that declares its operations another way gets one note, not an error per call.
    if (callSites.length === 0) return [];
    const calls = executeMethods.map((method) => `.${method}('<id>', …)`).join(' or ');
    const message = `${callSites.length} call site(s) of ${calls} execute operation ids, but no operation is declared with defineOperation anywhere in the project, so they were not checked`;
    return [analyzerFinding('operation-registry-empty', 'note', message, { file: '', line: 0, column: 0 })];
  }
  for (const site of callSites) {
    if (declared.has(site.id)) continue;
    const suggestion = closest(site.id, ids);
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
    const caveat = unreadable > 0 ? `; ${unreadable} declaration(s) have no literal id and could not be matched` : '';
    findings.push(
      analyzerFinding(
        'operation-unregistered-call',
        'error',
        `operation '${site.id}' is executed here but no operation declares that id${hint}${caveat}`,
        site,
      ),
    );
  }
  const executed = new Set(callSites.map((site) => site.id));
  const calls = executeMethods.map((method) => `.${method}(…)`).join(' or ');
  for (const [id, operation] of declared) {
    if (executed.has(id)) continue;
    findings.push(
      analyzerFinding(
        'operation-unreached',
        'warning',
        `operation '${id}' is declared but no call site executes it (no ${calls} with '${id}')`,
        operation,
      ),
    );
  }
  return findings;
}

export function literalOf(value: StringValue | null): string | undefined {
  return value !== null && 'literal' in value ? value.literal : undefined;
}

/** The nearest declared id within two edits, for a "did you mean" hint. */
function closest(id: string, candidates: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(id, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { id: candidate, distance };
  }
  return best?.id;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
