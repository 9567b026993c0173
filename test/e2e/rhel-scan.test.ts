// `layerlens scan` of RHEL-family root filesystems after `db import` of
// Red Hat's CSAF sample. The rpm databases are written by rpm itself, from
// packages rpmbuild makes with the names, versions, vendor and modularity
// label of real RHEL packages. Expected findings were read by hand from
// the VEX documents; rpm's own vercmp picks the earliest fixed build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, writeRootfs } from './cli.js';
import { buildRpm, installRpms, RPM_BUILD_MISSING } from '../ecosystems/rpm-build.js';

const REDHAT_SAMPLES = sharedPath('feeds', 'redhat-csaf-vex-samples.tar.gz');
const RELEASE_FILES = sharedPath('corpus', 'claircore', 'rhel', 'testdata', 'releasefiles');


/** rpm's own comparison of two EVRs: -1, 0 or 1. */
function rpmVercmp(a: string, b: string): number {
  return Number(execFileSync('rpm', ['--eval', `%{lua:print(rpm.vercmp('${a}', '${b}'))}`], { encoding: 'utf8' }).trim());
}

interface ClairReport {
  packages: Record<string, { name: string; version: string; module: string }>;
  vulnerabilities: Record<string, { name: string; state: string; fixed_in_version: string; updater: string; aliases?: string[] }>;
  package_vulnerabilities: Record<string, string[]>;
}

/** Findings of a Clair-shaped report as `package vulnerability state fixed-version`, sorted. */
function findingsOf(report: ClairReport): string[] {
  const rows: string[] = [];
  for (const [packageId, vulnerabilityIds] of Object.entries(report.package_vulnerabilities)) {
    for (const id of vulnerabilityIds) {
      const vulnerability = report.vulnerabilities[id]!;
      rows.push(`${report.packages[packageId]!.name} ${vulnerability.name} ${vulnerability.state} ${vulnerability.fixed_in_version || '-'}`);
    }
  }
  return rows.sort();
}

describe('scan of RHEL-family images against Red Hat VEX', { skip: RPM_BUILD_MISSING }, () => {
  let dir: string;
  let db: string;
  const roots: Record<string, string> = {};

  const OPENSSL_9 = { name: 'openssl', subpackage: 'libs', epoch: 1, version: '3.0.7', release: '24.el9' };
  const OPENSSL_8 = { name: 'openssl', subpackage: 'libs', epoch: 1, version: '1.1.1k', release: '9.el8_7' };
  const PERL_FCGI = { name: 'perl-FCGI', epoch: 1, version: '0.78', release: '11.module+el8.6.0+23193+83e23a7a.1', modularityLabel: 'perl-FCGI:0.78:8060020250604201935:513b2a65' };

  before(async () => {
    dir = makeTempDir('rhel');
    db = path.join(dir, 'layerlens.db');

    const imported = await runWithDb(db, ['db', 'import', REDHAT_SAMPLES]);
    assert.equal(imported.code, 0, describeResult(imported));

    const rhel9Rpms = [buildRpm(path.join(dir, 'build9'), OPENSSL_9)];
    roots.rhel9 = writeRootfs(path.join(dir, 'rhel9'), { 'etc/os-release': { copyFrom: path.join(RELEASE_FILES, '9', 'etc', 'os-release') } });
    installRpms(roots.rhel9, rhel9Rpms);

    roots.rocky9 = writeRootfs(path.join(dir, 'rocky9'), {
      'etc/os-release': 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n',
    });
    installRpms(roots.rocky9, rhel9Rpms);

    roots.rhel8 = writeRootfs(path.join(dir, 'rhel8'), { 'etc/os-release': { copyFrom: path.join(RELEASE_FILES, '8', 'etc', 'os-release') } });
    installRpms(roots.rhel8, [buildRpm(path.join(dir, 'build8a'), OPENSSL_8), buildRpm(path.join(dir, 'build8b'), PERL_FCGI)]);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scan = async (root: string): Promise<ClairReport> => {
    const result = await runWithDb(db, ['--offline', 'scan', `dir:${root}`, '--format', 'json']);
    assert.equal(result.code, 0, describeResult(result));
    return JSON.parse(result.stdout) as ClairReport;
  };

  test('RHEL 9 openssl-libs findings', async () => {
    // CVE-2024-0727: BaseOS-9.4.0.GA fixes openssl-libs in 1:3.0.7-27.el9 (RHSA-2024:2447).
    // CVE-2026-2673: red_hat_enterprise_linux_9:openssl-libs is known_affected, "Fix deferred".
    assert.equal(rpmVercmp('1:3.0.7-24.el9', '1:3.0.7-27.el9'), -1);

    const report = await scan(roots.rhel9!);
    assert.deepEqual(findingsOf(report), [
      'openssl-libs CVE-2024-0727 fixed 1:3.0.7-27.el9',
      'openssl-libs CVE-2026-2673 unfixed -',
    ]);
    const fixed = Object.values(report.vulnerabilities).find((vulnerability) => vulnerability.name === 'CVE-2024-0727');
    assert.equal(fixed?.updater, 'rhel-vex');
    assert.deepEqual(fixed?.aliases, ['RHSA-2024:2447']);
  });

  test('Rocky Linux matched against RHEL', async () => {
    assert.deepEqual(findingsOf(await scan(roots.rocky9!)), [
      'openssl-libs CVE-2024-0727 fixed 1:3.0.7-27.el9',
      'openssl-libs CVE-2026-2673 unfixed -',
    ]);
  });

  test('RHEL 8 module stream and unfixed CVEs', async () => {
    // CVE-2025-40907: AppStream-8.10.0.Z.MAIN.EUS fixes the perl-FCGI:0.78 stream in four
    // builds that differ by module context; the finding names the earliest in rpm's order.
    const fixes = ['20b7d289', '63faba8d', '95b68fad', 'df114ff4'].map((context) => `1:0.78-12.module+el8.10.0+23147+${context}`);
    const earliest = fixes.reduce((a, b) => (rpmVercmp(a, b) <= 0 ? a : b));
    // red_hat_enterprise_linux_8:openssl-libs is known_affected for both openssl CVEs, "Fix deferred".
    const report = await scan(roots.rhel8!);

    assert.deepEqual(findingsOf(report), [
      'openssl-libs CVE-2024-0727 unfixed -',
      'openssl-libs CVE-2026-2673 unfixed -',
      `perl-FCGI CVE-2025-40907 fixed ${earliest}`,
    ]);
    const perl = Object.values(report.packages).find((pkg) => pkg.name === 'perl-FCGI');
    assert.equal(perl?.module, 'perl-FCGI:0.78');
  });
});
