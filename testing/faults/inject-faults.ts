import { isDeepStrictEqual } from 'node:util';
import { seededRandom } from '../random.js';
import { ConnectionLostError, ConstraintViolationError, DriverTimeoutError } from './fault-errors.js';
import { checkSchedule, type Fault, type FaultRule, type FaultSchedule } from './fault-schedule.js';

/** One injected (or not applicable) fault, in call order. */
export interface FaultEvent {
  readonly method: string;
  /** 1-based call number of that method. */
  readonly call: number;
  readonly fault: Fault['kind'];
  /** False when the fault could not apply (latency on a sync call, stale read before any value). */
  readonly applied: boolean;
}

export interface FaultInjection {
  /** Every fault that fired, in order. */
  readonly events: readonly FaultEvent[];
  /** Calls per method, faulty or not. */
  readonly calls: ReadonlyMap<string, number>;
}

const injections = new WeakMap<object, FaultInjection>();

/** What injectFaults recorded for a wrapped driver. */
export function faultLog(wrapped: object): FaultInjection {
  const log = injections.get(wrapped);
  if (!log) throw new TypeError('faultLog: this object was not made by injectFaults');
  return log;
}

/**
 * Wraps a driver (any object with sync or async methods) so that calls fail as
 * the schedule says: thrown typed errors, timeouts, latency, stale reads and
 * partial writes. The same seed and schedule give the same faults on the same
 * calls. Non-function properties and methods no rule names pass through.
 */
export function injectFaults<Driver extends object>(driver: Driver, schedule: FaultSchedule, options: { seed?: number } = {}): Driver {
  checkSchedule(schedule);
  const random = seededRandom(options.seed ?? 0);
  const events: FaultEvent[] = [];
  const calls = new Map<string, number>();
  const seen = new Map<string, Array<{ args: unknown[]; value: unknown }>>();
  const wrappers = new Map<PropertyKey, unknown>();
  // Methods that returned a promise before: their timeouts and latency are asynchronous too.
  const promising = new Set<string>();

  const pickRule = (method: string, call: number): FaultRule | undefined =>
    schedule.find((rule) => {
      if (rule.method !== '*' && rule.method !== method) return false;
      if ('calls' in rule.when) return rule.when.calls.includes(call);
      if ('always' in rule.when) return true;
      // Drawn only for rules that could fire, so the sequence depends on the schedule and calls alone.
      return random.next() < rule.when.probability;
    });

  const remember = (method: string, args: unknown[], value: unknown) => {
    const list = seen.get(method) ?? [];
    if (!list.some((entry) => isDeepStrictEqual(entry.args, args))) list.push({ args: structuredCloneSafe(args), value });
    seen.set(method, list);
  };

  const wrapped = new Proxy(driver, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      const cached = wrappers.get(property);
      if (cached) return cached;
      const method = property;
      const real = (args: unknown[]): unknown => (value as (...a: unknown[]) => unknown).apply(target, args);
      const wrapper = (...args: unknown[]): unknown => {
        const call = (calls.get(method) ?? 0) + 1;
        calls.set(method, call);
        const rule = pickRule(method, call);
        const record = (applied: boolean) => rule && events.push({ method, call, fault: rule.fault.kind, applied });
        const passThrough = () => {
          const result = real(args);
          if (isPromise(result)) {
            promising.add(method);
            return result.then((resolved) => (remember(method, args, resolved), resolved));
          }
          remember(method, args, result);
          return result;
        };
        if (!rule) return passThrough();
        const fault = rule.fault;
        const isAsync = isAsyncFunction(value) || promising.has(method);
        switch (fault.kind) {
          case 'connection-lost':
            record(true);
            return failWith(new ConnectionLostError(method), isAsync);
          case 'constraint-violation':
            record(true);
            return failWith(new ConstraintViolationError(method, fault.constraint ?? 'unique'), isAsync);
          case 'timeout': {
            record(true);
            const error = new DriverTimeoutError(method, fault.afterMs ?? 0);
            if (!isAsync) throw error;
            return new Promise((_, reject) =>
              setTimeout(() => {
                reject(error);
              }, fault.afterMs ?? 0),
            );
          }
          case 'latency': {
            if (!isAsync) {
              record(false);
              return passThrough();
            }
            record(true);
            return new Promise((resolve) => setTimeout(resolve, fault.ms)).then(passThrough);
          }
          case 'stale-read': {
            const previous = seen.get(method)?.find((entry) => isDeepStrictEqual(entry.args, args));
            record(previous !== undefined);
            if (!previous) return passThrough();
            return isAsync ? Promise.resolve(previous.value) : previous.value;
          }
          case 'partial-write': {
            record(true);
            const kept = (fault.keep ?? halveFirstArray)(args);
            const result = real(kept);
            const fail = () => {
              throw new ConnectionLostError(method);
            };
            return isPromise(result) ? result.then(fail) : fail();
          }
        }
      };
      wrappers.set(property, wrapper);
      return wrapper;
    },
  });
  injections.set(wrapped, { events, calls });
  return wrapped;
}

/** An async method fails by rejecting, as the real one would; a sync one by throwing. */
function failWith(error: Error, isAsync: boolean): Promise<never> {
  if (isAsync) return Promise.reject(error);
  throw error;
}

/** An `async` method; other methods count as async once they have returned a promise. */
function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor.name === 'AsyncFunction';
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function halveFirstArray(args: readonly unknown[]): unknown[] {
  const index = args.findIndex(Array.isArray);
  if (index < 0) return [...args];
  const list = args[index] as unknown[];
  return args.map((arg, at) => (at === index ? list.slice(0, Math.floor(list.length / 2)) : arg));
}

function structuredCloneSafe(args: unknown[]): unknown[] {
  try {
    return structuredClone(args);
  } catch {
    return args;
  }
}
