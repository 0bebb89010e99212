import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import { z } from 'zod';
import { isCalendarDate } from '../../config/schema.js';

/**
 * An incident record: `<incidents.dir>/<incident_id>.md`, YAML front matter
 * between `---` lines, then free Markdown (what happened, why, what guards it now).
 * The front matter links the incident to the guardrails that keep it from
 * happening again: invariant ids declared by defineOperation, and tests.
 */

export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved'] as const;

export const IncidentIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][\w.-]*$/,
    'an incident id starts with a letter or digit and holds only letters, digits, _, . and - (it is the file name)',
  );

export const IncidentTestSchema = z
  .object({
    file: z.string().min(1, 'name the test file, relative to the project root'),
    name: z.string().min(1, "name the test: its title, or its describe path ('describe > it')"),
  })
  .strict();

export const IncidentFrontMatterSchema = z
  .object({
    incident_id: IncidentIdSchema,
    title: z.string().trim().min(1, 'an incident needs a title'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .refine(isCalendarDate, 'not a real calendar date'),
    owner: z.string().min(1, 'name the owning domain'),
    /** Emptiness is its own finding (incidents/no-invariant), with a clearer message than a schema error. */
    invariants: z.array(z.string().min(1, 'an invariant id must not be empty')),
    tests: z.array(IncidentTestSchema).default([]),
    status: z.enum(INCIDENT_STATUSES),
  })
  .strict();

export type IncidentFrontMatter = z.output<typeof IncidentFrontMatterSchema>;
export type IncidentStatus = IncidentFrontMatter['status'];

/** A field path inside the front matter, e.g. ['tests', 0, 'name']. */
export type FieldPath = readonly PropertyKey[];

export interface IncidentRecord {
  /** Project-relative path of the record. */
  file: string;
  front: IncidentFrontMatter;
  /** The file line of a front-matter field (its key, or its list item); the opening `---` when absent. */
  lineOf(path: FieldPath): number;
}

export interface RecordProblem {
  file: string;
  line: number;
  message: string;
}

export type ParsedRecord = { ok: true; record: IncidentRecord } | { ok: false; problems: RecordProblem[] };

/** Reads one record's front matter; every problem (no front matter, bad YAML, bad field) is a problem at file:line, never a throw. */
export function parseIncidentRecord(file: string, text: string): ParsedRecord {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { ok: false, problems: [{ file, line: 1, message: 'an incident record starts with YAML front matter between two --- lines' }] };
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return { ok: false, problems: [{ file, line: 1, message: 'the front matter is not closed by a --- line' }] };
  // The front matter's first line is line 2 of the file.
  const offset = 1;
  const counter = new LineCounter();
  const document = parseDocument(lines.slice(1, end).join('\n'), { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        line: counter.linePos(error.pos[0]).line + offset,
        message: `invalid YAML front matter: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf = (path: FieldPath) => {
    const at = fieldOffset(document, path);
    return at === undefined ? 1 : counter.linePos(at).line + offset;
  };
  const parsed = IncidentFrontMatterSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        // An unknown key is reported on the object; point at the key itself.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const path = keys.length > 0 ? [...issue.path, keys[0] as string] : issue.path;
        const field = path.length === 0 ? 'front matter' : path.map(String).join('.');
        return { file, line: lineOf(path), message: `invalid front matter at ${field}: ${issue.message}` };
      }),
    };
  }
  return { ok: true, record: { file, front: parsed.data, lineOf } };
}

/** Character offset of a field's key (maps) or item (lists), following the path as far as it exists. */
function fieldOffset(document: Document, path: FieldPath): number | undefined {
  let node: unknown = document.contents;
  let found: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === step);
      if (!pair) break;
      found = isScalar(pair.key) ? pair.key.range?.[0] : found;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) break;
      found = (item as { range?: [number, number, number] }).range?.[0] ?? found;
      node = item;
    } else break;
  }
  return found;
}

/** A new record: the front matter, then headings for the write-up. Used by `plumbline incident new`. */
export function renderIncidentRecord(front: IncidentFrontMatter): string {
  const ordered = {
    incident_id: front.incident_id,
    title: front.title,
    date: front.date,
    owner: front.owner,
    status: front.status,
    invariants: front.invariants,
    tests: front.tests.map((test) => ({ file: test.file, name: test.name })),
  };
  const yaml = stringify(ordered, { lineWidth: 0 });
  return [
    '---',
    yaml.trimEnd(),
    '---',
    '',
    `# ${front.incident_id}: ${front.title}`,
    '',
    '## What happened',
    '',
    '## Why',
    '',
    '## Guardrails',
    '',
    'The invariants and tests in the front matter keep this from happening again; the incidents gate checks that they exist.',
    '',
  ].join('\n');
}
