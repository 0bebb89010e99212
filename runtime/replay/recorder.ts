import { z } from 'zod';
import { readClock, type RuntimeClock } from '../clock.js';
import type { OperationContext } from '../operation.js';
import type { OperationRegistry } from '../registry.js';
import { parseOptions } from '../zod-issues.js';
import { ReplayCaseSchema, ReplayContextSchema, type ReplayCase, type ReplayCaseSink, type ReplayContext } from './case.js';
import { compileRedactions, redactedJsonCopy } from './redact.js';

export interface RecordDecisionsOptions<Ctx = OperationContext> {
  /** Share of executions recorded, in (0, 1]. Default 1 (every execution). */
  sampleRate?: number;
  /**
   * Paths replaced by `[REDACTED]` before a case leaves the process, relative to
   * the case: `input.password`, `output.users[*].email`, `context.tenant`, `input.*`.
   */
  redact?: string[];
  /** Operation ids to record. Default: every operation of the registry. */
  operations?: string[];
  /** Extracts the replay context (tenant, time, flags) from the handler's context. Default: none. */
  context?: (ctx: Ctx) => ReplayContext | undefined;
  /** Written into each case's capture metadata, e.g. `billing-api@1.4.2`. */
  source?: string;
  /** Stamps `capture.capturedAt`; without a clock cases carry no capture time. */
  clock?: RuntimeClock;
  /** Random numbers in [0, 1) for sampling. Default Math.random; inject a seeded one for reproducible samples. */
  random?: () => number;
  /** Called when a case cannot be recorded (no JSON form, invalid context, failing sink). Default: a process warning. */
  onError?: (error: unknown, operationId: string) => void;
}

export interface DecisionRecorder {
  /** Stops recording; executions already in flight still finish their case. */
  stop(): void;
  /** Cases handed to the sink so far. */
  readonly recorded: number;
}

const fn = (name: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: `${name} must be a function` });

const OptionsSchema = z.strictObject({
  sampleRate: z.number().gt(0, 'sampleRate must be above 0 (0 would record nothing)').max(1).optional(),
  redact: z.array(z.string().min(1)).optional(),
  operations: z.array(z.string().min(1)).optional(),
  context: fn('context').optional(),
  source: z.string().min(1).optional(),
  clock: fn('clock').optional(),
  random: fn('random').optional(),
  onError: fn('onError').optional(),
});

const SinkSchema = z.custom<ReplayCaseSink>((value) => typeof (value as ReplayCaseSink | null)?.record === 'function', {
  error: 'must be a sink: { record(case) }',
});

/**
 * Records the registry's executions as replay cases (the replay contract): the
 * input when the call starts, the output or error when it ends, both as JSON
 * copies with the configured paths redacted. Recording never changes an
 * execution's outcome: a case that cannot be recorded goes to `onError`.
 */
export function recordDecisions<Ctx = OperationContext>(
  registry: OperationRegistry<Ctx>,
  sink: ReplayCaseSink,
  options: RecordDecisionsOptions<Ctx> = {},
): DecisionRecorder {
  parseOptions('recordDecisions', OptionsSchema, options);
  parseOptions('recordDecisions', z.strictObject({ sink: SinkSchema }), { sink });
  const sampleRate = options.sampleRate ?? 1;
  const redactions = compileRedactions(options.redact ?? []);
  const only = options.operations ? new Set(options.operations) : undefined;
  const random = options.random ?? Math.random;
  const onError = options.onError ?? warnRecordingError;
  const capture = {
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(sampleRate < 1 ? { sampleRate } : {}),
    ...(redactions.length > 0 ? { redacted: redactions.map((pattern) => pattern.source) } : {}),
  };
  let recorded = 0;

  const stop = registry.observe(({ operationId, input, ctx }) => {
    if (only !== undefined && !only.has(operationId)) return undefined;
    if (sampleRate < 1 && random() >= sampleRate) return undefined;
    let base: ReplayCase;
    try {
      // Copied now: the handler may mutate its input.
      const context = options.context?.(ctx);
      base = {
        operation: operationId,
        input: redactedJsonCopy(input, ['input'], redactions) as ReplayCase['input'],
        ...(context !== undefined
          ? { context: redactedJsonCopy(ReplayContextSchema.parse(context), ['context'], redactions) as ReplayContext }
          : {}),
      };
    } catch (error) {
      onError(error, operationId);
      return undefined;
    }
    return (outcome) => {
      try {
        const ended: ReplayCase = outcome.ok
          ? { ...base, ...withOutput(redactedJsonCopy(outcome.output, ['output'], redactions)) }
          : { ...base, error: describeError(outcome.error) };
        const meta = options.clock ? { ...capture, capturedAt: readClock(options.clock) } : capture;
        const replayCase = Object.keys(meta).length > 0 ? { ...ended, capture: meta } : ended;
        // The contract is checked here, so the file never holds a case the gate cannot read.
        sink.record(ReplayCaseSchema.parse(replayCase));
        recorded++;
      } catch (error) {
        onError(error, operationId);
      }
    };
  });
  return {
    stop,
    get recorded() {
      return recorded;
    },
  };
}

function withOutput(output: unknown): Pick<ReplayCase, 'output'> {
  return output === undefined ? {} : { output: output as ReplayCase['output'] };
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}

function warnRecordingError(error: unknown, operationId: string): void {
  process.emitWarning(`a replay case of ${operationId} was not recorded: ${error instanceof Error ? error.message : String(error)}`, {
    code: 'PLUMBLINE_REPLAY_RECORDER',
  });
}
