// Wolfi and Chainguard secdb on the small documents of os-feed-documents.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rollingSecdbRecords, wolfiSecdbParser } from '../../src/ecosystems/wolfi/secdb.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { apk } from '../matcher/fixtures.js';
import { CHAINGUARD_SECDB, WOLFI_SECDB } from './os-feed-documents.js';
import { distribution, importedStore, matchImage, parseAll, tempFile, textInput } from './os-feed-fixtures.js';

describe('Wolfi secdb parser', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    records = await parseAll(wolfiSecdbParser, textInput('security.json', WOLFI_SECDB));
  });

  test('one record per package, fix and id', () => {
    const rows = records.map((record) => [record.packageName, record.advisoryId, record.state, record.fixedVersion ?? '']);
    assert.deepEqual(rows, [
      ['busybox', 'CVE-2022-28391', 'not-affected', ''],
      ['busybox', 'CVE-2023-42363', 'fixed', '1.36.1-r2'],
      ['busybox', 'CVE-2023-42366', 'fixed', '1.36.1-r2'],
      ['glibc', 'CVE-2023-4911', 'fixed', '2.38-r6'],
    ]);
  });

  test('rolling release keys', () => {
    assert.deepEqual(new Set(records.map((record) => `${record.feed} ${record.distribution} "${record.release}"`)), new Set(['wolfi-secdb wolfi ""']));
  });

  test('second id is an alias', () => {
    const glibc = records.find((record) => record.packageName === 'glibc');
    assert.deepEqual(glibc?.aliases, ['GHSA-m77w-6vjw-wh2f']);
  });

  test('Chainguard document by its repository', async () => {
    const chainguard = await parseAll(wolfiSecdbParser, textInput('security.json', CHAINGUARD_SECDB));
    assert.deepEqual(new Set(chainguard.map((record) => `${record.feed} ${record.distribution}`)), new Set(['chainguard-secdb chainguard']));
    assert.equal(chainguard.length, records.length);
  });

  test('document without packages list', () => {
    assert.throws(() => rollingSecdbRecords({ urlprefix: 'https://packages.wolfi.dev', packages: {} }, 'security.json'), /security\.json at packages: missing or not a list/);
  });

  test('malformed JSON is rejected', async () => {
    await assert.rejects(parseAll(wolfiSecdbParser, textInput('security.json', WOLFI_SECDB.slice(0, 100))), (err: Error & { code?: string }) => err.code === 'INVALID_FEED');
  });
});

describe('Wolfi matcher', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;

  before(async () => {
    imported = await importedStore([tempFile('security.json', WOLFI_SECDB)]);
  });

  after(async () => {
    await imported.close();
  });

  test('busybox below the fix', async () => {
    const wolfi = distribution('wolfi', '20230201', 'Wolfi');
    const report = await matchImage(imported.store, wolfi, [apk('busybox', '1.36.1-r1'), apk('glibc', '2.38-r6')]);
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.name, finding.vulnerability.fixedVersion]), [
      ['busybox', 'CVE-2023-42363', '1.36.1-r2'],
      ['busybox', 'CVE-2023-42366', '1.36.1-r2'],
    ]);
  });

  test('Chainguard image without Chainguard records', async () => {
    const report = await matchImage(imported.store, distribution('chainguard', '20230214'), [apk('busybox', '1.36.1-r1')]);
    assert.deepEqual(report.findings, []);
    assert.equal(report.releasesWithoutRecords.length, 1);
  });
});
