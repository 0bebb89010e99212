import fs from 'node:fs';
import { RuntimeConfigurationError } from '../errors.js';
import { toContractIssues } from '../zod-issues.js';
import { safeParseEvidenceEvent, type EvidenceEvent } from './event.js';

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
  const events: EvidenceEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new RuntimeConfigurationError(`${file}:${index + 1}`, [{ path: '', message: `not JSON (${(error as Error).message})` }]);
    }
    const parsed = safeParseEvidenceEvent(value);
    if (!parsed.success) {
      const issues = toContractIssues(parsed.error).map((issue) => ({ ...issue, message: `not an evidence event: ${issue.message}` }));
      throw new RuntimeConfigurationError(`${file}:${index + 1}`, issues);
    }
    events.push(parsed.data);
  }
  return events;
}
