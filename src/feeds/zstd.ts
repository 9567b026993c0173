// Zstandard decompression as a Node stream, on fzstd (Node 20's zlib has no
// zstd). Red Hat publishes its CSAF archives as .tar.zst.
import { Transform, type TransformCallback } from 'node:stream';
import { Decompress } from 'fzstd';

/** The four magic bytes that open every Zstandard frame. */
export const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** Decompresses a Zstandard stream chunk by chunk; Transform applies backpressure by waiting for its reader. */
export class ZstdDecompressStream extends Transform {
  private readonly decompressor = new Decompress((data) => {
    this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decompressor.push(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decompressor.push(new Uint8Array(0), true);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }
}
