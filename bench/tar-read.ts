// Times the layer reader on the largest layer of the shared test images
// (debian minbase, 30 MB of gzip, 77 MB of tar) against `gzip -dc` of the
// same blob, and on the same tar recompressed by `zstd -3` against
// `zstd -dc` when the zstd command is installed.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { decompressLayer } from '../src/image/decompress.js';
import { readLayerTar } from '../src/image/tar-reader.js';
import { sharedPath } from '../test/shared.js';
import { median } from './median.js';

const LAYER_DIGEST = 'f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b';
const GZIP_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD_LAYER = 'application/vnd.oci.image.layer.v1.tar+zstd';

/** Paths a Debian, Alpine and RPM scan would request. */
const SCANNER_PATHS = new Set(['etc/os-release', 'usr/lib/os-release', 'var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite']);


async function extractBlob(destination: string): Promise<void> {
  const extract = tar.extract();
  const reading = pipeline(createReadStream(sharedPath('images/debian-images.oci.tar')), extract);
  for await (const entry of extract) {
    if (entry.header.name === `blobs/sha256/${LAYER_DIGEST}`) await pipeline(entry, createWriteStream(destination));
    else entry.resume();
  }
  await reading;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `command -dc blob` with its output sent to /dev/null. */
function decompressToNull(command: string, blob: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['-dc', blob], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} -dc exited with ${code}`))));
  });
}

async function decompressOnly(blob: string, mediaType: string): Promise<void> {
  const stream = await decompressLayer(createReadStream(blob), mediaType, `sha256:${LAYER_DIGEST}`);
  for await (const chunk of stream) void chunk;
}

async function readLayer(blob: string, mediaType: string): Promise<void> {
  const stream = await decompressLayer(createReadStream(blob), mediaType, `sha256:${LAYER_DIGEST}`);
  await readLayerTar(stream, {
    layer: `sha256:${LAYER_DIGEST}`,
    wants: (p) => SCANNER_PATHS.has(p),
    maxFileSize: () => 64 << 20,
  });
}

/** Runs each case `rounds` times and returns the fastest run of each, in milliseconds. */
export async function benchTarRead(rounds = 5): Promise<{ name: string; ms: number; runs: number[] }[]> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'layerlens-bench-'));
  const blob = path.join(directory, 'layer.tar.gz');

  try {
    await extractBlob(blob);

    const cases: Array<[string, () => Promise<unknown>]> = [
      ['gzip -dc > /dev/null (30 MB gzip layer)', () => decompressToNull('gzip', blob)],
      ['decompressLayer, gzip (node:zlib)', () => decompressOnly(blob, GZIP_LAYER)],
      ['decompressLayer + readLayerTar, gzip', () => readLayer(blob, GZIP_LAYER)],
    ];

    const zstdBlob = path.join(directory, 'layer.tar.zst');
    const recompressed = spawnSync('sh', ['-c', 'gzip -dc "$0" | zstd -q -3 -o "$1"', blob, zstdBlob]);
    if (recompressed.status === 0) {
      cases.push(
        ['zstd -dc > /dev/null (same tar, zstd -3)', () => decompressToNull('zstd', zstdBlob)],
        ['decompressLayer, zstd (fzstd)', () => decompressOnly(zstdBlob, ZSTD_LAYER)],
        ['decompressLayer + readLayerTar, zstd', () => readLayer(zstdBlob, ZSTD_LAYER)],
      );
    }

    const results: { name: string; ms: number; runs: number[] }[] = [];
    for (const [name, run] of cases) {
      const runs: number[] = [];
      for (let round = 0; round < rounds; round++) runs.push(Math.round(await time(run)));
      results.push({ name, ms: median(runs), runs });
    }
    return results;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
