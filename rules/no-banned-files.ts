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
      rationale:
        'Some file names announce an architecture the project has left behind: a new `*_service.ts` is where orchestration, decisions ' +
        'and effects get mixed again. The rule reports every linted file whose project-relative path matches a `bannedFiles` pattern of ' +
        'plumbline.config (a pattern without a slash matches the file name anywhere). A pattern may carry a reason, which the message ' +
        'shows, so the finding says where the code should go instead.',
      examples: {
        valid: [{ file: 'src/domains/policies/engines/threshold.ts', code: 'export function evaluate() {}' }],
        invalid: [
          {
            file: 'src/domains/policies/policy_service.ts',
            code: "// with bannedFiles: ['**/*_service.ts']\nexport class PolicyService {}",
          },
          { file: 'src/api/health.service.ts', code: "// with bannedFiles: ['**/*.service.ts']\nexport const ping = () => 'pong';" },
        ],
      },
    },
    messages: {
      bannedFile: "File name '{{name}}' matches the banned pattern '{{pattern}}'.",
      bannedFileWithReason: "File name '{{name}}' matches the banned pattern '{{pattern}}': {{reason}}.",
    },
    schema: [],
  },
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
