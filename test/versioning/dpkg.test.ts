import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDpkgVersions, dpkgScheme, parseDpkgVersion } from '../../src/ecosystems/dpkg/version.js';
import { InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, readVectors, sign } from './vectors.js';

test('dpkg orders every vector both ways', () => {
  const rows = readVectors('dpkg.tsv');
  assert.ok(rows.length >= 90, `expected the dpkg vectors, found ${rows.length} rows`);

  for (const row of rows) assertRowOrder(dpkgScheme, row);
});

test('dpkg accepts every vector version', () => {
  for (const row of readVectors('dpkg.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(dpkgScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
      assert.equal(dpkgScheme.explainInvalid?.(version), undefined, `${row.line}: "${version}" has no problem`);
    }
  }
});

test('dpkg orders versions it only warns about', () => {
  const rows = readVectors('dpkg-invalid.txt');
  assert.equal(rows.length, 17);

  for (const row of rows) {
    const { left, op, right, source, reason } = row;
    const label = `${row.line} [${source}]: ${left} ${op} ${right}`;
    assertRowOrder(dpkgScheme, row);

    // The reason column quotes each version dpkg warned about.
    const warned = [...reason!.matchAll(/version '([^']*)' has bad syntax: ([^|;]*)/g)];
    assert.ok(warned.length > 0, `${label}: reason names a version`);
    for (const [, version, message] of warned) {
      assert.equal(dpkgScheme.isValid(version!), false, `${label}: "${version}" should be invalid`);
      assert.equal(dpkgScheme.explainInvalid?.(version!), message!.trim(), `${label}: reason for "${version}"`);
    }
    for (const version of [left!, right!]) {
      const named = warned.some(([, quoted]) => quoted === version);
      assert.equal(dpkgScheme.isValid(version), !named, `${label}: validity of "${version}"`);
    }
  }
});

test('parseDpkgVersion splits epoch, upstream and revision', () => {
  const cases: Array<[string, number, string, string]> = [
    ['1.0', 0, '1.0', ''],
    ['1:2.30-4', 1, '2.30', '4'],
    ['0:0-0-0', 0, '0-0', '0'],
    ['2:1.2:3-4+deb12u1', 2, '1.2:3', '4+deb12u1'],
    ['7.4~rc1-0ubuntu1', 0, '7.4~rc1', '0ubuntu1'],
    [' 1.0-1 ', 0, '1.0', '1'],
    ['+3:1', 3, '1', ''],
    ['a-0', 0, 'a', '0'],
  ];
  for (const [version, epoch, upstream, revision] of cases) {
    assert.deepEqual(parseDpkgVersion(version), { epoch, upstream, revision }, `parts of "${version}"`);
  }
});

test('dpkg rejects broken versions', () => {
  const cases: Array<[string, string]> = [
    ['', 'version string is empty'],
    ['   ', 'version string is empty'],
    ['1.0 1', 'version string has embedded spaces'],
    [':1.0', 'epoch in version is empty'],
    ['a:1.0', 'epoch in version is empty'],
    ['1a:1.0', 'epoch in version is not number'],
    ['-1:1.0', 'epoch in version is negative'],
    ['2147483648:1', 'epoch in version is too big'],
    ['1:', 'nothing after colon in version number'],
    ['1.0-', 'revision number is empty'],
    ['-1', 'version number is empty'],
    ['1:-1', 'version number is empty'],
  ];
  for (const [version, reason] of cases) {
    assert.equal(dpkgScheme.isValid(version), false, `"${version}" should be invalid`);
    assert.equal(dpkgScheme.explainInvalid?.(version), reason, `reason for "${version}"`);
    assert.throws(
      () => compareDpkgVersions(version, '1.0'),
      (err: unknown) => err instanceof InvalidVersionError && err.version === version && err.message.includes(reason),
      `compare with "${version}" throws`,
    );
    assert.throws(() => parseDpkgVersion(version), InvalidVersionError, `parse of "${version}" throws`);
  }
});

test('dpkg epoch limit is INT_MAX', () => {
  assert.equal(dpkgScheme.isValid('2147483647:1'), true);
  assert.equal(dpkgScheme.isValid('0002147483647:1'), true);
  assert.equal(sign(dpkgScheme.compare('2147483647:1', '2147483646:9')), 1);
});
