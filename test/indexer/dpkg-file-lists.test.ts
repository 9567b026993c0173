// The dpkg scanner's file lists: var/lib/dpkg/info/<package>[:<arch>].list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DpkgScanner, isFileListPath } from '../../src/ecosystems/dpkg/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';

// The head of python3-six.list as dpkg writes it: the root first, then every
// directory and file of the package, one absolute path per line.
const SIX_LIST = [
  '/.',
  '/usr',
  '/usr/lib',
  '/usr/lib/python3/dist-packages/six-1.16.0.egg-info',
  '/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
  '',
].join('\n');

const file = (path: string, contents: string): LayerFile => ({ path, contents: Buffer.from(contents) });

test('file list paths', () => {
  const cases: Array<[string, boolean]> = [
    ['var/lib/dpkg/info/python3-six.list', true],
    ['var/lib/dpkg/info/libc6:amd64.list', true],
    ['var/lib/dpkg/info/python3.11.list', true],
    ['var/lib/dpkg/info/python3-six.md5sums', false],
    ['var/lib/dpkg/info/.list', false],
    ['var/lib/dpkg/info/sub/x.list', false],
    ['var/lib/dpkg/status.d/x.list', false],
    ['etc/apt/sources.list', false],
  ];
  const scanner = new DpkgScanner();
  for (const [path, want] of cases) {
    assert.equal(isFileListPath(path), want, path);
    assert.equal(scanner.wants(path), want, path);
  }
});

test('file list package, arch, files', () => {
  const findings = new DpkgScanner().scan([
    file('var/lib/dpkg/info/python3-six.list', SIX_LIST),
    file('var/lib/dpkg/info/libc6:amd64.list', '/.\n/lib/x86_64-linux-gnu/libc.so.6\n'),
  ]);

  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, []);
  assert.deepEqual(findings.fileLists, [
    {
      path: 'var/lib/dpkg/info/python3-six.list', ecosystem: 'deb', package: 'python3-six', arch: '',
      files: ['usr', 'usr/lib', 'usr/lib/python3/dist-packages/six-1.16.0.egg-info', 'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO'],
    },
    { path: 'var/lib/dpkg/info/libc6:amd64.list', ecosystem: 'deb', package: 'libc6', arch: 'amd64', files: ['lib/x86_64-linux-gnu/libc.so.6'] },
  ]);
});

test('layer without file lists', () => {
  const findings = new DpkgScanner().scan([file('var/lib/dpkg/status', '')]);
  assert.equal(findings.fileLists, undefined);
});

test('file lists past layer cap', () => {
  const lists = ['a', 'b', 'c'].map((name) => file(`var/lib/dpkg/info/${name}.list`, `/usr/share/doc/${name}\n`));
  const cap = lists[0].contents.length + lists[1].contents.length;

  const findings = new DpkgScanner({ maxFileListBytesPerLayer: cap }).scan(lists);
  assert.deepEqual(findings.fileLists?.map((list) => list.package), ['a', 'b']);
});
