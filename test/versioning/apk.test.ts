import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkScheme } from '../../src/ecosystems/alpine/version.js';
import { assertRowOrder, readVectors, sign } from './vectors.js';

test('apk orders every vector both ways', () => {
  const rows = readVectors('apk.tsv');
  assert.ok(rows.length >= 700, `expected the apk vectors, found ${rows.length} rows`);

  for (const row of rows) assertRowOrder(apkScheme, row);
});

test('apk accepts every vector version', () => {
  for (const row of readVectors('apk.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(apkScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
    }
  }
});

test('apk orders invalid versions as apk does', () => {
  const rows = readVectors('apk-invalid.txt');
  assert.equal(rows.length, 2);

  for (const row of rows) {
    const { left, op, right, source, reason } = row;
    const label = `${row.line} [${source}]: ${left} ${op} ${right}`;
    assertRowOrder(apkScheme, row);

    // The reason column names the version apk_version_validate rejects.
    const invalid = /apk_version_validate: (\S+);/.exec(reason!)?.[1];
    assert.ok(invalid !== undefined, `${label}: reason names a version`);
    for (const version of [left!, right!]) {
      assert.equal(apkScheme.isValid(version), version !== invalid, `${label}: validity of "${version}"`);
    }
  }
});

test('apk validity matches apk_version_validate', () => {
  const rows = readVectors('apk-validity.tsv');
  assert.equal(rows.length, 31);

  for (const row of rows) {
    const { version, valid, source } = row;
    const label = `${row.line} [${source}]: "${version}"`;
    assert.equal(apkScheme.isValid(version!), valid === 'yes', `${label} valid=${valid}`);

    const reason = apkScheme.explainInvalid?.(version!);
    if (valid === 'yes') assert.equal(reason, undefined, `${label}: no reason`);
    else assert.ok(reason !== undefined && reason.length > 0, `${label}: has a reason`);
  }
});

test('apk explains where a version goes wrong', () => {
  assert.equal(apkScheme.explainInvalid?.(''), 'version is empty');
  assert.match(apkScheme.explainInvalid?.('1.0-r2_pre1') ?? '', /unexpected "_pre1" at offset 6/);
  assert.match(apkScheme.explainInvalid?.('0.1_foobar') ?? '', /unexpected "_foobar" at offset 3/);
});

test('apk numbers wrap at 2^64 like uint64_t', () => {
  // 18446744073709551616 is 2^64, which apk's uint64_t reads as 0.
  assert.equal(sign(apkScheme.compare('18446744073709551616', '0')), 0);
  assert.equal(sign(apkScheme.compare('18446744073709551617', '2')), -1);
  assert.equal(sign(apkScheme.compare('18446744073709551615', '9999999999999999999')), 1);
  assert.equal(sign(apkScheme.compare('1.0-r18446744073709551616', '1.0-r0')), 0);
});
