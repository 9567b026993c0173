import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { Indexer, type IndexProgress } from '../../src/indexer/indexer.js';
import { DpkgScanner } from '../../src/ecosystems/dpkg/scanner.js';
import { defaultScanners } from '../../src/indexer/registry.js';
import type { Descriptor, ImageSource, Manifest } from '../../src/image/types.js';
import type { LayerScanner } from '../../src/indexer/types.js';
import { MemoryStore } from '../fakes/memory-store.js';
import { isUserError } from '../../src/errors.js';

const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** Builds a gzipped layer tar from path → contents (empty contents for whiteout markers). */
async function gzipLayer(entries: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, contents] of Object.entries(entries)) pack.entry({ name }, contents);
  pack.finalize();

  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** An ImageSource over in-memory layer blobs that counts how often each blob is opened. */
class MemorySource implements ImageSource {
  readonly name = 'memory:test';
  readonly opened: string[] = [];
  readonly streams: Readable[] = [];
  private readonly manifest: Manifest;
  private readonly blobs = new Map<string, Buffer>();

  constructor(layers: Buffer[]) {
    for (const blob of layers) this.blobs.set(sha256(blob), blob);
    this.manifest = {
      digest: sha256(Buffer.from(layers.map(sha256).join())),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:00', size: 2 },
      layers: layers.map((blob) => ({ mediaType: LAYER_GZIP, digest: sha256(blob), size: blob.length })),
      reference: 'memory:test',
    };
  }

  async resolve(): Promise<Manifest> {
    return structuredClone(this.manifest);
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    this.opened.push(descriptor.digest);
    const blob = this.blobs.get(descriptor.digest);
    if (!blob) throw new Error(`no blob ${descriptor.digest}`);

    const stream = Readable.from([blob]);
    this.streams.push(stream);
    return stream;
  }

  async close(): Promise<void> {}
}

const stanza = (name: string, version: string, source?: string): string => [
  `Package: ${name}`,
  'Status: install ok installed',
  'Maintainer: Test <test@example.org>',
  'Architecture: amd64',
  ...(source ? [`Source: ${source}`] : []),
  `Version: ${version}`,
  'Description: test package',
  '',
].join('\n');

async function twoLayerImage(): Promise<Buffer[]> {
  const base = await gzipLayer({
    'etc/os-release': 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    'var/lib/dpkg/status': [stanza('libc6', '2.36-9', 'glibc'), stanza('curl', '7.88.1-10'), stanza('libcurl4', '7.88.1-10', 'curl')].join('\n'),
    'usr/bin/curl': 'binary',
  });
  const purge = await gzipLayer({
    'usr/bin/.wh.curl': '',
    'var/lib/dpkg/status': [stanza('libc6', '2.36-9', 'glibc'), stanza('libcurl4', '7.88.1-10', 'curl'), stanza('jq', '1.6-2.1')].join('\n'),
  });
  return [base, purge];
}

test('Indexer indexes a two-layer image', async () => {
  const layers = await twoLayerImage();
  const source = new MemorySource(layers);
  const store = new MemoryStore();

  const report = await new Indexer(store).index(source);

  assert.deepEqual(report.packages.map((p) => `${p.name} ${p.version} ${p.sourceName} ${p.layer === sha256(layers[0]) ? 1 : 2}`), [
    'jq 1.6-2.1 jq 2',
    'libc6 2.36-9 glibc 1',
    'libcurl4 7.88.1-10 curl 1',
  ]);
  assert.equal(report.distribution?.versionCodeName, 'bookworm');
  assert.deepEqual(report.layers, layers.map(sha256));
  assert.deepEqual(source.opened, layers.map(sha256));

  assert.deepEqual(store.reports.get(report.manifestDigest), report);
  const topScan = store.layerScans.get(sha256(layers[1]));
  assert.deepEqual(topScan?.changes.whiteouts, ['usr/bin/curl']);
  assert.deepEqual(topScan?.findings.map((f) => f.scanner), defaultScanners().map((s) => s.name));
});

