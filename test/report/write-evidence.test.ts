import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceSchema } from '../../core/contracts.js';
import { writeEvidence, writeFileAtomic } from '../../report/write-evidence.js';
import { sampleEvidence } from '../helpers/sample-evidence.js';
import { makeTempProject } from '../helpers/temp-project.js';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('writeEvidence', () => {
  it('writes the five files, with evidence.json valid against its schema and keys sorted', () => {
    const temp = makeTempProject();
    temps.push(temp);
    const dir = path.join(temp.root, '.plumbline/evidence');
    writeEvidence(sampleEvidence(), dir);
    expect(readdirSync(dir).sort()).toEqual(['evidence.json', 'index.html', 'junit.xml', 'results.sarif', 'summary.md']);
    const text = readFileSync(path.join(dir, 'evidence.json'), 'utf8');
    expect(EvidenceSchema.safeParse(JSON.parse(text)).success).toBe(true);
    const topKeys = Object.keys(JSON.parse(text));
    expect(topKeys).toEqual([...topKeys].sort());
  });

  it('same evidence, same bytes', () => {
    const temp = makeTempProject();
    temps.push(temp);
    writeEvidence(sampleEvidence(), path.join(temp.root, 'a'));
    writeEvidence(sampleEvidence(), path.join(temp.root, 'b'));
    for (const name of ['evidence.json', 'index.html', 'junit.xml', 'results.sarif', 'summary.md']) {
      expect(readFileSync(path.join(temp.root, 'a', name))).toEqual(readFileSync(path.join(temp.root, 'b', name)));
    }
  });

  it('replaces a file atomically and leaves no temporary file behind', () => {
    const temp = makeTempProject();
    temps.push(temp);
    mkdirSync(path.join(temp.root, 'ev'));
    const target = path.join(temp.root, 'ev', 'evidence.json');
    writeFileSync(target, 'previous');
    writeFileAtomic(target, 'next');
    expect(readFileSync(target, 'utf8')).toBe('next');
    expect(readdirSync(path.join(temp.root, 'ev'))).toEqual(['evidence.json']);
  });

  it('a failed write keeps the previous file whole', () => {
    const temp = makeTempProject();
    temps.push(temp);
    const target = path.join(temp.root, 'evidence.json');
    writeFileSync(target, 'previous');
    // Renaming a file over a non-empty directory fails after the temp file is written.
    const blocked = path.join(temp.root, 'blocked');
    mkdirSync(path.join(blocked, 'inner'), { recursive: true });
    expect(() => writeFileAtomic(blocked, 'data')).toThrow();
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(readdirSync(temp.root).sort()).toEqual(['blocked', 'evidence.json']);
  });
});
