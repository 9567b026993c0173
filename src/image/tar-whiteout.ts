// Whiteout entries of a layer tar (OCI image spec, "Representing Changes"):
// `DIR/.wh.NAME` deletes DIR/NAME from the lower layers, and
// `DIR/.wh..wh..opq` hides every lower-layer entry under DIR.
import { baseName, joinLayerPath, parentPath } from './path-normalize.js';

export const WHITEOUT_PREFIX = '.wh.';
export const WHITEOUT_META_PREFIX = '.wh..wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';

export type WhiteoutEntry =
  /** `path` is deleted from the lower layers. */
  | { kind: 'whiteout'; path: string }
  /** The lower-layer contents of `directory` are hidden; the root directory is the empty string. */
  | { kind: 'opaque'; directory: string }
  /** AUFS bookkeeping such as `.wh..wh.plnk/…`, which carries no change. */
  | { kind: 'metadata' }
  /** `.wh.`, `.wh..` or `.wh...`: names no entry. */
  | { kind: 'invalid' };

/** Classifies a normalised entry path; returns undefined for an ordinary entry. */
export function parseWhiteout(path: string): WhiteoutEntry | undefined {
  const name = baseName(path);

  if (name === OPAQUE_WHITEOUT) return { kind: 'opaque', directory: parentPath(path) };

  if (path.split('/').some((part) => part.startsWith(WHITEOUT_META_PREFIX))) return { kind: 'metadata' };

  if (!name.startsWith(WHITEOUT_PREFIX)) return undefined;

  const deleted = name.slice(WHITEOUT_PREFIX.length);
  if (deleted === '' || deleted === '.' || deleted === '..') return { kind: 'invalid' };

  return { kind: 'whiteout', path: joinLayerPath(parentPath(path), deleted) };
}
