import fs from 'node:fs';
import path from 'node:path';
import { RuntimeConfigurationError } from '../errors.js';
import type { ReplayCaseSink } from './case.js';

export interface ReplayCaseFileSink extends ReplayCaseSink {
  readonly file: string;
}

/**
 * Appends one case per line to a JSON Lines file, each with a single
 * `appendFileSync` of a whole line (O_APPEND), so processes sharing the file
 * never interleave partial lines. The file is what `plumbline replay --input` reads.
 */
export function replayCaseFileSink(file: string): ReplayCaseFileSink {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new RuntimeConfigurationError('replayCaseFileSink', [{ path: 'file', message: 'needs a file path' }]);
  }
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return {
    file: target,
    record(replayCase) {
      fs.appendFileSync(target, `${JSON.stringify(replayCase)}\n`);
    },
  };
}
