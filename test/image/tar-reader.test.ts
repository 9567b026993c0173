import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { UserError } from '../../src/errors.js';
import { decompressLayer } from '../../src/image/decompress.js';
import fc from 'fast-check';
import { normalizeLayerPath } from '../../src/image/path-normalize.js';
import { LayerLinks } from '../../src/image/tar-links.js';
import { readLayerTar, type TarReadResult } from '../../src/image/tar-reader.js';
import { sharedPath } from '../shared.js';
import {
  END_OF_ARCHIVE,
  LEVEL,
  buildTar,
  captureLogs,
  withOciBlob,
  gnuHeader,
  gnuLongLink,
  padToBlock,
  streamOf,
  type FixtureEntry,
} from './tar-fixtures.js';

const logs = captureLogs();
beforeEach(() => {
  logs.length = 0;
});

const LAYER = 'sha256:0123456789abcdef';

async function read(
  tarball: Buffer,
  wanted: string[] | ((path: string) => boolean),
  maxFileSize = 1 << 20,
): Promise<TarReadResult> {
  const wants = typeof wanted === 'function' ? wanted : (p: string) => wanted.includes(p);
  return readLayerTar(streamOf(tarball), { layer: LAYER, wants, maxFileSize: () => maxFileSize });
}

async function readEntries(entries: FixtureEntry[], wanted: string[] | ((path: string) => boolean), maxFileSize?: number) {
  return read(await buildTar(entries), wanted, maxFileSize);
}

function filesOf(result: TarReadResult): Record<string, string> {
  return Object.fromEntries(result.files.map((file) => [file.path, file.contents.toString('utf8')]));
}

test('normalizeLayerPath cleans entry names', () => {
  const cases: Array<[string, string]> = [
    ['./etc/os-release', 'etc/os-release'],
    ['/etc/os-release', 'etc/os-release'],
    ['etc//apk/./repositories', 'etc/apk/repositories'],
    ['usr/lib/../lib64/x', 'usr/lib64/x'],
    ['../../etc/passwd', 'etc/passwd'],
    ['a/../../../b', 'b'],
    ['./', ''],
    ['..', ''],
    ['usr/share/doc/', 'usr/share/doc'],
  ];
  for (const [name, expected] of cases) {
    assert.equal(normalizeLayerPath(name), expected, name);
  }
});

const pathPart = fc.constantFrom('a', 'b', 'etc', '..', '.', '', '/');

function isCleanPath(path: string): boolean {
  return path === '' || path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

test('normalizeLayerPath never leaves the root', () => {
  fc.assert(
    fc.property(fc.array(pathPart, { maxLength: 12 }), (parts) => {
      const normalized = normalizeLayerPath(parts.join('/'));
      assert.ok(isCleanPath(normalized), normalized);
      assert.equal(normalizeLayerPath(normalized), normalized);
    }),
  );
});

test('LayerLinks.resolve stays inside the root', () => {
  const linkPath = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
  const target = fc.array(pathPart, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));
  const link = fc.record({ path: linkPath, target, hard: fc.boolean() });

  fc.assert(
    fc.property(fc.array(link, { maxLength: 8 }), linkPath, (recorded, query) => {
      const links = new LayerLinks();
      for (const { path, target: linkTarget, hard } of recorded) {
        if (hard) links.addHardLink(path, normalizeLayerPath(linkTarget));
        else links.addSymlink(path, linkTarget);
      }

      const resolved = links.resolve(query);
      if (resolved !== undefined) assert.ok(isCleanPath(resolved), resolved);
    }),
  );
});

test('readLayerTar returns only wanted files', async () => {
  const result = await readEntries(
    [
      { name: 'etc/', type: 'directory' },
      { name: 'etc/os-release', contents: 'ID=debian\n' },
      { name: 'etc/hostname', contents: 'box\n' },
      { name: 'var/lib/dpkg/status', contents: 'Package: libc6\n' },
    ],
    ['etc/os-release', 'var/lib/dpkg/status'],
  );

  assert.deepEqual(filesOf(result), { 'etc/os-release': 'ID=debian\n', 'var/lib/dpkg/status': 'Package: libc6\n' });
  assert.equal(result.entries, 4);
  assert.deepEqual(result.changes, { whiteouts: [], opaqueDirs: [] });
});

