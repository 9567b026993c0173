// Oracle Linux ELSA OVAL on a small document written here and compressed
// with bzip2 as Oracle publishes it. NOTE: there is no Oracle snapshot; the
// criteria are transcribed from ELSA excerpts quoted in other scanners'
// tests and comments (ELSA-2019-0975 "container-tools:ol8", with the
// "Oracle Linux 8 is installed", "Oracle Linux arch is ...", "Module ... is
// enabled", "... is earlier than ..." and "... is signed with the Oracle
// Linux 8 key" criteria).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { oracleOvalParser } from '../../src/ecosystems/oracle/oval.js';
import { matchReport } from '../../src/matcher/matcher.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { captureLog, indexReport } from '../matcher/fixtures.js';
import { distribution, importedStore, parseAll, rpm, rpmCompare, tempFile, textInput } from './os-feed-fixtures.js';

const LINUX = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';
const IND = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"';

function criterion(test: string, comment: string): string {
  return `<criterion test_ref="oval:com.oracle.elsa:tst:${test}" comment="${comment}"/>`;
}

function rpmTest(id: string, comment: string, object: string, state: string): string {
  return `<rpminfo_test id="oval:com.oracle.elsa:tst:${id}" version="502" comment="${comment}" check="at least one" ${LINUX}><object object_ref="oval:com.oracle.elsa:obj:${object}"/><state state_ref="oval:com.oracle.elsa:ste:${state}"/></rpminfo_test>`;
}

function packageCriteria(test: string, name: string, evr: string): string {
  return `<criteria operator="AND">${criterion(`${test}1`, `${name} is earlier than ${evr}`)}${criterion(`${test}2`, `${name} is signed with the Oracle Linux 8 key`)}</criteria>`;
}

const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
  <generator><oval:product_name>Oracle Errata Feed</oval:product_name><oval:schema_version>5.3</oval:schema_version><oval:timestamp>2019-05-17T12:00:00</oval:timestamp></generator>
  <definitions>
    <definition id="oval:com.oracle.elsa:def:20190975" version="502" class="patch">
      <metadata>
        <title>
