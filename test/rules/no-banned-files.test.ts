import { RuleTester } from '@typescript-eslint/rule-tester';
import { noBannedFiles } from '../../rules/no-banned-files.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';

const ruleTester = new RuleTester();
const settings = { plumbline: { config: ruleProjectConfig() } };

ruleTester.run('no-banned-files', noBannedFiles, {
  valid: validCases(settings, [
    { name: 'an ordinary name', filename: inProject('src/core/orders.ts'), code: 'export {};' },
    { name: 'service as a folder name is fine', filename: inProject('src/core/service/orders.ts'), code: 'export {};' },
    { name: 'a pattern with a folder applies only there', filename: inProject('lib/x.manager.ts'), code: 'export {};' },
    {
      name: 'no banned patterns configured',
      filename: inProject('src/core/order_service.ts'),
      code: 'export {};',
      settings: { plumbline: { config: ruleProjectConfig({ bannedFiles: [] }) } },
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'a *_service file anywhere',
      filename: inProject('src/core/order_service.ts'),
      code: 'export const placeOrder = () => 1;',
      errors: [{ messageId: 'bannedFile', line: 1, column: 1, data: { name: 'order_service.ts', pattern: '**/*_service.ts' } }],
    },
    {
      name: 'a banned file outside every layer is still reported',
      filename: inProject('scripts/cleanup_service.ts'),
      code: 'export {};',
      errors: [{ messageId: 'bannedFile' }],
    },
    {
      name: 'the reason of the pattern is shown',
      filename: inProject('src/db/orders.manager.ts'),
      code: 'export {};',
      errors: [
        {
          messageId: 'bannedFileWithReason',
          data: { name: 'orders.manager.ts', pattern: 'src/**/*.manager.ts', reason: 'managers hide orchestration' },
        },
      ],
    },
  ]),
});
