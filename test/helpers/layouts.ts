import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkFiles } from '../../cli/check-command.js';
import type { Finding } from '../../core/contracts.js';
import { loadConfig } from '../../config/load.js';
import { architectureGate } from '../../gates/architecture/gate.js';
import { runGatePack } from '../../gates/runner/run-pack.js';
import { staticGate } from '../../gates/static/gate.js';
import { listSourceFiles } from '../../config/source-files.js';
import { ExpectedSchema } from './defects.js';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { REPO_ROOT } from './paths.js';
import { makeTempProject } from './temp-project.js';

/**
 * The validation corpus: fixtures/layouts/<family>/ holds a clean skeleton backend of one layout family
 * (clean/, with the config its maintainer would write), what `plumbline init` should write for it
 * (expected-init.json), the findings today's defaults raise wrongly on it (known-false-positives.json)
 * and seeded-defect overlays on the clean project (defects/<name>/).
 */
export const LAYOUTS = path.join(REPO_ROOT, 'fixtures/layouts');

export function listFamilies(): string[] {
  return listOverlays(LAYOUTS);
}

export const cleanProject = (family: string) => path.join(LAYOUTS, family, 'clean');
const defectsDir = (family: string) => path.join(LAYOUTS, family, 'defects');

const layerName = z.string().regex(/^[A-Za-z][\w-]*$/);

/** The checks of test/layouts/init-on-layouts.test.ts an expected-init.json may record as a known init gap. */
export const INIT_CHECKS = ['rightLayer', 'preset', 'pureLayers', 'domains', 'firstFitness'] as const;
export type InitCheck = (typeof INIT_CHECKS)[number];

/** What `plumbline init` should write for a family, as a maintainer of that layout would name it. */
export const ExpectedInitSchema = z
  .object({
    /** The preset init should start from; null where none fits and init should write the layers without one. */
    preset: z.enum(['hoc', 'hexagonal', 'clean', 'layered']).nullable(),
    /** Why the expected preset is what it is, where it is not plain from the layout (e.g. it changed with init). */
    presetReason: z.string().min(1).optional(),
    layers: z.record(layerName, z.array(z.string().min(1)).min(1)),
    pureLayers: z.array(layerName),
    domains: z.array(z.string().min(1)),
    sharedKernel: z.array(z.string().min(1)),
    /** Every TypeScript file of the clean project (node_modules aside) and its layer; null: in no layer on purpose. */
    fileLayers: z.record(z.string().min(1), layerName.nullable()),
    /**
     * Where today's init falls short of the above: each check named here is expected to fail on this family
     * (its test is an expected failure), so an init that passes it fails the test until the gap is removed.
     */
    initGaps: z.array(z.object({ check: z.enum(INIT_CHECKS), reason: z.string().min(1) }).strict()).default([]),
  })
  .strict()
  .superRefine((init, ctx) => {
    for (const [file, layer] of Object.entries(init.fileLayers)) {
      if (layer === null || layer in init.layers) continue;
      ctx.addIssue({ code: 'custom', path: ['fileLayers', file], message: `unknown layer '${layer}'` });
    }
    for (const layer of init.pureLayers) {
      if (!(layer in init.layers)) ctx.addIssue({ code: 'custom', path: ['pureLayers'], message: `unknown layer '${layer}'` });
    }
    const checks = init.initGaps.map((gap) => gap.check);
    checks.forEach((check, index) => {
      if (checks.indexOf(check) === index) return;
      ctx.addIssue({ code: 'custom', path: ['initGaps', index], message: `'${check}' recorded twice` });
    });
  });

export type ExpectedInit = z.output<typeof ExpectedInitSchema>;

export function readExpectedInit(family: string): ExpectedInit {
  return ExpectedInitSchema.parse(JSON.parse(readFileSync(path.join(LAYOUTS, family, 'expected-init.json'), 'utf8')));
}

/** A finding today's defaults raise on the clean project with its hand-written config, and why it is false. */
const KnownFalsePositiveSchema = z
  .object({ ruleId: z.string().min(1), file: z.string().min(1), line: z.number().int().positive(), why: z.string().min(1) })
  .strict();

export function readKnownFalsePositives(family: string): Array<z.output<typeof KnownFalsePositiveSchema>> {
  const file = path.join(LAYOUTS, family, 'known-false-positives.json');
  return existsSync(file) ? z.array(KnownFalsePositiveSchema).parse(JSON.parse(readFileSync(file, 'utf8'))) : [];
}

/**
 * A seeded defect: the fixtures/defects format, checked by the static and architecture gates together.
 * `missedToday` says why today's defaults miss a defect they should find; its test is expected to fail until they do.
 * `missedByInitConfig` says why the config `plumbline init` writes misses it (its maintainer's config is stricter than
 * init's reading of the layout); that test is expected to fail until init writes the stricter config.
 */
