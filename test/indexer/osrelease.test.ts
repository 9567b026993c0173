import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { parseTxtar } from './txtar.js';
import {
  OsReleaseScanner,
  RELEASE_FILES,
  SYSTEM_RELEASE_CPE,
  parseOsRelease,
  distributionFromDebianVersion,
  distributionFromAlpineRelease,
} from '../../src/indexer/osrelease.js';
import type { Distribution, LayerFile } from '../../src/indexer/types.js';

const claircore = (...parts: string[]): string => sharedPath('corpus', 'claircore', ...parts);

/** Reads the release files of an unpacked `dist` directory as a layer would hand them over. */
function releaseFiles(root: string): LayerFile[] {
  const files: LayerFile[] = [];
  for (const rel of [...RELEASE_FILES, SYSTEM_RELEASE_CPE]) {
    const full = path.join(root, rel);
    if (existsSync(full)) files.push({ path: rel, contents: readFileSync(full) });
  }
  return files;
}

type Expected = Pick<Distribution, 'did' | 'versionId' | 'versionCodeName'> & Partial<Distribution>;

function scanDist(root: string): Distribution | undefined {
  return new OsReleaseScanner().scan(releaseFiles(root)).distribution;
}

function assertDistribution(actual: Distribution | undefined, expected: Expected, where: string): void {
  assert.ok(actual, `${where}: no distribution found`);
  for (const [key, value] of Object.entries(expected)) {
    assert.equal(actual[key as keyof Distribution], value, `${where}: ${key}`);
  }
}

// Values read by hand from each file.
const DEBIAN: Record<string, Expected> = {
  'dist/7': { did: 'debian', versionId: '7', versionCodeName: 'wheezy', version: '7 (wheezy)', prettyName: 'Debian GNU/Linux 7 (wheezy)' },
  'dist/8': { did: 'debian', versionId: '8', versionCodeName: 'jessie', version: '8 (jessie)' },
  'dist/9': { did: 'debian', versionId: '9', versionCodeName: 'stretch' },
  'dist/10': { did: 'debian', versionId: '10', versionCodeName: 'buster' },
  'dist/11': { did: 'debian', versionId: '11', versionCodeName: 'bullseye' },
  'dist/12': { did: 'debian', versionId: '12', versionCodeName: 'bookworm', name: 'Debian GNU/Linux' },
  'distroless_dist/9': { did: 'debian', versionId: '9', versionCodeName: 'stretch', prettyName: 'Distroless', version: 'Debian GNU/Linux 9 (stretch)' },
  'distroless_dist/10': { did: 'debian', versionId: '10', versionCodeName: 'buster', prettyName: 'Distroless' },
  'distroless_dist/11': { did: 'debian', versionId: '11', versionCodeName: 'bullseye', prettyName: 'Distroless', name: 'Debian GNU/Linux' },
};

test('os-release of Debian 7 to 12 and distroless', () => {
  for (const [dir, expected] of Object.entries(DEBIAN)) {
    assertDistribution(scanDist(claircore('debian', 'testdata', dir)), expected, dir);
  }
});

