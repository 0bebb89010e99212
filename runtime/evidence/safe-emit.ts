import { readClock, type RuntimeClock } from '../clock.js';
import type { EvidenceEvent, EvidenceSink } from './event.js';

export type SinkErrorHandler = (error: unknown, event: EvidenceEvent) => void;

/**
 * Records an event without ever throwing into the caller: a failing sink or
 * clock goes to `onError` (default: a process warning). With a clock, the sink
 * gets a stamped copy (events may be frozen and shared between executions).
 */
export function safeEmitter(sink: EvidenceSink | undefined, clock: RuntimeClock | undefined, onError: SinkErrorHandler = warnSinkError) {
  return (event: EvidenceEvent): void => {
    if (sink === undefined) return;
    try {
      sink.record(clock ? { ...event, at: readClock(clock) } : event);
    } catch (error) {
      onError(error, event);
    }
  };
}

export function warnSinkError(error: unknown, event: EvidenceEvent): void {
  const what = 'checkId' in event ? `${event.operationId}/${event.checkId}` : `${event.kind} ${event.operationId}`;
  process.emitWarning(`evidence for ${what} was not recorded: ${error instanceof Error ? error.message : String(error)}`, {
    code: 'PLUMBLINE_EVIDENCE_SINK',
  });
}
