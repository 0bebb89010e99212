import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A JSON file's object, or undefined when absent or not an object; `lenient` reads JSONC (tsconfig). */
export function readJsonFile(file: string, lenient = false): { file: string; data: Record<string, unknown> } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    // tsconfig is JSONC (comments, trailing commas): TypeScript's own reader parses it.
    const data = (lenient ? ts.parseConfigFileTextToJson(file, text).config : JSON.parse(text)) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? { file, data: data as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files the root tsconfig.json compiles (its include/exclude/files, with `extends`), project-relative;
 * undefined when there is no tsconfig or it lists no file (a solution file with only references).
 */
export function tsconfigFileNames(root: string): Set<string> | undefined {
  const file = path.join(root, 'tsconfig.json');
  if (!existsSync(file)) return undefined;
  const read = ts.readConfigFile(file, (name) => ts.sys.readFile(name));
  if (read.error) return undefined;
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root, undefined, file);
  if (parsed.fileNames.length === 0) return undefined;
  return new Set(parsed.fileNames.map((name) => path.relative(root, name).split(path.sep).join('/')));
}