const UBUNTU: Record<string, Expected> = {
  '10.04': { did: 'ubuntu', versionId: '10.04', versionCodeName: 'lucid', prettyName: 'Ubuntu 10.04 LTS', name: 'Ubuntu' },
  '11': { did: 'debian', versionId: '11', versionCodeName: 'bullseye' },
  '12.04': { did: 'ubuntu', versionId: '12.04', versionCodeName: 'precise', version: '12.04.5 LTS, Precise Pangolin', prettyName: 'Ubuntu precise (12.04.5 LTS)' },
  '12.10': { did: 'ubuntu', versionId: '12.10', versionCodeName: 'quantal' },
  '13.04': { did: 'ubuntu', versionId: '13.04', versionCodeName: 'raring' },
  '13.10': { did: 'ubuntu', versionId: '13.10', versionCodeName: 'saucy' },
  '14.04': { did: 'ubuntu', versionId: '14.04', versionCodeName: 'trusty' },
  '14.10': { did: 'ubuntu', versionId: '14.10', versionCodeName: 'utopic', version: '14.10 (Utopic Unicorn)' },
  '15.04': { did: 'ubuntu', versionId: '15.04', versionCodeName: 'vivid' },
  '15.10': { did: 'ubuntu', versionId: '15.10', versionCodeName: 'wily' },
  '16.04': { did: 'ubuntu', versionId: '16.04', versionCodeName: 'xenial' },
  '16.10': { did: 'ubuntu', versionId: '16.10', versionCodeName: 'yakkety' },
  '17.04': { did: 'ubuntu', versionId: '17.04', versionCodeName: 'zesty' },
  '17.10': { did: 'ubuntu', versionId: '17.10', versionCodeName: 'artful' },
  '18.04': { did: 'ubuntu', versionId: '18.04', versionCodeName: 'bionic', version: '18.04.6 LTS (Bionic Beaver)' },
  '18.10': { did: 'ubuntu', versionId: '18.10', versionCodeName: 'cosmic' },
  '19.04': { did: 'ubuntu', versionId: '19.04', versionCodeName: 'disco' },
  '19.10': { did: 'ubuntu', versionId: '19.10', versionCodeName: 'eoan' },
  '20.04': { did: 'ubuntu', versionId: '20.04', versionCodeName: 'focal' },
  '20.10': { did: 'ubuntu', versionId: '20.10', versionCodeName: 'groovy' },
  '21.04': { did: 'ubuntu', versionId: '21.04', versionCodeName: 'hirsute' },
  '21.10': { did: 'ubuntu', versionId: '21.10', versionCodeName: 'impish' },
  '22.04': { did: 'ubuntu', versionId: '22.04', versionCodeName: 'jammy' },
  '22.10': { did: 'ubuntu', versionId: '22.10', versionCodeName: 'kinetic', prettyName: 'Ubuntu Kinetic Kudu (development branch)' },
  '23.04': { did: 'ubuntu', versionId: '23.04', versionCodeName: 'lunar' },
  '23.10': { did: 'ubuntu', versionId: '23.10', versionCodeName: 'mantic' },
};

test('os-release and lsb-release of Ubuntu', () => {
  const dirs = readdirSync(claircore('ubuntu', 'testdata', 'dist'));
  assert.deepEqual(dirs.sort(), Object.keys(UBUNTU).sort(), 'every corpus directory has an expected row');

  for (const [dir, expected] of Object.entries(UBUNTU)) {
    assertDistribution(scanDist(claircore('ubuntu', 'testdata', 'dist', dir)), expected, dir);
  }
});

const ALPINE: Record<string, string> = {
  '3.3': '3.3.3', '3.4': '3.4.6', '3.5': '3.5.3', '3.6': '3.6.5', '3.7': '3.7.3', '3.8': '3.8.5',
  '3.9': '3.9.6', '3.10': '3.10.9', '3.11': '3.11.13', '3.12': '3.12.9', '3.13': '3.13.7',
  '3.14': '3.14.3', '3.15': '3.15.0', '3.16': '3.16.0', '3.17': '3.17.5', '3.18': '3.18.4',
  edge: '3.19_alpha20230901',
};

test('os-release of Alpine 3.3 to edge', () => {
  const dirs = readdirSync(claircore('alpine', 'testdata')).filter((dir) => dir !== 'fetch');
  assert.deepEqual(dirs.sort(), Object.keys(ALPINE).sort());

  for (const [dir, versionId] of Object.entries(ALPINE)) {
    const pretty = dir === 'edge' ? 'Alpine Linux edge' : `Alpine Linux v${dir}`;
    const expected: Expected = { did: 'alpine', versionId, versionCodeName: '', name: 'Alpine Linux', prettyName: pretty };
    assertDistribution(scanDist(claircore('alpine', 'testdata', dir)), expected, dir);
  }
});

