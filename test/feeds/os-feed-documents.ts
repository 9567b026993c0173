// Small feed documents for the SUSE, Oracle, Amazon and Wolfi tests, written
// here because there are no snapshots of those feeds.
//
// NOTE: each is transcribed from the upstream format as other projects
// show it, not downloaded:
// - SUSE OVAL: excerpts quoted in other scanners' tests and code comments,
//   the criteria of suse.linux.enterprise.server.15-affected.xml definition
//   oval:org.opensuse.security:def:201825020 (kernel live patches) and a
//   2021 sqlite3 definition guarded by "SUSE Linux Enterprise Module for
//   Basesystem 15 SP3" and "SUSE Linux Enterprise Server 15 SP1-LTSS";
// - Oracle ELSA OVAL: ELSA-2019-0975 (container-tools:ol8) as other
//   scanners' tests quote its "Oracle Linux 8 is installed", "Oracle Linux
//   arch is ...", "Module ... is enabled", "... is earlier than ..." and
//   "... is signed with the Oracle Linux 8 key" criteria;
// - Amazon updateinfo: AL2's ALAS2-2018-951 (curl) and AL2023's
//   ALAS2023-2024-001 (openssh) as quoted in other scanners' tests;
// - Wolfi and Chainguard secdb: the wolfi-secdb generator's specification.
import { execFileSync } from 'node:child_process';

const SUSE_LINUX = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';

function suseTest(id: string, comment: string, object: string, state?: string, check = 'at least one'): string {
  const stateRef = state === undefined ? '' : `<state state_ref="oval:org.opensuse.security:ste:${state}"/>`;
  return `<rpminfo_test id="oval:org.opensuse.security:tst:${id}" version="1" comment="${comment}" check="${check}" ${SUSE_LINUX}><object object_ref="oval:org.opensuse.security:obj:${object}"/>${stateRef}</rpminfo_test>`;
}

function suseObject(id: string, name: string): string {
  return `<rpminfo_object id="oval:org.opensuse.security:obj:${id}" version="1" ${SUSE_LINUX}><name>${name}</name></rpminfo_object>`;
}

function suseState(id: string, body: string): string {
  return `<rpminfo_state id="oval:org.opensuse.security:ste:${id}" version="1" ${SUSE_LINUX}>${body}</rpminfo_state>`;
}

function suseCriterion(test: string, comment: string): string {
  return `<criterion test_ref="oval:org.opensuse.security:tst:${test}" comment="${comment}"/>`;
}

