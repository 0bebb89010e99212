import type { ResolvedConfig } from './resolve.js';

/**
 * Builds a value once per resolved config and shares it: every rule and gate
 * that sees the same config gets the same compiled matcher or resolver.
 */
export function oncePerConfig<T>(create: (config: ResolvedConfig) => T): (config: ResolvedConfig) => T {
  const cache = new WeakMap<ResolvedConfig, T>();
  return (config) => {
    let value = cache.get(config);
    if (value === undefined) {
      value = create(config);
      cache.set(config, value);
    }
    return value;
  };
}
