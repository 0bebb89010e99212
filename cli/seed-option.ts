import type { ResolvedConfig } from '../config/resolve.js';
import { UsageError } from './exit-codes.js';

/** `--seed <n>`: a safe integer, as fast-check takes it. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(seed)) throw new UsageError(`--seed: expected an integer, got '${value}'`);
  return seed;
}

/** The config with the property gate's seed replaced by `--seed`; unchanged without it or without a property gate. */
export function withPropertySeed(config: ResolvedConfig, seed: number | undefined): ResolvedConfig {
  const property = config.gates.property;
  if (seed === undefined || !property) return config;
  return { ...config, gates: { ...config.gates, property: { ...property, seed } } };
}
