// The RHEL matcher over records parsed from Red Hat's real VEX documents.
// Which statement applies to each package was read from the documents by
// hand; version order is checked with rpm's own rpm.vercmp.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { before, describe, test } from 'node:test';
import { createRhelMatcher, installedMinor, rhelRelease } from '../../src/ecosystems/rhel/matcher.js';
import { rhelVexParser } from '../../src/ecosystems/rhel/vex.js';
import { rpmScheme } from '../../src/ecosystems/rpm/version.js';
import { isEnrichment, type VulnerabilityRecord } from '../../src/feeds/types.js';
import type { Distribution, ImagePackage } from '../../src/indexer/types.js';
import { matchReport } from '../../src/matcher/matcher.js';
import type { Finding } from '../../src/matcher/types.js';
import { MemoryStore } from '../fakes/memory-store.js';
import { sampleText } from '../feeds/redhat-samples.js';
import { indexReport, LAYER_BASE } from './fixtures.js';

const RPM_MISSING = spawnSync('rpm', ['--version']).status === 0 ? false : 'the rpm tool is not installed (apt-get install rpm)';

const DOCUMENTS = ['cve-2023-38545.json', 'cve-2024-0727.json', 'cve-2025-40907.json', 'cve-2026-2297.json', 'cve-2026-2673.json'];

function distribution(did: string, versionId: string): Distribution {
  return { did, name: did, version: versionId, versionId, versionCodeName: '', prettyName: `${did} ${versionId}`, cpe: '' };
}

const RHEL_9_4 = distribution('rhel', '9.4');
const RHEL_8_10 = distribution('rhel', '8.10');

function rpm(name: string, version: string, extra: { source?: string; module?: string } = {}): ImagePackage {
  const pkg: ImagePackage = {
    ecosystem: 'rpm',
    name,
    version,
    sourceName: extra.source ?? name,
    sourceVersion: version,
    arch: 'x86_64',
    path: 'var/lib/rpm/rpmdb.sqlite',
    layer: LAYER_BASE,
  };
  if (extra.module) pkg.module = extra.module;
  return pkg;
}

/** rpm's own comparison of two EVRs: -1, 0 or 1. */
function rpmVercmp(a: string, b: string): number {
  return Number(execFileSync('rpm', ['--eval', `%{lua:print(rpm.vercmp('${a}', '${b}'))}`], { encoding: 'utf8' }).trim());
}

/** Findings as `package version CVE state fixed-version`. */
function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => {
    const v = finding.vulnerability;
    return `${finding.package.name} ${finding.package.version} ${v.name} ${v.state} ${v.fixedVersion ?? '-'}`;
  }).sort();
}

