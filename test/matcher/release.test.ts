import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import type { Distribution } from '../../src/indexer/types.js';
import { debianRelease } from '../../src/ecosystems/debian/matcher.js';
import { ubuntuRelease } from '../../src/ecosystems/ubuntu/matcher.js';
import { alpineBranch } from '../../src/ecosystems/alpine/matcher.js';
import { distributionFromOsRelease, parseOsRelease } from '../../src/indexer/osrelease.js';

/** Reads KEY=value lines (values optionally quoted), enough for lsb-release. */
function readKeyValues(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** Reads an os-release file the way the indexer does. */
function distributionOf(file: string): Distribution {
  return distributionFromOsRelease(parseOsRelease(fs.readFileSync(file, 'utf8')));
}

const claircore = (...parts: string[]) => sharedPath('corpus', 'claircore', ...parts);

test('Debian codename from os-release', () => {
  // Debian's release names, from its release history.
  const expected: Record<string, string> = {
    '7': 'wheezy', '8': 'jessie', '9': 'stretch', '10': 'buster', '11': 'bullseye', '12': 'bookworm',
  };
  const folders = [claircore('debian', 'testdata', 'dist'), claircore('debian', 'testdata', 'distroless_dist')];
  let checked = 0;

  for (const folder of folders) {
    for (const major of fs.readdirSync(folder)) {
      const file = path.join(folder, major, 'etc', 'os-release');
      assert.equal(debianRelease(distributionOf(file)), expected[major], file);
      checked++;
    }
  }
  assert.equal(checked, 9);
});

test('codename fallbacks without VERSION_CODENAME', () => {
  const bare: Distribution = { did: 'debian', name: 'Debian GNU/Linux', version: '7 (wheezy)', versionId: '7', versionCodeName: '', prettyName: '', cpe: '' };
  assert.equal(debianRelease(bare), 'wheezy');
  assert.equal(debianRelease({ ...bare, version: 'Debian GNU/Linux 10 (buster)' }), 'buster');
  assert.equal(debianRelease({ ...bare, version: '' }), undefined);

  const ubuntu: Distribution = { ...bare, did: 'ubuntu', name: 'Ubuntu', versionId: '14.04' };
  assert.equal(ubuntuRelease({ ...ubuntu, version: '14.04.6 LTS, Trusty Tahr' }), 'trusty');
  assert.equal(ubuntuRelease({ ...ubuntu, version: '14.10 (Utopic Unicorn)' }), 'utopic');
  assert.equal(ubuntuRelease({ ...ubuntu, version: '' }), undefined);
});

test('Ubuntu codename from os-release', () => {
  // lsb-release's DISTRIB_CODENAME is the expected value: a second file
  // written by the same release, not read by the code under test.
  const folder = claircore('ubuntu', 'testdata', 'dist');
  let checked = 0;

  for (const release of fs.readdirSync(folder)) {
    const osRelease = path.join(folder, release, 'etc', 'os-release');
    const lsbRelease = path.join(folder, release, 'etc', 'lsb-release');
    if (!fs.existsSync(osRelease) || !fs.existsSync(lsbRelease)) continue;

    const expected = readKeyValues(lsbRelease).DISTRIB_CODENAME;
    assert.equal(ubuntuRelease(distributionOf(osRelease)), expected, osRelease);
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} Ubuntu releases checked`);
});

test('Alpine branch from os-release', () => {
  // The folder names are the releases' major.minor; edge is its own branch.
  const folder = claircore('alpine', 'testdata');
  let checked = 0;

  for (const release of fs.readdirSync(folder)) {
    const file = path.join(folder, release, 'etc', 'os-release');
    if (!fs.existsSync(file)) continue;

    const expected = release === 'edge' ? 'edge' : `v${release}`;
    assert.equal(alpineBranch(distributionOf(file)), expected, file);
    checked++;
  }
  assert.equal(checked, 17);
});

test('Alpine branch cases', () => {
  const base: Distribution = { did: 'alpine', name: 'Alpine Linux', version: '', versionId: '', versionCodeName: '', prettyName: '', cpe: '' };
  const cases: Array<[string, string, string | undefined]> = [
    ['3.11.6', 'Alpine Linux v3.11', 'v3.11'],
    ['3.9.0', '', 'v3.9'],
    ['3.20', '', 'v3.20'],
    ['3.19_alpha20230901', 'Alpine Linux edge', 'edge'],
    ['', '', undefined],
  ];
  for (const [versionId, prettyName, expected] of cases) {
    assert.equal(alpineBranch({ ...base, versionId, prettyName }), expected, versionId);
  }
});
