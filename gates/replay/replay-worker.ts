import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createJiti } from 'jiti';

/**
 * The child process of one ref's replay: loads the replay entry from that ref's
 * checkout (TypeScript through jiti, with the project's path aliases) and
 * answers each case of the cases file with one line of the results file, in
 * order. Runs with the parent's time and memory limits; exit 3: entry unusable.
 */

interface WorkerSpec {
  entry: string;
  cases: string;
  results: string;
  aliases: Record<string, string>;
}

type Call = (operation: string, input: unknown, context: unknown) => unknown;

const spec = JSON.parse(process.argv[2] ?? '{}') as WorkerSpec;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(3);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && value !== undefined && typeof (value as { then?: unknown }).then === 'function';
}

function resolveEntry(loaded: unknown): Call {
  const candidates = [loaded, (loaded as { default?: unknown } | null)?.default];
  for (const mod of candidates) {
    if (mod === null || typeof mod !== 'object') continue;
    const { registry, decisions } = mod as { registry?: unknown; decisions?: unknown };
    if (registry !== undefined) {
      const instance = typeof registry === 'function' ? (registry as () => unknown)() : registry;
      if (typeof (instance as { execute?: unknown } | null)?.execute !== 'function')
        fail('the replay entry exports `registry`, but it is not an operation registry (no execute)');
      const target = instance as { execute: Call };
      return (operation, input, context) => target.execute(operation, input, context);
    }
    if (decisions !== undefined && decisions !== null && typeof decisions === 'object') {
      const table = decisions as Record<string, unknown>;
      const names = Object.keys(table).sort();
      return (operation, input, context) => {
        const decide = Object.hasOwn(table, operation) ? table[operation] : undefined;
        if (typeof decide !== 'function')
          throw new ReferenceError(`the replay entry has no decision '${operation}' (it has: ${names.join(', ') || 'none'})`);
        return (decide as (input: unknown, context: unknown) => unknown)(input, context);
      };
    }
  }
  return fail('the replay entry must export `decisions` (functions by operation id) or `registry` (an operation registry)');
}

function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.split('\n')[0] ?? '' };
  return { name: typeof error, message: String(error) };
}

function answerLine(answer: unknown): string {
  try {
    return JSON.stringify(answer);
  } catch (error) {
    return JSON.stringify({
      ok: false,
      error: { name: 'ReplayOutputError', message: `the output has no JSON form: ${describe(error).message}` },
    });
  }
}

const jiti = createJiti(spec.entry, { alias: spec.aliases, fsCache: false, interopDefault: false, moduleCache: true });
let loaded: unknown;
try {
  loaded = await jiti.import(spec.entry);
} catch (error) {
  fail(`cannot load the replay entry ${spec.entry}: ${describe(error).message}`);
}
const call = resolveEntry(loaded);

// Written synchronously, one line per case: the answers given before a hang or a crash are on disk.
const out = openSync(spec.results, 'w');
const lines = createInterface({ input: createReadStream(spec.cases, { encoding: 'utf8' }), crlfDelay: Infinity });
for await (const line of lines) {
  if (line === '') continue;
  const replayCase = JSON.parse(line) as { operation: string; input: unknown; context?: unknown };
  let answer: unknown;
  try {
    let output = call(replayCase.operation, replayCase.input, replayCase.context ?? {});
    if (isThenable(output)) output = await output;
    answer = { ok: true, output };
  } catch (error) {
    answer = { ok: false, error: describe(error) };
  }
  writeSync(out, `${answerLine(answer)}\n`);
}
closeSync(out);
