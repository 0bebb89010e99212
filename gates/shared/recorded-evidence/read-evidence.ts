import { readFileSync, statSync } from 'node:fs';
import { parseJsonLinesEvidence, type EvidenceEvent } from '@plumbline-kit/runtime';

export type EvidenceReading =
  { readonly ok: true; readonly events: EvidenceEvent[] } | { readonly ok: false; readonly problem: string; readonly line?: number };

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
    return {
      ok: false,
      problem: code === 'ENOENT' ? 'the evidence file does not exist' : `the evidence file cannot be read (${code ?? String(error)})`,
    };
  }
  if (size > MAX_BYTES) return { ok: false, problem: `the evidence file is larger than ${MAX_BYTES} bytes` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problem: `the evidence file cannot be read (${(error as Error).message})` };
  }
  const parsed = parseJsonLinesEvidence(text);
  if (!parsed.ok) {
    const issue = parsed.issues[0];
    const problem =
      parsed.reason === 'not-json'
        ? `line ${parsed.line} is not JSON (${issue?.message ?? 'invalid'})`
        : `line ${parsed.line} is not an evidence event (${issue && issue.path !== '' ? `${issue.path}: ` : ''}${issue?.message ?? 'invalid'})`;
    return { ok: false, line: parsed.line, problem };
  }
  const { events } = parsed;
  if (events.length === 0) return { ok: false, problem: 'the evidence file holds no events' };
  // A file cut mid-write ends without a newline: its last line may be a whole JSON value by chance, so refuse it.
  if (!text.endsWith('\n')) {
    const lastLine = text.split('\n').length;
    return { ok: false, line: lastLine, problem: `line ${lastLine} is not terminated (the file was cut while being written)` };
  }
  return { ok: true, events };
}