const RHEL: Record<string, Expected> = {
  '7': { did: 'rhel', versionId: '7.7', versionCodeName: '', version: '7.7 (Maipo)', cpe: 'cpe:/o:redhat:enterprise_linux:7.7:GA:server' },
  '8': { did: 'rhel', versionId: '8.1', versionCodeName: '', cpe: 'cpe:/o:redhat:enterprise_linux:8.1:GA' },
  '9': { did: 'rhel', versionId: '9.0', versionCodeName: '', name: 'Red Hat Enterprise Linux', cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos' },
  'atomichost-7': { did: 'rhel', versionId: '7.9', versionCodeName: '', version: '7.9' },
  hummingbird: { did: 'hummingbird', versionId: '20251124', versionCodeName: '', prettyName: 'Hummingbird OS 20251124' },
};

test('os-release of RHEL and Hummingbird', () => {
  for (const [dir, expected] of Object.entries(RHEL)) {
    assertDistribution(scanDist(claircore('rhel', 'testdata', 'releasefiles', dir)), expected, dir);
  }
});

// Oracle Linux writes a redhat-release that names Red Hat Enterprise Linux
// beside its oracle-release. These samples have no os-release.
const ORACLE: Record<string, Expected> = {
  'oracle-6': { did: 'ol', versionId: '6.10', versionCodeName: '', name: 'Oracle Linux Server', version: '6.10', prettyName: 'Oracle Linux Server release 6.10' },
  'oracle-7': { did: 'ol', versionId: '7.9', versionCodeName: '', name: 'Oracle Linux Server' },
  'oracle-8': { did: 'ol', versionId: '8.9', versionCodeName: '' },
  'oracle-9': { did: 'ol', versionId: '9.3', versionCodeName: '' },
};

test('oracle-release wins over redhat-release', () => {
  for (const [dir, expected] of Object.entries(ORACLE)) {
    const findings = new OsReleaseScanner().scan(releaseFiles(claircore('rhel', 'testdata', 'releasefiles', dir)));
    assertDistribution(findings.distribution, expected, dir);
    assert.deepEqual(findings.databases, ['etc/oracle-release'], dir);
  }
});

const TXTAR: Record<string, Expected> = {
  Alpine: { did: 'alpine', versionId: '3.10.2', versionCodeName: '', prettyName: 'Alpine Linux v3.10' },
  Bionic: { did: 'ubuntu', versionId: '18.04', versionCodeName: 'bionic', version: '18.04.3 LTS (Bionic Beaver)' },
  Buster: { did: 'debian', versionId: '10', versionCodeName: 'buster' },
  DistrolessCorrupt: { did: 'debian', versionId: '12', versionCodeName: 'bookworm', prettyName: 'Distroless', version: 'Debian GNU/Linux 12 (bookworm)' },
  DistrolessValid: { did: 'debian', versionId: '12', versionCodeName: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  EmptyKey: { did: 'fedora', versionId: '30', versionCodeName: '', name: 'Fedora', cpe: 'cpe:/o:fedoraproject:fedora:30' },
  OpenSUSe: { did: 'opensuse-leap', versionId: '15.1', versionCodeName: '', version: '15.1 ' },
  Silverblue: { did: 'fedora', versionId: '30', versionCodeName: '', prettyName: 'Fedora 30.20191008.1 (Workstation Edition)' },
  Toolbox: { did: 'fedora', versionId: '30', versionCodeName: '', version: '30 (Container Image)' },
  Ubi8: { did: 'rhel', versionId: '8.0', versionCodeName: '', prettyName: 'Red Hat Enterprise Linux 8.0 (Ootpa)' },
  Vyos: { did: 'vyos', versionId: '1.4-rolling-202307070317', versionCodeName: 'bookworm', name: 'VyOS' },
};

test('os-release samples match their expected variables', () => {
  const dir = claircore('osrelease', 'testdata');
  const names = readdirSync(dir).filter((name) => name.endsWith('.txtar')).map((name) => name.replace(/\.txtar$/, ''));
  assert.deepEqual(names.sort(), Object.keys(TXTAR).sort());

  for (const [name, expected] of Object.entries(TXTAR)) {
    const archive = parseTxtar(readFileSync(path.join(dir, `${name}.txtar`), 'utf8'));
    const osRelease = archive.find((file) => file.name === 'os-release');
    const parsed = archive.find((file) => file.name === 'Parsed');
    assert.ok(osRelease && parsed, `${name}: archive lacks os-release or Parsed`);

    // The archive's "Parsed" section is claircore's expected parse of the file.
    const variables = parseOsRelease(osRelease.data);
    assert.deepEqual(Object.fromEntries(variables), JSON.parse(parsed.data), `${name}: variables`);

    const findings = new OsReleaseScanner().scan([{ path: 'etc/os-release', contents: Buffer.from(osRelease.data) }]);
    assertDistribution(findings.distribution, expected, name);
    assert.deepEqual(findings.databases, ['etc/os-release']);

    // The "Distribution" section is claircore's expected result. Its
    // pretty_name and version_code_name follow claircore's own fallbacks, so
    // only the fields read straight from the file are compared.
    const wanted = archive.find((file) => file.name === 'Distribution');
    assert.ok(wanted, `${name}: archive lacks Distribution`);
    const claircoreDistribution = JSON.parse(wanted.data) as Record<string, string>;
    assert.equal(findings.distribution?.did, claircoreDistribution.did, `${name}: claircore did`);
    assert.equal(findings.distribution?.name, claircoreDistribution.name, `${name}: claircore name`);
    assert.equal(findings.distribution?.version, claircoreDistribution.version ?? '', `${name}: claircore version`);
    assert.equal(findings.distribution?.versionId, claircoreDistribution.version_id, `${name}: claircore version_id`);
    assert.equal(findings.distribution?.cpe, claircoreDistribution.cpe ?? '', `${name}: claircore cpe`);
  }
});

test('os-release quoting, escapes and bad lines', () => {
  const text = [
    '# a comment',
    '   ',
    'NAME="Example \\"Quoted\\" \\$HOME \\\\ \\`x\\`"',
    "SINGLE='it''s literal \\n'",
    'BARE=plain\\ word',
    'EMPTY=',
    'HALF="no closing quote',
    'not an assignment',
    '9BAD=starts with a digit',
    'KEY WITH SPACE=x',
    '  INDENTED = spaced  ',
    'KEEP="a \\n b"',
    'ID=Debian',
  ].join('\n');

  const vars = parseOsRelease(text);
  assert.equal(vars.get('NAME'), 'Example "Quoted" $HOME \\ `x`');
  assert.equal(vars.get('SINGLE'), 'its literal \\n');
  assert.equal(vars.get('BARE'), 'plain word');
  assert.equal(vars.get('EMPTY'), '');
  assert.equal(vars.get('INDENTED'), 'spaced');
  assert.equal(vars.get('KEEP'), 'a \\n b', 'a backslash before another character stays in double quotes');
  assert.equal(vars.has('HALF'), false);
  assert.equal(vars.has('9BAD'), false);
  assert.equal(vars.has('KEY WITH SPACE'), false);
  assert.equal(vars.size, 7);
});

test('os-release ID is lower-cased and defaults apply', () => {
  const findings = new OsReleaseScanner().scan([{ path: 'etc/os-release', contents: Buffer.from('ID=Debian\nVERSION_ID=9\n') }]);
  assertDistribution(findings.distribution, { did: 'debian', versionId: '9', versionCodeName: 'stretch', name: 'Linux', prettyName: 'Linux' }, 'defaults');
});

test('debian_version values', () => {
  const cases: Array<[string, Expected | undefined]> = [
    ['12.5\n', { did: 'debian', versionId: '12', versionCodeName: 'bookworm', version: '12.5' }],
    ['7.11', { did: 'debian', versionId: '7', versionCodeName: 'wheezy' }],
    ['13.1\n', { did: 'debian', versionId: '13', versionCodeName: 'trixie' }],
    ['10', { did: 'debian', versionId: '10', versionCodeName: 'buster' }],
    ['bookworm/sid\n', { did: 'debian', versionId: '12', versionCodeName: 'bookworm', version: 'bookworm/sid' }],
    ['trixie/sid', { did: 'debian', versionId: '13', versionCodeName: 'trixie' }],
    ['', undefined],
    ['not a version', undefined],
  ];
  for (const [content, expected] of cases) {
    const actual = distributionFromDebianVersion(content);
    if (expected === undefined) {
      assert.equal(actual, undefined, JSON.stringify(content));
    } else {
      assertDistribution(actual, expected, JSON.stringify(content));
    }
  }
});

test('alpine-release gives the full release', () => {
  assertDistribution(distributionFromAlpineRelease('3.18.4\n'), { did: 'alpine', versionId: '3.18.4', versionCodeName: '' }, 'alpine-release');
  assert.equal(distributionFromAlpineRelease('\n'), undefined);
});

test('release file priority', () => {
  const scanner = new OsReleaseScanner();
  const files: LayerFile[] = [
    { path: 'etc/alpine-release', contents: Buffer.from('3.18.4\n') },
    { path: 'etc/debian_version', contents: Buffer.from('11.7\n') },
    { path: 'etc/lsb-release', contents: Buffer.from('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\nDISTRIB_CODENAME=focal\n') },
    { path: 'usr/lib/os-release', contents: Buffer.from('ID=debian\nVERSION_ID="12"\n') },
    { path: 'etc/os-release', contents: Buffer.from('ID=alpine\nVERSION_ID=3.19.1\n') },
  ];

  // Each step removes the file that decided the previous one.
  const order: Array<[string, string, string]> = [
    ['etc/os-release', 'alpine', '3.19.1'],
    ['usr/lib/os-release', 'debian', '12'],
    ['etc/lsb-release', 'ubuntu', '20.04'],
    ['etc/debian_version', 'debian', '11'],
    ['etc/alpine-release', 'alpine', '3.18.4'],
  ];
  let remaining = files;
  for (const [source, did, versionId] of order) {
    const findings = scanner.scan(remaining);
    assert.equal(findings.distribution?.did, did, source);
    assert.equal(findings.distribution?.versionId, versionId, source);
    assert.deepEqual(findings.databases, [source]);
    remaining = remaining.filter((file) => file.path !== source);
  }
  assert.equal(scanner.scan(remaining).distribution, undefined);
});

test('empty os-release falls through to debian_version', () => {
  const findings = new OsReleaseScanner().scan([
    { path: 'etc/os-release', contents: Buffer.from('# nothing here\n') },
    { path: 'etc/debian_version', contents: Buffer.from('12.4\n') },
  ]);
  assert.equal(findings.distribution?.versionCodeName, 'bookworm');
  assert.deepEqual(findings.databases, ['etc/debian_version']);
});

test('os-release scanner wants only release files', () => {
  const scanner = new OsReleaseScanner();
  const wantedFiles = [
    'etc/os-release', 'usr/lib/os-release', 'etc/lsb-release', 'etc/oracle-release', 'etc/centos-release',
    'etc/redhat-release', 'etc/system-release', 'etc/system-release-cpe', 'etc/SuSE-release',
    'etc/debian_version', 'etc/alpine-release',
  ];
  for (const wanted of wantedFiles) {
    assert.equal(scanner.wants(wanted), true, wanted);
  }
  for (const other of ['etc/os-release.d/x', 'etc/issue', 'usr/etc/os-release', 'etc/suse-release', 'etc/fedora-release', '/etc/os-release']) {
    assert.equal(scanner.wants(other), false, other);
  }
});
