import path from 'node:path';
import { globby } from 'globby';
import { Project, type SourceFile } from 'ts-morph';

export interface SourceProblem {
  file: string;
  line: number;
  message: string;
}

/** The model source files, parsed (not type-checked, not executed) by ts-morph. */
export async function parseModelFiles(
  root: string,
  globs: readonly string[],
): Promise<{ files: SourceFile[]; relative: (file: SourceFile) => string; problems: SourceProblem[] }> {
  const paths = (await globby([...globs], { cwd: root, absolute: true })).sort();
  const project = new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true },
  });
  const files = paths.map((file) => project.addSourceFileAtPath(file));
  const problems: SourceProblem[] = paths.length === 0 ? [{ file: '', line: 0, message: `no model file matches ${globs.join(', ')}` }] : [];
  return { files, relative: (file) => path.relative(root, file.getFilePath()).split(path.sep).join('/'), problems };
}
