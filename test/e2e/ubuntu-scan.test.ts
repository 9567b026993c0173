// `layerlens scan` of an Ubuntu 18.04 (bionic) root filesystem after
// `db import` of the Ubuntu CVE Tracker snapshot. The expected findings come
// from the tracker oracle (its own parser over the files that `tar`
// extracts, and `dpkg --compare-versions`), never from LayerLens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, writeRootfs } from './cli.js';
import {
  expectedFindings,
  extractTracker,
  NORMALISED,
  readDpkgStatus,
  readTracker,
  reportedFindings,
  type ClairReport,
  type ExpectedFinding,
  type ReportedFinding,
} from './uct-oracle.js';

const UCT_SNAPSHOT = sharedPath('feeds', 'ubuntu-cve-tracker-active-2020-06.tar.gz');
const OS_RELEASE = sharedPath('corpus', 'claircore', 'ubuntu', 'testdata', 'dist', '18.04', 'etc', 'os-release');
const DPKG_STATUS = sharedPath('corpus', 'claircore', 'dpkg', 'testdata', 'texlive.status');
const RELEASE = 'bionic';

let dir: string;
let report: ClairReport;
let reported: Map<string, ReportedFinding>;
let expected: Map<string, ExpectedFinding>;

before(async () => {
  dir = makeTempDir('ubuntu');
  const db = path.join(dir, 'layerlens.db');
  const root = writeRootfs(path.join(dir, 'rootfs'), {
    'etc/os-release': { copyFrom: OS_RELEASE },
    'var/lib/dpkg/status': { copyFrom: DPKG_STATUS },
  });

  const imported = await runWithDb(db, ['db', 'import', UCT_SNAPSHOT]);
  assert.equal(imported.code, 0, describeResult(imported));
  assert.match(imported.stdout, /^imported ubuntu-uct: \d+ records from /m);

  const scan = await runWithDb(db, ['--offline', 'scan', '--format', 'json', `dir:${root}`]);
  assert.equal(scan.code, 0, describeResult(scan));
  report = JSON.parse(scan.stdout) as ClairReport;
  reported = reportedFindings(report);

  const tracker = readTracker(extractTracker(UCT_SNAPSHOT, path.join(dir, 'uct')), RELEASE);
  expected = expectedFindings(readDpkgStatus(DPKG_STATUS), tracker);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Lists the first keys of `a` missing from `b`, for a readable failure. */
function missingFrom(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  return [...a.keys()].filter((key) => !b.has(key)).sort();
}

test('reported pairs equal the tracker oracle', () => {
  assert.ok(expected.size > 100, `the oracle found ${expected.size} findings`);
  const missing = missingFrom(expected, reported);
  const extra = missingFrom(reported, expected);
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} expected findings were not reported`);
  assert.deepEqual(extra.slice(0, 20), [], `${extra.length} reported findings are not in the oracle`);
  assert.equal(reported.size, expected.size);
});

test('fixed versions and states equal the oracle', () => {
  for (const [key, finding] of expected) {
    const got = reported.get(key);
    if (!got) continue;
    assert.equal(got.fixedVersion, finding.fixedVersion, `${key} fixed_in_version`);
    assert.equal(got.state, finding.state, `${key} state`);
  }
});

test('severity is the UCT priority, normalised', () => {
  for (const [key, finding] of expected) {
    const got = reported.get(key);
    if (!got) continue;
    assert.equal(got.severity, finding.priority ?? '', `${key} vendor severity`);
    assert.equal(got.normalizedSeverity, NORMALISED[finding.priority ?? ''] ?? 'Unknown', `${key} normalized_severity`);
  }
});

test('report keeps Clair VulnerabilityReport keys', () => {
  const keys = ['manifest_hash', 'packages', 'distributions', 'repository', 'environments', 'vulnerabilities', 'package_vulnerabilities', 'enrichments'];
  for (const key of keys) assert.ok(key in report, `report has "${key}"`);
  assert.match((report as unknown as { manifest_hash: string }).manifest_hash, /^sha256:[0-9a-f]{64}$/);
});

// Spot checks read by hand from the tracker files and the status file.
const SPOT_CHECKS: Array<{ title: string; key: string; finding?: Partial<ReportedFinding> }> = [
  {
    // CVE-2018-18606: `Priority: low`, `bionic_binutils: needed`; binutils 2.30-21ubuntu1~18.04.3 is installed.
    title: 'needed is reported with no fix',
    key: 'binutils CVE-2018-18606',
    finding: { state: 'unfixed', fixedVersion: '', severity: 'low', normalizedSeverity: 'Low' },
  },
  {
    // CVE-2019-14973: `bionic_tiff: released (4.0.9-5ubuntu0.3)`; libtiff5 (source tiff) 4.0.9-5ubuntu0.3 is installed.
    title: 'released at the installed version is not reported',
    key: 'libtiff5 CVE-2019-14973',
  },
  {
    // CVE-2015-1283: `bionic_expat: not-affected (2.1.0-7)`; libexpat1 (source expat) is installed.
    title: 'not-affected is not reported',
    key: 'libexpat1 CVE-2015-1283',
  },
  {
    // CVE-2015-1283: `Priority: medium`, `Priority_xmlrpc-c: low` (another package),
    // `bionic_ghostscript: ignored (code-not-compiled)`.
    title: 'ignored is reported as will not fix',
    key: 'libgs9 CVE-2015-1283',
    finding: { state: 'wont-fix', fixedVersion: '', severity: 'medium', normalizedSeverity: 'Medium' },
  },
  {
    // CVE-2009-3720: `Priority: low`, `Priority_expat: medium`, `bionic_expat: released (2.0.1-7ubuntu1)`
    // (below the installed 2.2.5-3ubuntu0.2), `bionic_ghostscript: ignored`: the expat override is not ghostscript's.
    title: 'priority override stays with its package',
    key: 'libgs9 CVE-2009-3720',
    finding: { state: 'wont-fix', severity: 'low', normalizedSeverity: 'Low' },
  },
  {
    title: 'released below the installed version is not reported',
    key: 'libexpat1 CVE-2009-3720',
  },
];

for (const check of SPOT_CHECKS) {
  test(`spot check: ${check.title}`, () => {
    const got = reported.get(check.key);
    if (check.finding === undefined) {
      assert.equal(got, undefined, `${check.key} is not reported`);
      return;
    }
    assert.ok(got, `${check.key} is reported`);
    for (const [field, value] of Object.entries(check.finding)) {
      assert.equal(got[field as keyof ReportedFinding], value, `${check.key} ${field}`);
    }
  });
}
