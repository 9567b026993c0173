// Layer decompression. The compression of a layer blob is read from its
// first bytes: a registry or an archive can label a layer wrongly, and the
// bytes cannot lie. The media type is checked against them and a mismatch is
// logged.
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { UserError } from '../errors.js';
import { logger } from '../log.js';
import { LAYER_COMPRESSION as LAYER_MEDIA_TYPES, type LayerCompression } from './media-types.js';

export type { LayerCompression };

/** Media types that name no compression: the bytes decide, silently. */
const UNLABELLED_MEDIA_TYPES = new Set(['', 'application/octet-stream', 'application/x-tar']);

const COMPRESSION_NAMES: Record<LayerCompression, string> = { gzip: 'gzip', zstd: 'zstd', none: 'tar' };

/** Enough bytes for the ustar magic at offset 257 and for a whole all-zero end-of-archive block. */
const SNIFF_LENGTH = 512;

/** Returns the compression a layer media type names, or undefined for a type that is not a known layer type. */
export function compressionOfMediaType(mediaType: string): LayerCompression | undefined {
  return LAYER_MEDIA_TYPES.get(mediaType);
}

/**
 * Identifies a layer blob from its first bytes: gzip (1f 8b), a zstd frame
 * (28 b5 2f fd) or a zstd skippable frame (5? 2a 4d 18), a tar archive
 * (`ustar` at offset 257, or an all-zero first block as an empty archive
 * has). Returns undefined for anything else.
 */
export function sniffCompression(head: Buffer): LayerCompression | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';

  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head.length >= 4 && (head[0] & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) return 'zstd';

  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'none';
  if (head.length >= SNIFF_LENGTH && head.subarray(0, SNIFF_LENGTH).every((byte) => byte === 0)) return 'none';

  return undefined;
}

/**
 * Returns the uncompressed tar stream of a layer blob. The magic bytes
 * decide the compression, and a media type that disagrees is only logged.
 * Corrupt compressed data makes the returned stream fail with a UserError
 * INVALID_ARCHIVE that names the layer. Errors of the blob stream itself,
 * such as a digest mismatch, reach the returned stream unchanged.
 */
export async function decompressLayer(blob: Readable, mediaType: string, layer: string): Promise<Readable> {
  const log = logger('decompress').child({ layer });

  if (mediaType.endsWith('+encrypted')) {
    blob.destroy();
    throw new UserError(
      'UNKNOWN_MEDIA_TYPE',
      `layer ${layer} is encrypted (${mediaType}); decrypt the image first, for example with skopeo copy --decryption-key`,
    );
  }

  const { head, stream } = await peek(blob, SNIFF_LENGTH);
  const detected = sniffCompression(head);

  if (detected === undefined) {
    stream.destroy();
    throw new UserError(
      'INVALID_ARCHIVE',
      `layer ${layer} is neither gzip, zstd nor tar (first bytes ${head.subarray(0, 8).toString('hex') || 'none, the blob is empty'}); the image archive is corrupt, re-export it`,
    );
  }

  checkMediaType(mediaType, detected, log);

  if (detected === 'none') return stream;

  const decoder = detected === 'gzip' ? createGunzip() : createZstdDecompressor();
  return pipeDecoder(stream, decoder, (err) => invalidCompressedData(layer, detected, err));
}

function checkMediaType(mediaType: string, detected: LayerCompression, log: ReturnType<typeof logger>): void {
  const labelled = compressionOfMediaType(mediaType);

  if (labelled === undefined) {
    if (UNLABELLED_MEDIA_TYPES.has(mediaType)) return;
    log.warn({ mediaType, detected }, 'unknown layer media type, read by its magic bytes');
    return;
  }

  if (labelled !== detected) {
    log.warn(
      { mediaType, labelled: COMPRESSION_NAMES[labelled], detected: COMPRESSION_NAMES[detected] },
      'layer media type disagrees with the magic bytes, which decide',
    );
  }
}

function invalidCompressedData(layer: string, compression: LayerCompression, err: Error): UserError {
  return new UserError(
    'INVALID_ARCHIVE',
    `layer ${layer} is not valid ${COMPRESSION_NAMES[compression]}: ${err.message}; the image archive is corrupt, re-export it`,
    { cause: err },
  );
}

