import fs from 'node:fs';
import path from 'node:path';
import { RuntimeConfigurationError } from '../errors.js';
import { toContractIssues } from '../zod-issues.js';
import { safeParseEvidenceEvent, type EvidenceSink } from './event.js';

export interface JsonLinesSinkOptions {
  /**
   * Check each event against EvidenceEventSchema before writing (default true), so
   * the file never holds a line a gate cannot read. Turn off only for events the runtime made.
   */
  validate?: boolean;
}

export interface JsonLinesSink extends EvidenceSink {
  readonly file: string;
}

/**
 * Appends one JSON object per line. Each event is written with a single
 * `appendFileSync` of a whole line (O_APPEND), so processes sharing the file
 * never interleave partial lines.
 */
export function jsonLinesSink(file: string, options: JsonLinesSinkOptions = {}): JsonLinesSink {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new RuntimeConfigurationError('jsonLinesSink', [{ path: 'file', message: 'needs a file path' }]);
  }
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const validate = options.validate ?? true;
  return {
    file: target,
    record(event) {
      if (validate) {
        const parsed = safeParseEvidenceEvent(event);
        if (!parsed.success) throw new RuntimeConfigurationError(`evidence event for ${target}`, toContractIssues(parsed.error));
      }
      fs.appendFileSync(target, `${JSON.stringify(event)}\n`);
    },
  };
}
