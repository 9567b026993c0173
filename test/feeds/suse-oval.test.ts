// SUSE OVAL on the small documents of os-feed-documents.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { suseOvalParser, suseRelease } from '../../src/ecosystems/suse/oval.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { LEAP_DOCUMENT, SLE15_DOCUMENT } from './os-feed-documents.js';
import { distribution, importedStore, matchImage, parseAll, rpm, rpmCompare, tempFile, textInput } from './os-feed-fixtures.js';

function only(records: VulnerabilityRecord[], fields: Partial<VulnerabilityRecord>): VulnerabilityRecord[] {
  return records.filter((record) => Object.entries(fields).every(([key, value]) => record[key as keyof VulnerabilityRecord] === value));
}

describe('SUSE product names', () => {
  const cases: Array<[string, string | undefined]> = [
    ['SUSE Linux Enterprise Server 15 SP5', 'sles 15.5'],
    ['SUSE Linux Enterprise Module for Basesystem 15 SP3', 'sles 15.3'],
    ['SUSE Linux Enterprise Server 15 SP1-LTSS', 'sles 15.1'],
    ['SUSE Linux Enterprise Server for SAP Applications 15', 'sles 15'],
    ['SUSE Linux Enterprise Module for Python 3 15 SP4', 'sles 15.4'],
    ['SUSE Linux Enterprise Server 12 SP5', 'sles 12.5'],
    ['openSUSE Leap 15.5', 'opensuse-leap 15.5'],
    ['openSUSE Tumbleweed', 'opensuse-tumbleweed '],
    ['SUSE Linux Enterprise Micro 5.3', undefined],
    ['SUSE Linux Enterprise Storage 7', undefined],
    ['SUSE Linux Enterprise Desktop 15 SP4', 'sles 15.4'],
    ['SUSE Linux Enterprise Server 11 SP4 LTSS', 'sles 11.4'],
    ['SUSE Linux Enterprise Server 11-SECURITY', 'sles 11'],
    ['openSUSE Leap Micro 5.3', undefined],
  ];
  for (const [product, expected] of cases) {
    test(product, () => {
      const release = suseRelease(product);
      assert.equal(release === undefined ? undefined : `${release.distribution} ${release.release}`, expected);
    });
  }
});

describe('SUSE OVAL parser', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    records = await parseAll(suseOvalParser, textInput('suse.linux.enterprise.15.xml', SLE15_DOCUMENT));
  });

  test('fix per service pack', () => {
    const sqlite = only(records, { advisoryId: 'CVE-2021-36690', packageName: 'sqlite3' });
    assert.deepEqual(sqlite.map((record) => `${record.distribution} ${record.release}`).sort(), ['sles 15.1', 'sles 15.3']);
    for (const record of sqlite) {
      assert.equal(record.state, 'fixed');
      assert.equal(record.fixedVersion, '3.36.0-3.12.1');
      assert.deepEqual(record.cves, ['CVE-2021-36690']);
      assert.deepEqual(record.aliases, ['SUSE-SU-2021:3290-1']);
      assert.equal(record.vendorSeverity, 'Moderate');
      assert.equal(record.severity, 'Medium');
      assert.equal(record.published, '2021-08-24');
      assert.equal(record.modified, '2021-10-19');
      assert.deepEqual(record.cvss, [{ version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', baseScore: 5.5, source: 'suse-oval' }]);
    }
    assert.equal(only(records, { advisoryId: 'CVE-2021-36690' }).length, 4);
  });

  test('fixed, unfixed and not affected kernel packages', () => {
    const kernel = only(records, { advisoryId: 'CVE-2018-25020' });
    const states = kernel.map((record) => `${record.packageName} ${record.release} ${record.state} ${record.fixedVersion ?? ''}`).sort();
    assert.deepEqual(states, ['kernel-default 15 fixed 4.12.14-150.78.1', 'kernel-docs 15 unfixed ', 'kernel-source 15 not-affected ']);
  });

  test('severity from the impact attribute', () => {
    const record = only(records, { advisoryId: 'CVE-2018-25020', packageName: 'kernel-docs' })[0];
    assert.equal(record?.vendorSeverity, 'important');
    assert.equal(record?.severity, 'High');
  });

  test('architectures of a package state', () => {
    const record = only(records, { advisoryId: 'CVE-2018-25020', packageName: 'kernel-default' })[0];
    assert.deepEqual(record?.arches, ['aarch64', 'ppc64le', 's390x', 'x86_64']);
  });

  test('openSUSE Leap release', async () => {
    const leap = await parseAll(suseOvalParser, textInput('opensuse.leap.15.4.xml', LEAP_DOCUMENT));
    assert.deepEqual(leap.map((record) => [record.distribution, record.release, record.packageName, record.fixedVersion]), [['opensuse-leap', '15.4', 'kernel-default', '5.14.21-150400.24.21.2']]);
  });

  test('document names it reads', () => {
    for (const name of ['suse.linux.enterprise.15.xml', 'suse.linux.enterprise.server.15-affected.xml', 'opensuse.leap.15.5.xml', 'mirror/opensuse.tumbleweed.xml']) {
      assert.ok(suseOvalParser.accepts(name), name);
    }
    assert.ok(!suseOvalParser.accepts('com.oracle.elsa-all.xml'));
  });

  test('document that is not OVAL', async () => {
    await assert.rejects(
      parseAll(suseOvalParser, textInput('suse.linux.enterprise.15.xml', '<?xml version="1.0"?><updates><update/></updates>')),
      (err: Error & { code?: string }) => err.code === 'INVALID_FEED' && /suse\.linux\.enterprise\.15\.xml at line 1: .*oval_definitions/.test(err.message),
    );
  });
});

describe('SUSE matcher', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;

  before(async () => {
    imported = await importedStore([tempFile('suse.linux.enterprise.15.xml.gz', zlib.gzipSync(SLE15_DOCUMENT))]);
  });

  after(async () => {
    await imported.close();
  });

  test('SLES 15 SP3 sqlite3 below the fix', async () => {
    assert.ok(rpmCompare('3.36.0-3.9.1', '3.36.0-3.12.1') < 0);
    const sles = distribution('sles', '15.3', 'SLES');
    const report = await matchImage(imported.store, sles, [rpm('sqlite3', '3.36.0-3.9.1'), rpm('sqlite3-devel', '3.36.0-3.12.1')]);
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.name, finding.vulnerability.fixedVersion]), [['sqlite3', 'CVE-2021-36690', '3.36.0-3.12.1']]);
    assert.deepEqual(report.findings[0]?.vulnerability.aliases, ['SUSE-SU-2021:3290-1']);
  });

  test('SLES for SAP shares the records', async () => {
    const sap = distribution('sles_sap', '15', 'SLES_SAP');
    const report = await matchImage(imported.store, sap, [rpm('kernel-docs', '4.12.14-150.78.1'), rpm('kernel-source', '4.12.14-150.10.1')]);
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.state]), [['kernel-docs', 'unfixed']]);
  });

  test('architecture outside the statement', async () => {
    const sap = distribution('sles', '15', 'SLES');
    const report = await matchImage(imported.store, sap, [rpm('kernel-default', '4.12.14-150.10.1', { arch: 'armv7hl' })]);
    assert.deepEqual(report.findings, []);
  });
});
