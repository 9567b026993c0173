// SUSE OVAL on small documents written here. NOTE: there is no SUSE
// snapshot; the element shapes are transcribed from SUSE OVAL excerpts
// quoted in other scanners' tests and code comments: the criteria of
// suse.linux.enterprise.server.15-affected.xml definition
// oval:org.opensuse.security:def:201825020 (kernel live patches), and a
// 2021 sqlite3 definition guarded by "SUSE Linux Enterprise Module for
// Basesystem 15 SP3" and "SUSE Linux Enterprise Server 15 SP1-LTSS".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { suseOvalParser, suseRelease } from '../../src/ecosystems/suse/oval.js';
import { matchReport } from '../../src/matcher/matcher.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { captureLog, indexReport } from '../matcher/fixtures.js';
import { distribution, importedStore, parseAll, rpm, rpmCompare, tempFile, textInput } from './os-feed-fixtures.js';

const LINUX = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';

function rpmTest(id: string, comment: string, object: string, state?: string, check = 'at least one'): string {
  const stateRef = state === undefined ? '' : `<state state_ref="oval:org.opensuse.security:ste:${state}"/>`;
  return `<rpminfo_test id="oval:org.opensuse.security:tst:${id}" version="1" comment="${comment}" check="${check}" ${LINUX}><object object_ref="oval:org.opensuse.security:obj:${object}"/>${stateRef}</rpminfo_test>`;
}

function rpmObject(id: string, name: string): string {
  return `<rpminfo_object id="oval:org.opensuse.security:obj:${id}" version="1" ${LINUX}><name>${name}</name></rpminfo_object>`;
}

function rpmState(id: string, body: string): string {
  return `<rpminfo_state id="oval:org.opensuse.security:ste:${id}" version="1" ${LINUX}>${body}</rpminfo_state>`;
}

function criterion(test: string, comment: string): string {
  return `<criterion test_ref="oval:org.opensuse.security:tst:${test}" comment="${comment}"/>`;
}