export const SLE15_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
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
            ${suseCriterion('2009301949', 'SUSE Linux Enterprise Module for Basesystem 15 SP3 is installed')}
            ${suseCriterion('2009341508', 'SUSE Linux Enterprise Server 15 SP1-LTSS is installed')}
          </criteria>
          <criteria operator="OR">
            ${suseCriterion('2009624165', 'sqlite3-3.36.0-3.12.1 is installed')}
            ${suseCriterion('2009624166', 'sqlite3-devel-3.36.0-3.12.1 is installed')}
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
        ${suseCriterion('2009276218', 'SUSE Linux Enterprise Server for SAP Applications 15 is installed')}
        <criteria operator="OR">
          <criteria operator="OR">
            <criteria operator="AND">
              ${suseCriterion('2009712009', 'kernel-default 4.12.14-150.66.1 is installed')}
              ${suseCriterion('2009712010', 'no kernel-livepatch-4_12_14-150_66-default is greater or equal than 14-2.2')}
            </criteria>
          </criteria>
          ${suseCriterion('2009700001', 'kernel-default-4.12.14-150.78.1 is installed')}
          ${suseCriterion('2009700002', 'kernel-docs is affected')}
          ${suseCriterion('2009700003', 'kernel-source is not affected')}
        </criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${suseTest('2009301949', 'SUSE Linux Enterprise Module for Basesystem 15 SP3 is installed', '2009153001', '2009153001')}
    ${suseTest('2009341508', 'SUSE Linux Enterprise Server 15 SP1-LTSS is installed', '2009153002', '2009153002')}
    ${suseTest('2009624165', 'sqlite3-3.36.0-3.12.1 is installed', '2009030001', '2009160001')}
    ${suseTest('2009624166', 'sqlite3-devel-3.36.0-3.12.1 is installed', '2009030002', '2009160001')}
    ${suseTest('2009276218', 'SUSE Linux Enterprise Server for SAP Applications 15 is installed', '2009153003', '2009153003')}
    ${suseTest('2009712009', 'kernel-default-4.12.14-150.66.1 is installed', '2009031001', '2009169921')}
    ${suseTest('2009712010', 'kernel-livepatch-4_12_14-150_66-default is &gt;=14-2.2', '2009050495', '2009169922', 'none satisfy')}
    ${suseTest('2009700001', 'kernel-default is &lt;4.12.14-150.78.1', '2009031001', '2009170001', 'all')}
    ${suseTest('2009700002', 'kernel-docs is affected', '2009031002', '2009170002')}
    ${suseTest('2009700003', 'kernel-source is not affected', '2009031003', '2009170003')}
  </tests>
  <objects>
    ${suseObject('2009153001', 'sle-module-basesystem-release')}
    ${suseObject('2009153002', 'SLES-LTSS-release')}
    ${suseObject('2009153003', 'SLES_SAP-release')}
    ${suseObject('2009030001', 'sqlite3')}
    ${suseObject('2009030002', 'sqlite3-devel')}
    ${suseObject('2009031001', 'kernel-default')}
    ${suseObject('2009031002', 'kernel-docs')}
    ${suseObject('2009031003', 'kernel-source')}
    ${suseObject('2009050495', 'kernel-livepatch-4_12_14-150_66-default')}
  </objects>
  <states>
    ${suseState('2009153001', '<version operation="equals">15.3</version>')}
    ${suseState('2009153002', '<version operation="equals">15.1</version>')}
    ${suseState('2009153003', '<version operation="equals">15</version>')}
    ${suseState('2009160001', '<evr datatype="evr_string" operation="less than">0:3.36.0-3.12.1</evr>')}
    ${suseState('2009169921', '<evr datatype="evr_string" operation="equals">0:4.12.14-150.66.1</evr>')}
    ${suseState('2009169922', '<evr datatype="evr_string" operation="greater than or equal">0:14-2.2-0</evr>')}
    ${suseState('2009170001', '<arch datatype="string" operation="pattern match">(aarch64|ppc64le|s390x|x86_64)</arch><evr datatype="evr_string" operation="less than">0:4.12.14-150.78.1</evr>')}
    ${suseState('2009170002', '<evr datatype="evr_string" operation="greater than">0:0-0</evr>')}
    ${suseState('2009170003', '<version operation="equals">0</version>')}
  </states>
</oval_definitions>
`;

export const LEAP_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
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
        ${suseCriterion('2009745001', 'openSUSE Leap 15.4 is installed')}
        <criteria operator="OR">${suseCriterion('2009745002', 'kernel-default-5.14.21-150400.24.21.2 is installed')}</criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${suseTest('2009745001', 'openSUSE Leap 15.4 is installed', '2009154001', '2009154001')}
    ${suseTest('2009745002', 'kernel-default-5.14.21-150400.24.21.2 is installed', '2009031001', '2009174001')}
  </tests>
  <objects>${suseObject('2009154001', 'openSUSE-release')}${suseObject('2009031001', 'kernel-default')}</objects>
  <states>
    ${suseState('2009154001', '<version operation="equals">15.4</version>')}
    ${suseState('2009174001', '<evr datatype="evr_string" operation="less than">0:5.14.21-150400.24.21.2</evr>')}
  </states>
</oval_definitions>
`;

const ORACLE_LINUX = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';
const ORACLE_INDEPENDENT = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"';

function oracleCriterion(test: string, comment: string): string {
  return `<criterion test_ref="oval:com.oracle.elsa:tst:${test}" comment="${comment}"/>`;
}

function oracleTest(id: string, comment: string, object: string, state: string): string {
  return `<rpminfo_test id="oval:com.oracle.elsa:tst:${id}" version="502" comment="${comment}" check="at least one" ${ORACLE_LINUX}><object object_ref="oval:com.oracle.elsa:obj:${object}"/><state state_ref="oval:com.oracle.elsa:ste:${state}"/></rpminfo_test>`;
}

function oraclePackageCriteria(test: string, name: string, evr: string): string {
  return `<criteria operator="AND">${oracleCriterion(`${test}1`, `${name} is earlier than ${evr}`)}${oracleCriterion(`${test}2`, `${name} is signed with the Oracle Linux 8 key`)}</criteria>`;
}

