// Matching against the real feed snapshots, imported the way `db import`
// imports them. Expected values were read by hand from the feed files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { importFeedFiles } from '../../src/feeds/import.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { matchReport } from '../../src/matcher/matcher.js';
import type { Finding } from '../../src/matcher/types.js';
import type { Distribution } from '../../src/indexer/types.js';
import { ALPINE_3_11, BIONIC, BOOKWORM, BULLSEYE, apk, captureLog, deb, dpkgHolds, indexReport } from './fixtures.js';

const BUSTER: Distribution = { ...BOOKWORM, version: '10 (buster)', versionId: '10', versionCodeName: 'buster', prettyName: 'Debian GNU/Linux 10 (buster)' };

let dir: string;
let store: SqliteStore;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-feeds-match-'));
  store = SqliteStore.open(path.join(dir, 'layerlens.db'));
  await importFeedFiles(store, [
    sharedPath('feeds', 'debian-security-tracker-dsa-dla-2023-04.tar.gz'),
    sharedPath('feeds', 'ubuntu-cve-tracker-active-2020-06.tar.gz'),
    sharedPath('feeds', 'alpine-secdb-v3.3-v3.11.tar.gz'),
  ]);
});

after(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function findingFor(findings: Finding[], name: string): Finding | undefined {
  return findings.find((finding) => finding.vulnerability.name === name);
}

test('DSA and DLA fixes merge for buster', async () => {
  // DSA-4757-1 fixed CVE-2020-1927 in apache2 2.4.38-3+deb10u4 (buster);
  // DLA-3351-1 lists it again with 2.4.38-3+deb10u9.
  assert.ok(dpkgHolds('2.4.38-3+deb10u3', 'lt', '2.4.38-3+deb10u4'));
  assert.ok(dpkgHolds('2.4.38-3+deb10u5', 'lt', '2.4.38-3+deb10u9'));

  const below = await matchReport(indexReport(BUSTER, [deb('apache2', '2.4.38-3+deb10u3')]), store, { log: captureLog().log });
  const finding = findingFor(below.findings, 'CVE-2020-1927');
  assert.ok(finding, 'CVE-2020-1927 is reported');
  assert.equal(finding.vulnerability.fixedVersion, '2.4.38-3+deb10u4');
  assert.deepEqual(finding.vulnerability.aliases, ['DLA-3351-1', 'DSA-4757-1']);
  assert.deepEqual(finding.vulnerability.feeds, ['debian-dla', 'debian-dsa']);
  assert.equal(finding.vulnerability.state, 'fixed');

  const between = await matchReport(indexReport(BUSTER, [deb('apache2', '2.4.38-3+deb10u5')]), store, { log: captureLog().log });
  assert.equal(findingFor(between.findings, 'CVE-2020-1927'), undefined);
  // For buster only DLA-3351-1 fixes CVE-2022-36760, in deb10u9, so it still applies.
  assert.equal(findingFor(between.findings, 'CVE-2022-36760')?.vulnerability.fixedVersion, '2.4.38-3+deb10u9');
});

test('DSA fix and standalone regression update', async () => {
  // DSA-5380-1: CVE-2023-1393, xorg-server 2:1.20.11-1+deb11u6 (bullseye).
  // DSA-5356-2: sox regression update with no CVE, 14.4.2+git20190427-2+deb11u2.
  const report = await matchReport(
    indexReport(BULLSEYE, [
      deb('xserver-common', '2:1.20.11-1+deb11u5', { name: 'xorg-server', version: '2:1.20.11-1+deb11u5' }),
      deb('libsox3', '14.4.2+git20190427-2+deb11u1', { name: 'sox', version: '14.4.2+git20190427-2+deb11u1' }),
    ]),
    store,
    { log: captureLog().log },
  );

  const xorg = findingFor(report.findings, 'CVE-2023-1393');
  assert.ok(xorg);
  assert.equal(xorg.vulnerability.fixedVersion, '2:1.20.11-1+deb11u6');
  assert.deepEqual(xorg.vulnerability.aliases, ['DSA-5380-1']);

  const sox = report.findings.filter((finding) => finding.package.name === 'libsox3');
  assert.deepEqual(sox.map((finding) => finding.vulnerability.name), ['DSA-5356-2']);
  assert.equal(sox[0].vulnerability.fixedVersion, '14.4.2+git20190427-2+deb11u2');
});

test('Ubuntu tracker entry with its USN', async () => {
  // CVE-2019-3823: bionic_curl released (7.58.0-2ubuntu3.6), Priority low, USN-3882-1.
  assert.ok(dpkgHolds('7.58.0-2ubuntu3.5', 'lt', '7.58.0-2ubuntu3.6'));

  const report = await matchReport(
    indexReport(BIONIC, [deb('libcurl4', '7.58.0-2ubuntu3.5', { name: 'curl', version: '7.58.0-2ubuntu3.5' })]),
    store,
    { log: captureLog().log },
  );

  const finding = findingFor(report.findings, 'CVE-2019-3823');
  assert.ok(finding);
  assert.equal(finding.vulnerability.fixedVersion, '7.58.0-2ubuntu3.6');
  assert.equal(finding.vulnerability.severity, 'Low');
  assert.equal(finding.vulnerability.vendorSeverity, 'low');
  assert.ok(finding.vulnerability.aliases.includes('USN-3882-1'), finding.vulnerability.aliases.join(' '));
});

test('Alpine secdb fixes on v3.11', async () => {
  // v3.11/main openssl: CVE-2019-1551 fixed in 1.1.1d-r3, CVE-2019-1547 in 1.1.1d-r1.
  const report = await matchReport(indexReport(ALPINE_3_11, [apk('libssl1.1', '1.1.1d-r2', 'openssl')]), store, { log: captureLog().log });

  assert.equal(findingFor(report.findings, 'CVE-2019-1551')?.vulnerability.fixedVersion, '1.1.1d-r3');
  assert.equal(findingFor(report.findings, 'CVE-2019-1547'), undefined);
  assert.equal(report.uncomparableCount, 0);
});
