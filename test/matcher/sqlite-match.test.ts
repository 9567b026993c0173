import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { matchReport } from '../../src/matcher/matcher.js';
import { createDebianMatcher } from '../../src/ecosystems/debian/matcher.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { BULLSEYE, captureLog, deb, dpkgHolds, indexReport, record } from './fixtures.js';

async function* each(records: VulnerabilityRecord[]): AsyncIterable<VulnerabilityRecord> {
  yield* records;
}

test('matching reads the SQLite store', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-match-'));
  const store = SqliteStore.open(path.join(dir, 'layerlens.db'));

  try {
    // DSA-5380-1 as the DSA list states it, and the tracker's own entry for its CVE.
    const fix = '2:1.20.11-1+deb11u6';
    await store.replaceFeedRecords('DSA/list', each([
      record({ feed: 'debian-dsa', advisoryId: 'DSA-5380-1', cves: ['CVE-2023-1393'], packageName: 'xorg-server', release: 'bullseye', state: 'fixed', fixedVersion: fix, published: '2023-03-29' }),
    ]));
    await store.replaceFeedRecords('tracker.json', each([
      record({ advisoryId: 'CVE-2023-1393', packageName: 'xorg-server', release: 'bullseye', state: 'fixed', fixedVersion: fix, severity: 'High', vendorSeverity: 'high' }),
      record({ advisoryId: 'CVE-2023-1393', packageName: 'xorg-server', release: 'bookworm', state: 'fixed', fixedVersion: '2:21.1.7-3' }),
      record({ advisoryId: 'CVE-2022-0001', packageName: 'xorg-server', release: 'bullseye', state: 'not-affected' }),
    ]));

    const installed = '2:1.20.11-1+deb11u5';
    assert.ok(dpkgHolds(installed, 'lt', fix));
    const report = await matchReport(
      indexReport(BULLSEYE, [
        deb('xserver-common', installed, { name: 'xorg-server', version: installed }),
        deb('xserver-xorg-core', installed, { name: 'xorg-server', version: installed }),
      ]),
      store,
      { matchers: [createDebianMatcher(dpkgScheme)], log: captureLog().log },
    );

    assert.deepEqual(report.findings.map((f) => `${f.package.name} ${f.vulnerability.name}`), [
      'xserver-common CVE-2023-1393',
      'xserver-xorg-core CVE-2023-1393',
    ]);
    const vulnerability = report.findings[0].vulnerability;
    assert.equal(vulnerability.fixedVersion, fix);
    assert.deepEqual(vulnerability.aliases, ['DSA-5380-1']);
    assert.deepEqual(vulnerability.feeds, ['debian-dsa', 'debian-tracker']);
    assert.equal(vulnerability.severity, 'High');
    assert.equal(vulnerability.published, '2023-03-29');
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
