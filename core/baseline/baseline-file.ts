import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.js';
import { compareText } from '../finding-order.js';
import { stableStringify } from '../stable-json.js';

/**
 * `.plumbline/baseline.json`: the debt a team accepted on the day it adopted
 * Plumbline, which may only shrink. Findings are keyed by identity (rule, file,
 * enclosing symbol, hash of the offending code), never by line, so moving code
 * or editing other lines leaves the file untouched.
 *
 * Why under config/: the model is pure data and is needed by the ESLint plugin
 * (rules/, which may import only config/), the gates and the CLI alike.
 */
export const BaselineEntrySchema = z
  .object({
    rule: z.string().min(1),
    /** Project-relative path with forward slashes; empty for project-wide findings. */
    file: z.string(),
    /** Enclosing declarations, outermost first: `class Foo > method bar`; empty at module level. */
    symbol: z.string(),
    /** First 12 hex digits of sha256 of the offending code, whitespace collapsed. */
    hash: z.string().regex(/^[0-9a-f]{12}$/, 'expected 12 lowercase hex digits'),
    /** How many findings share this identity. */
    count: z.number().int().positive(),
    /** The offending code (shortened), so a reviewer sees what was accepted; not part of the identity. */
    code: z.string(),
  })
  .strict();

/** A number a gate measures that may not get worse than this (see numeric-ratchet.ts). */
export const MetricEntrySchema = z
  .object({
    value: z.number(),
    better: z.enum(['lower', 'higher']),
  })
  .strict();

export const BaselineSchema = z
  .object({
    schemaVersion: z.literal(1),
    findings: z.array(BaselineEntrySchema),
    /** gate id -> metric name -> allowed value. */
    metrics: z.record(z.string(), z.record(z.string(), MetricEntrySchema)),
  })
  .strict();

export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;
export type MetricEntry = z.infer<typeof MetricEntrySchema>;
export type Baseline = z.infer<typeof BaselineSchema>;

export const DEFAULT_BASELINE_FILE = '.plumbline/baseline.json';

export type BaselineRead =
  | { readonly kind: 'ok'; readonly baseline: Baseline; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Reads and validates the baseline. Corrupt or schema-invalid is reported, never treated as empty. */
export function readBaselineFile(file: string): BaselineRead {
  if (!existsSync(file)) return { kind: 'missing' };
  let text: string;
  let raw: unknown;
  try {
    text = readFileSync(file, 'utf8');
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', reason: `not JSON (${(error as Error).message.split('\n')[0]})` };
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { kind: 'corrupt', reason: reasons.join('; ') };
  }
  const keys = new Set<string>();
  for (const [index, entry] of parsed.data.findings.entries()) {
    const key = entryKey(entry);
    if (keys.has(key))
      return {
        kind: 'corrupt',
        reason: `findings.${index}: duplicate entry (${entry.rule} in ${entry.file || '(project)'}); merge the counts`,
      };
    keys.add(key);
  }
  return { kind: 'ok', baseline: parsed.data, text };
}

/** The identity of an entry or a finding: everything but the count and the shown code. */
export function entryKey(entry: { rule: string; file: string; symbol: string; hash: string }): string {
  return `${entry.rule}\u0000${entry.file}\u0000${entry.symbol}\u0000${entry.hash}`;
}

export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.rule, b.rule) || compareText(a.symbol, b.symbol) || compareText(a.hash, b.hash);
}

/** Stable bytes: entries sorted by file, rule, symbol, hash; keys sorted; one entry per line block. */
export function renderBaseline(baseline: Baseline): string {
  const sorted: Baseline = {
    schemaVersion: 1,
    findings: [...baseline.findings].sort(compareEntries),
    metrics: baseline.metrics,
  };
  return `${stableStringify(sorted, 2)}\n`;
}

/** Writes atomically, so a killed run leaves the previous baseline whole. */
export function writeBaselineFile(file: string, baseline: Baseline): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, renderBaseline(baseline));
}

/** The 1-based line of the baseline text where an entry's block opens, for findings that point at it; 0 if not found. */
export function entryLine(text: string, entry: BaselineEntry): number {
  const lines = text.split('\n');
  const wanted = [
    `"rule": ${JSON.stringify(entry.rule)}`,
    `"file": ${JSON.stringify(entry.file)}`,
    `"hash": ${JSON.stringify(entry.hash)}`,
    `"symbol": ${JSON.stringify(entry.symbol)}`,
  ];
  let open = -1;
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '{') open = index;
    if ((trimmed === '}' || trimmed === '},') && open >= 0) {
      const block = lines.slice(open, index + 1).map((item) => item.trim().replace(/,$/, ''));
      if (wanted.every((field) => block.includes(field))) return open + 1;
      open = -1;
    }
  }
  return 0;
}

/** The baseline file of a config (absolute) and the editor behaviour, defaults applied. */
export function baselineSettings(config: { root: string; baseline?: { file?: string; editor?: 'warn' | 'hide' } }): {
  file: string;
  editor: 'warn' | 'hide';
} {
  return { file: path.resolve(config.root, config.baseline?.file ?? DEFAULT_BASELINE_FILE), editor: config.baseline?.editor ?? 'warn' };
}
