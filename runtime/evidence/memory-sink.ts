import type { CheckEvent, EvidenceEvent, EvidenceSink } from './event.js';

export interface MemorySink extends EvidenceSink {
  /** Everything recorded so far, oldest first. */
  readonly events: readonly EvidenceEvent[];
  /** Only the check events (invariants, pre/post, forbidden states, predicate errors). */
  checks(): CheckEvent[];
  clear(): void;
}

/** Keeps events in an array: for tests and development (it grows without bound). */
export function memorySink(): MemorySink {
  let events: EvidenceEvent[] = [];
  return {
    record(event) {
      events.push(event);
    },
    get events() {
      return events;
    },
    checks: () => events.filter((event): event is CheckEvent => 'checkId' in event),
    clear() {
      events = [];
    },
  };
}
