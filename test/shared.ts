// Locates the read-only shared test data: $LAYERLENS_SHARED, else ../shared
// beside the repository.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file compiles to dist/test/shared.js. */
export const repoRoot = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** Returns the absolute path of a file under the shared test data folder. */
export function sharedPath(...parts: string[]): string {
  const base = process.env.LAYERLENS_SHARED ?? path.resolve(repoRoot, '..', 'shared');
  return path.join(base, ...parts);
}
