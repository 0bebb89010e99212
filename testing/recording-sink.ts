import path from 'node:path';
import { jsonLinesSink, type EvidenceEvent, type EvidenceSink } from '@plumbline-kit/runtime';
import { runningTest } from './current-test.js';

/** The environment variable that turns recording on: the JSON Lines file to append evidence to. */
export const EVIDENCE_FILE_ENV = 'PLUMBLINE_EVIDENCE_FILE';

/** Labels a recorded event carries: the test that ran it (full name) and its file. */
export const TEST_LABEL = 'test';
export const TEST_FILE_LABEL = 'testFile';

export interface RecordingSinkOptions {
  /** The file to append to; default: the file named by PLUMBLINE_EVIDENCE_FILE, if set. */
  file?: string;
  /** Where PLUMBLINE_EVIDENCE_FILE is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RecordingSink extends EvidenceSink {
  /** The absolute file events go to; undefined when recording is off (record then does nothing). */
  readonly file: string | undefined;
}

/**
 * A sink for the app's test run: when recording is on (the `invariants` gate
 * sets PLUMBLINE_EVIDENCE_FILE), it appends every event to that JSON Lines file,
 * labelled with the running test; otherwise it does nothing. Pass it to the
 * registry the tests use, next to any sink the tests read:
 * `sink: teeSink(memory, recordingSink())`.
 */
export function recordingSink(options: RecordingSinkOptions = {}): RecordingSink {
  const file = options.file ?? nonEmpty((options.env ?? process.env)[EVIDENCE_FILE_ENV]);
  if (file === undefined) return { file: undefined, record: () => undefined };
  const target = jsonLinesSink(file);
  return {
    file: target.file,
    record(event) {
      target.record(labelled(event));
    },
  };
}

function labelled(event: EvidenceEvent): EvidenceEvent {
  const test = runningTest();
  if (test === undefined || (test.name === undefined && test.file === undefined)) return event;
  const labels: Record<string, string> = { ...event.labels };
  if (test.name !== undefined) labels[TEST_LABEL] = test.name;
  // Relative to the working directory (the project root when the gate runs the tests), so evidence does not depend on
  // where the project lives.
  if (test.file !== undefined) labels[TEST_FILE_LABEL] = path.relative(process.cwd(), test.file).split(path.sep).join('/');
  return { ...event, labels };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
