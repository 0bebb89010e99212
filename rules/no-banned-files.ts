import path from 'node:path';
import { createRule } from './create-rule.js';
import { getProjectContext } from './project-context.js';

type MessageIds = 'bannedFile' | 'bannedFileWithReason';

export const noBannedFiles = createRule<[], MessageIds>({
  name: 'no-banned-files',
  meta: {
    type: 'problem',
    docs: {
      description: 'Forbid files whose path matches a `bannedFiles` pattern of the config (e.g. `*_service.ts`)',
      recommended: true,
    },
    messages: {
      bannedFile: "File name '{{name}}' matches the banned pattern '{{pattern}}'.",
      bannedFileWithReason: "File name '{{name}}' matches the banned pattern '{{pattern}}': {{reason}}.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const entry = project.matcher.bannedEntryFor(project.file);
    if (!entry) return {};
    return {
      Program() {
        const data = { name: path.basename(project.file), pattern: entry.pattern, reason: entry.reason ?? '' };
        context.report({ loc: { line: 1, column: 0 }, messageId: entry.reason ? 'bannedFileWithReason' : 'bannedFile', data });
      },
    };
  },
});
