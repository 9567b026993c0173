// Whether a layer deletes a path of the lower layers (OCI image spec,
// "Representing Changes").
import type { LayerChanges } from './types.js';

/**
 * True when the layer deletes the path through a whiteout of it or of a
 * parent, or an opaque parent directory. A path into an archive
 * (`app.jar!META-INF/MANIFEST.MF`) is deleted with the archive.
 */
export function isDeleted(entryPath: string, changes: LayerChanges): boolean {
  const path = archivePath(entryPath);
  const underOrAt = (dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

  return changes.whiteouts.some(underOrAt)
    || changes.opaqueDirs.some((dir) => dir === '' || path.startsWith(`${dir}/`));
}

/** Returns the file part of a path into an archive: `a.jar` for `a.jar!b.jar!c`. */
export function archivePath(path: string): string {
  const bang = path.indexOf('!');
  return bang === -1 ? path : path.slice(0, bang);
}