const SLE15_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
  <generator><oval:product_name>Marcus Updateinfo to OVAL Converter</oval:product_name><oval:schema_version>5.5</oval:schema_version><oval:timestamp>2021-10-20T04:05:07</oval:timestamp></generator>
  <definitions>
    <definition id="oval:org.opensuse.security:def:202136690" version="1" class="vulnerability">
      <metadata>
        <title>CVE-2021-36690</title>
        <affected family="unix"><platform>SUSE Linux Enterprise Module for Basesystem 15 SP3</platform><platform>SUSE Linux Enterprise Server 15 SP1-LTSS</platform></affected>
        <reference ref_id="Mitre CVE-2021-36690" ref_url="https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2021-36690" source="CVE"/>
        <reference ref_id="SUSE CVE-2021-36690" ref_url="https://www.suse.com/security/cve/CVE-2021-36690" source="SUSE CVE"/>
        <reference ref_id="SUSE-SU-2021:3290-1" ref_url="https://lists.suse.com/pipermail/sle-security-updates/2021-October/009558.html" source="SUSE-SU"/>
        <description>A segmentation fault can occur in the sqlite3.exe command-line component of SQLite 3.36.0 via the idxGetTableInfo function.</description>
        <advisory from="security@suse.de">
          <issued date="2021-08-24"/>
          <updated date="2021-10-19"/>
          <severity>Moderate</severity>
          <cve href="https://www.suse.com/security/cve/CVE-2021-36690/" impact="moderate" cvss3="5.5/CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H">CVE-2021-36690 at SUSE</cve>
          <bugzilla href="https://bugzilla.suse.com/1189802">SUSE bug 1189802</bugzilla>
          <affected_cpe_list><cpe>cpe:/o:suse:sle-module-basesystem:15:sp3</cpe><cpe>cpe:/o:suse:sles-ltss:15:sp1</cpe></affected_cpe_list>
        </advisory>
      </metadata>
      <criteria operator="OR">
        <criteria operator="AND">
          <criteria operator="OR">
            ${criterion('2009301949', 'SUSE Linux Enterprise Module for Basesystem 15 SP3 is installed')}
            ${criterion('2009341508', 'SUSE Linux Enterprise Server 15 SP1-LTSS is installed')}
          </criteria>
          <criteria operator="OR">
            ${criterion('2009624165', 'sqlite3-3.36.0-3.12.1 is installed')}
            ${criterion('2009624166', 'sqlite3-devel-3.36.0-3.12.1 is installed')}
          </criteria>
        </criteria>
      </criteria>
    </definition>
    <definition id="oval:org.opensuse.security:def:201825020" version="1" class="vulnerability">
      <metadata>
        <title>CVE-2018-25020</title>
        <affected family="unix"><platform>SUSE Linux Enterprise Server for SAP Applications 15</platform></affected>
        <reference ref_id="SUSE CVE-2018-25020" ref_url="https://www.suse.com/security/cve/CVE-2018-25020" source="SUSE CVE"/>
        <description>The BPF subsystem in the Linux kernel before 4.17 mishandles situations with a long jump over an instruction sequence.</description>
        <advisory from="security@suse.de">
          <issued date="2021-12-16"/>
          <cve href="https://www.suse.com/security/cve/CVE-2018-25020/" impact="important">CVE-2018-25020 at SUSE</cve>
        </advisory>
      </metadata>
      <criteria operator="AND">
        ${criterion('2009276218', 'SUSE Linux Enterprise Server for SAP Applications 15 is installed')}
        <criteria operator="OR">
          <criteria operator="OR">
            <criteria operator="AND">
              ${criterion('2009712009', 'kernel-default 4.12.14-150.66.1 is installed')}
              ${criterion('2009712010', 'no kernel-livepatch-4_12_14-150_66-default is greater or equal than 14-2.2')}
            </criteria>
          </criteria>
          ${criterion('2009700001', 'kernel-default-4.12.14-150.78.1 is installed')}
          ${criterion('2009700002', 'kernel-docs is affected')}
          ${criterion('2009700003', 'kernel-source is not affected')}
        </criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${rpmTest('2009301949', 'SUSE Linux Enterprise Module for Basesystem 15 SP3 is installed', '2009153001', '2009153001')}
    ${rpmTest('2009341508', 'SUSE Linux Enterprise Server 15 SP1-LTSS is installed', '2009153002', '2009153002')}
    ${rpmTest('2009624165', 'sqlite3-3.36.0-3.12.1 is installed', '2009030001', '2009160001')}
    ${rpmTest('2009624166', 'sqlite3-devel-3.36.0-3.12.1 is installed', '2009030002', '2009160001')}
    ${rpmTest('2009276218', 'SUSE Linux Enterprise Server for SAP Applications 15 is installed', '2009153003', '2009153003')}
    ${rpmTest('2009712009', 'kernel-default-4.12.14-150.66.1 is installed', '2009031001', '2009169921')}
    ${rpmTest('2009712010', 'kernel-livepatch-4_12_14-150_66-default is &gt;=14-2.2', '2009050495', '2009169922', 'none satisfy')}
    ${rpmTest('2009700001', 'kernel-default is &lt;4.12.14-150.78.1', '2009031001', '2009170001', 'all')}
    ${rpmTest('2009700002', 'kernel-docs is affected', '2009031002', '2009170002')}
    ${rpmTest('2009700003', 'kernel-source is not affected', '2009031003', '2009170003')}
  </tests>
  <objects>
    ${rpmObject('2009153001', 'sle-module-basesystem-release')}
    ${rpmObject('2009153002', 'SLES-LTSS-release')}
    ${rpmObject('2009153003', 'SLES_SAP-release')}
    ${rpmObject('2009030001', 'sqlite3')}
    ${rpmObject('2009030002', 'sqlite3-devel')}
    ${rpmObject('2009031001', 'kernel-default')}
    ${rpmObject('2009031002', 'kernel-docs')}
    ${rpmObject('2009031003', 'kernel-source')}
    ${rpmObject('2009050495', 'kernel-livepatch-4_12_14-150_66-default')}
  </objects>
  <states>
    ${rpmState('2009153001', '<version operation="equals">15.3</version>')}
    ${rpmState('2009153002', '<version operation="equals">15.1</version>')}
    ${rpmState('2009153003', '<version operation="equals">15</version>')}
    ${rpmState('2009160001', '<evr datatype="evr_string" operation="less than">0:3.36.0-3.12.1</evr>')}
    ${rpmState('2009169921', '<evr datatype="evr_string" operation="equals">0:4.12.14-150.66.1</evr>')}
    ${rpmState('2009169922', '<evr datatype="evr_string" operation="greater than or equal">0:14-2.2-0</evr>')}
    ${rpmState('2009170001', '<arch datatype="string" operation="pattern match">(aarch64|ppc64le|s390x|x86_64)</arch><evr datatype="evr_string" operation="less than">0:4.12.14-150.78.1</evr>')}
    ${rpmState('2009170002', '<evr datatype="evr_string" operation="greater than">0:0-0</evr>')}
    ${rpmState('2009170003', '<version operation="equals">0</version>')}
  </states>
