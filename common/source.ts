import * as fs from 'fs';
import * as path from 'path';

/**
 * The source folder for a module folder (`__dirname`). The CLI and the app run compiled copies under
 * `<root>/dist/` (tsconfig.build.json); files that are not compiled (the repository's policies/ and
 * environments/, Lambda handler sources bundled by esbuild) live beside the sources, not in dist/.
 */
export function sourceDir(dir: string): string {
  const parts = path.resolve(dir).split(path.sep);
  for (let i = parts.length - 1; i > 0; i--) {
    if (parts[i] === 'dist' && fs.existsSync(path.join(parts.slice(0, i).join(path.sep) || path.sep, 'tsconfig.build.json'))) {
      return [...parts.slice(0, i), ...parts.slice(i + 1)].join(path.sep) || path.sep;
    }
  }
  return dir;
}
