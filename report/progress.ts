import type { PackEvent } from '../gates/runner/run-pack.js';
import { isTerminal } from './terminal.js';

/**
 * Progress of a pack run on stderr: a single rewritten line on a terminal,
 * plain start/end lines elsewhere (CI logs), nothing when quiet.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, options: { quiet?: boolean } = {}) {
  const live = isTerminal(stream) && !process.env.CI;
  let started = 0;
  return (event: PackEvent) => {
    if (options.quiet) return;
    if (event.kind === 'gate-start') {
      started = performance.now();
      const line = `[${event.index + 1}/${event.total}] ${event.gate.id}: ${event.gate.title}`;
      if (live) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
    } else if (event.kind === 'gate-progress') {
      if (live) stream.write(`\r\x1b[2K  ${event.gate.id}: ${event.message}`);
    } else if (event.kind === 'gate-not-run') {
      const line = `  ${event.gate.id}: not run (${event.reason})`;
      if (live) stream.write(`\r\x1b[2K${line}\n`);
      else stream.write(`${line}\n`);
    } else {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `  ${event.gate.id}: ${event.result.status} in ${seconds}s`;
      if (live) stream.write(`\r\x1b[2K${line}\n`);
      else stream.write(`${line}\n`);
    }
  };
}