test('readLayerTar clamps dot-dot entry names to the root', async () => {
  const seen: string[] = [];
  const result = await readEntries(
    [
      { name: '../../etc/passwd', contents: 'root:x:0:0\n' },
      { name: './usr/../../../etc/group', contents: 'root:x:0:\n' },
      { name: '/etc/shadow', contents: 'root:*:\n' },
    ],
    (p) => {
      seen.push(p);
      return true;
    },
  );

  assert.deepEqual(seen, ['etc/passwd', 'etc/group', 'etc/shadow']);
  assert.deepEqual(filesOf(result), { 'etc/passwd': 'root:x:0:0\n', 'etc/group': 'root:x:0:\n', 'etc/shadow': 'root:*:\n' });
});

test('readLayerTar reads ustar prefixed paths', async () => {
  // 101 to 255 characters fit a ustar header with the name split into prefix and name.
  const longPath = `usr/lib/node_modules/${'a'.repeat(120)}/package.json`;
  const tarball = await buildTar([{ name: longPath, contents: '{"name":"a"}' }]);
  assert.notEqual(tarball[345], 0, 'fixture uses the ustar prefix field');

  const result = await read(tarball, [longPath]);

  assert.deepEqual(filesOf(result), { [longPath]: '{"name":"a"}' });
});

test('readLayerTar reads PAX long paths', async () => {
  // A file name over 100 characters cannot be split into the ustar prefix, so pack writes a PAX header.
  const longPath = `usr/share/doc/${'d'.repeat(120)}.txt`;
  const tarball = await buildTar([{ name: longPath, contents: 'long' }]);
  assert.equal(String.fromCharCode(tarball[156]), 'x', 'fixture starts with a PAX extended header');

  const result = await read(tarball, [longPath]);

  assert.deepEqual(filesOf(result), { [longPath]: 'long' });
  assert.equal(result.entries, 1);
});

test('readLayerTar reads GNU long names and long link targets', async () => {
  const longName = `opt/app/${'n'.repeat(150)}/METADATA`;
  const linkPath = 'opt/link-METADATA';
  const longTarget = `${'t'.repeat(130)}/real-METADATA`;
  const targetPath = `opt/${longTarget}`;
  const body = Buffer.from('Name: six\n');

  const tarball = Buffer.concat([
    gnuLongLink('L', longName),
    gnuHeader(longName.slice(0, 100), '0', body.length),
    padToBlock(body),
    gnuLongLink('K', longTarget),
    gnuHeader(linkPath, '2', 0, longTarget.slice(0, 100)),
    gnuLongLink('L', targetPath),
    gnuHeader(targetPath.slice(0, 100), '0', body.length),
    padToBlock(body),
    END_OF_ARCHIVE,
  ]);

  const result = await read(tarball, [longName, linkPath]);

  assert.deepEqual(filesOf(result), { [longName]: 'Name: six\n', [linkPath]: 'Name: six\n' });
  assert.equal(result.entries, 3);
});

