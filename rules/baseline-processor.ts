import { statSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { baselineSettings, readBaselineFile, type BaselineEntry } from '../core/baseline/baseline-file.js';
import { createIdentifier, type LocatedFinding } from '../core/baseline/finding-identity.js';
import { matchFindings } from '../core/baseline/finding-ratchet.js';
import { ConfigError } from '../config/errors.js';
import { findConfigFile, loadConfigSync } from '../config/load.js';
import { toProjectPath } from '../config/project-paths.js';

/** What the processor needs of a file's project: where the baseline is and what to do with known findings. */
interface FileBaseline {
  projectPath: string;
  entries: BaselineEntry[];
  editor: 'warn' | 'hide';
}

const KNOWN_SUFFIX = ' [known: accepted by the baseline]';

/**
 * The baseline in the editor: an ESLint processor that lets every file through
 * unchanged, then marks Plumbline findings the committed baseline accepts as
 * warnings (`baseline.editor: 'warn'`) or drops them (`'hide'`), matched by the
 * same identity as `plumbline gate` (rule, file, enclosing symbol, code hash).
 * Without a baseline file, or with one that cannot be read, nothing changes:
 * the gate reports a broken baseline, the editor keeps showing every finding.
 */
export function createBaselineProcessor(): Linter.Processor {
  const texts = new Map<string, string>();
  const baselines = new Map<string, { mtimeMs: number; entries: BaselineEntry[] | undefined }>();

  const entriesOf = (file: string): BaselineEntry[] | undefined => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = baselines.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.entries;
    const read = readBaselineFile(file);
    const entries = read.kind === 'ok' ? read.baseline.findings : undefined;
    baselines.set(file, { mtimeMs, entries });
    return entries;
  };

  const baselineFor = (filename: string): FileBaseline | undefined => {
    if (!path.isAbsolute(filename)) return undefined;
    try {
      // Inside the try: a refused config (writable by others) is the rules' to report too.
      const configFile = findConfigFile(path.dirname(filename));
      if (!configFile) return undefined;
      const config = loadConfigSync({ configFile });
      const settings = baselineSettings(config);
      const entries = entriesOf(settings.file);
      const projectPath = toProjectPath(config.root, filename);
      if (!entries || projectPath === undefined) return undefined;
      return { projectPath, entries: entries.filter((entry) => entry.file === projectPath), editor: settings.editor };
    } catch (error) {
      // A broken config is the rules' to report (they do, on every file); the processor stays out of the way.
      if (error instanceof ConfigError) return undefined;
      throw error;
    }
  };

  return {
    meta: { name: 'plumbline/baseline' },
    supportsAutofix: true,
    preprocess(text, filename) {
      texts.set(filename, text);
      return [text];
    },
    postprocess(messageLists, filename) {
      const messages = messageLists.flat();
      const text = texts.get(filename);
      texts.delete(filename);
      const baseline = text === undefined ? undefined : baselineFor(filename);
      if (!baseline || baseline.entries.length === 0) return messages;
      const ours = messages.filter((message) => message.ruleId?.startsWith('plumbline/'));
      const located = ours.map((message) => ({ message, finding: toFinding(message, baseline.projectPath) }));
      const identify = createIdentifier((projectPath) => (projectPath === baseline.projectPath ? text : undefined));
      const match = matchFindings(
        located.map((item) => item.finding),
        baseline.entries,
        identify,
        () => true,
      );
      const known = new Set(match.matched.filter((item) => item.state === 'unchanged').map((item) => item.finding));
      const knownMessages = new Set(located.filter((item) => known.has(item.finding)).map((item) => item.message));
      return messages.flatMap((message) => {
        if (!knownMessages.has(message)) return [message];
        if (baseline.editor === 'hide') return [];
        return [{ ...message, severity: 1 as const, message: `${message.message}${KNOWN_SUFFIX}` }];
      });
    },
  };
}

function toFinding(message: Linter.LintMessage, file: string): LocatedFinding {
  return {
    ruleId: message.ruleId ?? '',
    message: message.message,
    file,
    line: message.line,
    column: message.column,
    ...(message.endLine !== undefined ? { endLine: message.endLine } : {}),
    ...(message.endColumn !== undefined ? { endColumn: message.endColumn } : {}),
  };
}
