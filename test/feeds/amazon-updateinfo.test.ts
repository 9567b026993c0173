// Amazon Linux updateinfo.xml on the small documents of os-feed-documents.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { amazonReleaseOfAdvisory, amazonUpdateinfoParser } from '../../src/ecosystems/amazon/updateinfo.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { AL2023_UPDATEINFO, AL2_UPDATEINFO } from './os-feed-documents.js';
import { distribution, importedStore, matchImage, parseAll, rpm, rpmCompare, tempFile, textInput } from './os-feed-fixtures.js';

describe('Amazon updateinfo parser', () => {
  let al2: VulnerabilityRecord[];

  before(async () => {
    al2 = await parseAll(amazonUpdateinfoParser, textInput('updateinfo.xml', AL2_UPDATEINFO));
  });

  test('release of advisory ids', () => {
    assert.equal(amazonReleaseOfAdvisory('ALAS-2018-1005'), '2018.03');
    assert.equal(amazonReleaseOfAdvisory('ALAS2-2018-951'), '2');
    assert.equal(amazonReleaseOfAdvisory('ALAS2023-2024-001'), '2023');
    assert.equal(amazonReleaseOfAdvisory('ALAS2NGINX1-2022-001'), undefined);
  });

  test('binary packages of security updates', () => {
    const rows = al2.map((record) => [record.advisoryId, record.release, record.packageName, record.fixedVersion, record.arches]);
    assert.deepEqual(rows, [
      ['ALAS2-2018-951', '2', 'curl', '7.55.1-9.amzn2.0.1', ['x86_64']],
      ['ALAS2-2018-951', '2', 'libcurl', '7.55.1-9.amzn2.0.1', ['aarch64', 'x86_64']],
    ]);
  });

  test('advisory fields', () => {
    const record = al2[0]!;
    assert.equal(record.feed, 'amazon-updateinfo');
    assert.equal(record.distribution, 'amzn');
    assert.deepEqual(record.cves, ['CVE-2018-1000007', 'CVE-2018-1000005']);
    assert.equal(record.vendorSeverity, 'important');
    assert.equal(record.severity, 'High');
    assert.equal(record.published, '2018-01-29T19:36:00Z');
    assert.equal(record.modified, '2018-01-31T01:11:00Z');
    assert.equal(record.links[0], 'https://alas.aws.amazon.com/AL2/ALAS-2018-951.html');
  });

  test('gzip document and AL2023 ids', async () => {
    const records = await parseAll(amazonUpdateinfoParser, textInput('updateinfo.xml', zlib.gzipSync(AL2023_UPDATEINFO)));
    assert.deepEqual(records.map((record) => [record.release, record.packageName, record.fixedVersion, record.published]), [
      ['2023', 'openssh-server', '8.7p1-12.amzn2023.0.3', '2024-07-01T20:41:00Z'],
      ['2023', 'openssh', '8.7p1-12.amzn2023.0.3', '2024-07-01T20:41:00Z'],
    ]);
  });

  test('truncated document is rejected', async () => {
    const cut = AL2_UPDATEINFO.slice(0, AL2_UPDATEINFO.indexOf('</pkglist>'));
    await assert.rejects(
      parseAll(amazonUpdateinfoParser, textInput('updateinfo.xml', cut)),
      (err: Error & { code?: string }) => err.code === 'INVALID_FEED' && /updateinfo\.xml at line \d+/.test(err.message),
    );
  });

  test('document names it reads', () => {
    assert.ok(amazonUpdateinfoParser.accepts('repodata/updateinfo.xml'));
    assert.ok(amazonUpdateinfoParser.accepts('9dd3ce04-updateinfo.xml'));
    assert.ok(!amazonUpdateinfoParser.accepts('repodata/repomd.xml'));
  });
});

describe('Amazon matcher', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;

  before(async () => {
    imported = await importedStore([tempFile('updateinfo.xml.gz', zlib.gzipSync(AL2_UPDATEINFO))]);
  });

  after(async () => {
    await imported.close();
  });

  test('AL2 libcurl below the fix', async () => {
    assert.ok(rpmCompare('7.55.1-8.amzn2', '7.55.1-9.amzn2.0.1') < 0);
    const al2 = distribution('amzn', '2', 'Amazon Linux');
    const report = await matchImage(imported.store, al2, [rpm('libcurl', '7.55.1-8.amzn2', { source: 'curl' }), rpm('bash', '4.2.46-29.amzn2')]);
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.name]), [
      ['libcurl', 'CVE-2018-1000005'],
      ['libcurl', 'CVE-2018-1000007'],
    ]);
    assert.deepEqual(report.findings[0]?.vulnerability.aliases, ['ALAS2-2018-951']);
  });

  test('AL2023 has no records here', async () => {
    const report = await matchImage(imported.store, distribution('amzn', '2023'), [rpm('libcurl', '7.55.1-8.amzn2')]);
    assert.deepEqual(report.findings, []);
  });
});