test('readLayerTar follows a symlink to a later target', async () => {
  const result = await readEntries(
    [
      { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
      { name: 'usr/lib/os-release', contents: 'ID=debian\nVERSION_ID="12"\n' },
    ],
    ['etc/os-release'],
  );

  assert.deepEqual(filesOf(result), { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
  assert.deepEqual(result.unresolvedLinks, []);
});

test('readLayerTar follows an absolute symlink inside the layer', async () => {
  const result = await readEntries(
    [
      { name: 'etc/os-release', type: 'symlink', linkname: '/usr/lib/os-release' },
      { name: 'usr/lib/os-release', contents: 'ID=ubuntu\n' },
    ],
    ['etc/os-release'],
  );

  assert.deepEqual(filesOf(result), { 'etc/os-release': 'ID=ubuntu\n' });
});

test('readLayerTar serves an earlier target only when it was wanted', async () => {
  const entries: FixtureEntry[] = [
    { name: 'usr/lib/os-release', contents: 'ID=debian\n' },
    { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
  ];

  const bothWanted = await readEntries(entries, ['etc/os-release', 'usr/lib/os-release']);
  assert.deepEqual(filesOf(bothWanted), { 'etc/os-release': 'ID=debian\n', 'usr/lib/os-release': 'ID=debian\n' });

  const linkWanted = await readEntries(entries, ['etc/os-release']);
  assert.deepEqual(filesOf(linkWanted), {});
  assert.deepEqual(linkWanted.unresolvedLinks, [{ path: 'etc/os-release', target: 'usr/lib/os-release' }]);
  assert.ok(
    logs.some((line) => line.level === LEVEL.debug && line.path === 'etc/os-release' && line.layer === LAYER),
    'the missed target is logged at debug level',
  );
});

test('readLayerTar follows symlink chains and stops loops', async () => {
  const result = await readEntries(
    [
      { name: 'a', type: 'symlink', linkname: 'b' },
      { name: 'b', type: 'symlink', linkname: 'dir/c' },
      { name: 'dir/c', type: 'symlink', linkname: '../real' },
      { name: 'real', contents: 'end of chain' },
      { name: 'loop1', type: 'symlink', linkname: 'loop2' },
      { name: 'loop2', type: 'symlink', linkname: './loop1' },
    ],
    ['a', 'loop1'],
  );

  assert.deepEqual(filesOf(result), { a: 'end of chain' });
  assert.deepEqual(result.unresolvedLinks, [{ path: 'loop1', target: undefined }]);
});

test('readLayerTar serves hard links to wanted files', async () => {
  const entries: FixtureEntry[] = [
    { name: 'usr/bin/python3.11', contents: 'ELF python' },
    { name: 'usr/bin/python3', type: 'link', linkname: 'usr/bin/python3.11' },
  ];

  const bothWanted = await readEntries(entries, (p) => p.startsWith('usr/bin/python3'));
  assert.deepEqual(filesOf(bothWanted), { 'usr/bin/python3': 'ELF python', 'usr/bin/python3.11': 'ELF python' });

  // A hard link target always precedes the link, so an unwanted target is already drained.
  const linkWanted = await readEntries(entries, ['usr/bin/python3']);
  assert.deepEqual(filesOf(linkWanted), {});
  assert.deepEqual(linkWanted.unresolvedLinks, [{ path: 'usr/bin/python3', target: 'usr/bin/python3.11' }]);
});

test('readLayerTar keeps links inside the image root', async () => {
  const result = await readEntries(
    [
      { name: 'etc/shadow', contents: 'layer shadow' },
      { name: 'app/relative', type: 'symlink', linkname: '../../../../etc/shadow' },
      { name: 'app/absolute', type: 'symlink', linkname: '/../../etc/shadow' },
      { name: 'app/hard', type: 'link', linkname: '../../etc/shadow' },
    ],
    (p) => p.startsWith('app/') || p === 'etc/shadow',
  );

  assert.deepEqual(filesOf(result), {
    'app/absolute': 'layer shadow',
    'app/hard': 'layer shadow',
    'app/relative': 'layer shadow',
    'etc/shadow': 'layer shadow',
  });
});

test('readLayerTar reads through an earlier directory symlink', async () => {
  const result = await readEntries(
    [
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
      { name: 'usr/lib/apk/db/installed', contents: 'P:musl\nV:1.2.4-r2\n' },
    ],
    ['lib/apk/db/installed'],
  );

  assert.deepEqual(filesOf(result), { 'lib/apk/db/installed': 'P:musl\nV:1.2.4-r2\n' });
});

test('readLayerTar misses files that precede their directory symlink', async () => {
  const result = await readEntries(
    [
      { name: 'usr/lib/apk/db/installed', contents: 'P:musl\n' },
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    ],
    ['lib/apk/db/installed'],
  );

  assert.deepEqual(filesOf(result), {});
});

test('readLayerTar resolves symlinks in the middle of link targets', async () => {
  const result = await readEntries(
    [
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
      { name: 'etc/os-release', type: 'symlink', linkname: '../lib/os-release' },
      { name: 'usr/lib/os-release', contents: 'ID=debian\n' },
    ],
    ['etc/os-release'],
  );

  assert.deepEqual(filesOf(result), { 'etc/os-release': 'ID=debian\n' });
});

test('readLayerTar follows a link whose target directory is linked later', async () => {
  const result = await readEntries(
    [
      { name: 'etc/os-release', type: 'symlink', linkname: '../lib/os-release' },
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
      { name: 'usr/lib/os-release', contents: 'ID=debian\n' },
    ],
    ['etc/os-release'],
  );

  assert.deepEqual(filesOf(result), { 'etc/os-release': 'ID=debian\n' });
});

test('readLayerTar records whiteouts and opaque directories', async () => {
  const seen: string[] = [];
  const result = await readEntries(
    [
      { name: 'etc/.wh.motd' },
      { name: '.wh.root-file' },
      { name: 'usr/local/share/.wh.build-info' },
      { name: 'opt/vendor/node_modules/.wh..wh..opq' },
      { name: 'opt/vendor/node_modules/README.txt', contents: 'new' },
      { name: 'b/not.a.wh..wh..opq', contents: 'ordinary file' },
      { name: '.wh..wh.plnk/1234.5678', contents: 'aufs hard link store' },
      { name: 'etc/.wh.', contents: '' },
    ],
    (p) => {
      seen.push(p);
      return true;
    },
  );

  assert.deepEqual(result.changes.whiteouts, ['etc/motd', 'root-file', 'usr/local/share/build-info']);
  assert.deepEqual(result.changes.opaqueDirs, ['opt/vendor/node_modules']);
  assert.deepEqual(seen, ['opt/vendor/node_modules/README.txt', 'b/not.a.wh..wh..opq']);
  assert.deepEqual(filesOf(result), { 'b/not.a.wh..wh..opq': 'ordinary file', 'opt/vendor/node_modules/README.txt': 'new' });
  assert.ok(logs.some((line) => line.level === LEVEL.warn && line.path === 'etc/.wh.'), 'the empty whiteout is logged');
});

test('readLayerTar skips files over the size cap', async () => {
  const result = await readEntries(
    [
      { name: 'big/status', contents: 'x'.repeat(100) },
      { name: 'small/status', contents: 'y'.repeat(99) },
    ],
    ['big/status', 'small/status'],
    99,
  );

  assert.deepEqual(filesOf(result), { 'small/status': 'y'.repeat(99) });
  assert.deepEqual(result.skipped, [{ path: 'big/status', size: 100, reason: 'too-large' }]);
  const warning = logs.find((line) => line.level === LEVEL.warn && line.path === 'big/status');
  assert.ok(warning, 'the skipped file is logged as a warning');
  assert.equal(warning.layer, LAYER);
  assert.equal(warning.maxFileSize, 99);
});

test('readLayerTar reads a file exactly at the size cap', async () => {
  const result = await readEntries([{ name: 'status', contents: 'z'.repeat(64) }], ['status'], 64);

  assert.deepEqual(filesOf(result), { status: 'z'.repeat(64) });
  assert.deepEqual(result.skipped, []);
});

test('readLayerTar skips sparse and unknown entries', async () => {
  // GNU tar's PAX 1.0 sparse format: a placeholder name, the real one in GNU.sparse.name.
  const paxSparse = await buildTar([
    {
      name: 'usr/lib/GNUSparseFile.0/app.db',
      contents: '1\n0\n',
      pax: { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'usr/lib/app.db', 'GNU.sparse.realsize': '8192' },
    },
  ]);
  // Old GNU sparse files (typeflag S) have an entry type tar-stream does not decode.
  const oldGnuSparse = gnuHeader('var/lib/rpm/Packages', 'S', 0);
  const tarball = Buffer.concat([paxSparse.subarray(0, -1024), oldGnuSparse, END_OF_ARCHIVE]);

  const result = await read(tarball, ['usr/lib/app.db', 'var/lib/rpm/Packages']);

  assert.deepEqual(result.files, []);
  assert.deepEqual(result.skipped, [
    { path: 'usr/lib/app.db', size: 4, reason: 'sparse' },
    { path: 'var/lib/rpm/Packages', size: 0, reason: 'unsupported-type' },
  ]);
  assert.equal(logs.filter((line) => line.level === LEVEL.warn).length, 2);
});

test('readLayerTar keeps the last of duplicate entries', async () => {
  const result = await readEntries(
    [
      { name: 'etc/issue', contents: 'first' },
      { name: 'etc/issue', contents: 'second' },
      { name: 'etc/motd', contents: 'a file first' },
      { name: 'etc/motd', type: 'symlink', linkname: 'issue' },
      { name: 'etc/os-release', type: 'symlink', linkname: 'nowhere' },
      { name: 'etc/os-release', contents: 'a file last' },
      { name: 'etc/hostname', contents: 'a file' },
      { name: 'etc/hostname', type: 'directory' },
    ],
    ['etc/issue', 'etc/motd', 'etc/os-release', 'etc/hostname'],
  );

  assert.deepEqual(filesOf(result), { 'etc/issue': 'second', 'etc/motd': 'second', 'etc/os-release': 'a file last' });
});

test('readLayerTar rejects a truncated tar', async () => {
  const tarball = await buildTar([{ name: 'var/lib/dpkg/status', contents: 'Package: x\n'.repeat(200) }]);
  const truncated = tarball.subarray(0, 1024);

  await assert.rejects(read(truncated, ['var/lib/dpkg/status']), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.code, 'INVALID_ARCHIVE');
    assert.match(err.message, new RegExp(`layer ${LAYER} is not a valid tar archive`));
    assert.match(err.message, /ends in the middle of an entry/);
    assert.match(err.message, /re-export it/);
    return true;
  });
});

test('readLayerTar rejects garbage', async () => {
  const garbage = Buffer.alloc(4096, 'not a tar archive at all ');

  await assert.rejects(read(garbage, () => true), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.code, 'INVALID_ARCHIVE');
    assert.match(err.message, new RegExp(`layer ${LAYER} is not a valid tar archive: a header block has an invalid checksum`));
    return true;
  });
});

