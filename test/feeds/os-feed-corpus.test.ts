// The SUSE and Oracle matchers on inputs collected from other projects:
// release files read by the indexer's own functions, and the packages of a
// real SLE 15 BCI rpm database read by the rpm scanner. Expected findings
// come from the feed document and rpm's own ordering.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createOracleMatcher } from '../../src/ecosystems/oracle/matcher.js';
import { RpmScanner } from '../../src/ecosystems/rpm/scanner.js';
import { createSuseMatcher } from '../../src/ecosystems/suse/matcher.js';
import { distributionFromOsRelease, parseOsRelease } from '../../src/indexer/osrelease.js';
import { distributionFromRedHatStyleRelease } from '../../src/indexer/rpm-release-files.js';
import type { ImagePackage } from '../../src/indexer/types.js';
import { getScheme } from '../../src/versioning/index.js';
import { parseTxtar } from '../indexer/txtar.js';
import { LAYER_BASE } from '../matcher/fixtures.js';
import { sharedPath } from '../shared.js';
import { distribution, importedStore, matchImage, rpmCompare, tempFile } from './os-feed-fixtures.js';

const CORPUS = sharedPath('corpus');

describe('release keys from real release files', () => {
  test('openSUSE Leap os-release', () => {
    const txtar = parseTxtar(fs.readFileSync(`${CORPUS}/claircore/osrelease/testdata/OpenSUSe.txtar`, 'utf8'));
    const osRelease = txtar.find((file) => file.name === 'os-release')!;
    const leap = distributionFromOsRelease(parseOsRelease(osRelease.data));
    const query = createSuseMatcher(getScheme('rpm')).query(leap, []);
    assert.equal(query?.distribution, 'opensuse-leap');
    assert.equal(query?.release, '15.1');
  });

  test('Oracle Linux 8 oracle-release', () => {
    const text = fs.readFileSync(`${CORPUS}/claircore/rhel/testdata/releasefiles/oracle-8/etc/oracle-release`, 'utf8');
    const ol = distributionFromRedHatStyleRelease(text)!;
    const query = createOracleMatcher(getScheme('rpm')).query(ol, []);
    assert.equal(query?.distribution, 'ol');
    assert.equal(query?.release, '8');
  });
});

// A statement on glibc for SLES 15 SP3 in SUSE's format (the fix EVR is
// an example in SUSE's numbering, not a real advisory).
const GLIBC_FIX = '2.31-150300.9.12.1';
const LINUX = 'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';
const GLIBC_DOCUMENT = `<?xml version="1.0"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<definitions><definition id="oval:org.opensuse.security:def:20213999" version="1" class="vulnerability">
<metadata><title>CVE-2021-3999</title><description>off-by-one in getcwd</description><advisory from="security@suse.de"><severity>Important</severity></advisory></metadata>
<criteria operator="AND"><criterion test_ref="tst:1" comment="SUSE Linux Enterprise Server 15 SP3 is installed"/>
<criteria operator="OR"><criterion test_ref="tst:2" comment="glibc-${GLIBC_FIX} is installed"/><criterion test_ref="tst:3" comment="glibc-devel-${GLIBC_FIX} is installed"/></criteria></criteria>
</definition></definitions>
<tests>
<rpminfo_test id="tst:1" check="at least one" ${LINUX}><object object_ref="obj:1"/><state state_ref="ste:1"/></rpminfo_test>
<rpminfo_test id="tst:2" check="at least one" ${LINUX}><object object_ref="obj:2"/><state state_ref="ste:2"/></rpminfo_test>
<rpminfo_test id="tst:3" check="at least one" ${LINUX}><object object_ref="obj:3"/><state state_ref="ste:2"/></rpminfo_test>
</tests>
<objects>
<rpminfo_object id="obj:1" ${LINUX}><name>sles-release</name></rpminfo_object>
<rpminfo_object id="obj:2" ${LINUX}><name>glibc</name></rpminfo_object>
<rpminfo_object id="obj:3" ${LINUX}><name>glibc-devel</name></rpminfo_object>
</objects>
<states>
<rpminfo_state id="ste:1" ${LINUX}><version operation="equals">15.3</version></rpminfo_state>
<rpminfo_state id="ste:2" ${LINUX}><evr datatype="evr_string" operation="less than">0:${GLIBC_FIX}</evr></rpminfo_state>
</states>
</oval_definitions>
`;

describe('SLE 15 BCI rpm database against SUSE OVAL', () => {
  let imported: Awaited<ReturnType<typeof importedStore>>;
  let packages: ImagePackage[];

  before(async () => {
    imported = await importedStore([tempFile('suse.linux.enterprise.15.xml.gz', zlib.gzipSync(GLIBC_DOCUMENT))]);
    const database = fs.readFileSync(`${CORPUS}/go-rpmdb/pkg/testdata/sle15-bci/Packages.db`);
    const scanned = new RpmScanner().scan([{ path: 'usr/lib/sysimage/rpm/Packages.db', contents: database }]).packages;
    packages = scanned.map((pkg) => ({ ...pkg, layer: LAYER_BASE }));
  });

  after(async () => {
    await imported.close();
  });

  test('installed glibc below the fix', async () => {
    const glibc = packages.filter((pkg) => pkg.name === 'glibc');
    assert.equal(glibc.length, 1);
    assert.ok(rpmCompare(glibc[0]!.version, GLIBC_FIX) < 0, `${glibc[0]!.version} orders below ${GLIBC_FIX}`);

    const report = await matchImage(imported.store, distribution('sles', '15.3', 'SLES'), packages);
    assert.deepEqual(report.findings.map((finding) => [finding.package.name, finding.vulnerability.name, finding.vulnerability.fixedVersion]), [['glibc', 'CVE-2021-3999', GLIBC_FIX]]);
  });

  test('other service pack has no records', async () => {
    const report = await matchImage(imported.store, distribution('sles', '15.4', 'SLES'), packages);
    assert.deepEqual(report.findings, []);
  });
});
