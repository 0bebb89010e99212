import type { EvidenceEvent, EvidenceSink } from './event.js';

/** Sends every event to each sink in turn; one failing sink does not starve the others, and the first error is rethrown after all ran. */
export function teeSink(...sinks: EvidenceSink[]): EvidenceSink {
  return {
    record(event) {
      let failure: { error: unknown } | undefined;
      for (const sink of sinks) {
        try {
          sink.record(event);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
  };
}

/**
 * Adds labels (e.g. `{ test: 'rejects a negative amount' }`) to every event, read at
 * record time when given as a function, so a test runner can say which test is running.
 */
export function withLabels(sink: EvidenceSink, labels: Record<string, string> | (() => Record<string, string> | undefined)): EvidenceSink {
  return {
    record(event) {
      const current = typeof labels === 'function' ? labels() : labels;
      if (!current || Object.keys(current).length === 0) {
        sink.record(event);
        return;
      }
      const merged: EvidenceEvent = { ...event, labels: { ...event.labels, ...current } };
      sink.record(merged);
    },
  };
}
