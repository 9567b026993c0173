// Placeholder: the streaming tar reader is being written.
import type { Readable } from 'node:stream';
import type { LayerChanges, LayerFile } from '../indexer/types.js';

export interface TarReadOptions {
  /** Layer name for messages, usually its digest. */
  layer: string;
  /** True when some scanner wants the file at this path (relative to the root, no leading slash). */
  wants(path: string): boolean;
  /** Largest size read for a wanted path, in bytes; larger files are skipped with a warning. */
  maxFileSize(path: string): number;
}

export interface TarReadResult {
  files: LayerFile[];
  changes: LayerChanges;
  /** Number of tar entries seen. */
  entries: number;
}

/**
 * Reads an uncompressed layer tar once, from start to end, keeping only the
 * wanted files (symlinks and hard links to wanted content resolved inside the
 * layer) and the whiteouts. Never writes to disk.
 */
export async function readLayerTar(_input: Readable, _options: TarReadOptions): Promise<TarReadResult> {
  throw new Error('readLayerTar: not written yet');
}
