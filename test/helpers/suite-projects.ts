import { afterAll } from 'vitest';
import { applyDefect } from './defects.js';
import { makeTempProject } from './temp-project.js';

/**
 * Temporary projects for one test file, all removed after its last test:
 * `temp(source?)` for a copy (or an empty folder), `defect(name)` for hoc-app
 * with an overlay, `keep(project)` for any other project with a `remove()`.
 */
export function projectsRemovedAfterAll() {
  const cleanups: Array<() => void> = [];
  afterAll(() => cleanups.splice(0).forEach((remove) => remove()));
  const keep = <T extends { remove(): void }>(project: T): T => {
    cleanups.push(() => project.remove());
    return project;
  };
  return {
    keep,
    temp: (source?: string) => keep(makeTempProject(source)),
    defect: (name: string) => keep(applyDefect(name)),
  };
}