test('readLayerTar passes input stream errors through', async () => {
  const tarball = await buildTar([{ name: 'etc/os-release', contents: 'ID=debian\n' }]);
  const mismatch = new UserError('DIGEST_MISMATCH', 'blob sha256:feed has the wrong digest');
  async function* failingAtEnd() {
    yield tarball;
    throw mismatch;
  }

  await assert.rejects(
    readLayerTar(Readable.from(failingAtEnd(), { objectMode: false }), {
      layer: LAYER,
      wants: () => true,
      maxFileSize: () => 1024,
    }),
    (err: unknown) => err === mismatch,
  );
});

test('readLayerTar passes scanner errors through', async () => {
  const tarball = await buildTar([{ name: 'etc/os-release', contents: 'ID=debian\n' }]);
  const bug = new TypeError('scanner bug');

  await assert.rejects(
    read(tarball, () => {
      throw bug;
    }),
    (err: unknown) => err === bug,
  );
});

test('readLayerTar accepts a tar without end-of-archive blocks', async () => {
  // claircore's oddlayer.tar is one directory header and nothing else.
  const result = await readLayerTar(createReadStream(sharedPath('corpus/claircore/pkg/tarfs/testdata/known/oddlayer.tar')), {
    layer: LAYER,
    wants: () => true,
    maxFileSize: () => 1024,
  });

  assert.equal(result.entries, 1);
  assert.deepEqual(result.files, []);
});

