// Reads a .tar.zst archive (Red Hat's CSAF archives, `csaf_vex_<date>.tar.zst`)
// member by member: the file is decompressed with fzstd as it streams into
// tar-stream, so neither the archive nor its tar is ever held whole.
import fs from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { Decompress } from 'fzstd';
import { extract as tarExtract } from 'tar-stream';
import { UserError } from '../../errors.js';
import type { FeedInput } from '../../feeds/types.js';

/** Decompresses a Zstandard stream chunk by chunk; Transform applies backpressure by waiting for its reader. */
class ZstdDecompressStream extends Transform {
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

/**
 * Yields the regular files of a .tar.zst archive in archive order, each as
 * a FeedInput that may be opened once, before the next member is read. A
 * member the caller does not open is skipped. Errors from zstd or tar are
 * INVALID_FEED naming `name` (the archive's URL or path).
 */
export async function* tarZstMembers(file: string, name: string): AsyncIterable<FeedInput> {
  const source = fs.createReadStream(file);
  const zstd = new ZstdDecompressStream();
  const extract = tarExtract();

  const fail = (err: Error): void => {
    extract.destroy(archiveError(name, err));
  };
  source.on('error', fail);
  zstd.on('error', fail);
  source.pipe(zstd).pipe(extract);

  try {
    for await (const entry of extract) {
      const type = entry.header.type;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }

      let opened = false;
      const memberName = entry.header.name.replace(/^(\.\/|\/)+/, '');
      yield {
        name: memberName,
        open() {
          if (opened) throw new Error(`member ${memberName} of ${name} was already read; archive members can be read once`);
          opened = true;
          return Readable.from(entry);
        },
      };
      // A member the caller did not read must still be drained for the next header to arrive.
      entry.resume();
    }
  } catch (err) {
    throw archiveError(name, err);
  } finally {
    extract.destroy();
    zstd.destroy();
    source.destroy();
  }
}

function archiveError(name: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new UserError('INVALID_FEED', `${name} is not a readable .tar.zst archive (${reason}); check that the download is complete, or download it again`, { cause: err });
}
