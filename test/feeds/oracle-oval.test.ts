// Oracle Linux ELSA OVAL on the small document of os-feed-documents.ts,
// compressed with bzip2 as Oracle publishes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { oracleOvalParser } from '../../src/ecosystems/oracle/oval.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { bzip2, ORACLE_DOCUMENT } from './os-feed-documents.js';
import { distribution, importedStore, matchImage, parseAll, rpm, rpmCompare, tempFile, textInput } from './os-feed-fixtures.js';

describe('Oracle ELSA OVAL parser', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    records = await parseAll(oracleOvalParser, textInput('com.oracle.elsa-all.xml.bz2', bzip2(ORACLE_DOCUMENT)));
  });

  test('records per package and module', () => {
    const rows = records.map((record) => [record.advisoryId, record.release, record.packageName, record.fixedVersion, record.module, record.arches]);
    assert.deepEqual(rows, [
      ['ELSA-2019-0975', '8', 'buildah', '1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad', 'container-tools:ol8', ['aarch64', 'x86_64']],
      ['ELSA-2019-0975', '8', 'podman', '1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad', 'container-tools:ol8', ['x86_64']],
    ]);
  });

  test('advisory fields', () => {
    const record = records[0]!;
    assert.equal(record.feed, 'oracle-oval');
    assert.equal(record.distribution, 'ol');
    assert.deepEqual(record.cves, ['CVE-2019-9946']);
    assert.equal(record.vendorSeverity, 'IMPORTANT');
    assert.equal(record.severity, 'High');
    assert.equal(record.published, '2019-05-16');
    assert.ok(record.links.includes('https://linux.oracle.com/errata/ELSA-2019-0975.html'));
  });

  test('ksplice-only advisory is skipped', () => {
    assert.deepEqual(records.filter((record) => record.advisoryId === 'ELSA-2019-4820'), []);
  });

  test('plain XML reads the same', async () => {
    const plain = await parseAll(oracleOvalParser, textInput('com.oracle.elsa-2019.xml', ORACLE_DOCUMENT));
    assert.deepEqual(plain, records);
  });

  test('corrupt bzip2 is rejected', async () => {
    const corrupt = bzip2(ORACLE_DOCUMENT).subarray(0, 200);
    await assert.rejects(
      parseAll(oracleOvalParser, textInput('com.oracle.elsa-all.xml.bz2', corrupt)),
      (err: Error & { code?: string }) => err.code === 'INVALID_FEED' && /com\.oracle\.elsa-all\.xml\.bz2: invalid bzip2 data/.test(err.message),
    );
  });
});

describe('Oracle matcher', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;
  const ol8 = distribution('ol', '8.9', 'Oracle Linux Server');
  const below = '1.5-3.0.1.gite94b4f9.module+el8.0.0+5000+77f672ad';

  before(async () => {
    imported = await importedStore([tempFile('com.oracle.elsa-all.xml.bz2', bzip2(ORACLE_DOCUMENT))]);
  });

  after(async () => {
    await imported.close();
  });

  test('module package below the fix', async () => {
    assert.ok(rpmCompare(below, '1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad') < 0);
    const report = await matchImage(imported.store, ol8, [rpm('buildah', below, { module: 'container-tools:ol8' })]);
    assert.deepEqual(report.findings.map((finding) => finding.vulnerability.name), ['CVE-2019-9946']);
    assert.deepEqual(report.findings[0]?.vulnerability.aliases, ['ELSA-2019-0975']);
  });

  test('package outside the module', async () => {
    const report = await matchImage(imported.store, ol8, [rpm('buildah', below)]);
    assert.deepEqual(report.findings, []);
  });

  test('architecture the advisory does not list', async () => {
    const report = await matchImage(imported.store, ol8, [rpm('podman', '1.0.0-1.el8', { arch: 'aarch64', module: 'container-tools:ol8' })]);
    assert.deepEqual(report.findings, []);
  });
});

describe('architectures of Oracle statements', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;
  const ol8 = distribution('ol', '8.9', 'Oracle Linux Server');
  const below = '1.0.0-1.el8';

  before(async () => {
    imported = await importedStore([tempFile('com.oracle.elsa-all.xml.bz2', bzip2(ORACLE_DOCUMENT))]);
  });

  after(async () => {
    await imported.close();
  });

  // The statement on podman is guarded by "Oracle Linux arch is x86_64": the machine's architecture.
  const cases: Array<[string, boolean]> = [['x86_64', true], ['noarch', true], ['i686', true], ['aarch64', false]];
  for (const [arch, affected] of cases) {
    test(`podman built for ${arch}`, async () => {
      const report = await matchImage(imported.store, ol8, [rpm('podman', below, { arch, module: 'container-tools:ol8' })]);
      assert.equal(report.findings.length, affected ? 1 : 0);
    });
  }
});
