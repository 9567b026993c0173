import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { scanLayer } from '../../src/indexer/layer-scan.js';
import { logger } from '../../src/log.js';
import type { LayerFile, LayerFindings, LayerScanner } from '../../src/indexer/types.js';

/** Builds an uncompressed layer tar stream from path → contents. */
async function layerTar(entries: Record<string, string>): Promise<Readable> {
  const pack = tar.pack();
  for (const [name, contents] of Object.entries(entries)) pack.entry({ name }, contents);
  pack.finalize();

  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

/** A scanner that records the files it was given. */
class RecordingScanner implements LayerScanner {
  readonly version = '1';
  seen: LayerFile[] = [];

  constructor(readonly name: string, readonly maxFileSize: number, private readonly paths: string[]) {}

  wants(path: string): boolean {
    return this.paths.includes(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    this.seen = files;
    return { scanner: this.name, scannerVersion: this.version, packages: [], databases: files.map((f) => f.path) };
  }
}

const log = logger('test');

test('scanLayer hands each scanner its files', async () => {
  const small = new RecordingScanner('small', 10, ['a', 'big']);
  const large = new RecordingScanner('large', 1000, ['big', 'b']);
  const tarStream = await layerTar({ a: 'aaa', b: 'bbb', big: 'x'.repeat(100), other: 'ignored', 'dir/.wh.gone': '' });

  const scan = await scanLayer(tarStream, 'sha256:abc', [small, large], log);

  assert.equal(scan.digest, 'sha256:abc');
  assert.deepEqual(scan.changes.whiteouts, ['dir/gone']);
  assert.deepEqual(small.seen.map((f) => f.path), ['a'], 'a file above the scanner\'s own cap is withheld');
  assert.deepEqual(large.seen.map((f) => f.path).sort(), ['b', 'big']);
  assert.equal(large.seen.find((f) => f.path === 'big')?.contents.length, 100);
  assert.deepEqual(scan.findings.map((f) => f.scanner), ['small', 'large']);
});

test('scanLayer re-throws a scanner failure', async () => {
  const broken = new RecordingScanner('broken', 10, ['a']);
  broken.scan = () => {
    throw new Error('scanner bug');
  };
  await assert.rejects(scanLayer(await layerTar({ a: '1' }), 'sha256:abc', [broken], log), /scanner bug/);
});
