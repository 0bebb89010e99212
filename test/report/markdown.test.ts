import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../report/markdown.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';

describe('Markdown summary', () => {
  const md = renderMarkdown(sampleEvidence());

  it('states the verdict, the mode and every gate with its status', () => {
    expect(md).toContain('**Result:** failed');
    expect(md).toContain('**Mode:** strict');
    expect(md).toMatch(/\| Static fitness \(`static`\) \| FAIL \| 1 \| 1 \| filesChecked: 12 \|/);
    expect(md).toMatch(/\| Broken gate \(`broken`\) \| ERROR \|/);
    expect(md).toMatch(/\| Later gate \(`later`\) \| DEFERRED \|/);
  });

  it('lists deferred items with their reason and what was not run', () => {
    expect(md).toContain('- `later` until 2027-01-31: rewrite');
    expect(md).toContain('- `other`: skipped by --skip');
  });

  it('links each finding to its rule docs and escapes markup', () => {
    expect(md).toContain('`src/api/policy routes.ts:3:24` error');
    expect(md).toContain('[plumbline/layer-boundaries](https://example.invalid/docs/rules/layer-boundaries.md)');
    expect(md).toContain('&lt;x&gt;');
  });

  it('labels monitor mode so nobody mistakes it for a pass', () => {
    const monitor = renderMarkdown({ ...sampleEvidence(), mode: 'monitor', exitCode: 0 });
    expect(monitor).toContain('found violations (monitor mode: not enforced)');
    expect(monitor).toContain('> Monitor mode: violations are reported but do not fail the run.');
  });
});
