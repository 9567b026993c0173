import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared.js';
import { DpkgScanner, parseControlFile } from '../../src/ecosystems/dpkg/scanner.js';
import type { LayerFile, Package } from '../../src/indexer/types.js';

const claircoreStatus = (name: string): string => sharedPath('corpus', 'claircore', 'dpkg', 'testdata', name);
const syftDebian = (...parts: string[]): string => sharedPath('corpus', 'syft', 'syft', 'pkg', 'cataloger', 'debian', 'testdata', ...parts);

/** Hands a corpus file to the scanner under the path it would have in an image. */
function scanAs(imagePath: string, file: string): { packages: Package[]; databases: string[] } {
  return new DpkgScanner().scan([{ path: imagePath, contents: readFileSync(file) }]);
}

function find(packages: Package[], name: string): Package {
  const pkg = packages.find((p) => p.name === name);
  assert.ok(pkg, `package ${name} not found`);
  return pkg;
}

// Expected counts: `grep -c '^Package:'` and an awk count of stanzas whose
// Status is "install ok installed", run by hand over each file.
test('dpkg status files of the corpus', () => {
  const cases: Array<[string, number]> = [
    ['debian-only.status', 1],
    ['postgresql.status', 3],
    ['texlive.status', 357],
  ];
  for (const [name, count] of cases) {
    const findings = scanAs('var/lib/dpkg/status', claircoreStatus(name));
    assert.equal(findings.packages.length, count, name);
    assert.deepEqual(findings.databases, ['var/lib/dpkg/status'], name);
    assert.ok(findings.packages.every((p) => p.ecosystem === 'deb' && p.path === 'var/lib/dpkg/status'), name);
  }
});

test('dpkg package fields and Source forms', () => {
  const only = scanAs('var/lib/dpkg/status', claircoreStatus('debian-only.status')).packages;
  assert.deepEqual(only, [{
    ecosystem: 'deb', name: 'debian-archive-keyring', version: '2019.1',
    sourceName: 'debian-archive-keyring', sourceVersion: '2019.1', arch: 'all', path: 'var/lib/dpkg/status',
  }]);

  const postgres = scanAs('var/lib/dpkg/status', claircoreStatus('postgresql.status')).packages;
  const client = find(postgres, 'postgresql-client');
  assert.equal(client.version, '11+200+deb10u5');
  assert.equal(client.sourceName, 'postgresql-common');
  assert.equal(client.sourceVersion, '200+deb10u5', 'Source: name (version) gives the source version');
  const client11 = find(postgres, 'postgresql-client-11');
  assert.equal(client11.sourceName, 'postgresql-11');
  assert.equal(client11.sourceVersion, '11.22-0+deb10u2', 'Source: name takes the binary version');
  assert.equal(client11.arch, 'amd64');

  const texlive = scanAs('var/lib/dpkg/status', claircoreStatus('texlive.status')).packages;
  const bsdutils = find(texlive, 'bsdutils');
  assert.equal(bsdutils.version, '1:2.31.1-0.4ubuntu3.6');
  assert.equal(bsdutils.sourceName, 'util-linux');
  assert.equal(bsdutils.sourceVersion, '2.31.1-0.4ubuntu3.6');
  assert.equal(find(texlive, 'libxi6').version, '2:1.7.9-1');
  assert.equal(find(texlive, 'texlive-base').version, '2017.20180305-1');
});

test('vcpkg status file is not a dpkg database', () => {
  // vcpkg writes Package/Version/Architecture/Status stanzas but no Maintainer, and features without Version.
  const findings = scanAs('var/lib/dpkg/status', claircoreStatus('vcpkg.status'));
  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, ['var/lib/dpkg/status']);
});

