import { readFileSync, statSync } from 'node:fs';
import { safeParseEvidenceEvent, type EvidenceEvent } from '../../runtime/index.js';

export type EvidenceReading =
  | { readonly ok: true; readonly events: EvidenceEvent[] }
  | { readonly ok: false; readonly problem: string; readonly line?: number };

/** Longest evidence file read (bytes); beyond it the file is refused, not half-read. */
const MAX_BYTES = 512 * 1024 * 1024;

/**
 * Reads a JSON Lines evidence file in full, or says exactly why it cannot be
 * trusted: missing, empty, too large, a line that is not JSON or not an evidence
 * event (with its line number). Never a partial result: a corrupt file is no evidence.
 */
export function readEvidenceFile(file: string): EvidenceReading {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? 'the evidence file does not exist' : `the evidence file cannot be read (${code ?? String(error)})` };
  }
  if (size > MAX_BYTES) return { ok: false, problem: `the evidence file is larger than ${MAX_BYTES} bytes` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problem: `the evidence file cannot be read (${(error as Error).message})` };
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
      return { ok: false, line: index + 1, problem: `line ${index + 1} is not JSON (${(error as Error).message})` };
    }
    const parsed = safeParseEvidenceEvent(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return { ok: false, line: index + 1, problem: `line ${index + 1} is not an evidence event (${where}${issue?.message ?? 'invalid'})` };
    }
    events.push(parsed.data);
  }
  if (events.length === 0) return { ok: false, problem: 'the evidence file holds no events' };
  // A file cut mid-write ends without a newline: its last line may be a whole JSON value by chance, so refuse it.
  if (!text.endsWith('\n')) return { ok: false, line: lines.length, problem: `line ${lines.length} is not terminated (the file was cut while being written)` };
  return { ok: true, events };
}
