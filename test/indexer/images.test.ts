// End-to-end inventory of the real test images: the dpkg packages LayerLens
// indexes must equal the `deb` rows of each image's ground-truth TSV, which
// was written from the merged root filesystem that umoci unpacked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { sharedPath } from '../shared.js';
import { groundTruthRows, withSqliteStore, type GroundTruthRow } from './index-helpers.js';
import { openImage } from '../../src/image/reference.js';
import type { Descriptor, ImageSource, Manifest } from '../../src/image/types.js';
import { Indexer } from '../../src/indexer/indexer.js';
import type { IndexReport } from '../../src/indexer/types.js';
import type { Store } from '../../src/store/store.js';

const OCI = sharedPath('images', 'debian-images.oci.tar');
const DOCKER = sharedPath('images', 'debian-images.docker-archive.tar.gz');

/** The images and the layer digests (gzip blobs of the OCI archive) their README lists. */
const MINBASE_LAYER = 'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b';
const IMAGES: Record<string, { docker: boolean; layers: number }> = {
  'debian-bookworm-minbase': { docker: true, layers: 1 },
  'debian-multilayer': { docker: true, layers: 4 },
  'debian-kitchen-sink': { docker: false, layers: 2 },
  'distroless-like': { docker: true, layers: 1 },
};

type TruthRow = Omit<GroundTruthRow, 'ecosystem'>;

/** Returns the `deb` rows of an image's ground truth. */
function groundTruth(image: string): TruthRow[] {
  return groundTruthRows(image, ['deb']);
}

const asRows = (rows: TruthRow[]): string[] =>
  rows.map((r) => [r.name, r.version, r.sourceName, r.sourceVersion, r.path].join('\t')).sort();

function debRows(report: IndexReport): string[] {
  return asRows(report.packages.filter((p) => p.ecosystem === 'deb'));
}

/** Wraps a source to count the blobs it opens. */
class CountingSource implements ImageSource {
  readonly opened: string[] = [];

  constructor(private readonly inner: ImageSource) {}

  get name(): string {
    return this.inner.name;
  }

  resolve(): Promise<Manifest> {
    return this.inner.resolve();
  }

  openBlob(descriptor: Descriptor): Promise<Readable> {
    this.opened.push(descriptor.digest);
    return this.inner.openBlob(descriptor);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

async function indexReference(store: Store, reference: string): Promise<{ report: IndexReport; opened: string[] }> {
  const source = new CountingSource(await openImage(reference, { platform: 'linux/amd64' }));
  try {
    const report = await new Indexer(store).index(source);
    return { report, opened: source.opened };
  } finally {
    await source.close();
  }
}

function withStore(run: (store: Store) => Promise<void>): () => Promise<void> {
  return () => withSqliteStore(run);
}

for (const [image, { docker, layers }] of Object.entries(IMAGES)) {
  test(`inventory of ${image} (oci-archive)`, withStore(async (store) => {
    const { report, opened } = await indexReference(store, `oci-archive:${OCI}:${image}`);

    assert.deepEqual(debRows(report), asRows(groundTruth(image)));
    assert.equal(report.layers.length, layers);
    assert.equal(opened.length, layers);
    assert.equal(report.distribution?.did, 'debian');
    assert.equal(report.distribution?.versionId, '12');
    assert.equal(report.distribution?.versionCodeName, 'bookworm');
  }));

  if (docker) {
    test(`inventory of ${image} (docker-archive)`, withStore(async (store) => {
      const { report } = await indexReference(store, `docker-archive:${DOCKER}:localhost/test/${image}:latest`);
      assert.deepEqual(debRows(report), asRows(groundTruth(image)));
      assert.equal(report.layers.length, layers);
    }));
  }
}

test('multilayer hides purged curl', withStore(async (store) => {
  const { report } = await indexReference(store, `oci-archive:${OCI}:debian-multilayer`);
  const names = report.packages.map((p) => p.name);

  assert.equal(names.includes('curl'), false);
  const libcurl = report.packages.find((p) => p.name === 'libcurl4');
  assert.equal(libcurl?.sourceName, 'curl', 'libcurl4 stays, matched through its source package curl');
  assert.equal(report.packages.filter((p) => p.ecosystem === 'deb').length, 107);
}));

test('packages keep the layer that introduced them', withStore(async (store) => {
  // The minbase image is exactly the first layer of the two others, so a
  // package with the same version in minbase comes from that layer. Any
  // other package came with the second layer, because the later layers of
  // debian-multilayer only purge curl and add files dpkg does not own.
  const minbase = new Set(groundTruth('debian-bookworm-minbase').map((r) => `${r.name} ${r.version}`));

  for (const image of ['debian-multilayer', 'debian-kitchen-sink']) {
    const { report } = await indexReference(store, `oci-archive:${OCI}:${image}`);
    assert.equal(report.layers[0], MINBASE_LAYER);

    for (const pkg of report.packages) {
      const expected: string = minbase.has(`${pkg.name} ${pkg.version}`) ? report.layers[0] : report.layers[1];
      assert.equal(pkg.layer, expected, `${image}: ${pkg.name} ${pkg.version}`);
    }
  }
}));

test('second index reads no layer', withStore(async (store) => {
  const reference = `oci-archive:${OCI}:debian-multilayer`;
  const first = await indexReference(store, reference);
  assert.equal(first.opened.length, 4);

  const second = await indexReference(store, reference);
  assert.deepEqual(second.opened, []);
  assert.deepEqual(second.report, first.report);
  assert.deepEqual(await store.getIndexReport(first.report.manifestDigest), first.report);

  // Kitchen sink shares the minbase layer: only its own second layer is read.
  const kitchen = await indexReference(store, `oci-archive:${OCI}:debian-kitchen-sink`);
  assert.deepEqual(kitchen.opened, [kitchen.report.layers[1]]);
}));
