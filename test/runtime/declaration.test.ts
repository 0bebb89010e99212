import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineOperation, InvariantSchema, OperationDeclarationError, SpecEntrySchema } from '../../runtime/index.js';

/** Calls defineOperation with an unchecked declaration, as JavaScript callers (or typos) would. */
const declare = (declaration: Record<string, unknown>) => () => defineOperation(declaration as never);
const base = { id: 'a.b', owner: 'a', handler: () => 1 };

describe('operation declarations (zod-validated)', () => {
  it('normalises the declaration into a frozen definition', () => {
    const invariant = { id: 'INV-A-001', severity: 'low' as const, condition: () => true, remediation: 'r' };
    const definition = defineOperation({ ...base, invariants: [invariant], spec: { pre: [{ id: 'P', check: () => true }] } });
    expect(definition.critical).toBe(false);
    expect(definition.spec.post).toEqual([]);
    expect(definition.invariants[0]).toBe(invariant);
    expect(Object.isFrozen(definition.spec)).toBe(true);
    expect(Object.isFrozen(definition.invariants)).toBe(true);
  });

  it('rejects an invariant without remediation, with a bad severity or without a condition function', () => {
    expect(declare({ ...base, invariants: [{ id: 'INV-1', severity: 'low', condition: () => true, remediation: ' ' }] })).toThrow(
      /invariants\.0\.remediation: needs a remediation/,
    );
    expect(declare({ ...base, invariants: [{ id: 'INV-1', severity: 'error', condition: () => true, remediation: 'r' }] })).toThrow(
      /invariants\.0\.severity/,
    );
    expect(declare({ ...base, invariants: [{ id: 'INV-1', severity: 'low', condition: 'x > 0', remediation: 'r' }] })).toThrow(
      /invariants\.0\.condition: condition must be a function/,
    );
  });

  it('rejects string predicates in spec entries and unknown keys (typos)', () => {
    expect(declare({ ...base, spec: { pre: ['input.amount > 0'] } })).toThrow(OperationDeclarationError);
    expect(declare({ ...base, spec: { pre: [{ id: 'P', check: () => true }], posts: [] } })).toThrow(/Unrecognized key: "posts"/);
    expect(declare({ ...base, invariant: [] })).toThrow(/Unrecognized key: "invariant"/);
  });

  it('rejects a check id used twice in one operation, naming both places', () => {
    expect(
      declare({
        ...base,
        spec: { post: [{ id: 'SAME', check: () => true }] },
        invariants: [{ id: 'SAME', severity: 'low', condition: () => true, remediation: 'r' }],
      }),
    ).toThrow(/invariants\.0\.id: check id 'SAME' is already used by spec\.post\[0\]/);
  });

  it('rejects malformed check ids and non-schema input/output', () => {
    expect(declare({ ...base, spec: { pre: [{ id: '1-bad id', check: () => true }] } })).toThrow(
      /spec\.pre\.0\.id: must start with a letter/,
    );
    expect(declare({ ...base, input: { parse: () => 1 } })).toThrow(/input: must be a zod schema/);
    expect(declare({ ...base, input: z.string() })).not.toThrow();
  });

  it('names the operation in the error, or says it has no id', () => {
    expect(declare({ ...base, owner: '' })).toThrow(/operation 'a\.b' is declared wrongly: owner: needs an owner/);
    expect(declare({ owner: 'a', handler: () => 1 })).toThrow(/operation \(no id\) is declared wrongly: id:/);
    expect(declare({ id: 'a.b', owner: 'a' })).toThrow(/handler: needs a handler function/);
  });

  it('exports the check schemas for other tools to validate declarations', () => {
    expect(
      InvariantSchema.safeParse({ id: 'INV-POL-001', severity: 'critical', condition: () => true, remediation: 'r', mode: 'monitor' })
        .success,
    ).toBe(true);
    expect(SpecEntrySchema.safeParse({ id: 'P', check: () => true, mode: 'sometimes' }).success).toBe(false);
  });
});