test('readLayerTar reads concatenated archives', async () => {
  // Expected from `tar -tvf concat.tar`: 11 entries in two archives; the
  // second replaces the symlink var/run -> ../run with a directory.
  const seen: string[] = [];
  const result = await readLayerTar(createReadStream(sharedPath('corpus/claircore/pkg/tarfs/testdata/concat.tar')), {
    layer: LAYER,
    wants: (p) => {
      seen.push(p);
      return true;
    },
    maxFileSize: () => 1024,
  });

  assert.equal(result.entries, 11);
  assert.deepEqual(seen, ['run/logs/log.txt', 'var/run', 'var/run/console/algo.txt']);
  assert.deepEqual(filesOf(result), { 'run/logs/log.txt': '', 'var/run/console/algo.txt': '' });
});

test('readLayerTar reads a PAX name that is not UTF-8', async () => {
  // bad_name.tar: one 9-byte file `./` + 100 underscores + `bad\xfdname` in a PAX path record.
  const result = await readLayerTar(createReadStream(sharedPath('corpus/claircore/pkg/tarfs/testdata/bad_name.tar')), {
    layer: LAYER,
    wants: () => true,
    maxFileSize: () => 1024,
  });

  assert.equal(result.entries, 1);
  assert.equal(result.files.length, 1);
  assert.equal(result.files[0].path, `${'_'.repeat(100)}bad\ufffdname`);
  assert.equal(result.files[0].contents.length, 9);
});

// Expected values from `tar -tvf` of each claircore whiteout layer.
const claircoreWhiteoutLayers: Array<{ file: string; entries: number; whiteouts: string[]; opaqueDirs: string[] }> = [
  { file: 'whiteout.layer', entries: 2, whiteouts: ['etc/profile'], opaqueDirs: [] },
  { file: 'whiteout_advanced.layer', entries: 4, whiteouts: ['a/a_file.txt', 'a_root_file.txt', 'b'], opaqueDirs: [] },
  { file: 'whiteout_opaque.layer', entries: 4, whiteouts: [], opaqueDirs: ['a'] },
];

