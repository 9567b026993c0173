// OCI layout directories (oci:DIR[:REF]): one copied from the shared OCI
// archive, and small ones that exercise image indexes and platforms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { hostPlatform } from '../../src/image/platform.js';
import { openImage } from '../../src/image/reference.js';
import { sharedPath } from '../shared.js';
import { blob, descriptorOf, drain, hashStream, makeTempDir, OCI_INDEX, tinyImage, userError, writeLayout } from './sources-fixtures.js';

const OCI_ARCHIVE = sharedPath('images', 'debian-images.oci.tar');

// Blob digests of distroless-like, and of the minbase manifest and config.
const DISTROLESS_BLOBS = [
  '4213031c213b6b659709a7fc771c65d5fd07badc2a1594e6dd3224db63d47185',
  'ce7ea1d560976f200dc62603758717c9c49f230b446075a8c20b1ae287cc2884',
  '8cf7e1911417aca77e6c09483b5c56f1565c9e42570b8069bf5e6709e6ced43d',
];
const MINBASE_METADATA = ['652a495afb17cee5e3a4f41e7d625064af002a7464a451daa410596bd3e92633', 'fde2a154cc3f25ff396e2a123c615c85fab0679f2af1b18e096fbfa58ada1d61'];
const MINBASE_LAYER = 'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b';

/** Copies the layout metadata and the named blobs out of the shared OCI archive into `dir`. */
async function extractLayout(dir: string, blobHexes: string[]): Promise<void> {
  const members = new Set(['oci-layout', 'index.json', ...blobHexes.map((hex) => `blobs/sha256/${hex}`)]);
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });

  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    if (header.type === 'file' && members.has(header.name)) {
      pipeline(stream, fs.createWriteStream(path.join(dir, header.name))).then(() => next(), next);
    } else {
      stream.on('end', () => next());
      stream.resume();
    }
  });
  await pipeline(fs.createReadStream(OCI_ARCHIVE), extract);
}

test('oci directory resolves a named image', async () => {
  const dir = makeTempDir('layout');
  await extractLayout(dir, DISTROLESS_BLOBS);

  const source = await openImage(`oci:${dir}:distroless-like`);
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.digest, 'sha256:4213031c213b6b659709a7fc771c65d5fd07badc2a1594e6dd3224db63d47185');
    assert.equal(manifest.config.digest, 'sha256:ce7ea1d560976f200dc62603758717c9c49f230b446075a8c20b1ae287cc2884');
    assert.equal(manifest.layers.length, 1);
    assert.equal(manifest.layers[0]?.digest, 'sha256:8cf7e1911417aca77e6c09483b5c56f1565c9e42570b8069bf5e6709e6ced43d');
    assert.equal(manifest.layers[0]?.diffId, 'sha256:8b30d11fd5c5d94894a73a7e9e031e69645f3ac0d7d0f60d26a1077ff924af64');

    const read = await hashStream(await source.openBlob(manifest.layers[0]!));
    assert.equal(read.digest, manifest.layers[0]?.digest);
    assert.equal(read.size, 8345713);
  } finally {
    await source.close();
  }
});

test('oci directory with a missing layer blob', async () => {
  const dir = makeTempDir('layout-missing');
  await extractLayout(dir, MINBASE_METADATA);

  const source = await openImage(`oci:${dir}:debian-bookworm-minbase`);
  try {
    await assert.rejects(source.resolve(), userError('MISSING_BLOB', MINBASE_LAYER, dir));
  } finally {
    await source.close();
  }
});

test('single unnamed image needs no name', async () => {
  const dir = makeTempDir('layout-single');
  const image = await tinyImage();
  writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);

  const source = await openImage(`oci:${dir}`);
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.digest, image.manifest.digest);
    assert.equal(manifest.layers[0]?.digest, image.layer.digest);
    assert.deepEqual(await drain(await source.openBlob(manifest.config)), image.config.bytes);
  } finally {
    await source.close();
  }
});

const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** Writes a layout whose only entry is an image index of an amd64 and an arm64/v8 image. */
async function writeMultiPlatformLayout(dir: string, form: 'oci' | 'docker' = 'oci') {
  const imageOptions = form === 'oci' ? {} : { manifestMediaType: DOCKER_MANIFEST, layerMediaType: DOCKER_LAYER_GZIP };
  const amd64 = await tinyImage({ ...imageOptions, architecture: 'amd64' });
  const arm64 = await tinyImage({ ...imageOptions, architecture: 'arm64' });
  const indexType = form === 'oci' ? OCI_INDEX : DOCKER_MANIFEST_LIST;
  const index = blob(
    indexType,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: indexType,
      manifests: [
        descriptorOf(amd64.manifest, { platform: { os: 'linux', architecture: 'amd64' } }),
        descriptorOf(arm64.manifest, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
      ],
    }),
  );
  writeLayout(dir, [descriptorOf(index, { annotations: { 'org.opencontainers.image.ref.name': 'multi' } })], [index, ...amd64.blobs, ...arm64.blobs]);
  return { amd64, arm64 };
}

test('image index picks the platform', async () => {
  const dir = makeTempDir('layout-platforms');
  const { amd64, arm64 } = await writeMultiPlatformLayout(dir);

  const cases = [
    { platform: 'linux/amd64', expected: amd64.manifest.digest },
    { platform: 'linux/arm64', expected: arm64.manifest.digest },
    { platform: 'linux/arm64/v8', expected: arm64.manifest.digest },
  ];
  for (const { platform, expected } of cases) {
    const source = await openImage(`oci:${dir}:multi`, { platform });
    try {
      assert.equal((await source.resolve()).digest, expected, platform);
    } finally {
      await source.close();
    }
  }
});

test('docker manifest list picks the platform', async () => {
  const dir = makeTempDir('layout-docker-list');
  const { arm64 } = await writeMultiPlatformLayout(dir, 'docker');

  const source = await openImage(`oci:${dir}:multi`, { platform: 'linux/arm64' });
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.digest, arm64.manifest.digest);
    assert.equal(manifest.mediaType, DOCKER_MANIFEST);
    assert.equal(manifest.layers[0]?.mediaType, DOCKER_LAYER_GZIP);
    assert.deepEqual(await drain(await source.openBlob(manifest.layers[0]!)), arm64.layer.bytes);
  } finally {
    await source.close();
  }
});

test('image index defaults to host platform', async (t) => {
  const host = hostPlatform();
  if (host.architecture !== 'amd64' && host.architecture !== 'arm64') {
    t.skip(`the fixture has no image for ${host.architecture}`);
    return;
  }
  const dir = makeTempDir('layout-host');
  const images = await writeMultiPlatformLayout(dir);

  const source = await openImage(`oci:${dir}:multi`);
  try {
    assert.equal((await source.resolve()).digest, images[host.architecture].manifest.digest);
  } finally {
    await source.close();
  }
});

test('image index without the platform', async () => {
  const dir = makeTempDir('layout-no-platform');
  await writeMultiPlatformLayout(dir);

  const source = await openImage(`oci:${dir}:multi`, { platform: 'linux/s390x' });
  try {
    await assert.rejects(source.resolve(), userError('NOT_FOUND', 'linux/s390x', 'linux/amd64, linux/arm64/v8'));
  } finally {
    await source.close();
  }
});