export const LayoutDefectSchema = ExpectedSchema.omit({ run: true }).extend({
  missedToday: z.string().min(1).optional(),
  missedByInitConfig: z.string().min(1).optional(),
});

export function listLayoutDefects(family: string): string[] {
  return listOverlays(defectsDir(family));
}

export function readLayoutDefect(family: string, name: string) {
  return readOverlayExpected(defectsDir(family), name, LayoutDefectSchema);
}

/** Every .ts/.tsx file of a project, relative and sorted, node_modules and .plumbline aside. */
export function typescriptFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '.plumbline' ? [] : typescriptFiles(root, rel);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
    })
    .sort();
}

/**
 * The fixture's declared dependencies as an install would leave them: the repo's packages linked,
 * and a package folder (package.json and an empty main, every subpath mapped to it) for each declared one the repo does not have,
 * so that imports resolve as they do in the real project after `npm install`. No code is provided:
 * the skeletons are checked, never run.
 */
function installDeclaredPackages(root: string): void {
  const modules = path.join(root, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(modules);
  const repoModules = path.join(REPO_ROOT, 'node_modules');
  for (const entry of readdirSync(repoModules)) symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  for (const manifest of packageManifests(root)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (range.startsWith('workspace:') || existsSync(path.join(modules, name))) continue;
      const scope = name.startsWith('@') ? name.split('/')[0]! : undefined;
      if (scope) unlinkScope(modules, scope);
      const folder = path.join(modules, name);
      mkdirSync(folder, { recursive: true });
      const version = range.replace(/^[^\d]*/, '');
      const manifest = { name, version, main: 'index.js', exports: { '.': './index.js', './*': './index.js' } };
      writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
      writeFileSync(path.join(folder, 'index.js'), '');
    }
  }
}

/** A scope folder linked from the repo becomes a real folder of links, so that a missing package can be added to it. */
function unlinkScope(modules: string, scope: string): void {
  const folder = path.join(modules, scope);
  if (
    !existsSync(folder) ||
    !readdirSync(modules, { withFileTypes: true })
      .find((e) => e.name === scope)
      ?.isSymbolicLink()
  )
    return;
  const target = path.join(REPO_ROOT, 'node_modules', scope);
  rmSync(folder);
  mkdirSync(folder);
  for (const entry of readdirSync(target)) symlinkSync(path.join(target, entry), path.join(folder, entry));
}

function packageManifests(root: string): string[] {
  const top = path.join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(top, 'utf8')) as { workspaces?: string[] };
  const members = (pkg.workspaces ?? []).flatMap((glob) => {
    const parent = path.join(root, glob.replace(/\/\*$/, ''));
    return existsSync(parent) ? readdirSync(parent).map((name) => path.join(parent, name, 'package.json')) : [];
  });
  return [top, ...members.filter((file) => existsSync(file))];
}

/** Workspace packages resolve by name through node_modules links, as npm workspaces install them. */
function linkWorkspaces(root: string): void {
  for (const manifest of packageManifests(root).slice(1)) {
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
    const link = path.join(root, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(path.dirname(manifest), link, 'dir');
  }
}

function installed<T extends { root: string }>(project: T): T {
  installDeclaredPackages(project.root);
  linkWorkspaces(project.root);
  return project;
}

/** A temp copy of a family's clean project, its dependencies installed. */
export function copyCleanProject(family: string) {
  return installed(makeTempProject(cleanProject(family)));
}

/** A temp copy of a family's clean project with a defect laid over it, its dependencies installed. */
export function applyLayoutDefect(family: string, name: string) {
  return installed(applyOverlay(defectsDir(family), name, [], cleanProject(family)));
}

/** What `plumbline check` reports on the whole project (rules and analyzers), run in-process without caches. */
export async function checkFindings(root: string): Promise<Finding[]> {
  const config = await loadConfig({ cwd: root });
  return (await checkFiles(config, await listSourceFiles(config), { cache: false, analyzers: true })).findings;
}

/** What `plumbline gate --only static,architecture` reports, run in-process. */
export async function fitnessGateFindings(root: string): Promise<{ findings: Finding[]; statuses: Record<string, string> }> {
  const config = await loadConfig({ cwd: root });
  const pack = await runGatePack({ config, gates: [staticGate, architectureGate], evidenceDir: path.join(root, '.plumbline/evidence') });
  return {
    findings: pack.gates.flatMap((gate) => gate.findings),
    statuses: Object.fromEntries(pack.gates.map((gate) => [gate.id, gate.status])),
  };
}

export const findingKey = (f: Pick<Finding, 'ruleId' | 'file' | 'line'>) => `${f.ruleId} ${f.file}:${f.line}`;