export const ORACLE_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
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
        ${oracleCriterion('20190975001', 'Oracle Linux 8 is installed')}
        <criteria operator="OR">
          <criteria operator="AND">
            ${oracleCriterion('20190975002', 'Oracle Linux arch is aarch64')}
            <criteria operator="AND">
              ${oracleCriterion('20190975003', 'Module container-tools:ol8 is enabled')}
              <criteria operator="OR">
                ${oraclePackageCriteria('2019097510', 'buildah', '0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad')}
              </criteria>
            </criteria>
          </criteria>
          <criteria operator="AND">
            ${oracleCriterion('20190975006', 'Oracle Linux arch is x86_64')}
            <criteria operator="AND">
              ${oracleCriterion('20190975003', 'Module container-tools:ol8 is enabled')}
              <criteria operator="OR">
                ${oraclePackageCriteria('2019097510', 'buildah', '0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad')}
                ${oraclePackageCriteria('2019097511', 'podman', '0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad')}
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
        ${oracleCriterion('20190975001', 'Oracle Linux 8 is installed')}
        <criteria operator="OR">${oraclePackageCriteria('2019482010', 'glibc', '2:2.28-42.0.1.ksplice1.el8')}</criteria>
      </criteria>
    </definition>
  </definitions>
  <tests>
    ${oracleTest('20190975001', 'Oracle Linux 8 is installed', '20190975001', '20190975001')}
    ${oracleTest('20190975002', 'Oracle Linux arch is aarch64', '20190975001', '20190975002')}
    ${oracleTest('20190975006', 'Oracle Linux arch is x86_64', '20190975001', '20190975006')}
    <textfilecontent54_test id="oval:com.oracle.elsa:tst:20190975003" version="502" comment="Module container-tools:ol8 is enabled" check="at least one" ${ORACLE_INDEPENDENT}><object object_ref="oval:com.oracle.elsa:obj:20190975003"/><state state_ref="oval:com.oracle.elsa:ste:20190975003"/></textfilecontent54_test>
    ${oracleTest('20190975101', 'buildah is earlier than 0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad', '20190975004', '20190975004')}
    ${oracleTest('20190975102', 'buildah is signed with the Oracle Linux 8 key', '20190975004', '20190975005')}
    ${oracleTest('20190975111', 'podman is earlier than 0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad', '20190975011', '20190975011')}
    ${oracleTest('20190975112', 'podman is signed with the Oracle Linux 8 key', '20190975011', '20190975005')}
    ${oracleTest('20194820101', 'glibc is earlier than 2:2.28-42.0.1.ksplice1.el8', '20194820001', '20194820001')}
    ${oracleTest('20194820102', 'glibc is signed with the Oracle Linux 8 key', '20194820001', '20190975005')}
  </tests>
  <objects>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975001" version="502" ${ORACLE_LINUX}><name>oraclelinux-release</name></rpminfo_object>
    <textfilecontent54_object id="oval:com.oracle.elsa:obj:20190975003" version="502" ${ORACLE_INDEPENDENT}><filepath>/etc/dnf/modules.d/container-tools.module</filepath><pattern operation="pattern match">\\[container-tools\\][\\w\\W]*</pattern><instance datatype="int">1</instance></textfilecontent54_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975004" version="502" ${ORACLE_LINUX}><name>buildah</name></rpminfo_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20190975011" version="502" ${ORACLE_LINUX}><name>podman</name></rpminfo_object>
    <rpminfo_object id="oval:com.oracle.elsa:obj:20194820001" version="501" ${ORACLE_LINUX}><name>glibc</name></rpminfo_object>
  </objects>
  <states>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975001" version="502" ${ORACLE_LINUX}><version operation="pattern match">^8</version></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975002" version="502" ${ORACLE_LINUX}><arch operation="pattern match">aarch64</arch></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975006" version="502" ${ORACLE_LINUX}><arch operation="pattern match">x86_64</arch></rpminfo_state>
    <textfilecontent54_state id="oval:com.oracle.elsa:ste:20190975003" version="502" ${ORACLE_INDEPENDENT}><text operation="pattern match">\\nstream\\s*=\\s*ol8\\b[\\w\\W]*\\nstate\\s*=\\s*(enabled|1|true)|\\nstate\\s*=\\s*(enabled|1|true)\\b[\\w\\W]*\\nstream\\s*=\\s*ol8\\b</text></textfilecontent54_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975004" version="502" ${ORACLE_LINUX}><evr datatype="evr_string" operation="less than">0:1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad</evr></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975005" version="502" ${ORACLE_LINUX}><signature_keyid operation="equals">82562ea9ad986da3</signature_keyid></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20190975011" version="502" ${ORACLE_LINUX}><evr datatype="evr_string" operation="less than">0:1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad</evr></rpminfo_state>
    <rpminfo_state id="oval:com.oracle.elsa:ste:20194820001" version="501" ${ORACLE_LINUX}><evr datatype="evr_string" operation="less than">2:2.28-42.0.1.ksplice1.el8</evr></rpminfo_state>
  </states>
