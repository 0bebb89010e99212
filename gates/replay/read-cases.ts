import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ReplayCaseSchema, type ReplayCase } from '@plumbline-kit/runtime';

/** One entry of an input file: a valid case, or why it is not one, with file and line. */
export type CaseRecord =
  | { readonly kind: 'case'; readonly file: string; readonly line: number; readonly value: ReplayCase }
  | { readonly kind: 'invalid'; readonly file: string; readonly line: number; readonly message: string };

const JSON_LINES = ['.jsonl', '.ndjson'];
const JSON_ARRAY = ['.json'];

/**
 * The input files named by `--input`: a file, or every .jsonl/.ndjson/.json file
 * below a folder, sorted by path so the order (and so the report) is stable.
 */
export function listInputFiles(input: string): string[] {
  const stats = statSync(input, { throwIfNoEntry: false });
  if (stats === undefined) throw new ReplayInputError(`input ${input} does not exist`);
  if (stats.isFile()) return [input];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ([...JSON_LINES, ...JSON_ARRAY].includes(path.extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  walk(input);
  if (files.length === 0) throw new ReplayInputError(`input folder ${input} holds no .jsonl, .ndjson or .json file`);
  return files;
}

/** An input that cannot be read at all (missing, empty folder, not a JSON array): the run stops. */
export class ReplayInputError extends Error {
  override name = 'ReplayInputError';
}

/**
 * Streams the cases of one file without holding the file in memory: JSON Lines
 * line by line, a JSON array element by element. Each entry is checked against
 * the replay contract; a bad one is yielded as `invalid` with its line.
 * `display` is the file name used in messages (project-relative).
 */
export async function* readCases(file: string, display: string): AsyncGenerator<CaseRecord> {
  const source = JSON_ARRAY.includes(path.extname(file).toLowerCase()) ? arrayElements(file, display) : jsonLines(file);
  for await (const { line, text } of source) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { kind: 'invalid', file: display, line, message: `not JSON (${(error as Error).message})` };
      continue;
    }
    const parsed = ReplayCaseSchema.safeParse(value);
    if (parsed.success) yield { kind: 'case', file: display, line, value: parsed.data };
    else {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(case)'}: ${issueMessage(issue, value)}`,
      );
      yield { kind: 'invalid', file: display, line, message: `not a replay case: ${issues.join('; ')}` };
    }
  }
}

/** zod says only "Invalid input" for a missing JSON-valued field (input, output): say what is wrong. */
function issueMessage(issue: { code: string; message: string; path: PropertyKey[] }, value: unknown): string {
  if (issue.code !== 'invalid_union') return issue.message;
  let current: unknown = value;
  for (const key of issue.path)
    current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current === undefined ? 'required' : issue.message;
}

async function* jsonLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== '') yield { line, text };
  }
}

/**
 * Splits a top-level JSON array into its elements' texts as the file streams in,
 * tracking strings and nesting depth; each element is parsed on its own, so one
 * bad element costs one case, not the file. The array brackets themselves must be there.
 */
async function* arrayElements(file: string, display: string): AsyncGenerator<{ line: number; text: string }> {
  let state: 'before' | 'between' | 'element' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let startLine = 1;
  let buffer = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const text = chunk as string;
    let elementStart = state === 'element' ? 0 : -1;
    for (let index = 0; index < text.length; index++) {
      const char = text[index] as string;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (char === '\\') escaped = true;
          else if (char === '"') inString = false;
        } else if (char === '"') inString = true;
        else if (char === '[' || char === '{') depth++;
        else if (char === ']' || char === '}') {
          if (depth === 0) {
            // The closing bracket of the array itself ends the last element.
            buffer += text.slice(elementStart, index);
            yield { line: startLine, text: buffer };
            buffer = '';
            state = 'after';
          } else depth--;
        } else if (char === ',' && depth === 0) {
          buffer += text.slice(elementStart, index);
          yield { line: startLine, text: buffer };
          buffer = '';
          state = 'between';
        }
      } else if (char === '\n' || char === ' ' || char === '\t' || char === '\r' || (index === 0 && char === '\uFEFF')) {
        // whitespace between tokens
      } else if (state === 'before') {
        if (char !== '[')
          throw new ReplayInputError(`${display}:${line}: a .json input must be an array of cases (or use .jsonl for JSON Lines)`);
        state = 'between';
      } else if (state === 'between') {
        if (char === ']') state = 'after';
        else {
          state = 'element';
          startLine = line;
          elementStart = index;
          depth = 0;
          inString = char === '"';
          if (char === '[' || char === '{') depth = 1;
        }
      } else {
        throw new ReplayInputError(`${display}:${line}: unexpected text after the array's closing bracket`);
      }
      if (char === '\n') line++;
      if (state !== 'element') elementStart = -1;
    }
    if (state === 'element') buffer += text.slice(Math.max(elementStart, 0));
  }
  // Read through a widened copy: the compiler cannot follow the state changes made inside the loop.
  const ended: string = state;
  if (ended === 'before') throw new ReplayInputError(`${display}: empty file; a .json input must be an array of cases`);
  if (ended !== 'after') throw new ReplayInputError(`${display}:${line}: the array is not closed (the file is truncated?)`);
}
