// Runs `db import` of the real NVD, EPSS and KEV samples through the CLI.
// Then it scans a Debian bookworm root filesystem whose tracker records,
// written here, name CVEs that those samples cover. The expected CVSS, EPSS
// and KEV values were read by hand from the sample files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, writeRootfs } from './cli.js';

const NVD_SAMPLE = sharedPath('feeds', 'nvd-cve-api-2.0-sample.json');
const EPSS_SAMPLE = sharedPath('feeds', 'epss-scores-sample.csv');
const KEV_SAMPLE = sharedPath('feeds', 'known_exploited_vulnerabilities.json.gz');

const OS_RELEASE = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION="12 (bookworm)"',
  'VERSION_CODENAME=bookworm',
  'ID=debian',
  '',
].join('\n');

/** Three installed packages, each the source of one CVE below. */
const DPKG_STATUS = [
  ['coreutils', '9.1-1', 'coreutils'],
  ['libwebp7', '1.2.4-0.2', 'libwebp'],
  ['nvidia-kernel-support', '525.85.12-1', 'nvidia-graphics-drivers'],
].map(([name, version, source]) => [
  `Package: ${name}`,
  'Status: install ok installed',
  'Maintainer: Test <test@example.org>',
  'Architecture: amd64',
  `Source: ${source}`,
  `Version: ${version}`,
  'Description: test package',
  '',
].join('\n')).join('\n');

/**
 * Debian tracker entries. The coreutils entry has no urgency yet, so NVD's
 * CVSS decides its severity. The libwebp entry states `high`.
 */
const TRACKER = {
  coreutils: {
    'CVE-2016-2781': { description: 'chroot --userspec escape', scope: 'local', releases: { bookworm: { status: 'open', repositories: { bookworm: '9.1-1' }, urgency: 'not yet assigned' } } },
  },
  libwebp: {
    'CVE-2023-4863': { description: 'heap overflow in WebP', scope: 'remote', releases: { bookworm: { status: 'open', repositories: { bookworm: '1.2.4-0.2' }, urgency: 'high' } } },
  },
  'nvidia-graphics-drivers': {
    'CVE-2022-34665': { description: 'NVIDIA driver flaw', scope: 'local', releases: { bookworm: { status: 'open', repositories: { bookworm: '525.85.12-1' }, urgency: 'not yet assigned' } } },
  },
};

interface ReportedVulnerability {
  name: string;
  severity: string;
  normalized_severity: string;
  severity_source?: string;
  cvss?: Array<{ cve: string; version: string; vector: string; base_score: number; source: string }>;
  cwes?: string[];
  epss?: { cve: string; score: number; percentile: number; date: string };
  kev?: { cve: string; date_added: string; due_date?: string; known_ransomware_use: boolean; name?: string };
}

interface Report {
  vulnerabilities: Record<string, ReportedVulnerability>;
  enrichments: Record<string, Array<Record<string, unknown[]>>>;
}

let dir: string;
let db: string;
let root: string;
let report: Report;
let importOutput: string;

function vulnerabilityNamed(name: string): [string, ReportedVulnerability] {
  const found = Object.entries(report.vulnerabilities).filter(([, vulnerability]) => vulnerability.name === name);
  assert.equal(found.length, 1, `one vulnerability named ${name}`);
  return found[0]!;
}

