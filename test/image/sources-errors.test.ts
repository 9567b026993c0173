// Bad inputs to image sources: missing, non-tar, truncated and corrupt
// archives, blobs that are missing or altered, unknown media types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openImage } from '../../src/image/reference.js';
import { sharedPath } from '../shared.js';
import { descriptorOf, drain, makeTempDir, sha256, tarDirectory, tinyImage, userError, writeLayout } from './sources-fixtures.js';

const OCI_ARCHIVE = sharedPath('images', 'debian-images.oci.tar');
const DOCKER_ARCHIVE = sharedPath('images', 'debian-images.docker-archive.tar.gz');

/** Opens and resolves a reference, closing the source when the resolve fails. */
async function resolveReference(reference: string): Promise<void> {
  const source = await openImage(reference);
  try {
    await source.resolve();
  } finally {
    await source.close();
  }
}

async function copyPrefix(from: string, to: string, bytes: number): Promise<void> {
  await pipeline(fs.createReadStream(from, { end: bytes - 1 }), fs.createWriteStream(to));
}

test('missing archive file is not found', async () => {
  const missing = path.join(makeTempDir('missing'), 'nothing-here.tar');
  await assert.rejects(openImage(`oci-archive:${missing}`), userError('NOT_FOUND', missing));
  await assert.rejects(openImage(`docker-archive:${missing}:a/b:c`), userError('NOT_FOUND', missing));
});

test('text file is not a tar archive', async () => {
  const file = path.join(makeTempDir('text'), 'notes.tar');
  fs.writeFileSync(file, 'these are notes, not a tar archive\n'.repeat(40));
  await assert.rejects(openImage(`oci-archive:${file}`), userError('INVALID_ARCHIVE', file, /not a tar archive/));
});

test('empty file is not a tar archive', async () => {
  const file = path.join(makeTempDir('empty'), 'empty.tar');
  fs.writeFileSync(file, '');
  await assert.rejects(openImage(`docker-archive:${file}`), userError('INVALID_ARCHIVE', file, /not a tar archive/));
});

test('truncated OCI archive is rejected', async () => {
  // 10 MB ends inside the 30 MB base layer blob.
  const file = path.join(makeTempDir('truncated'), 'images.oci.tar');
  await copyPrefix(OCI_ARCHIVE, file, 10_000_000);
  await assert.rejects(openImage(`oci-archive:${file}:debian-multilayer`), userError('INVALID_ARCHIVE', file, /truncated/));
});

test('truncated gzipped docker-archive is rejected', async () => {
  const file = path.join(makeTempDir('truncated-gz'), 'images.docker-archive.tar.gz');
  await copyPrefix(DOCKER_ARCHIVE, file, 1_000_000);
  await assert.rejects(openImage(`docker-archive:${file}`), userError('INVALID_ARCHIVE', file, /truncated/));
});

test('directory given as archive is rejected', async () => {
  const dir = makeTempDir('dir-as-archive');
  await assert.rejects(openImage(`oci-archive:${dir}`), userError('INVALID_ARCHIVE', dir, `oci:${dir}`));
});

test('archive of the wrong kind is named', async () => {
  await assert.rejects(resolveReference(`docker-archive:${OCI_ARCHIVE}`), userError('INVALID_ARCHIVE', OCI_ARCHIVE, /no manifest\.json/, /oci-archive:/));
  await assert.rejects(resolveReference(`oci-archive:${DOCKER_ARCHIVE}`), userError('INVALID_ARCHIVE', DOCKER_ARCHIVE, /no index\.json/, /docker-archive:/));
});

