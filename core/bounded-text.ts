import { createHash } from 'node:crypto';

/** Characters of a value quoted in a finding (a sample row's cell, a top value) before it is cut. */
export const MAX_QUOTED_VALUE = 80;
/** Characters of one finding's message, and of a gate's reason, in evidence and output. */
export const MAX_FINDING_MESSAGE = 4_000;

/**
 * A quoted value as its first MAX_QUOTED_VALUE characters, its length and a short sha256, when
 * longer: a 10 MB cell must not become a 10 MB finding, yet two long values stay told apart.
 */
export function boundValue(text: string): string {
  return text.length <= MAX_QUOTED_VALUE ? text : `${cut(text, MAX_QUOTED_VALUE)}${lengthNote(text)}`;
}

/** A finding message (or gate reason) of at most MAX_FINDING_MESSAGE characters, the note included. */
export function boundMessage(text: string): string {
  if (text.length <= MAX_FINDING_MESSAGE) return text;
  const note = lengthNote(text);
  return `${cut(text, MAX_FINDING_MESSAGE - note.length)}${note}`;
}

function lengthNote(text: string): string {
  return `… (${text.length} characters, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 12)})`;
}

/** The first `length` characters, never half of a surrogate pair. */
function cut(text: string, length: number): string {
  const head = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}
