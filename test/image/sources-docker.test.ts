// Small docker-archives built at test time: the legacy layout with
// `<id>/layer.tar` links, the OCI layout that Docker 25+ writes inside,
// and broken archives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openImage } from '../../src/image/reference.js';
import { drain, hashStream, makeTempDir, type Member, sha256, tarOf, userError, writeTar } from './sources-fixtures.js';

const LEGACY_ID = 'a'.repeat(64);

interface DockerFixture {
  layerTar: Buffer;
  diffId: string;
  config: Buffer;
  configDigest: string;
}

async function dockerFixture(): Promise<DockerFixture> {
  const layerTar = await tarOf({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
  const diffId = sha256(layerTar);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }));
  return { layerTar, diffId, config, configDigest: sha256(config) };
}

function hexOf(digest: string): string {
  return digest.slice('sha256:'.length);
}

function manifestJson(config: string, layers: string[], repoTags = ['example.com/team/app:1.0']): Member {
  return { name: 'manifest.json', contents: JSON.stringify([{ Config: config, RepoTags: repoTags, Layers: layers }]) };
}

/** Resolves a single-image archive and checks its layer against the fixture. */
async function checkArchive(file: string, fixture: DockerFixture, reference = `docker-archive:${file}`): Promise<void> {
  const source = await openImage(reference);
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.config.digest, fixture.configDigest);
    assert.equal(manifest.layers.length, 1);
    assert.equal(manifest.layers[0]?.digest, fixture.diffId);
    assert.equal(manifest.layers[0]?.diffId, fixture.diffId);
    assert.equal(manifest.layers[0]?.size, fixture.layerTar.length);

    const layer = await hashStream(await source.openBlob(manifest.layers[0]!));
    assert.equal(layer.digest, fixture.diffId);
    assert.deepEqual(await drain(await source.openBlob(manifest.config)), fixture.config);
  } finally {
    await source.close();
  }
}

const LAYOUTS: { name: string; members: (fixture: DockerFixture) => Member[] }[] = [
  {
    name: 'layer under its diff_id',
    members: (f) => [
      { name: `${hexOf(f.diffId)}.tar`, contents: f.layerTar },
      { name: `${hexOf(f.configDigest)}.json`, contents: f.config },
      manifestJson(`${hexOf(f.configDigest)}.json`, [`${hexOf(f.diffId)}.tar`]),
    ],
  },
  {
    name: 'layer.tar as symlink',
    members: (f) => [
      { name: `${hexOf(f.diffId)}.tar`, contents: f.layerTar },
      { name: `${LEGACY_ID}/layer.tar`, type: 'symlink', linkname: `../${hexOf(f.diffId)}.tar` },
      { name: `${hexOf(f.configDigest)}.json`, contents: f.config },
      manifestJson(`${hexOf(f.configDigest)}.json`, [`${LEGACY_ID}/layer.tar`]),
    ],
  },
  {
    name: 'layer.tar as hard link',
    members: (f) => [
      { name: `${hexOf(f.diffId)}.tar`, contents: f.layerTar },
      { name: `${LEGACY_ID}/layer.tar`, type: 'link', linkname: `${hexOf(f.diffId)}.tar` },
      { name: `${hexOf(f.configDigest)}.json`, contents: f.config },
      manifestJson(`${hexOf(f.configDigest)}.json`, [`${LEGACY_ID}/layer.tar`]),
    ],
  },
  {
    name: 'layer.tar as a file',
    members: (f) => [
      { name: `${LEGACY_ID}/layer.tar`, contents: f.layerTar },
      { name: `${hexOf(f.configDigest)}.json`, contents: f.config },
      manifestJson(`${hexOf(f.configDigest)}.json`, [`${LEGACY_ID}/layer.tar`]),
    ],
  },
  {
    name: 'OCI layout inside',
    members: (f) => [
      { name: 'oci-layout', contents: '{"imageLayoutVersion":"1.0.0"}' },
      { name: `blobs/sha256/${hexOf(f.diffId)}`, contents: f.layerTar },
      { name: `blobs/sha256/${hexOf(f.configDigest)}`, contents: f.config },
      manifestJson(`blobs/sha256/${hexOf(f.configDigest)}`, [`blobs/sha256/${hexOf(f.diffId)}`]),
    ],
  },
];

