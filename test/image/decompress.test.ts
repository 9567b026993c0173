import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserError } from '../../src/errors.js';
import {
  compressionOfMediaType,
  createZstdDecompressor,
  decompressLayer,
  sniffCompression,
} from '../../src/image/decompress.js';
import { readLayerTar } from '../../src/image/tar-reader.js';
import { sharedPath } from '../shared.js';
import { LEVEL, buildTar, captureLogs, streamOf, withOciBlob } from './tar-fixtures.js';

const logs = captureLogs();
beforeEach(() => {
  logs.length = 0;
});

const LAYER = 'sha256:00000000000000000000000000000000000000000000000000000000000000aa';
const OCI_TAR = 'application/vnd.oci.image.layer.v1.tar';
const OCI_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const OCI_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decompress(blob: Buffer, mediaType: string): Promise<Buffer> {
  return collect(await decompressLayer(streamOf(blob), mediaType, LAYER));
}

// Zstandard frames written by hand from RFC 8878: a frame header with a
// 128 KiB window and no checksum, then raw (type 0) or RLE (type 1) blocks.
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const ZSTD_HEADER = Buffer.concat([ZSTD_MAGIC, Buffer.from([0x00, 0x38])]);
const MAX_BLOCK = 128 * 1024;

function blockHeader(last: boolean, type: 0 | 1, size: number): Buffer {
  const value = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
}

function rawZstdFrame(data: Buffer): Buffer {
  const parts: Buffer[] = [ZSTD_HEADER];
  for (let offset = 0; offset < data.length || offset === 0; offset += MAX_BLOCK) {
    const block = data.subarray(offset, offset + MAX_BLOCK);
    parts.push(blockHeader(offset + MAX_BLOCK >= data.length, 0, block.length), block);
  }
  return Buffer.concat(parts);
}

function rleZstdFrame(byte: number, blocks: number): Buffer {
  const parts: Buffer[] = [ZSTD_HEADER];
  for (let i = 0; i < blocks; i++) parts.push(blockHeader(i === blocks - 1, 1, MAX_BLOCK), Buffer.from([byte]));
  return Buffer.concat(parts);
}

function skippableFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(0x184d2a50, 0);
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const zstdCli = spawnSync('zstd', ['--version']);
const zstdMissing = zstdCli.error !== undefined || zstdCli.status !== 0;
const ZSTD_SKIP = zstdMissing ? 'the zstd command is not installed (Debian package zstd); hand-written frames still run' : false;

function zstdCompress(data: Buffer, level: number): Buffer {
  const result = spawnSync('zstd', ['-q', '-c', `-${level}`], { input: data, maxBuffer: 1 << 30 });
  assert.equal(result.status, 0, result.stderr.toString());
  return result.stdout;
}

/** Builds a tar of about 1.5 MiB with text and pseudo-random bytes, so that zstd uses Huffman and FSE blocks. */
async function sampleTar(): Promise<Buffer> {
  const text = Array.from({ length: 20000 }, (_, i) => `Package: lib${i % 997}\nVersion: 1.${i}\n`).join('');
  const noise = createHash('sha512');
  const random: Buffer[] = [];
  for (let i = 0; i < 8000; i++) random.push(noise.update(String(i)).copy().digest());
  return buildTar([
    { name: 'var/lib/dpkg/status', contents: text },
    { name: 'usr/bin/tool', contents: Buffer.concat(random) },
    { name: 'etc/os-release', contents: 'ID=debian\n' },
  ]);
}

