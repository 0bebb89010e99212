import { rmSync } from 'node:fs';
import path from 'node:path';
import { initProject } from '../cli/init-command.js';
import { loadConfig } from '../config/load.js';
import { getProjectMatcher } from '../config/project-paths.js';
import { copyCleanProject, fitnessGateFindings, listFamilies, listLayoutDefects, readExpectedInit } from '../test/helpers/layouts.js';

/**
 * The README's layout-corpus table, measured: for each family, `plumbline init` on a copy of the clean project
 * (preset, files in the layer the maintainer names, findings of the first `gate --only static,architecture`), and the
 * findings of the same gates with the hand-written config (false positives: the clean project has no defect).
 * Run: npm run bench:layouts
 */
const rows: string[] = [];
for (const family of listFamilies()) {
  const expected = readExpectedInit(family);
  const hand = copyCleanProject(family);
  const handFindings = (await fitnessGateFindings(hand.root)).findings.length;
  hand.remove();

  const project = copyCleanProject(family);
  rmSync(path.join(project.root, 'plumbline.config.ts'));
  await initProject({ root: project.root, hook: false });
  const config = await loadConfig({ cwd: project.root });
  const matcher = getProjectMatcher(config);
  const entries = Object.entries(expected.fileLayers);
  const right = entries.filter(([file, layer]) => {
    const absolute = path.join(project.root, file);
    const actual = matcher.isSource(absolute) ? (matcher.layerOf(absolute)?.name ?? null) : null;
    return actual === layer;
  }).length;
  const initFindings = (await fitnessGateFindings(project.root)).findings.length;
  project.remove();

  const rate = ((right / entries.length) * 100).toFixed(1).replace(/\.0$/, '');
  const preset = `${config.preset ?? 'none'} (${expected.preset ?? 'none'})`;
  rows.push(
    `| \`${family}\` | ${entries.length} | ${listLayoutDefects(family).length} | ${preset} | ${right}/${entries.length} (${rate}%) ` +
      `| ${initFindings} | ${handFindings} |`,
  );
  process.stderr.write(`${family}: done\n`);
}
process.stdout.write(
  [
    '| Family | Files | Defects | init preset (expected) | init: right layer | init: fitness findings | Hand config: false positives |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n') + '\n',
);