for (const layout of LAYOUTS) {
  test(`docker-archive with ${layout.name}`, async () => {
    const fixture = await dockerFixture();
    const file = path.join(makeTempDir('docker'), 'image.tar');
    await writeTar(file, layout.members(fixture));
    await checkArchive(file, fixture);
  });
}

test('docker-archive matches normalized tags', async () => {
  const fixture = await dockerFixture();
  const file = path.join(makeTempDir('docker-tags'), 'image.tar');
  await writeTar(file, [
    { name: `${hexOf(fixture.diffId)}.tar`, contents: fixture.layerTar },
    { name: 'config.json', contents: fixture.config },
    manifestJson('config.json', [`${hexOf(fixture.diffId)}.tar`], ['debian:12']),
  ]);

  for (const name of ['debian:12', 'docker.io/library/debian:12', '@0']) {
    await checkArchive(file, fixture, `docker-archive:${file}:${name}`);
  }
});

test('docker-archive altered layer fails digest', async () => {
  const fixture = await dockerFixture();
  const altered = Buffer.from(fixture.layerTar);
  altered[100] = (altered[100] ?? 0) ^ 0x01;
  const file = path.join(makeTempDir('docker-altered'), 'image.tar');
  await writeTar(file, [
    { name: `${hexOf(fixture.diffId)}.tar`, contents: altered },
    { name: 'config.json', contents: fixture.config },
    manifestJson('config.json', [`${hexOf(fixture.diffId)}.tar`]),
  ]);

  const source = await openImage(`docker-archive:${file}`);
  try {
    const manifest = await source.resolve();
    await assert.rejects(drain(await source.openBlob(manifest.layers[0]!)), userError('DIGEST_MISMATCH', fixture.diffId, sha256(altered), file));
  } finally {
    await source.close();
  }
});

test('docker-archive missing layer file', async () => {
  const fixture = await dockerFixture();
  const file = path.join(makeTempDir('docker-missing'), 'image.tar');
  await writeTar(file, [{ name: 'config.json', contents: fixture.config }, manifestJson('config.json', [`${LEGACY_ID}/layer.tar`])]);

  const source = await openImage(`docker-archive:${file}`);
  try {
    await assert.rejects(source.resolve(), userError('MISSING_BLOB', fixture.diffId, file));
  } finally {
    await source.close();
  }
});

test('docker-archive link leaving the archive', async () => {
  const fixture = await dockerFixture();
  const file = path.join(makeTempDir('docker-escape'), 'image.tar');
  await writeTar(file, [
    { name: `${LEGACY_ID}/layer.tar`, type: 'symlink', linkname: '../../etc/passwd' },
    { name: 'config.json', contents: fixture.config },
    manifestJson('config.json', [`${LEGACY_ID}/layer.tar`]),
  ]);

  const source = await openImage(`docker-archive:${file}`);
  try {
    await assert.rejects(source.resolve(), userError('INVALID_ARCHIVE', /outside the archive/, file));
  } finally {
    await source.close();
  }
});

test('docker-archive with invalid manifest.json', async () => {
  const file = path.join(makeTempDir('docker-bad-json'), 'image.tar');
  await writeTar(file, [{ name: 'manifest.json', contents: '[{"Config": ' }]);

  const source = await openImage(`docker-archive:${file}`);
  try {
    await assert.rejects(source.resolve(), userError('INVALID_ARCHIVE', file, 'manifest.json', /not valid JSON/));
  } finally {
    await source.close();
  }
});