test('sniffCompression reads magic bytes', async () => {
  const tarball = await buildTar([{ name: 'a', contents: 'x' }]);
  const cases: Array<[string, Buffer, string | undefined]> = [
    ['gzip', gzipSync(tarball), 'gzip'],
    ['zstd frame', rawZstdFrame(tarball), 'zstd'],
    ['zstd skippable frame', skippableFrame(Buffer.from('toc')), 'zstd'],
    ['ustar tar', tarball, 'none'],
    ['empty tar', Buffer.alloc(1024), 'none'],
    ['text', Buffer.from('hello world '.repeat(100)), undefined],
    ['short zero run', Buffer.alloc(100), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ];
  for (const [name, head, expected] of cases) {
    assert.equal(sniffCompression(head.subarray(0, 512)), expected, name);
  }
});

test('compressionOfMediaType knows OCI and Docker layer types', () => {
  const cases: Array<[string, string | undefined]> = [
    [OCI_TAR, 'none'],
    [OCI_GZIP, 'gzip'],
    [OCI_ZSTD, 'zstd'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.zstd', 'zstd'],
    ['application/vnd.oci.image.config.v1+json', undefined],
  ];
  for (const [mediaType, expected] of cases) {
    assert.equal(compressionOfMediaType(mediaType), expected, mediaType);
  }
});

test('decompressLayer passes a plain tar through', async () => {
  const tarball = await buildTar([{ name: 'etc/os-release', contents: 'ID=debian\n' }]);

  assert.deepEqual(await decompress(tarball, OCI_TAR), tarball);
  assert.equal(logs.filter((line) => line.level >= LEVEL.warn).length, 0);
});

test('decompressLayer reads a tar shorter than one block', async () => {
  // claircore's oddlayer.tar is a lone 512-byte header: the peek reaches the end of the blob.
  const oddLayer = await readFile(sharedPath('corpus/claircore/pkg/tarfs/testdata/known/oddlayer.tar'));

  assert.deepEqual(await decompress(oddLayer, OCI_TAR), oddLayer);
});

test('decompressLayer gunzips a gzip layer', async () => {
  const tarball = await sampleTar();

  assert.deepEqual(await decompress(gzipSync(tarball), OCI_GZIP), tarball);
});

test('decompressLayer reads hand-written zstd frames', async () => {
  const tarball = await sampleTar();
  const half = Math.floor(tarball.length / 2);
  const blob = Buffer.concat([
    skippableFrame(Buffer.from('a zstd:chunked table of contents')),
    rawZstdFrame(tarball.subarray(0, half)),
    rawZstdFrame(tarball.subarray(half)),
  ]);

  assert.deepEqual(await decompress(blob, OCI_ZSTD), tarball);
});

test('decompressLayer reads zstd from the zstd command', { skip: ZSTD_SKIP }, async () => {
  const tarball = await sampleTar();

  for (const level of [3, 19]) {
    assert.deepEqual(await decompress(zstdCompress(tarball, level), OCI_ZSTD), tarball, `level ${level}`);
  }

  const twoFrames = Buffer.concat([zstdCompress(tarball.subarray(0, 10000), 3), zstdCompress(tarball.subarray(10000), 3)]);
  assert.deepEqual(await decompress(twoFrames, OCI_ZSTD), tarball, 'two frames');
});

test('decompressLayer reads a real layer recompressed with zstd', { skip: ZSTD_SKIP }, async () => {
  const gzipBlob = await withOciBlob('6ffd15df33bf539c5e74f5ab54847bcb8867aef37b755129b1f266b46c9e8d82', (blobFile) =>
    readFile(blobFile),
  );
  const zstdBlob = zstdCompress(gunzipSync(gzipBlob), 3);

  const tarStream = await decompressLayer(streamOf(zstdBlob, 64 * 1024), OCI_ZSTD, LAYER);
  const result = await readLayerTar(tarStream, {
    layer: LAYER,
    wants: (p) => p === 'var/lib/dpkg/status',
    maxFileSize: () => 1 << 20,
  });

  // Expected from `tar -tvzf` and `tar -xzOf … var/lib/dpkg/status | sha256sum` on the gzip blob.
  assert.equal(result.entries, 20);
  assert.equal(result.changes.whiteouts.length, 7);
  assert.equal(
    createHash('sha256').update(result.files[0].contents).digest('hex'),
    'fe1fc7d71bbd4090d8a0338bd6c5df2c0624767556b280fa733654e8142c686e',
  );
});

test('decompressLayer trusts the bytes over the media type', async () => {
  const tarball = await buildTar([{ name: 'etc/os-release', contents: 'ID=debian\n' }]);
  const cases: Array<[string, Buffer, string, string, string]> = [
    ['gzip labelled tar', gzipSync(tarball), OCI_TAR, 'tar', 'gzip'],
    ['tar labelled gzip', tarball, OCI_GZIP, 'gzip', 'tar'],
    ['zstd labelled gzip', rawZstdFrame(tarball), 'application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip', 'zstd'],
  ];

  for (const [name, blob, mediaType, labelled, detected] of cases) {
    logs.length = 0;
    assert.deepEqual(await decompress(blob, mediaType), tarball, name);

    const warning = logs.find((line) => line.level === LEVEL.warn);
    assert.ok(warning, `${name}: the mismatch is logged`);
    assert.equal(warning.layer, LAYER);
    assert.equal(warning.labelled, labelled);
    assert.equal(warning.detected, detected);
  }
});

test('decompressLayer reads unlabelled blobs by their bytes', async () => {
  const tarball = await buildTar([{ name: 'a', contents: 'b' }]);

  assert.deepEqual(await decompress(gzipSync(tarball), 'application/octet-stream'), tarball);
  assert.deepEqual(await decompress(gzipSync(tarball), ''), tarball);
  assert.equal(logs.filter((line) => line.level >= LEVEL.warn).length, 0);
});

function assertInvalidArchive(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof UserError, String(err));
    assert.equal(err.code, 'INVALID_ARCHIVE');
    assert.match(err.message, new RegExp(`layer ${LAYER} `));
    assert.match(err.message, pattern);
    assert.match(err.message, /re-export it/);
    return true;
  };
}