/**
 * Reads the first `length` bytes of a stream (fewer when the stream is
 * shorter) and returns them with a stream that yields every byte, the
 * peeked ones first. Reading goes on through the blob's async iterator, so
 * back-pressure holds, blob errors reach the returned stream, and
 * destroying the returned stream destroys the blob.
 */
async function peek(blob: Readable, length: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator: AsyncIterator<Buffer> = blob[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;

  while (size < length) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }

  const head = Buffer.concat(chunks);

  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;

    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }

  const stream = Readable.from(replay(), { objectMode: false });
  stream.once('close', () => {
    // Destroying the returned stream must stop the blob even while replay() waits for its next chunk.
    if (!blob.readableEnded) blob.destroy();
  });
  return { head, stream };
}

/**
 * Pipes `source` through `decoder` into the returned stream. Decoder errors
 * are rewritten by `describe`, and source errors pass unchanged. When the
 * consumer destroys the returned stream, the source and decoder stop too.
 */
function pipeDecoder(source: Readable, decoder: Transform, describe: (err: Error) => Error): Readable {
  const output = new PassThrough();
  let failed = false;

  const fail = (err: Error): void => {
    if (failed) return;
    failed = true;
    source.destroy();
    decoder.destroy();
    output.destroy(err);
  };

  source.on('error', fail);
  decoder.on('error', (err: Error) => fail(describe(err)));
  output.on('close', () => {
    if (output.readableEnded) return;
    source.destroy();
    decoder.destroy();
  });

  source.pipe(decoder).pipe(output);
  return output;
}

/** Returns a Transform that decompresses zstd frames, such as a `+zstd` layer blob. */
export function createZstdDecompressor(): Transform {
  return new ZstdDecompressStream();
}

/**
 * Compressed bytes handed to fzstd at a time. fzstd decodes every complete
 * block of its input in one call, and a zstd block of a few bytes can
 * expand to 128 KiB. Small slices keep the output of one call to a few MiB,
 * even for a decompression bomb.
 */
const ZSTD_INPUT_SLICE = 256;

/**
 * Streaming zstd decompression on fzstd, a pure JavaScript decoder, because
 * node:zlib in Node.js 20 has no zstd. Back-pressure applies within a
 * chunk: after each input slice, decoding waits while the output buffer is
 * full until the reader asks for more.
 *
 * NOTE: fzstd allocates the window size that the frame header declares (up
 * to 2 GiB) and does not verify the optional content checksum; the blob
 * digest that the image source checks covers corruption.
 */
class ZstdDecompressStream extends Transform {
  private readonly decoder: Decompress;
  private resumeDecoding: (() => void) | undefined;

  constructor() {
    super();
    this.decoder = new Decompress((data) => {
      // fzstd hands out a new array for every block, so no copy is needed.
      if (data.length > 0) this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.decodeChunk(chunk).then(
      () => callback(),
      (err: unknown) => callback(zstdError(err)),
    );
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
    } catch (err) {
      callback(zstdError(err));
      return;
    }
    callback();
  }

  override _read(size: number): void {
    super._read(size);

    const resume = this.resumeDecoding;
    this.resumeDecoding = undefined;
    resume?.();
  }

  private async decodeChunk(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += ZSTD_INPUT_SLICE) {
      this.decoder.push(chunk.subarray(offset, offset + ZSTD_INPUT_SLICE));

      if (this.readableLength >= this.readableHighWaterMark && !this.destroyed) {
        await new Promise<void>((resolve) => {
          this.resumeDecoding = resolve;
        });
      }
    }
  }
}

/** fzstd's error codes, in the order of its ZstdErrorCode table. */
const ZSTD_ERROR_MESSAGES = [
  'invalid data',
  'window size too large',
  'invalid block type',
  'FSE accuracy too high',
  'match distance too far back',
  'unexpected end of data',
];

function zstdError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));

  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number' && ZSTD_ERROR_MESSAGES[code] !== undefined) {
    return new Error(ZSTD_ERROR_MESSAGES[code], { cause: err });
  }
  return err;
}
