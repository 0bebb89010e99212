import fs from 'node:fs';
import { RuntimeConfigurationError, type ContractIssue } from '../errors.js';
import { toContractIssues } from '../zod-issues.js';
import { safeParseEvidenceEvent, type EvidenceEvent } from './event.js';

/** A JSON Lines evidence text, parsed whole, or the first line that cannot be trusted. */
export type JsonLinesEvidence =
  | { readonly ok: true; readonly events: EvidenceEvent[] }
  | {
      readonly ok: false;
      /** 1-based line number. */
      readonly line: number;
      readonly reason: 'not-json' | 'not-an-event';
      /** For `not-json` one issue with the parser's message; for `not-an-event` the schema's issues. */
      readonly issues: ContractIssue[];
    };

/**
 * Parses JSON Lines evidence (blank lines skipped). Stops at the first line that
 * is not JSON or not an evidence event: a corrupt file is no evidence, never half of it.
 */
export function parseJsonLinesEvidence(text: string): JsonLinesEvidence {
  const events: EvidenceEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return { ok: false, line: index + 1, reason: 'not-json', issues: [{ path: '', message: (error as Error).message }] };
    }
    const parsed = safeParseEvidenceEvent(value);
    if (!parsed.success) return { ok: false, line: index + 1, reason: 'not-an-event', issues: toContractIssues(parsed.error) };
    events.push(parsed.data);
  }
  return { ok: true, events };
}

/**
 * Reads a JSON Lines evidence file written by `jsonLinesSink`. A line that is not
 * JSON or not an evidence event is an error naming the line (fail closed); a
 * missing file reads as no events only when `missing: 'empty'` says so.
 */
export function readJsonLinesEvidence(file: string, options: { missing?: 'error' | 'empty' } = {}): EvidenceEvent[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.missing === 'empty') return [];
    throw error;
  }
  const parsed = parseJsonLinesEvidence(text);
  if (parsed.ok) return parsed.events;
  const prefix = parsed.reason === 'not-json' ? 'not JSON' : 'not an evidence event';
  const issues =
    parsed.reason === 'not-json'
      ? parsed.issues.map((issue) => ({ ...issue, message: `${prefix} (${issue.message})` }))
      : parsed.issues.map((issue) => ({ ...issue, message: `${prefix}: ${issue.message}` }));
  throw new RuntimeConfigurationError(`${file}:${parsed.line}`, issues);
}
