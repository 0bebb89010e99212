/** A failed fast-check property, read back from its report text. */
export interface Counterexample {
  seed: number;
  path: string;
  /** Set for command sequences (state machines): replays the same commands. */
  replayPath: string | undefined;
  /** The shrunk counterexample, as fast-check printed it. */
  value: string;
  shrinks: number;
  /** Which law of a @plumbline-kit/plumbline/testing helper failed, when one did. */
  law: string | undefined;
  /** Why the property failed (the error the property raised), when it says. */
  cause: string | undefined;
}

const REPORT = /\{ seed: (-?\d+), path: "([^"]*)"/;
const VALUE = /^Counterexample: (.*)$/m;
const SHRINKS = /^Shrunk (\d+) time/m;
const LAW = /(?:^|\s)([\w -]+?) violated: Property failed/;
const CAUSE = /^(?:Cause: |Got error: )(.*)$/m;
const REPLAY_PATH = /\s*\/\*replayPath="([^"]*)"\*\//;

/**
 * Reads fast-check's failure report (fc.assert's message: "{ seed: S, path: "P" ...}",
 * "Counterexample: ...", "Shrunk N time(s)") out of a test failure message.
 * Returns undefined for failures that are not fast-check property failures.
 */
export function parseCounterexample(message: string): Counterexample | undefined {
  const report = REPORT.exec(message);
  const valueLine = VALUE.exec(message);
  if (!report || !valueLine) return undefined;
  const replay = REPLAY_PATH.exec(valueLine[1] ?? '');
  return {
    seed: Number(report[1]),
    path: report[2] ?? '',
    replayPath: replay?.[1],
    value: (valueLine[1] ?? '').replace(REPLAY_PATH, '').trim(),
    shrinks: Number(SHRINKS.exec(message)?.[1] ?? 0),
    law: LAW.exec(message)?.[1]?.trim(),
    cause: CAUSE.exec(message)?.[1]?.trim(),
  };
}