</oval_definitions>
`;

const LEAP_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
  <definitions>
    <definition id="oval:org.opensuse.security:def:20222991" version="1" class="vulnerability">
      <metadata>
        <title>CVE-2022-2991</title>
        <affected family="unix"><platform>openSUSE Leap 15.4</platform></affected>
        <reference ref_id="SUSE CVE-2022-2991" ref_url="https://www.suse.com/security/cve/CVE-2022-2991" source="SUSE CVE"/>
        <description>A heap-based buffer overflow was found in the Linux kernel's LightNVM subsystem.</description>
        <advisory from="security@suse.de"><severity>Important</severity><issued date="2022-08-25"/></advisory>
      </metadata>
      <criteria operator="AND">
        ${criterion('2009745001', 'openSUSE Leap 15.4 is installed')}
        <criteria operator="OR">${criterion('2009745002', 'kernel-default-5.14.21-150400.24.21.2 is installed')}</criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${rpmTest('2009745001', 'openSUSE Leap 15.4 is installed', '2009154001', '2009154001')}
    ${rpmTest('2009745002', 'kernel-default-5.14.21-150400.24.21.2 is installed', '2009031001', '2009174001')}
  </tests>
  <objects>${rpmObject('2009154001', 'openSUSE-release')}${rpmObject('2009031001', 'kernel-default')}</objects>
  <states>
    ${rpmState('2009154001', '<version operation="equals">15.4</version>')}
    ${rpmState('2009174001', '<evr datatype="evr_string" operation="less than">0:5.14.21-150400.24.21.2</evr>')}
  </states>
</oval_definitions>
`;

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
    const report = await matchReport(indexReport(sles, [rpm('sqlite3', '3.36.0-3.9.1'), rpm('sqlite3-devel', '3.36.0-3.12.1')]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.name, finding.vulnerability.fixedVersion]), [['sqlite3', 'CVE-2021-36690', '3.36.0-3.12.1']]);
    assert.deepEqual(report.findings[0]?.vulnerability.aliases, ['SUSE-SU-2021:3290-1']);
  });

  test('SLES for SAP shares the records', async () => {
    const sap = distribution('sles_sap', '15', 'SLES_SAP');
    const report = await matchReport(indexReport(sap, [rpm('kernel-docs', '4.12.14-150.78.1'), rpm('kernel-source', '4.12.14-150.10.1')]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.state]), [['kernel-docs', 'unfixed']]);
  });

  test('architecture outside the statement', async () => {
    const sap = distribution('sles', '15', 'SLES');
    const report = await matchReport(indexReport(sap, [rpm('kernel-default', '4.12.14-150.10.1', { arch: 'i586' })]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings, []);
  });
});