test('status.d edge cases', () => {
  // Expected names read by hand from each file.
  const cases: Array<[string, string[]]> = [
    ['single', ['apt']],
    ['installed-size-4KB', ['apt']],
    ['multiple', ['tzdata', 'util-linux']],
    ['deinstall', ['linux-image-6.14.0-1012-aws']],
    ['libpam-runtime', ['libpam-runtime']],
    ['coreutils-relationships', ['coreutils', 'libacl1', 'libc6', 'libgcc-s1', 'gcc-12-base', 'libattr1', 'libgmp10', 'libselinux1', 'libpcre2-8-0']],
    ['corrupt', []],
    ['empty', []],
    // Made-up stanzas without Maintainer or Architecture: not what dpkg writes.
    ['doc-examples', []],
  ];
  for (const [name, expected] of cases) {
    const imagePath = `var/lib/dpkg/status.d/${name}`;
    const findings = scanAs(imagePath, syftDebian('var', 'lib', 'dpkg', 'status.d', name));
    assert.deepEqual(findings.packages.map((p) => p.name), expected, name);
    assert.deepEqual(findings.databases, [imagePath], name);
    assert.ok(findings.packages.every((p) => p.path === imagePath), name);
  }
});

test('status.d stanza details', () => {
  const relations = scanAs('var/lib/dpkg/status.d/x', syftDebian('var', 'lib', 'dpkg', 'status.d', 'coreutils-relationships')).packages;
  const selinux = find(relations, 'libselinux1');
  assert.equal(selinux.version, '3.4-1+b6');
  assert.equal(selinux.sourceName, 'libselinux');
  assert.equal(selinux.sourceVersion, '3.4-1', 'a binNMU keeps its source version');
  assert.equal(selinux.arch, 'arm64');
  assert.equal(find(relations, 'libattr1').version, '1:2.5.1-4');

  const multiple = scanAs('var/lib/dpkg/status.d/multiple', syftDebian('var', 'lib', 'dpkg', 'status.d', 'multiple')).packages;
  const tzdata = find(multiple, 'tzdata');
  assert.equal(tzdata.version, '2020a-0+deb10u1');
  assert.equal(tzdata.sourceName, 'tzdata-dev');
  assert.equal(tzdata.sourceVersion, '2020a-0+deb10u1');
});

test('distroless status.d without Status line', () => {
  const dir = syftDebian('image-distroless-deb', 'var', 'lib', 'dpkg', 'status.d');
  const scanner = new DpkgScanner();
  const names = ['libsqlite3-0', 'libsqlite3-0.md5sums', 'libsqlite3-0.preinst'];
  const files: LayerFile[] = names
    .map((name) => `var/lib/dpkg/status.d/${name}`)
    .filter((path) => scanner.wants(path))
    .map((path) => ({ path, contents: readFileSync(`${dir}/${path.split('/').pop()}`) }));

  assert.deepEqual(files.map((f) => f.path), ['var/lib/dpkg/status.d/libsqlite3-0']);
  const findings = scanner.scan(files);
  assert.deepEqual(findings.packages, [{
    ecosystem: 'deb', name: 'libsqlite3-0', version: '3.34.1-3', sourceName: 'sqlite3', sourceVersion: '3.34.1-3',
    arch: 'arm64', path: 'var/lib/dpkg/status.d/libsqlite3-0',
  }]);
});

test('bogus status files yield nothing', () => {
  const bogusStatus = scanAs('var/lib/dpkg/status', syftDebian('glob-paths', 'var', 'lib', 'dpkg', 'status'));
  assert.deepEqual(bogusStatus.packages, []);
  assert.deepEqual(bogusStatus.databases, ['var/lib/dpkg/status']);

  // A status file whose first stanza is an empty Package field still yields the valid one after it.
  const usrLib = scanAs('var/lib/dpkg/status', syftDebian('glob-paths', 'usr', 'lib', 'dpkg', 'status'));
  assert.deepEqual(usrLib.packages.map((p) => `${p.name} ${p.version} ${p.sourceName}`), ['libpam-runtime 1.1.8-3.6 pam']);
});

