// Photon OS OVAL, on the real Photon 3 snapshot. Expected values were read
// by hand from the XML or counted in it with plain regular expressions.
// Version order comes from rpm itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { photonOvalParser } from '../../src/ecosystems/photon/oval.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { sharedPath } from '../shared.js';
import { makeTempDir, writeTar } from './helpers.js';
import { distribution, importedStore, matchImage, parseAll, rpm, rpmCompare, textInput } from './os-feed-fixtures.js';

const SNAPSHOT = sharedPath('feeds', 'com.vmware.phsa-photon3.xml.gz');

/** Returns the definitions section of the snapshot as text. */
function definitionsText(): string {
  const xml = zlib.gunzipSync(fs.readFileSync(SNAPSHOT)).toString('utf8');
  return xml.slice(xml.indexOf('<definitions>'), xml.indexOf('</definitions>'));
}

async function parseSnapshot(): Promise<VulnerabilityRecord[]> {
  return parseAll(photonOvalParser, { name: 'com.vmware.phsa-photon3.xml', open: () => fs.createReadStream(SNAPSHOT).pipe(zlib.createGunzip()) });
}

describe('Photon OVAL parser', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    records = await parseSnapshot();
  });

  test('one record per fix criterion', () => {
    const text = definitionsText();
    const criteria = [...text.matchAll(/<criterion comment="(\S+) is earlier than ([^"]+)"/g)];
    assert.equal(records.length, criteria.length);
    assert.equal(new Set(records.map((record) => record.advisoryId)).size, 222);
    assert.deepEqual(new Set(records.map((record) => record.feed)), new Set(['photon-oval']));
    assert.deepEqual(new Set(records.map((record) => `${record.distribution} ${record.release}`)), new Set(['photon 3.0']));
    assert.deepEqual(new Set(records.map((record) => record.state)), new Set(['fixed']));
  });

  test('PHSA-2020:00001 sqlite fixes', () => {
    const sqlite = records.filter((record) => record.advisoryId === 'PHSA-2020:00001');
    assert.deepEqual(sqlite.map((record) => record.packageName).sort(), ['sqlite', 'sqlite-devel', 'sqlite-libs']);
    for (const record of sqlite) {
      assert.equal(record.fixedVersion, '3.27.2-5.ph3');
      assert.deepEqual(record.cves, ['CVE-2019-16168']);
      assert.deepEqual(record.aliases, []);
      assert.equal(record.vendorSeverity, 'Important');
      assert.equal(record.severity, 'High');
      assert.equal(record.published, '2019-10-23');
      assert.ok(record.links.includes('https://github.com/vmware/photon/wiki/Security-Updates-3.0-0036'));
    }
  });

  test('PHSA-2020:00016 kernel CVEs and severity', () => {
    const record = records.find((candidate) => candidate.advisoryId === 'PHSA-2020:00016' && candidate.packageName === 'linux-esx');
    assert.ok(record);
    assert.equal(record.fixedVersion, '4.19.65-2.ph3');
    assert.equal(record.severity, 'Critical');
    assert.deepEqual(record.cves, [
      'CVE-2019-15926', 'CVE-2019-14284', 'CVE-2019-1125', 'CVE-2019-13272', 'CVE-2019-15090',
      'CVE-2019-14283', 'CVE-2019-15925', 'CVE-2019-10638', 'CVE-2019-15807',
    ]);
  });

  test('truncated document is rejected', async () => {
    const xml = zlib.gunzipSync(fs.readFileSync(SNAPSHOT));
    const cut = xml.subarray(0, Math.floor(xml.length / 2));
    await assert.rejects(
      parseAll(photonOvalParser, textInput('com.vmware.phsa-photon3.xml', cut)),
      (err: Error & { code?: string }) => err.code === 'INVALID_FEED' && /com\.vmware\.phsa-photon3\.xml at line \d+/.test(err.message),
    );
  });
});

describe('Photon OVAL inside a tar', () => {
  test('tar member is read twice from a copy', async () => {
    const dir = makeTempDir();
    try {
      const xml = zlib.gunzipSync(fs.readFileSync(SNAPSHOT));
      const tar = await writeTar(path.join(dir, 'photon-oval.tar.gz'), [{ name: 'oval/com.vmware.phsa-photon3.xml', content: xml }]);
      const imported = await importedStore([tar]);
      try {
        const status = await imported.store.feedStatus();
        assert.deepEqual(status.map((row) => [row.feed, row.recordCount]), [['photon-oval', definitionsText().split(' is earlier than ').length - 1]]);
      } finally {
        await imported.close();
      }
      const leftovers = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('layerlens-oval-'));
      assert.deepEqual(leftovers, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Photon matcher on the imported snapshot', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;

  before(async () => {
    imported = await importedStore([SNAPSHOT]);
  });

  after(async () => {
    await imported.close();
  });

  test('sqlite-libs below several fixes', async () => {
    const installed = '3.27.2-4.ph3';
    const expected = new Set<string>();
    for (const definition of definitionsText().split('<definition ').slice(1)) {
      const fix = /<criterion comment="sqlite-libs is earlier than 0:([^"]+)"/.exec(definition);
      if (!fix || rpmCompare(installed, fix[1]) >= 0) continue;
      for (const cve of definition.matchAll(/<cve>([^<]+)<\/cve>/g)) expected.add(cve[1]);
    }
    // Read by hand: PHSA-2020:00001 fixes in 3.27.2-5.ph3 (above), PHSA-2020:00002 in 3.27.2-2.ph3 (below).
    assert.ok(expected.has('CVE-2019-16168'));
    assert.ok(!expected.has('CVE-2019-9937'));

    const report = await matchImage(imported.store, distribution('photon', '3.0', 'VMware Photon OS'), [rpm('sqlite-libs', installed, { source: 'sqlite' })]);
    assert.deepEqual(new Set(report.findings.map((finding) => finding.vulnerability.name)), expected);
    const finding = report.findings.find((candidate) => candidate.vulnerability.name === 'CVE-2019-16168');
    assert.equal(finding?.vulnerability.fixedVersion, '3.27.2-5.ph3');
    assert.deepEqual(finding?.vulnerability.aliases, ['PHSA-2020:00001']);
  });

  test('other Photon release has no records', async () => {
    const report = await matchImage(imported.store, distribution('photon', '4.0'), [rpm('sqlite-libs', '3.27.2-4.ph3')]);
    assert.deepEqual(report.findings, []);
    assert.equal(report.releasesWithoutRecords.length, 1);
  });
});
