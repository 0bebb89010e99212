/** The scripts init adds to package.json. */
export const FITNESS_SCRIPTS: ReadonlyArray<readonly [string, string]> = [
  ['fitness', 'plumbline gate'],
  ['fitness:check', 'plumbline check'],
];

export interface ScriptsMerge {
  /** The new package.json text, or undefined when nothing changes. */
  text: string | undefined;
  added: string[];
  /** Scripts the project already has under our names with other commands: kept unless forced. */
  conflicts: Array<{ name: string; existing: string }>;
}

/**
 * Adds the fitness scripts to package.json text, keeping its key order,
 * indentation and line endings; an existing script of the same name is only
 * replaced with `force`. Throws on text that is not a JSON object.
 */
export function mergeFitnessScripts(text: string, force: boolean): ScriptsMerge {
  const data = JSON.parse(text) as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('package.json is not a JSON object');
  const pkg = data as Record<string, unknown>;
  const scripts = pkg.scripts === undefined ? {} : pkg.scripts;
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) throw new Error('package.json "scripts" is not an object');
  const next = { ...(scripts as Record<string, unknown>) };
  const added: string[] = [];
  const conflicts: ScriptsMerge['conflicts'] = [];
  for (const [name, command] of FITNESS_SCRIPTS) {
    const existing = next[name];
    if (existing === command) continue;
    if (existing !== undefined && !force) {
      conflicts.push({ name, existing: typeof existing === 'string' ? existing : JSON.stringify(existing) });
      continue;
    }
    next[name] = command;
    added.push(name);
  }
  if (added.length === 0) return { text: undefined, added, conflicts };
  pkg.scripts = next;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const body = JSON.stringify(pkg, null, indent).replace(/\n/g, newline);
  return { text: `${body}${/\r?\n$/.test(text) || text.length === 0 ? newline : ''}`, added, conflicts };
}