describe('RHEL matcher on Red Hat VEX records', { skip: RPM_MISSING }, () => {
  let records: VulnerabilityRecord[] = [];

  before(async () => {
    for (const name of DOCUMENTS) {
      const text = await sampleText(name);
      for await (const item of rhelVexParser.parse({ name, open: () => Readable.from([Buffer.from(text)]) })) {
        if (!isEnrichment(item)) records.push(item);
      }
    }
  });

  test('release is the major version', () => {
    assert.equal(rhelRelease(RHEL_9_4), '9');
    assert.equal(rhelRelease(distribution('centos', '9')), '9');
    assert.equal(rhelRelease(distribution('rhel', '')), undefined);
  });

  test('fixed and unfixed statements for binary packages', async () => {
    // openssl-libs: fixed for CVE-2024-0727 in 1:3.0.7-27.el9, known_affected for CVE-2026-2673.
    assert.equal(rpmVercmp('1:3.0.7-24.el9', '1:3.0.7-27.el9'), -1);
    // curl-minimal: CVE-2023-38545 fixed in 7.76.1-26.el9_3.2, above the 9.3 GA build.
    assert.equal(rpmVercmp('7.76.1-26.el9_3', '7.76.1-26.el9_3.2'), -1);

    const report = await matchReport(indexReport(RHEL_9_4, [
      rpm('openssl-libs', '1:3.0.7-24.el9', { source: 'openssl' }),
      rpm('curl-minimal', '7.76.1-26.el9_3', { source: 'curl' }),
      rpm('libcurl-minimal', '7.76.1-26.el9_3.2', { source: 'curl' }),
    ]), new MemoryStore(records), { matchers: [createRhelMatcher(rpmScheme)] });

    assert.deepEqual(describeFindings(report.findings), [
      'curl-minimal 7.76.1-26.el9_3 CVE-2023-38545 fixed 7.76.1-26.el9_3.2',
      'openssl-libs 1:3.0.7-24.el9 CVE-2024-0727 fixed 1:3.0.7-27.el9',
      'openssl-libs 1:3.0.7-24.el9 CVE-2026-2673 unfixed -',
    ]);
    const openssl = report.findings.find((finding) => finding.vulnerability.name === 'CVE-2024-0727');
    assert.deepEqual(openssl?.vulnerability.aliases, ['RHSA-2024:2447']);
    assert.equal(openssl?.vulnerability.distribution, 'rhel');
    assert.equal(openssl?.vulnerability.release, '9');
    assert.deepEqual(report.releasesWithoutRecords, []);
  });

  test('fixed version installed: only the open CVE remains', async () => {
    const report = await matchReport(indexReport(RHEL_9_4, [rpm('openssl-libs', '1:3.0.7-27.el9', { source: 'openssl' })]), new MemoryStore(records), {
      matchers: [createRhelMatcher(rpmScheme)],
    });
    assert.deepEqual(describeFindings(report.findings), ['openssl-libs 1:3.0.7-27.el9 CVE-2026-2673 unfixed -']);
  });

  test('minor release of an installed build', () => {
    const cases: Array<[string, number | undefined]> = [
      ['7.76.1-23.el9_2.4', 2],
      ['1:3.0.7-27.el9', undefined],
      ['1:0.78-11.module+el8.6.0+23193+83e23a7a.1', 6],
      ['1:0.78-12.module+el8.10.0+23147+20b7d289', 10],
      ['2.28-251.el9_2.1', 2],
      ['1.2.3-1.fc40', undefined],
    ];
    for (const [version, minor] of cases) assert.equal(installedMinor(version), minor, version);
  });

  test('fix of the installed minor stream counts', async () => {
    // CVE-2023-38545 is fixed in curl-minimal 7.76.1-23.el9_2.4 (9.2) and 7.76.1-26.el9_3.2 (9.3).
    // rpm orders the 9.2 fix below the 9.3 build that lacks it, so the two cannot be compared.
    assert.equal(rpmVercmp('7.76.1-23.el9_2.4', '7.76.1-26.el9_3'), -1);
    assert.equal(rpmVercmp('7.76.1-26.el9', '7.76.1-26.el9_3.2'), -1);
    assert.equal(rpmVercmp('7.76.1-29.el9_4', '7.76.1-26.el9_3.2'), 1);

    const cases: Array<[string, string | undefined]> = [
      ['7.76.1-23.el9_2.4', undefined],
      ['7.76.1-23.el9_2.3', '7.76.1-23.el9_2.4'],
      ['7.76.1-19.el9_1', '7.76.1-23.el9_2.4'],
      ['7.76.1-26.el9_3', '7.76.1-26.el9_3.2'],
      ['7.76.1-26.el9', '7.76.1-26.el9_3.2'],
      ['7.76.1-29.el9_4', undefined],
    ];
    for (const [installed, fix] of cases) {
      const report = await matchReport(indexReport(RHEL_9_4, [rpm('curl-minimal', installed, { source: 'curl' })]), new MemoryStore(records), {
        matchers: [createRhelMatcher(rpmScheme)],
      });
      const expected = fix === undefined ? [] : [`curl-minimal ${installed} CVE-2023-38545 fixed ${fix}`];
      assert.deepEqual(describeFindings(report.findings), expected, installed);
    }
  });

  test('Rocky, AlmaLinux and CentOS use RHEL records', async () => {
    for (const did of ['rocky', 'almalinux', 'centos']) {
      const report = await matchReport(indexReport(distribution(did, '9.3'), [rpm('curl-minimal', '7.76.1-26.el9_3', { source: 'curl' })]), new MemoryStore(records), {
        matchers: [createRhelMatcher(rpmScheme)],
      });
      assert.deepEqual(describeFindings(report.findings), ['curl-minimal 7.76.1-26.el9_3 CVE-2023-38545 fixed 7.76.1-26.el9_3.2'], did);
    }

    const fedora = await matchReport(indexReport(distribution('fedora', '40'), [rpm('curl-minimal', '8.6.0-7.fc40')]), new MemoryStore(records), {
      matchers: [createRhelMatcher(rpmScheme)],
    });
    assert.deepEqual(fedora.findings, []);
    assert.equal(fedora.unmatchedPackageCount, 1);
  });

  test('module packages match only their stream', async () => {
    // perl-FCGI:0.78 builds are fixed in 1:0.78-12.module+el8.10.0+...; RHEL 8 has no
    // statement about a perl-FCGI outside the module.
    const modular = '1:0.78-11.module+el8.6.0+23193+83e23a7a.1';
    const fixes = ['20b7d289', '63faba8d', '95b68fad', 'df114ff4'].map((context) => `1:0.78-12.module+el8.10.0+23147+${context}`);
    assert.ok(fixes.every((fix) => rpmVercmp(modular, fix) === -1));
    // The finding names the earliest of the four builds in rpm's order.
    const earliest = fixes.reduce((a, b) => (rpmVercmp(a, b) <= 0 ? a : b));

    const report = await matchReport(indexReport(RHEL_8_10, [
      rpm('perl-FCGI', modular, { module: 'perl-FCGI:0.78' }),
      rpm('python3-PyMySQL', '0.10.1-2.module+el8.1.0+3334+5cb623d7', { source: 'python-PyMySQL', module: 'python36:3.6' }),
    ]), new MemoryStore(records), { matchers: [createRhelMatcher(rpmScheme)] });

    assert.deepEqual(describeFindings(report.findings), [
      `perl-FCGI ${modular} CVE-2025-40907 fixed ${earliest}`,
      'python3-PyMySQL 0.10.1-2.module+el8.1.0+3334+5cb623d7 CVE-2026-2297 unfixed -',
    ]);

    // The same packages outside any module, or from another stream.
    const other = await matchReport(indexReport(RHEL_8_10, [
      rpm('perl-FCGI', modular),
      rpm('python3-PyMySQL', '0.10.1-2.module+el8.1.0+3334+5cb623d7', { source: 'python-PyMySQL', module: 'python39:3.9' }),
    ]), new MemoryStore(records), { matchers: [createRhelMatcher(rpmScheme)] });
    assert.deepEqual(other.findings, []);
  });

  test('source package statements reach every binary', async () => {
    // red_hat_enterprise_linux_8:openssl.src is known_affected for CVE-2024-0727 ("Fix deferred");
    // no record names the binary openssl-pkcs11-test, built here from openssl.
    const report = await matchReport(indexReport(RHEL_8_10, [rpm('openssl-pkcs11-test', '1:1.1.1k-12.el8_9', { source: 'openssl' })]), new MemoryStore(records), {
      matchers: [createRhelMatcher(rpmScheme)],
    });
    assert.deepEqual(describeFindings(report.findings), [
      'openssl-pkcs11-test 1:1.1.1k-12.el8_9 CVE-2024-0727 unfixed -',
      'openssl-pkcs11-test 1:1.1.1k-12.el8_9 CVE-2026-2673 unfixed -',
    ]);
  });

  test('release without records is reported', async () => {
    const report = await matchReport(indexReport(distribution('rhel', '7.9'), [rpm('curl', '7.29.0-59.el7_9.2')]), new MemoryStore(records), {
      matchers: [createRhelMatcher(rpmScheme)],
    });
    // CVE-2023-38545 states that red_hat_enterprise_linux_7:curl is not affected, so release 7 has records.
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.releasesWithoutRecords, []);

    const rhel6 = await matchReport(indexReport(distribution('rhel', '5.11'), [rpm('curl', '7.15.5-17.el5_9')]), new MemoryStore(records), {
      matchers: [createRhelMatcher(rpmScheme)],
    });
    assert.deepEqual(rhel6.releasesWithoutRecords, ['rhel 5']);
  });
});