</oval_definitions>
`;

export function bzip2(text: string): Buffer {
  return execFileSync('bzip2', ['-c'], { input: text });
}

export const AL2_UPDATEINFO = `<?xml version="1.0" ?>
<updates>
<update author="linux-security@amazon.com" from="linux-security@amazon.com" status="final" type="security" version="1.4">
  <id>ALAS2-2018-951</id>
  <title>ALAS2-2018-951: important priority package update for curl</title>
  <issued date="2018-01-29 19:36" />
  <updated date="2018-01-31 01:11" />
  <severity>important</severity>
  <description>Package updates are available for Amazon Linux 2 that fix the following vulnerabilities:
CVE-2018-1000007:
	libcurl might leak authentication data to third parties.</description>
  <references>
    <reference href="https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2018-1000007" id="CVE-2018-1000007" title="" type="cve" />
    <reference href="https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2018-1000005" id="CVE-2018-1000005" title="" type="cve" />
  </references>
  <pkglist>
    <collection short="amazon-linux-2"><name>Amazon Linux 2</name>
      <package name="curl" version="7.55.1" release="9.amzn2.0.1" epoch="0" arch="x86_64"><filename>Packages/curl-7.55.1-9.amzn2.0.1.x86_64.rpm</filename></package>
      <package name="libcurl" version="7.55.1" release="9.amzn2.0.1" epoch="0" arch="x86_64"><filename>Packages/libcurl-7.55.1-9.amzn2.0.1.x86_64.rpm</filename></package>
      <package name="libcurl" version="7.55.1" release="9.amzn2.0.1" epoch="0" arch="aarch64"><filename>Packages/libcurl-7.55.1-9.amzn2.0.1.aarch64.rpm</filename></package>
      <package name="curl" version="7.55.1" release="9.amzn2.0.1" epoch="0" arch="src"><filename>Packages/curl-7.55.1-9.amzn2.0.1.src.rpm</filename></package>
    </collection>
  </pkglist>
</update>
<update author="linux-security@amazon.com" from="linux-security@amazon.com" status="final" type="bugfix" version="1.4">
  <id>ALAS2-2018-952</id><title>bash update</title><issued date="2018-02-01 10:00" /><severity>low</severity><description>x</description>
  <pkglist><collection short="amazon-linux-2"><name>Amazon Linux 2</name><package name="bash" version="4.2.46" release="30.amzn2" epoch="0" arch="x86_64"><filename>x</filename></package></collection></pkglist>
</update>
</updates>
`;

export const AL2023_UPDATEINFO = `<?xml version="1.0"?><updates>
<update status="final" version="1.4" author="linux-security@amazon.com" type="security" from="linux-security@amazon.com"><id>ALAS2023-2024-001</id><title>Amazon Linux 2023 - ALAS2023-2024-001: Important priority package update for openssh</title><issued date="2024-07-01 20:41:00" /><updated date="2024-07-02 23:22:00" /><severity>Important</severity><description>Package updates are available for Amazon Linux 2023 that fix the following vulnerabilities:
CVE-2024-6387: regreSSHion</description>
<references><reference href="http://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2024-6387" title="" id="CVE-2024-6387" type="cve" /></references>
<pkglist><collection short="amazon-linux-2023"><name>Amazon Linux 2023</name>
<package name="openssh-server" version="8.7p1" release="12.amzn2023.0.3" epoch="0" arch="x86_64"><filename>Packages/openssh-server-8.7p1-12.amzn2023.0.3.x86_64.rpm</filename></package>
<package name="openssh" version="8.7p1" release="12.amzn2023.0.3" epoch="0" arch="x86_64"><filename>Packages/openssh-8.7p1-12.amzn2023.0.3.x86_64.rpm</filename></package>
</collection></pkglist></update>
</updates>
`;

export function secdbDocument(urlPrefix: string, repoName: string): string {
  return JSON.stringify({
    urlprefix: urlPrefix,
    apkurl: '{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk',
    reponame: repoName,
    archs: ['aarch64', 'x86_64'],
    packages: [
      { pkg: { name: 'busybox', secfixes: { '0': ['CVE-2022-28391'], '1.36.1-r2': ['CVE-2023-42363', 'CVE-2023-42366'] } } },
      { pkg: { name: 'glibc', secfixes: { '2.38-r6': ['CVE-2023-4911 GHSA-m77w-6vjw-wh2f'] } } },
      { pkg: { name: 'curl' } },
    ],
  });
}

export const WOLFI_SECDB = secdbDocument('https://packages.wolfi.dev', 'os');
export const CHAINGUARD_SECDB = secdbDocument('https://packages.cgr.dev', 'chainguard');

