import type * as FastCheck from 'fast-check';
import { fc } from './fast-check.js';

/** Environment variables through which the property gate hands its seed and run count to the tests it runs. */
export const PROPERTY_SEED_ENV = 'PLUMBLINE_PROPERTY_SEED';
export const PROPERTY_NUM_RUNS_ENV = 'PLUMBLINE_PROPERTY_NUM_RUNS';

/** The seed used when neither the caller nor the gate gives one: property runs are reproducible by default. */
export const DEFAULT_PROPERTY_SEED = 42;
export const DEFAULT_PROPERTY_NUM_RUNS = 100;

/** What a caller may override for one property run; the rest comes from the gate (environment) or the defaults. */
export interface PropertyRunOptions {
  seed?: number;
  numRuns?: number;
  /** fast-check's `path` from a failure report: replays that counterexample directly (with its seed). */
  path?: string;
  /** fast-check's `replayPath` of a command sequence (state machines), from the same report. */
  replayPath?: string;
}

/**
 * fast-check parameters for one run: explicit options, then the gate's
 * environment, then fixed defaults. Never a random seed, so a failure replays.
 * Tests that call fc.assert themselves pass this as its parameters.
 */
export function propertyParameters(options: PropertyRunOptions = {}): { seed: number; numRuns: number } {
  return {
    seed: options.seed ?? integerFromEnv(PROPERTY_SEED_ENV) ?? DEFAULT_PROPERTY_SEED,
    numRuns: options.numRuns ?? integerFromEnv(PROPERTY_NUM_RUNS_ENV) ?? DEFAULT_PROPERTY_NUM_RUNS,
  };
}

function integerFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got '${raw}'`);
  return value;
}

/**
 * Asserts one named law. fast-check's own report (seed, path, shrunk
 * counterexample) is kept verbatim after the law's name, so the property gate
 * and a person can both replay it.
 */
export async function assertLaw<Ts>(
  law: string,
  property: FastCheck.IProperty<Ts> | FastCheck.IAsyncProperty<Ts>,
  options: PropertyRunOptions,
): Promise<void> {
  try {
    const parameters = propertyParameters(options);
    await fc.assert(property, options.path === undefined ? parameters : { ...parameters, path: options.path });
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const reason = cause instanceof Error ? `\nCause: ${cause.message}` : '';
    throw new PropertyLawError(law, `${law} violated: ${error instanceof Error ? error.message : String(error)}${reason}`, {
      cause: error,
    });
  }
}

/** A property helper's law does not hold for the implementation under test. */
export class PropertyLawError extends Error {
  override readonly name = 'PropertyLawError';
  constructor(
    readonly law: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