before(async () => {
  dir = makeTempDir('enrichment');
  db = path.join(dir, 'layerlens.db');
  root = writeRootfs(path.join(dir, 'rootfs'), {
    'etc/os-release': OS_RELEASE,
    'var/lib/dpkg/status': DPKG_STATUS,
  });
  const tracker = path.join(dir, 'tracker.json');
  fs.writeFileSync(tracker, JSON.stringify(TRACKER));

  const imported = await runWithDb(db, ['db', 'import', tracker, NVD_SAMPLE, EPSS_SAMPLE, KEV_SAMPLE]);
  assert.equal(imported.code, 0, describeResult(imported));
  importOutput = imported.stdout;

  const scan = await runWithDb(db, ['--offline', 'scan', '--format', 'json', `dir:${root}`]);
  assert.equal(scan.code, 0, describeResult(scan));
  report = JSON.parse(scan.stdout) as Report;
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('db import reads the three samples', () => {
  // Record counts read by hand: NVD 3 CVEs less the rejected CVE-2016-3197, EPSS 29 rows, KEV 1404 entries.
  assert.match(importOutput, /^imported nvd: 2 records from .*nvd-cve-api-2\.0-sample\.json$/m);
  assert.match(importOutput, /^imported epss: 29 records from .*epss-scores-sample\.csv$/m);
  assert.match(importOutput, /^imported kev: 1404 records from .*known_exploited_vulnerabilities\.json\.gz$/m);
});

test('db status lists the enrichment feeds', async () => {
  const status = await runWithDb(db, ['db', 'status', '--format', 'json']);
  assert.equal(status.code, 0, describeResult(status));
  const feeds = (JSON.parse(status.stdout) as Array<{ feed: string; recordCount: number }>).map((feed) => [feed.feed, feed.recordCount]);
  assert.deepEqual(feeds.filter(([feed]) => ['nvd', 'epss', 'kev'].includes(feed as string)).sort(), [['epss', 29], ['kev', 1404], ['nvd', 2]]);
});

test('NVD severity where the vendor gives none', () => {
  const [, coreutils] = vulnerabilityNamed('CVE-2016-2781');
  // NVD's Primary v3.0 score is 6.5: Medium.
  assert.equal(coreutils.normalized_severity, 'Medium');
  assert.equal(coreutils.severity_source, 'nvd');
  assert.equal(coreutils.severity, 'not yet assigned', 'the vendor word stays');
  assert.deepEqual(coreutils.cvss, [
    { cve: 'CVE-2016-2781', version: '3.0', vector: 'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:N/I:H/A:N', base_score: 6.5, source: 'nvd@nist.gov' },
    { cve: 'CVE-2016-2781', version: '2.0', vector: 'AV:L/AC:L/Au:N/C:N/I:P/A:N', base_score: 2.1, source: 'nvd@nist.gov' },
    { cve: 'CVE-2016-2781', version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', base_score: 4.6, source: '134c704f-9b21-4f2e-91b3-4a467353bcc0' },
  ]);
  assert.deepEqual(coreutils.cwes, ['CWE-20']);
});

test('vendor severity wins over NVD', () => {
  const [, libwebp] = vulnerabilityNamed('CVE-2023-4863');
  assert.equal(libwebp.normalized_severity, 'High');
  assert.equal(libwebp.severity_source, 'vendor');
});

test('KEV flag and date added', () => {
  const [, libwebp] = vulnerabilityNamed('CVE-2023-4863');
  assert.deepEqual(libwebp.kev, {
    cve: 'CVE-2023-4863',
    date_added: '2023-09-13',
    due_date: '2023-10-04',
    known_ransomware_use: false,
    name: 'Google Chromium WebP Heap-Based Buffer Overflow Vulnerability',
    required_action: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
    short_description: 'Google Chromium WebP contains a heap-based buffer overflow vulnerability that allows a remote attacker to perform an out-of-bounds memory write via a crafted HTML page. This vulnerability can affect applications that use the WebP Codec.',
  });
  const [, coreutils] = vulnerabilityNamed('CVE-2016-2781');
  assert.equal(coreutils.kev, undefined, 'CVE-2016-2781 is not in the catalogue');
});

test('EPSS score and percentile', () => {
  const [, nvidia] = vulnerabilityNamed('CVE-2022-34665');
  assert.deepEqual(nvidia.epss, { cve: 'CVE-2022-34665', score: 0.00042, percentile: 0.05099, date: '2024-10-25' });
  assert.equal(nvidia.normalized_severity, 'Unknown', 'no NVD score for this CVE in the sample');
  assert.equal(nvidia.severity_source, undefined);
});

test('Clair enrichments map', () => {
  const [coreutilsId] = vulnerabilityNamed('CVE-2016-2781');
  const [libwebpId] = vulnerabilityNamed('CVE-2023-4863');
  const [nvidiaId] = vulnerabilityNamed('CVE-2022-34665');
  const byType = (enricher: string) => {
    const key = Object.keys(report.enrichments).find((type) => type.includes(`enricher=${enricher} `));
    assert.ok(key, `an enrichments entry for ${enricher}`);
    return report.enrichments[key]![0]!;
  };

  assert.deepEqual(byType('clair.cvss')[coreutilsId], [{ version: '3.0', vectorString: 'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:N/I:H/A:N', baseScore: 6.5, baseSeverity: 'MEDIUM' }]);
  assert.deepEqual(byType('clair.epss')[nvidiaId], [{ modelVersion: 'v2023.03.01', date: '2024-10-25', cve: 'CVE-2022-34665', epss: 0.00042, percentile: 0.05099 }]);
  const kev = byType('clair.kev')[libwebpId] as Array<Record<string, unknown>>;
  assert.equal(kev[0]!.date_added, '2023-09-13');
  assert.equal(kev[0]!.known_ransomware_campaign_use, 'Unknown');
  assert.equal(kev[0]!.catalog_version, '2025.08.25');
});

test('table marks KEV, NVD severity and EPSS', async () => {
  const scan = await runWithDb(db, ['--offline', 'scan', `dir:${root}`]);
  assert.equal(scan.code, 0, describeResult(scan));
  const rows = scan.stdout.split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));

  assert.deepEqual(rows[0], ['PACKAGE', 'INSTALLED', 'FIXED IN', 'VULNERABILITY', 'SEVERITY', 'EPSS']);
  assert.deepEqual(rows.find((row) => row[0] === 'libwebp7'), ['libwebp7', '1.2.4-0.2', 'no fix yet', 'CVE-2023-4863 [KEV]', 'High (high)', '']);
  assert.deepEqual(rows.find((row) => row[0] === 'coreutils'), ['coreutils', '9.1-1', 'no fix yet', 'CVE-2016-2781', 'Medium (NVD 6.5)', '']);
  // 0.00042 is 0.04%, and percentile 0.05099 the 5th.
  assert.deepEqual(rows.find((row) => row[0] === 'nvidia-kernel-support'), ['nvidia-kernel-support', '525.85.12-1', 'no fix yet', 'CVE-2022-34665', 'Unknown (not yet assigned)', '0.04% (5th)']);
  assert.match(scan.stdout, /1 known exploited \(CISA KEV\), marked \[KEV\]/);
});

test('severity filter uses NVD severity', async () => {
  const scan = await runWithDb(db, ['--offline', 'scan', '--format', 'json', '--severity', 'Medium', `dir:${root}`]);
  assert.equal(scan.code, 0, describeResult(scan));
  const names = Object.values((JSON.parse(scan.stdout) as Report).vulnerabilities).map((vulnerability) => vulnerability.name);
  assert.deepEqual(names, ['CVE-2016-2781']);
});