test('status file states', () => {
  const stanza = (name: string, status?: string): string => [
    `Package: ${name}`,
    ...(status === undefined ? [] : [`Status: ${status}`]),
    'Maintainer: Someone <someone@example.org>',
    'Architecture: amd64',
    'Version: 1.0-1',
    'Description: test',
    ' continued line',
    ' .',
  ].join('\n');

  const text = [
    stanza('installed', 'install ok installed'),
    stanza('held', 'hold ok installed'),
    stanza('half-configured', 'install ok half-configured'),
    stanza('unpacked', 'install ok unpacked'),
    stanza('config-files', 'deinstall ok config-files'),
    stanza('purged', 'purge ok not-installed'),
    stanza('reinst', 'install reinstreq installed'),
    stanza('two-words', 'ok installed'),
    stanza('no-status'),
  ].join('\n\n');

  const inStatus = new DpkgScanner().scan([{ path: 'var/lib/dpkg/status', contents: Buffer.from(text) }]);
  assert.deepEqual(inStatus.packages.map((p) => p.name), ['installed', 'held']);

  // In status.d a stanza without Status counts as installed; one with Status is still checked.
  const inStatusDir = new DpkgScanner().scan([{ path: 'var/lib/dpkg/status.d/many', contents: Buffer.from(text) }]);
  assert.deepEqual(inStatusDir.packages.map((p) => p.name), ['installed', 'held', 'no-status']);
});

test('dpkg scanner wants', () => {
  const scanner = new DpkgScanner();
  const wanted = ['var/lib/dpkg/status', 'var/lib/dpkg/status.d/libc6', 'var/lib/dpkg/status.d/python3.11', 'var/lib/dpkg/status.d/pkg-1.0'];
  for (const path of wanted) assert.equal(scanner.wants(path), true, path);

  const unwanted = [
    'var/lib/dpkg/status-old', 'var/lib/dpkg/status.d/libc6.md5sums', 'var/lib/dpkg/status.d/libc6.preinst',
    'var/lib/dpkg/status.d/libc6.postinst', 'var/lib/dpkg/status.d/libc6.conffiles', 'var/lib/dpkg/status.d/.hidden',
    'var/lib/dpkg/status.d/sub/libc6', 'var/lib/dpkg/status.d/', 'usr/lib/dpkg/status', 'var/lib/dpkg/available',
  ];
  for (const path of unwanted) assert.equal(scanner.wants(path), false, path);
});

test('dpkg scanner lists every database it read', () => {
  const findings = new DpkgScanner().scan([
    { path: 'var/lib/dpkg/status', contents: Buffer.from('') },
    { path: 'var/lib/dpkg/status.d/a', contents: readFileSync(syftDebian('var', 'lib', 'dpkg', 'status.d', 'single')) },
  ]);
  assert.deepEqual(findings.databases, ['var/lib/dpkg/status', 'var/lib/dpkg/status.d/a']);
  assert.deepEqual(findings.packages.map((p) => p.path), ['var/lib/dpkg/status.d/a']);
});

test('control file continuation and invalid lines', () => {
  const { stanzas, invalidLines } = parseControlFile(' orphan continuation\nPackage: a\nDescription: one\n two\n\tthree\nno colon here\n\n\n\nPackage: b\r\nVersion: 1\r\n');
  assert.equal(stanzas.length, 2);
  assert.equal(stanzas[0].get('description'), 'one\ntwo\nthree');
  assert.equal(stanzas[1].get('version'), '1');
  assert.equal(invalidLines, 2);
});

test('stanza with an invalid version is skipped', () => {
  const stanza = (name: string, version: string): string =>
    `Package: ${name}\nStatus: install ok installed\nMaintainer: M <m@example.org>\nArchitecture: all\nVersion: ${version}\n`;
  const versions = ['1:2.5.1-4', 'abc', '1.0-', ':1.0', '1.0 beta', '1.0-1_2', '2020a-0+deb10u1'];
  const text = versions.map((version, i) => stanza(`p${i}`, version)).join('\n');

  const findings = new DpkgScanner().scan([{ path: 'var/lib/dpkg/status', contents: Buffer.from(text) }]);
  assert.deepEqual(findings.packages.map((p) => p.version), ['1:2.5.1-4', '2020a-0+deb10u1']);
});
