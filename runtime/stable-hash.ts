const encoder = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of the text: the same text gives the
 * same number in every process and on every platform (unlike a seeded hash).
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = encoder.encode(text);
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Where a key falls in [0, 100): the canary serves the candidate when this is below its percent. */
export function canaryBucket(operationId: string, key: string): number {
  return (fnv1a32(`${operationId}:${key}`) / 0x1_0000_0000) * 100;
}