ELSA-2019-0975:  container-tools:ol8 security and bug fix update (IMPORTANT)</title>
        <affected family="unix"><platform>Oracle Linux 8</platform></affected>
        <reference source="elsa" ref_id="ELSA-2019-0975" ref_url="https://linux.oracle.com/errata/ELSA-2019-0975.html"/>
        <reference source="CVE" ref_id="CVE-2019-9946" ref_url="https://linux.oracle.com/cve/CVE-2019-9946.html"/>
        <description>[1.5-3.0.1] - Reinstate the ppc64le and s390x arches</description>
        <advisory>
          <severity>IMPORTANT</severity>
          <rights>Copyright 2019 Oracle, Inc.</rights>
          <issued date="2019-05-16"/>
          <cve href="https://linux.oracle.com/cve/CVE-2019-9946.html" share="yes">CVE-2019-9946</cve>
        </advisory>
      </metadata>
      <criteria operator="AND">
        ${criterion('20190975001', 'Oracle Linux 8 is installed')}
        <criteria operator="OR">
          <criteria operator="AND">
            ${criterion('20190975002', 'Oracle Linux arch is aarch64')}
            <criteria operator="AND">
              ${criterion('20190975003', 'Module container-tools:ol8 is enabled')}
              <criteria operator="OR">
                ${packageCriteria('2019097510', 'buildah', '0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad')}
              </criteria>
            </criteria>
          </criteria>
          <criteria operator="AND">
            ${criterion('20190975006', 'Oracle Linux arch is x86_64')}
            <criteria operator="AND">
              ${criterion('20190975003', 'Module container-tools:ol8 is enabled')}
              <criteria operator="OR">
                ${packageCriteria('2019097510', 'buildah', '0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad')}
                ${packageCriteria('2019097511', 'podman', '0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad')}
              </criteria>
            </criteria>
          </criteria>
        </criteria>
      </criteria>
    </definition>
    <definition id="oval:com.oracle.elsa:def:20194820" version="501" class="patch">
      <metadata>
        <title>ELSA-2019-4820: kernel-uek security update (IMPORTANT)</title>
        <affected family="unix"><platform>Oracle Linux 8</platform></affected>
        <reference source="elsa" ref_id="ELSA-2019-4820" ref_url="https://linux.oracle.com/errata/ELSA-2019-4820.html"/>
        <description>ksplice</description>
        <advisory><severity>IMPORTANT</severity><issued date="2019-10-07"/><cve>CVE-2019-14835</cve>
          <affected_cpe_list><cpe>cpe:/o:oracle:linux:8:userspace_ksplice</cpe></affected_cpe_list></advisory>
      </metadata>
      <criteria operator="AND">
        ${criterion('20190975001', 'Oracle Linux 8 is installed')}
        <criteria operator="OR">${packageCriteria('2019482010', 'glibc', '2:2.28-42.0.1.ksplice1.el8')}</criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${rpmTest('20190975001', 'Oracle Linux 8 is installed', '20190975001', '20190975001')}
    ${rpmTest('20190975002', 'Oracle Linux arch is aarch64', '20190975001', '20190975002')}
    ${rpmTest('20190975006', 'Oracle Linux arch is x86_64', '20190975001', '20190975006')}
    <textfilecontent54_test id="oval:com.oracle.elsa:tst:20190975003" version="502" comment="Module container-tools:ol8 is enabled" check="at least one" ${IND}><object object_ref="oval:com.oracle.elsa:obj:20190975003"/><state state_ref="oval:com.oracle.elsa:ste:20190975003"/></textfilecontent54_test>
    ${rpmTest('20190975101', 'buildah is earlier than 0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad', '20190975004', '20190975004')}
    ${rpmTest('20190975102', 'buildah is signed with the Oracle Linux 8 key', '20190975004', '20190975005')}
    ${rpmTest('20190975111', 'podman is earlier than 0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad', '20190975011', '20190975011')}
    ${rpmTest('20190975112', 'podman is signed with the Oracle Linux 8 key', '20190975011', '20190975005')}
    ${rpmTest('20194820101', 'glibc is earlier than 2:2.28-42.0.1.ksplice1.el8', '20194820001', '20194820001')}
    ${rpmTest('20194820102', 'glibc is signed with the Oracle Linux 8 key', '20194820001', '20190975005')}
  </tests>
  <objects>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975001" version="502" ${LINUX}><name>oraclelinux-release</name></rpminfo_object>
    <textfilecontent54_object id="oval:com.oracle.elsa:obj:20190975003" version="502" ${IND}><filepath>/etc/dnf/modules.d/container-tools.module</filepath><pattern operation="pattern match">\\[container-tools\\][\\w\\W]*</pattern><instance datatype="int">1</instance></textfilecontent54_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975004" version="502" ${LINUX}><name>buildah</name></rpminfo_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975011" version="502" ${LINUX}><name>podman</name></rpminfo_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20194820001" version="501" ${LINUX}><name>glibc</name></rpminfo_object>
  </objects>
  <states>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975001" version="502" ${LINUX}><version operation="pattern match">^8</version></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975002" version="502" ${LINUX}><arch operation="pattern match">aarch64</arch></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975006" version="502" ${LINUX}><arch operation="pattern match">x86_64</arch></rpminfo_state>
    <textfilecontent54_state id="oval:com.oracle.elsa:ste:20190975003" version="502" ${IND}><text operation="pattern match">\\nstream\\s*=\\s*ol8\\b[\\w\\W]*\\nstate\\s*=\\s*(enabled|1|true)|\\nstate\\s*=\\s*(enabled|1|true)\\b[\\w\\W]*\\nstream\\s*=\\s*ol8\\b</text></textfilecontent54_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975004" version="502" ${LINUX}><evr datatype="evr_string" operation="less than">0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad</evr></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975005" version="502" ${LINUX}><signature_keyid operation="equals">82562ea9ad986da3</signature_keyid></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975011" version="502" ${LINUX}><evr datatype="evr_string" operation="less than">0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad</evr></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20194820001" version="501" ${LINUX}><evr datatype="evr_string" operation="less than">2:2.28-42.0.1.ksplice1.el8</evr></rpminfo_state>
  </states>
</oval_definitions>
`;

function bzip2(text: string): Buffer {
  return execFileSync('bzip2', ['-c'], { input: text });
}

describe('Oracle ELSA OVAL parser', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    records = await parseAll(oracleOvalParser, textInput('com.oracle.elsa-all.xml.bz2', bzip2(DOCUMENT)));
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
    const plain = await parseAll(oracleOvalParser, textInput('com.oracle.elsa-2019.xml', DOCUMENT));
    assert.deepEqual(plain, records);
  });

  test('corrupt bzip2 is rejected', async () => {
    const corrupt = bzip2(DOCUMENT).subarray(0, 200);
    await assert.rejects(parseAll(oracleOvalParser, textInput('com.oracle.elsa-all.xml.bz2', corrupt)));
  });
});

describe('Oracle matcher', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;
  const ol8 = distribution('ol', '8.9', 'Oracle Linux Server');
  const below = '1.5-3.0.1.gite94b4f9.module+el8.0.0+5000+77f672ad';

  before(async () => {
    imported = await importedStore([tempFile('com.oracle.elsa-all.xml.bz2', bzip2(DOCUMENT))]);
  });

  after(async () => {
    await imported.close();
  });

  test('module package below the fix', async () => {
    assert.ok(rpmCompare(below, '1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad') < 0);
    const report = await matchReport(indexReport(ol8, [rpm('buildah', below, { module: 'container-tools:ol8' })]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings.map((finding) => finding.vulnerability.name), ['CVE-2019-9946']);
    assert.deepEqual(report.findings[0]?.vulnerability.aliases, ['ELSA-2019-0975']);
  });

  test('package outside the module', async () => {
    const report = await matchReport(indexReport(ol8, [rpm('buildah', below)]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings, []);
  });

  test('architecture the advisory does not list', async () => {
    const report = await matchReport(indexReport(ol8, [rpm('podman', '1.0.0-1.el8', { arch: 'aarch64', module: 'container-tools:ol8' })]), imported.store, { log: captureLog().log });
    assert.deepEqual(report.findings, []);
  });
});
