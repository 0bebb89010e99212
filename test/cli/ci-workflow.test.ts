import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import { main } from '../../cli/program.js';
import { parseShard } from '../../cli/shard-option.js';
import { builtinGates } from '../../gates/runner/registry.js';
import { EVIDENCE_FILES } from '../../report/write-evidence.js';
import { REPO_ROOT } from '../helpers/paths.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps: Step[];
}

const WORKFLOW = path.join(REPO_ROOT, 'docs/ci/github-actions.yml');

afterEach(() => vi.restoreAllMocks());

/** Help text of a subcommand, from the real program. */
async function helpOf(command: string): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  expect(await main(['node', 'plumbline', command, '--help'])).toBe(0);
  vi.restoreAllMocks();
  return out;
}

describe('the GitHub Actions example (docs/ci/github-actions.yml)', () => {
  const document = parseDocument(readFileSync(WORKFLOW, 'utf8'));
  const workflow = document.toJS() as { env: Record<string, unknown>; jobs: Record<string, Job> };
  const jobs = Object.values(workflow.jobs);
  const steps = jobs.flatMap((job) => job.steps);

  it('is valid YAML with jobs of steps', () => {
    expect(document.errors).toEqual([]);
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    for (const job of jobs) expect(job.steps.length).toBeGreaterThan(0);
  });

  it('runs the pack, uploads SARIF to code scanning and writes the Markdown summary to the job summary', () => {
    const gates = jobs.find((job) => job.steps.some((step) => step.run?.startsWith('npm run fitness')));
    expect(gates).toBeDefined();
    const skip = /--skip (\S+)/.exec(gates?.steps.find((step) => step.run?.startsWith('npm run fitness'))?.run ?? '')?.[1];
    expect(builtinGates.map((gate) => gate.id)).toContain(skip);
    const sarif = gates?.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe(`.plumbline/evidence/${EVIDENCE_FILES.find((name) => name.endsWith('.sarif'))}`);
    expect(sarif?.if).toMatch(/cancelled\(\)|always\(\)/);
    expect(gates?.permissions?.['security-events']).toBe('write');
    expect(gates?.steps.some((step) => /cat \.plumbline\/evidence\/summary\.md >> "\$GITHUB_STEP_SUMMARY"/.test(step.run ?? ''))).toBe(
      true,
    );
  });

  it('shards the mutation gate over a matrix and joins the shards with plumbline merge, with options the CLI has', async () => {
    const shardJob = Object.entries(workflow.jobs).find(([, job]) => job.strategy?.matrix?.shard);
    expect(shardJob).toBeDefined();
    const [shardJobName, sharded] = shardJob as [string, Job];
    const shards = sharded.strategy?.matrix?.shard as number[];
    expect(shards).toEqual(Array.from({ length: Number(workflow.env.SHARDS) }, (_, i) => i + 1));
    const run = sharded.steps.find((step) => step.run?.includes('plumbline mutation --shard'))?.run ?? '';
    expect(run).toContain('"${{ matrix.shard }}/${SHARDS}"');
    // What the expression expands to, for every shard, is what --shard accepts.
    for (const shard of shards)
      expect(parseShard(`${shard}/${String(workflow.env.SHARDS)}`)).toEqual({ index: shard, count: Number(workflow.env.SHARDS) });

    const merge = jobs.find((job) => job.steps.some((step) => step.run === 'npx plumbline merge'));
    expect(merge?.needs).toBe(shardJobName);
    const download = merge?.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with?.path).toBe('.plumbline/mutation/');
    expect(steps.filter((step) => step.run?.includes('$GITHUB_STEP_SUMMARY')).length).toBe(2);

    expect(await helpOf('mutation')).toContain('--shard <i/n>');
    expect(await helpOf('merge')).toContain('Usage: plumbline merge [options] [reports...]');
  });
});