test('Indexer reads no layer the second time', async () => {
  const layers = await twoLayerImage();
  const store = new MemoryStore();
  const first = await new Indexer(store).index(new MemorySource(layers));

  const again = new MemorySource(layers);
  const second = await new Indexer(store).index(again);

  assert.deepEqual(again.opened, []);
  assert.equal(store.layerScanWrites, 2);
  assert.deepEqual(second, first);
});

test('Indexer rescans layers for a new scanner version', async () => {
  const layers = await twoLayerImage();
  const store = new MemoryStore();
  await new Indexer(store).index(new MemorySource(layers));

  // A scanner whose output changed bumps its version: stored findings of the old one no longer count.
  const bumped = new (class extends DpkgScanner {
    override readonly version = `${new DpkgScanner().version}-bumped`;
  })();
  const scanners: LayerScanner[] = defaultScanners().map((s) => (s.name === 'dpkg' ? bumped : s));
  const again = new MemorySource(layers);
  const report = await new Indexer(store, scanners).index(again);

  assert.deepEqual(again.opened, layers.map(sha256));
  assert.equal(report.packages.length, 3);
});

test('Indexer progress events', async () => {
  const layers = await twoLayerImage();
  const store = new MemoryStore();
  const events: IndexProgress[] = [];
  await new Indexer(store).index(new MemorySource(layers), (event) => events.push(event));

  assert.equal(events[0].kind, 'manifest');
  const done = events.filter((e) => e.kind === 'layer-done');
  assert.deepEqual(done.map((e) => [e.index, e.count, e.digest]), [[1, 2, sha256(layers[0])], [2, 2, sha256(layers[1])]]);

  // The byte count of each layer ends at the blob's size.
  for (const [i, blob] of layers.entries()) {
    const bytes = events.filter((e) => e.kind === 'layer-bytes' && e.index === i + 1);
    assert.ok(bytes.length > 0, `layer ${i + 1} has byte events`);
    const last = bytes[bytes.length - 1];
    assert.equal(last.kind === 'layer-bytes' ? last.bytes : -1, blob.length);
  }

  const cached: IndexProgress[] = [];
  await new Indexer(store).index(new MemorySource(layers), (event) => cached.push(event));
  assert.equal(cached.filter((e) => e.kind === 'layer-bytes').length, 0);
  assert.ok(cached.filter((e) => e.kind === 'layer-done').every((e) => e.kind === 'layer-done' && e.cached));
});

test('Indexer stores nothing for a corrupt layer', async () => {
  const [good] = await twoLayerImage();
  const corrupt = Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 7)]);
  const store = new MemoryStore();

  await assert.rejects(new Indexer(store).index(new MemorySource([good, corrupt])), (err) => isUserError(err));

  assert.equal(store.layerScans.has(sha256(corrupt)), false);
  assert.equal(store.reports.size, 0);
});

test('Indexer finds apk packages and Alpine', async () => {
  const layer = await gzipLayer({
    'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\n',
    'lib/apk/db/installed': 'P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:libcrypto3\nV:3.1.4-r0\nA:x86_64\no:openssl\n',
  });
  const report = await new Indexer(new MemoryStore()).index(new MemorySource([layer]));

  assert.equal(report.distribution?.did, 'alpine');
  assert.deepEqual(report.packages.map((p) => `${p.ecosystem} ${p.name} ${p.sourceName} ${p.path}`), [
    'apk libcrypto3 openssl lib/apk/db/installed',
    'apk musl musl lib/apk/db/installed',
  ]);
});

test('Indexer releases the blob of a layer it cannot read', async () => {
  const notALayer = Buffer.from('this is neither gzip, zstd nor tar '.repeat(40));
  const source = new MemorySource([notALayer]);

  await assert.rejects(new Indexer(new MemoryStore()).index(source), (err) => isUserError(err));
  assert.equal(source.streams.length, 1);
  assert.equal(source.streams[0].destroyed, true);
});
