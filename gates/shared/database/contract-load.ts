import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { formatPath } from '../../../config/errors.js';
import { DataContractSchema, type ParsedDataContract } from './contract-schema.js';
import { scriptLines, yamlLines, type ContractLines } from './contract-locations.js';
import { userFileLoader } from '../../../config/user-file-loader.js';
import { keyPattern, lineMatching, splitLines } from '../../../core/text-lines.js';

export interface LoadedContract {
  /** Project-relative path with forward slashes. */
  file: string;
  contract: ParsedDataContract;
  lines: ContractLines;
}

export interface ContractProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * Loads one contract file (YAML, or a module whose default export is the
 * contract) and validates it. Never throws for a bad file: problems come back
 * with the file and line, for the gate to report as findings.
 */
export async function loadContract(root: string, absolute: string): Promise<{ loaded?: LoadedContract; problems: ContractProblem[] }> {
  const file = path.relative(root, absolute).split(path.sep).join('/');
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    return { problems: [{ file, line: 0, message: `cannot read the data contract: ${(error as Error).message}` }] };
  }
  let raw: unknown;
  let yamlPositions: ContractLines | undefined;
  if (/\.ya?ml$/i.test(absolute)) {
    const counter = new LineCounter();
    const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      return {
        problems: document.errors.map((error) => ({
          file,
          line: counter.linePos(error.pos[0]).line,
          message: `invalid YAML: ${error.message.split('\n')[0]}`,
        })),
      };
    }
    raw = document.toJS();
    yamlPositions = yamlLines(document, counter);
  } else {
    try {
      raw = await (await userFileLoader()).import(absolute, { default: true });
    } catch (error) {
      return { problems: [{ file, line: 0, message: `cannot load the data contract: ${(error as Error).message.split('\n')[0]}` }] };
    }
  }
  const parsed = DataContractSchema.safeParse(raw);
  if (!parsed.success) {
    const positions = yamlPositions ?? new Map<string, number>();
    return {
      problems: parsed.error.issues.map((issue) => ({
        file,
        line: lineOfIssuePath(positions, issue.path) || (yamlPositions ? 0 : lineOfText(text, issue.path)),
        message: `invalid data contract at ${formatPath(issue.path) || '(root)'}: ${issueMessage(issue)}`,
      })),
    };
  }
  const lines = yamlPositions ?? scriptLines(text, parsed.data.tables);
  return { loaded: { file, contract: parsed.data, lines }, problems: [] };
}

/** zod reports a bad record key as 'Invalid key in record'; the reason is in its nested issue. */
function issueMessage(issue: { code: string; message: string; issues?: ReadonlyArray<{ message: string }> }): string {
  return issue.code === 'invalid_key' && issue.issues?.[0] ? issue.issues[0].message : issue.message;
}

function lineOfIssuePath(lines: ContractLines, issuePath: readonly PropertyKey[]): number {
  const [first, table, section, column] = issuePath.map(String);
  if (first !== 'tables' || table === undefined) return 0;
  if (section === 'columns' && column !== undefined) return lines.get(`${table}.${column}`) ?? lines.get(table) ?? 0;
  if (section !== undefined) return lines.get(`${table}#${section}`) ?? lines.get(table) ?? 0;
  return lines.get(table) ?? 0;
}

/** For script contracts that failed validation: the line of the deepest named key found in order. */
function lineOfText(text: string, issuePath: readonly PropertyKey[]): number {
  const source = splitLines(text);
  let found = 0;
  for (const key of issuePath) {
    if (typeof key !== 'string') continue;
    const line = lineMatching(source, keyPattern(key), Math.max(found - 1, 0));
    if (line === 0) break;
    found = line;
  }
  return found;
}
