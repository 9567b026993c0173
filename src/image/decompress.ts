// Placeholder: layer decompression by magic bytes is being written.
import type { Readable } from 'node:stream';

/** Returns the uncompressed tar stream of a layer blob, detecting gzip, zstd or plain tar by magic bytes. */
export async function decompressLayer(_blob: Readable, _mediaType: string, _layer: string): Promise<Readable> {
  throw new Error('decompressLayer: not written yet');
}
