// The layer reader marks files it served through a link, so that scanners
// can tell a second name of a file from a file of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLayerTar } from '../../src/image/tar-reader.js';
import { buildTar, streamOf } from './tar-fixtures.js';

test('readLayerTar marks files served through symlinks, hard links and symlinked directories', async () => {
  const tarball = await buildTar([
    { name: 'usr/share/java/b.jar', contents: 'jar bytes' },
    { name: 'usr/share/java/b-1.0.jar', type: 'symlink', linkname: 'b.jar' },
    { name: 'usr/share/java/c.jar', type: 'link', linkname: 'usr/share/java/b.jar' },
    { name: 'lib', type: 'symlink', linkname: 'usr/share' },
    { name: 'usr/share/java/d.jar', contents: 'other jar' },
  ]);

  const result = await readLayerTar(streamOf(tarball), {
    layer: 'sha256:0123',
    wants: (p) => p.endsWith('.jar'),
    maxFileSize: () => 1024,
  });

  assert.deepEqual(
    result.files.map((f) => [f.path, f.contents.toString(), f.isLink === true]),
    [
      ['lib/java/d.jar', 'other jar', true],
      ['usr/share/java/b-1.0.jar', 'jar bytes', true],
      ['usr/share/java/b.jar', 'jar bytes', false],
      ['usr/share/java/c.jar', 'jar bytes', true],
      ['usr/share/java/d.jar', 'other jar', false],
    ],
  );
});