for (const expected of claircoreWhiteoutLayers) {
  test(`readLayerTar finds the whiteouts of ${expected.file}`, async () => {
    const result = await readLayerTar(createReadStream(sharedPath('corpus/claircore/whiteout/testdata', expected.file)), {
      layer: expected.file,
      wants: () => true,
      maxFileSize: () => 1024,
    });

    assert.equal(result.entries, expected.entries);
    assert.deepEqual(result.changes.whiteouts, expected.whiteouts);
    assert.deepEqual(result.changes.opaqueDirs, expected.opaqueDirs);
  });
}

async function readOciLayer(digest: string, wants: (path: string) => boolean): Promise<TarReadResult> {
  return withOciBlob(digest, async (blobFile) => {
    const tarStream = await decompressLayer(
      createReadStream(blobFile),
      'application/vnd.oci.image.layer.v1.tar+gzip',
      `sha256:${digest}`,
    );
    return readLayerTar(tarStream, { layer: `sha256:${digest}`, wants, maxFileSize: () => 1 << 20 });
  });
}

test('readLayerTar reads the whiteouts of debian-multilayer layer 3', async () => {
  const result = await readOciLayer('6ffd15df33bf539c5e74f5ab54847bcb8867aef37b755129b1f266b46c9e8d82', (p) => p === 'var/lib/dpkg/status');

  // Expected from the image notes and `tar -tvzf` of the blob, in stream order.
  assert.deepEqual(result.changes.whiteouts, [
    'etc/motd',
    'usr/bin/curl',
    'usr/local/share/build-info',
    'usr/share/doc/curl',
    'usr/share/zsh',
    'var/lib/dpkg/info/curl.list',
    'var/lib/dpkg/info/curl.md5sums',
  ]);
  assert.deepEqual(result.changes.opaqueDirs, []);
  assert.equal(result.entries, 20);

  assert.equal(result.files.length, 1);
  const status = result.files[0];
  assert.equal(status.path, 'var/lib/dpkg/status');
  // Size and SHA-256 from `tar -xzOf BLOB var/lib/dpkg/status | sha256sum`.
  assert.equal(status.contents.length, 92731);
  const { createHash } = await import('node:crypto');
  assert.equal(
    createHash('sha256').update(status.contents).digest('hex'),
    'fe1fc7d71bbd4090d8a0338bd6c5df2c0624767556b280fa733654e8142c686e',
  );
});

test('readLayerTar reads the opaque directory of debian-multilayer layer 4', async () => {
  const result = await readOciLayer('5cb8ba67746e8942f9461e7093cf5ad5d5c54eaf0041becbebc144ff6b399a59', () => true);

  assert.deepEqual(result.changes.opaqueDirs, ['opt/vendor/node_modules']);
  assert.deepEqual(result.changes.whiteouts, []);
  assert.equal(result.entries, 5);
  assert.deepEqual(
    result.files.map((file) => [file.path, file.contents.length]),
    [['opt/vendor/node_modules/README.txt', 25]],
  );
});

test('readLayerTar follows the links of the debian minbase layer', async () => {
  const wanted = new Set(['etc/os-release', 'lib/os-release', 'usr/bin/gunzip', 'usr/bin/uncompress']);
  const result = await readOciLayer('f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b', (p) => wanted.has(p));

  // Expected from `tar -tvzf` and `tar -xzOf … | sha256sum` of the blob:
  // etc/os-release -> ../usr/lib/os-release, lib -> usr/lib (before
  // usr/lib/os-release), and usr/bin/uncompress is a hard link to usr/bin/gunzip.
  const { createHash } = await import('node:crypto');
  const digests = Object.fromEntries(
    result.files.map((file) => [file.path, createHash('sha256').update(file.contents).digest('hex')]),
  );
  const osRelease = '59a77b5f2666d9c85c489bd1911a6eebbd91ef22fe48b90a3b75f1b21f3844d4';
  const gunzip = '55c2f67ca4c3cca0ebac659f0075461dd671ec4937ecd6c71123bb49ed322ebd';
  assert.deepEqual(digests, {
    'etc/os-release': osRelease,
    'lib/os-release': osRelease,
    'usr/bin/gunzip': gunzip,
    'usr/bin/uncompress': gunzip,
  });
  assert.equal(result.entries, 4224);
  assert.deepEqual(result.unresolvedLinks, []);
});
