import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { dataQualityGate } from '../../gates/data-quality/gate.js';
import { runGatePack } from '../../gates/runner/run-pack.js';
import { MAX_FINDING_MESSAGE, MAX_QUOTED_VALUE } from '../../core/bounded-text.js';
import { dataProject, gateContext } from '../helpers/data-gates.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';
import { z } from 'zod';

const HUGE = 1_000_000;

describe('findings are bounded, whatever the data', () => {
  it('quotes a huge sample value by its start, its length and a hash; the finding stays small', async () => {
    const contract = [
      'tables:',
      '  notes:',
      '    columns:',
      '      id: { type: integer, primaryKey: true }',
      '      body: { type: text, expect: { values: [ok] } }',
      '',
    ].join('\n');
    const project = dataProject({ 'contract.yaml': contract }, { db: 'sqlite:app.sqlite', contracts: ['contract.yaml'] });
    try {
      const db = new Database(path.join(project.root, 'app.sqlite'));
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO notes VALUES (?, ?)');
      for (let id = 1; id <= 12; id++) insert.run(id, String.fromCharCode(96 + id).repeat(HUGE));
      db.close();
      const { findings } = await runGateAlone(dataQualityGate, gateContext(project.config));
      const values = findings.find((finding) => finding.message.includes('e.g.'));
      expect(values?.message).toMatch(new RegExp(`body='a{${MAX_QUOTED_VALUE}}… \\(${HUGE} characters, sha256 [0-9a-f]{12}\\)'`));
      for (const finding of findings) expect(finding.message.length).toBeLessThanOrEqual(MAX_FINDING_MESSAGE);
    } finally {
      project.remove();
    }
  });

  it('caps every finding message and gate reason at the pack, saying how long it was', async () => {
    const config = resolveConfig({ layers: { core: { paths: ['src/core/**'] } } }, { cwd: '/project' });
    const long = 'x'.repeat(HUGE);
    const pack = await runGatePack({
      config,
      evidenceDir: '/project/.plumbline/evidence',
      gates: [
        {
          id: 'wordy',
          title: 'Wordy',
          description: 'test gate',
          settings: z.unknown(),
          rules: [],
          run: async () => ({
            findings: [{ ruleId: 'test/long', severity: 'error', message: long, file: 'src/a.ts', line: 1, column: 1 }],
          }),
        },
        {
          id: 'crashing',
          title: 'Crashing',
          description: 'test gate',
          settings: z.unknown(),
          rules: [],
          run: async () => Promise.reject(new Error(long)),
        },
      ],
    });
    const messages = pack.gates.flatMap((gate) => [...gate.findings.map((finding) => finding.message), gate.reason ?? '']);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(MAX_FINDING_MESSAGE);
    expect(pack.gates[0]?.findings[0]?.message).toMatch(new RegExp(`… \\(${HUGE} characters, sha256 [0-9a-f]{12}\\)$`));
    expect(pack.gates[1]?.reason).toMatch(/characters, sha256/);
  });
});
