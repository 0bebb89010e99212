import { globby } from 'globby';
import type { ResolvedConfig } from '../../../config/resolve.js';
import { atLine, type FindingLocation } from '../../../core/rule-catalog.js';
import type { TableContract } from './contract-schema.js';
import { loadContract, type ContractProblem, type LoadedContract } from './contract-load.js';

/** One table's contract with the file that declares it. */
export interface ContractTable {
  name: string;
  table: TableContract;
  source: LoadedContract;
}

/**
 * Where a finding about a table points: the line of `key` (a column, an
 * expectation) in its contract, else the table's own line, else the file.
 */
export function contractLocator(entry: ContractTable): (key: string) => FindingLocation {
  return (key) => atLine(entry.source.file, entry.source.lines.get(key) ?? entry.source.lines.get(entry.name) ?? 0);
}

export interface ContractSet {
  files: LoadedContract[];
  tables: ContractTable[];
  problems: ContractProblem[];
}

/** Loads every contract named by `data.contracts`; a table declared twice is a problem, not a silent override. */
export async function loadContractSet(config: ResolvedConfig): Promise<ContractSet> {
  const globs = config.data?.contracts ?? [];
  const paths = globs.length === 0 ? [] : (await globby(globs, { cwd: config.root, absolute: true, gitignore: false })).sort();
  const files: LoadedContract[] = [];
  const problems: ContractProblem[] = [];
  if (globs.length > 0 && paths.length === 0) {
    problems.push({ file: '', line: 0, message: `no data contract file matches data.contracts (${globs.join(', ')})` });
  }
  for (const file of paths) {
    const result = await loadContract(config.root, file);
    problems.push(...result.problems);
    if (result.loaded) files.push(result.loaded);
  }
  const tables: ContractTable[] = [];
  const seen = new Map<string, LoadedContract>();
  for (const source of files) {
    for (const [name, table] of Object.entries(source.contract.tables)) {
      const first = seen.get(name);
      if (first) {
        problems.push({
          file: source.file,
          line: source.lines.get(name) ?? 0,
          message: `table '${name}' is already declared in ${first.file}`,
        });
        continue;
      }
      seen.set(name, source);
      tables.push({ name, table, source });
    }
  }
  return { files, tables, problems };
}
