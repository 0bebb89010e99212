import { describe, expect, it } from 'vitest';
import { OPERATION_ID_PATTERN as analyzerPattern } from '../../analyzers/operations/facts.js';
import { OPERATION_ID_PATTERN as runtimePattern } from '../../runtime/operation-id.js';

// The runtime may depend on nothing of Plumbline's but config types, so it keeps its own
// copy of the id pattern; this pins the two copies together.
describe('operation id pattern', () => {
  it('is the same in the runtime (which enforces it) and the analyzers (which read ids statically)', () => {
    expect(analyzerPattern.source).toBe(runtimePattern.source);
    expect(analyzerPattern.flags).toBe(runtimePattern.flags);
  });
});