for (const form of ['oci', 'oci-archive'] as const) {
  test(`${form} altered layer fails digest`, async () => {
    const dir = makeTempDir('altered');
    const image = await tinyImage();
    writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);

    // Flip one byte of the stored layer, keeping its size.
    const layerFile = path.join(dir, 'blobs', 'sha256', image.layer.digest.slice('sha256:'.length));
    const altered = Buffer.from(image.layer.bytes);
    altered[altered.length - 5] = (altered[altered.length - 5] ?? 0) ^ 0xff;
    fs.writeFileSync(layerFile, altered);

    let reference = `oci:${dir}`;
    if (form === 'oci-archive') {
      const archive = path.join(makeTempDir('altered-archive'), 'altered.oci.tar');
      await tarDirectory(dir, archive);
      reference = `oci-archive:${archive}`;
    }

    const source = await openImage(reference);
    try {
      const manifest = await source.resolve();
      const stream = await source.openBlob(manifest.layers[0]!);
      await assert.rejects(
        drain(stream),
        userError('DIGEST_MISMATCH', image.layer.digest, sha256(altered), image.layer.digest.slice('sha256:'.length), /re-export/),
      );
    } finally {
      await source.close();
    }
  });
}

test('altered manifest fails digest', async () => {
  const dir = makeTempDir('altered-manifest');
  const image = await tinyImage();
  writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);
  const manifestFile = path.join(dir, 'blobs', 'sha256', image.manifest.digest.slice('sha256:'.length));
  fs.writeFileSync(manifestFile, `${image.manifest.bytes.toString()} `);

  await assert.rejects(resolveReference(`oci:${dir}`), userError('DIGEST_MISMATCH', image.manifest.digest, manifestFile));
});

test('manifest naming a missing layer', async () => {
  const dir = makeTempDir('missing-layer');
  const image = await tinyImage();
  writeLayout(dir, [descriptorOf(image.manifest)], [image.manifest, image.config]);

  await assert.rejects(resolveReference(`oci:${dir}`), userError('MISSING_BLOB', image.layer.digest, dir));

  const archive = path.join(makeTempDir('missing-layer-archive'), 'missing.oci.tar');
  await tarDirectory(dir, archive);
  await assert.rejects(resolveReference(`oci-archive:${archive}`), userError('MISSING_BLOB', image.layer.digest, archive));
});

test('unknown layer media type is named', async () => {
  const dir = makeTempDir('unknown-layer-type');
  const image = await tinyImage({ layerMediaType: 'application/vnd.example.layer.v1+squashfs' });
  writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);

  const reference = `oci:${dir}`;
  await assert.rejects(
    resolveReference(reference),
    userError('UNKNOWN_MEDIA_TYPE', 'application/vnd.example.layer.v1+squashfs', reference, 'application/vnd.oci.image.layer.v1.tar+gzip'),
  );
});

test('unknown manifest media type is named', async () => {
  const dir = makeTempDir('unknown-manifest-type');
  const schema1 = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
  const image = await tinyImage({ manifestMediaType: schema1 });
  writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);

  const reference = `oci:${dir}`;
  await assert.rejects(resolveReference(reference), userError('UNKNOWN_MEDIA_TYPE', schema1, reference, 'application/vnd.oci.image.manifest.v1+json'));
});

test('oversized index.json is rejected', async () => {
  const dir = makeTempDir('big-index');
  const image = await tinyImage();
  writeLayout(dir, [descriptorOf(image.manifest)], image.blobs);
  const indexFile = path.join(dir, 'index.json');
  fs.writeFileSync(indexFile, `${' '.repeat(5 * 1024 * 1024)}${fs.readFileSync(indexFile, 'utf8')}`);

  await assert.rejects(resolveReference(`oci:${dir}`), userError('INVALID_ARCHIVE', indexFile, /4194304-byte limit/));
});

test('oci directory errors name the path', async () => {
  const missing = path.join(makeTempDir('no-layout'), 'absent');
  await assert.rejects(openImage(`oci:${missing}`), userError('NOT_FOUND', missing));
  await assert.rejects(openImage(`oci:${OCI_ARCHIVE}`), userError('INVALID_REFERENCE', OCI_ARCHIVE, `oci-archive:${OCI_ARCHIVE}`));

  const empty = makeTempDir('empty-layout');
  await assert.rejects(resolveReference(`oci:${empty}`), userError('INVALID_ARCHIVE', empty, /no index\.json/));
});