test('decompressLayer rejects corrupt gzip', async () => {
  const gzip = gzipSync(await sampleTar());
  const corrupt = Buffer.from(gzip);
  corrupt.fill(0xff, 100, 400);

  await assert.rejects(decompress(corrupt, OCI_GZIP), assertInvalidArchive(/is not valid gzip: /));
});

test('decompressLayer rejects truncated gzip', async () => {
  const gzip = gzipSync(await sampleTar());

  await assert.rejects(decompress(gzip.subarray(0, gzip.length / 2), OCI_GZIP), assertInvalidArchive(/is not valid gzip: unexpected end of file/));
});

test('decompressLayer rejects corrupt zstd', async () => {
  // Block type 3 is reserved.
  const reserved = Buffer.concat([ZSTD_HEADER, blockHeader(true, 3 as 1, 10), Buffer.alloc(10)]);

  await assert.rejects(decompress(reserved, OCI_ZSTD), assertInvalidArchive(/is not valid zstd: /));
});

test('decompressLayer rejects truncated zstd', async () => {
  const frame = rawZstdFrame(await sampleTar());

  await assert.rejects(decompress(frame.subarray(0, 5000), OCI_ZSTD), assertInvalidArchive(/is not valid zstd: unexpected end of data/));
});

test('decompressLayer rejects garbage and empty blobs', async () => {
  await assert.rejects(
    decompress(Buffer.from('<html>404 not found</html>'.repeat(40)), OCI_GZIP),
    assertInvalidArchive(/is neither gzip, zstd nor tar \(first bytes 3c68746d6c3e3430\)/),
  );
  await assert.rejects(decompress(Buffer.alloc(0), OCI_GZIP), assertInvalidArchive(/the blob is empty/));
});

test('decompressLayer rejects encrypted layers', async () => {
  const blob = streamOf(Buffer.alloc(1024));

  await assert.rejects(decompressLayer(blob, 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted', LAYER), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.code, 'UNKNOWN_MEDIA_TYPE');
    assert.match(err.message, new RegExp(`layer ${LAYER} is encrypted`));
    return true;
  });
  assert.equal(blob.destroyed, true);
});

test('decompressLayer passes blob errors through', async () => {
  const gzip = gzipSync(await sampleTar());
  const mismatch = new UserError('DIGEST_MISMATCH', 'blob has the wrong digest');
  async function* failingAtEnd() {
    yield gzip.subarray(0, 1000);
    yield gzip.subarray(1000);
    throw mismatch;
  }

  const output = await decompressLayer(Readable.from(failingAtEnd(), { objectMode: false }), OCI_GZIP, LAYER);
  await assert.rejects(collect(output), (err: unknown) => err === mismatch);
});

test('decompressLayer stops the blob when the reader stops', async () => {
  const blob = streamOf(gzipSync(await sampleTar()), 4096);
  const output = await decompressLayer(blob, OCI_GZIP, LAYER);

  for await (const chunk of output) {
    assert.ok((chunk as Buffer).length > 0);
    break;
  }
  await nextTurn();

  assert.equal(blob.destroyed, true);
});

test('zstd decompression waits for the reader', async () => {
  // 500 RLE blocks of 128 KiB: 2 KiB of input that expands to 62.5 MiB.
  const blocks = 500;
  const decoder = createZstdDecompressor();
  decoder.end(rleZstdFrame(0x41, blocks));
  for (let i = 0; i < 10; i++) await nextTurn();

  assert.ok(decoder.readableLength <= 16 * 1024 * 1024, `decoder buffered ${decoder.readableLength} bytes unread`);

  let total = 0;
  for await (const chunk of decoder) {
    const bytes = chunk as Buffer;
    assert.equal(bytes[0], 0x41);
    assert.equal(bytes[bytes.length - 1], 0x41);
    total += bytes.length;
  }
  assert.equal(total, blocks * MAX_BLOCK);
});

test('decompressLayer reads a gzip layer file', async () => {
  // Layer 4 of debian-multilayer: 243 bytes of gzip, smaller than the peek.
  const [tarball, gzipBlob] = await withOciBlob('5cb8ba67746e8942f9461e7093cf5ad5d5c54eaf0041becbebc144ff6b399a59', async (blobFile) => [
    await collect(await decompressLayer(createReadStream(blobFile), OCI_GZIP, LAYER)),
    await readFile(blobFile),
  ]);

  assert.deepEqual(tarball, gunzipSync(gzipBlob));
});
