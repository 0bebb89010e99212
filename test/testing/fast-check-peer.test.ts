import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('fast-check');
  vi.resetModules();
});

describe('fast-check, an optional peer of the testing helpers', () => {
  it('is not needed to import @plumbline-kit/plumbline/testing; the property helpers name it when called', async () => {
    vi.resetModules();
    vi.doMock('fast-check', () => {
      throw Object.assign(new Error("Cannot find package 'fast-check'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    const testing = await import('../../testing/index.js');
    expect(testing.fixedClock).toBeTypeOf('function');
    const call = testing.monotonic((n: number) => n, { in: {} as never, out: [0] });
    // By name: resetModules gave this import of the runtime its own copy of the error class.
    await expect(call).rejects.toMatchObject({ name: 'OptionalDependencyMissingError', packageName: 'fast-check' });
    await expect(call).rejects.toThrow("the property helpers of @plumbline-kit/plumbline/testing needs the optional package 'fast-check'");
  });

  it('is the instance the tests import when installed', async () => {
    const { fc } = await import('../../testing/property/fast-check.js');
    const fastCheck = await import('fast-check');
    expect(fc.property).toBe(fastCheck.property);
  });
});
