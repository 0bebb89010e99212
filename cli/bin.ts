#!/usr/bin/env node
import { main } from './program.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected crash is a bug in Plumbline: show it in full, and exit 2 as
    // ESLint does, so it is never mistaken for a verdict on the code.
    process.stderr.write(`plumbline: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
