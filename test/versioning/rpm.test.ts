import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { compareRpmVersions, formatEvr, parseEvr, rpmScheme, rpmvercmp } from '../../src/ecosystems/rpm/version.js';
import { InvalidVersionError } from '../../src/versioning/types.js';
import { sharedPath } from '../shared.js';
import { assertRowOrder, expectedSign, readVectors, sign } from './vectors.js';

test('rpm orders every vector both ways', () => {
  const rows = readVectors('rpm.tsv');
  assert.equal(rows.length, 113);

  for (const row of rows) assertRowOrder(rpmScheme, row);
});

test('rpm orders the commented-out cases as rpm 4.18 does', () => {
  // rpm's test suite keeps these commented out as odd behaviour. The rows
  // state what rpm 4.18 returns. A letter after digits ends the number, and
  // characters beyond ASCII are separators, so those versions compare equal.
  const rows = readVectors('rpm.tsv').filter((row) => row.source === 'rpm-rpmvercmp.at-commented');
  assert.equal(rows.length, 12);

  for (const row of rows) assertRowOrder(rpmScheme, row);
});

test('rpmvercmp alone orders the raw vectors', () => {
  // Rows from rpmvercmp.at test the bare function; none has a hyphen or colon.
  const rows = readVectors('rpm.tsv').filter((row) => row.source!.startsWith('rpm-rpmvercmp.at'));
  assert.ok(rows.length >= 100, `found ${rows.length} rows`);

  for (const row of rows) {
    const expected = expectedSign(row.op!);
    assert.equal(sign(rpmvercmp(row.left!, row.right!)), expected, `${row.line}: ${row.left} ${row.op} ${row.right}`);
    assert.equal(sign(rpmvercmp(row.right!, row.left!)), -expected + 0, `${row.line} reversed`);
  }
});

test('rpm accepts every vector version', () => {
  for (const row of readVectors('rpm.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(rpmScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
      assert.equal(rpmScheme.explainInvalid?.(version), undefined, `${row.line}: "${version}" has no problem`);
    }
  }
});

test('parseEvr splits epoch, version and release', () => {
  // As rpmio/rpmver.c parseEVR: the epoch is the leading digits before a
  // colon, the release follows the last hyphen.
  const cases: Array<[string, string | undefined, string, string | undefined]> = [
    ['1.0', undefined, '1.0', undefined],
    ['1.0-1', undefined, '1.0', '1'],
    ['3:1.0-1', '3', '1.0', '1'],
    ['0:1.2.3-4.el8_6', '0', '1.2.3', '4.el8_6'],
    ['1.0-1-2', undefined, '1.0-1', '2'],
    ['007:1^git1~rc', '007', '1^git1~rc', undefined],
    ['1.1.α-β', undefined, '1.1.α', 'β'],
  ];
  for (const [evr, epoch, version, release] of cases) {
    const parsed = parseEvr(evr);
    assert.deepEqual(parsed, { epoch, version, release }, `parts of "${evr}"`);
    assert.equal(formatEvr(parsed), evr, `"${evr}" prints back unchanged`);
  }
});

test('rpm labelCompare rules for epoch and release', () => {
  // rpmverCmp: a missing epoch is "0", epochs compare with rpmvercmp (so
  // as numbers), and a missing release sorts below any release.
  const cases: Array<[string, string, number]> = [
    ['1.0', '0:1.0', 0],
    ['1.0', '1.0-1', -1],
    ['1.0-0', '1.0', 1],
    ['1:0.1', '9.9-9', 1],
    ['10:1', '9:1', 1],
    ['0010:1', '10:1', 0],
    ['2:1.0-1', '2:1.0-1.el9', -1],
    ['1.0-1~beta', '1.0-1', -1],
    ['1.0-1^post', '1.0-1', 1],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(sign(compareRpmVersions(a, b)), expected, `${a} vs ${b}`);
    assert.equal(sign(compareRpmVersions(b, a)), -expected + 0, `${b} vs ${a}`);
  }
});

test('rpmvercmp tilde and caret edges', () => {
  // From the rules in rpm's rpmvercmp: `~` sorts before anything, even the
  // end; `^` sorts after the end but before any further segment.
  const cases: Array<[string, string, number]> = [
    ['1.0~', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0^', '1.0.1', -1],
    ['1.0^', '1.0a', -1],
    ['1.0^~', '1.0^', -1],
    ['1.0^~', '1.0', 1],
    ['1.0~^', '1.0~', 1],
    ['1.0~^', '1.0', -1],
    ['1.0^^', '1.0^', 1],
    ['1.0', '1.0.', 0],
    ['1.0a', '1.0.a', 0],
    ['1a', '1.0', -1],
    ['0001', '1', 0],
    ['a', '1', -1],
    ['18446744073709551616', '18446744073709551615', 1],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(sign(rpmvercmp(a, b)), expected, `${a} vs ${b}`);
    assert.equal(sign(rpmvercmp(b, a)), -expected + 0, `${b} vs ${a}`);
  }
});

test('rpm rejects broken versions', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /version is empty/],
    ['1.0 1', /white space or control character at offset 3/],
    ['1.0\t', /white space or control character at offset 3/],
    ['1.0\u0000', /control character at offset 3/],
    [':1.0', /epoch before the colon is empty/],
    ['a:1.0', /epoch before the colon is not a number/],
    ['1-2:3', /epoch before the colon is not a number/],
    ['1:2:3', /second colon at offset 3/],
    ['1:', /version between epoch and release is empty/],
    ['1:-1', /version between epoch and release is empty/],
    ['-1', /version between epoch and release is empty/],
    ['1.0-', /release after the last hyphen is empty/],
  ];
  for (const [version, reason] of cases) {
    const label = JSON.stringify(version);
    assert.equal(rpmScheme.isValid(version), false, `${label} should be invalid`);
    assert.match(rpmScheme.explainInvalid?.(version) ?? '', reason, `reason for ${label}`);
    assert.throws(
      () => rpmScheme.compare(version, '1.0'),
      (err: unknown) => err instanceof InvalidVersionError && err.version === version && err.scheme === 'rpm',
      `compare with ${label} throws`,
    );
    assert.throws(() => rpmScheme.compare('1.0', version), InvalidVersionError, `compare against ${label} throws`);
    assert.throws(() => parseEvr(version), InvalidVersionError, `parse of ${label} throws`);
  }
});

test('rpm accepts every Photon OVAL version', () => {
  // OVAL rpminfo tests state the fixed version as an `evr` element,
  // `epoch:version-release`, such as 0:3.27.2-5.ph3.
  const oval = gunzipSync(readFileSync(sharedPath('feeds', 'com.vmware.phsa-photon3.xml.gz'))).toString('utf8');
  const versions = [...oval.matchAll(/<evr datatype="evr_string"[^>]*>([^<]*)<\/evr>/g)].map((match) => match[1]!);
  assert.ok(versions.length > 700, `found ${versions.length} evr elements`);

  for (const version of versions) {
    assert.equal(rpmScheme.explainInvalid?.(version), undefined, `"${version}"`);
    const { epoch, release } = parseEvr(version);
    assert.equal(epoch, '0', `"${version}" has an explicit epoch`);
    assert.match(release ?? '', /^[0-9]+\.ph[0-9]$/, `"${version}" has a Photon release after the last hyphen`);
  }
});
