import type * as FastCheck from 'fast-check';
import { OptionalDependencyMissingError } from '@plumbline-kit/runtime';

// fast-check is an optional peer: importing @plumbline-kit/plumbline/testing must work without it (recordingSink,
// faults, drills), and only the property helpers say which package to install, when called. It is imported once,
// as an ES module, so the helpers share the instance the application's own tests import. A variable specifier keeps
// TypeScript and bundlers from requiring the package at build time.
const specifier: string = 'fast-check';
const loaded: { api: typeof FastCheck } | { error: unknown } = await import(specifier).then(
  (api: typeof FastCheck) => ({ api }),
  (error: unknown) => ({ error }),
);

/** fast-check's API, loaded on first use; a missing package is an OptionalDependencyMissingError naming it. */
export const fc: typeof FastCheck = new Proxy({} as typeof FastCheck, {
  get(_, key) {
    if ('error' in loaded) {
      throw new OptionalDependencyMissingError('fast-check', 'the property helpers of @plumbline-kit/plumbline/testing', loaded.error);
    }
    return loaded.api[key as keyof typeof FastCheck];
  },
});
