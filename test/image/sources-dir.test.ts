// dir:PATH: an unpacked root filesystem read as one deterministic tar layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { openImage } from '../../src/image/reference.js';
import { drain, makeTempDir, sha256, userError } from './sources-fixtures.js';

/** Builds a small root filesystem with a nested file, an absolute symlink out of the tree and a relative one. */
function makeTree(): string {
  const root = makeTempDir('rootfs');
  fs.mkdirSync(path.join(root, 'etc'));
  fs.mkdirSync(path.join(root, 'usr', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(root, 'usr', 'lib', 'os-release'), 'ID=debian\nVERSION_ID="12"\n');
  fs.symlinkSync('../usr/lib/os-release', path.join(root, 'etc', 'os-release'));
  fs.symlinkSync('/etc/passwd', path.join(root, 'etc', 'passwd'));
  fs.writeFileSync(path.join(root, 'Zfile'), 'upper case sorts first\n');
  return root;
}

interface TarMember {
  name: string;
  type: string;
  linkname: string | null;
  contents: string;
}

async function listTar(bytes: Buffer): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      members.push({ name: header.name, type: header.type, linkname: header.linkname ?? null, contents: Buffer.concat(chunks).toString() });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    Readable.from([bytes]).pipe(extract);
  });
  return members;
}

test('dir resolves to one tar layer', async () => {
  const root = makeTree();
  const reference = `dir:${root}`;
  const source = await openImage(reference);
  try {
    const manifest = await source.resolve();
    assert.equal(manifest.reference, reference);
    assert.equal(manifest.layers.length, 1);

    const layer = manifest.layers[0]!;
    assert.equal(layer.mediaType, 'application/vnd.oci.image.layer.v1.tar');
    assert.equal(layer.diffId, layer.digest);

    const bytes = await drain(await source.openBlob(layer));
    assert.equal(sha256(bytes), layer.digest);
    assert.equal(bytes.length, layer.size);

    const config = JSON.parse((await drain(await source.openBlob(manifest.config))).toString()) as { rootfs: { diff_ids: string[] } };
    assert.deepEqual(config.rootfs.diff_ids, [layer.digest]);
  } finally {
    await source.close();
  }
});

test('dir tar keeps symlinks, sorted', async () => {
  const root = makeTree();
  const source = await openImage(`dir:${root}`);
  try {
    const manifest = await source.resolve();
    const members = await listTar(await drain(await source.openBlob(manifest.layers[0]!)));

    assert.deepEqual(
      members.map((member) => [member.name.replace(/\/$/, ''), member.type]),
      [
        ['Zfile', 'file'],
        ['etc', 'directory'],
        ['etc/os-release', 'symlink'],
        ['etc/passwd', 'symlink'],
        ['usr', 'directory'],
        ['usr/lib', 'directory'],
        ['usr/lib/os-release', 'file'],
      ],
    );
    const byName = new Map(members.map((member) => [member.name, member]));
    assert.equal(byName.get('etc/os-release')?.linkname, '../usr/lib/os-release');
    // The link out of the tree is stored as a link, never followed.
    assert.equal(byName.get('etc/passwd')?.linkname, '/etc/passwd');
    assert.equal(byName.get('etc/passwd')?.contents, '');
    assert.equal(byName.get('usr/lib/os-release')?.contents, 'ID=debian\nVERSION_ID="12"\n');
  } finally {
    await source.close();
  }
});

test('dir layer digest ignores mtimes', async () => {
  const root = makeTree();
  const digests: string[] = [];
  for (let run = 0; run < 2; run++) {
    const source = await openImage(`dir:${root}`);
    digests.push((await source.resolve()).layers[0]!.digest);
    await source.close();
    // A new modification time alone must not change the layer.
    fs.utimesSync(path.join(root, 'Zfile'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  }
  assert.equal(digests[0], digests[1]);
});

test('dir changed after resolve fails digest', async () => {
  const root = makeTree();
  const source = await openImage(`dir:${root}`);
  try {
    const manifest = await source.resolve();
    fs.writeFileSync(path.join(root, 'usr', 'lib', 'os-release'), 'ID=alpine\nVERSION_ID="3.19"\n');

    await assert.rejects(drain(await source.openBlob(manifest.layers[0]!)), userError('DIGEST_MISMATCH', root, /changed while it was read/));
  } finally {
    await source.close();
  }
});

test('dir errors name the path', async () => {
  const missing = path.join(makeTempDir('no-rootfs'), 'absent');
  const source = await openImage(`dir:${missing}`);
  await assert.rejects(source.resolve(), userError('NOT_FOUND', missing));

  const file = path.join(makeTempDir('file-rootfs'), 'image.tar');
  fs.writeFileSync(file, 'x');
  const fileSource = await openImage(`dir:${file}`);
  await assert.rejects(fileSource.resolve(), userError('INVALID_REFERENCE', file, /not a directory/));
});
