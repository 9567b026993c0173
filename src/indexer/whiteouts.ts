// Whether a layer deletes a path of the lower layers (OCI image spec,
// "Representing Changes").
import type { LayerChanges } from './types.js';

/** True when the layer deletes the path through a whiteout of it or of a parent, or an opaque parent directory. */
export function isDeleted(path: string, changes: LayerChanges): boolean {
  const underOrAt = (dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

  return changes.whiteouts.some(underOrAt)
    || changes.opaqueDirs.some((dir) => dir === '' || path.startsWith(`${dir}/`));
}
