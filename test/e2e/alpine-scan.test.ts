// `layerlens scan` of Alpine root filesystems after `db import` of the
// Alpine secdb snapshot (branches v3.3 to v3.11). Expected findings were
// read by hand from alpine-secdb/v3.11/main.json in that snapshot.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, writeRootfs } from './cli.js';

const SECDB_SNAPSHOT = sharedPath('feeds', 'alpine-secdb-v3.3-v3.11.tar.gz');
const ALPINE_3_11_OS_RELEASE = sharedPath('corpus', 'claircore', 'alpine', 'testdata', '3.11', 'etc', 'os-release');
const ALPINE_3_16_OS_RELEASE = sharedPath('corpus', 'claircore', 'alpine', 'testdata', '3.16', 'etc', 'os-release');
/** A real apk database of an Alpine 3.16 image (busybox 1.35.0-r17, musl 1.2.3-r0, 14 packages). */
const APK_DB_3_16 = sharedPath('corpus', 'syft', 'syft', 'pkg', 'cataloger', 'alpine', 'testdata', 'multiple-2', 'lib', 'apk', 'db', 'installed');

interface ApkPackage {
  name: string;
  version: string;
  origin: string;
}

/** Writes an apk database (`lib/apk/db/installed`): one block of `X:value` lines per package, blank-line separated. */
function apkInstalled(packages: ApkPackage[]): string {
  return packages
    .map((pkg) =>
      [
        'C:Q1' + Buffer.from(`${pkg.name}-${pkg.version}`).toString('base64').slice(0, 26) + '=',
        `P:${pkg.name}`,
        `V:${pkg.version}`,
        'A:x86_64',
        'S:100000',
        'I:200000',
        `T:${pkg.name} written by the LayerLens end-to-end tests`,
        'U:https://alpinelinux.org',
        'L:MIT',
        `o:${pkg.origin}`,
        'm:Natanael Copa <ncopa@alpinelinux.org>',
        't:1570000000',
        'c:0000000000000000000000000000000000000000',
        '',
      ].join('\n'),
    )
    .join('\n');
}

/**
 * v3.11/main.json secfixes for these origins:
 * - musl: 1.1.23-r2 CVE-2019-14697; 1.1.15-r4 CVE-2016-8859.
 * - openssl: 1.1.1d-r3 CVE-2019-1551; 1.1.1d-r1 CVE-2019-1547, CVE-2019-1549,
 *   CVE-2019-1563; 1.1.1b-r1 CVE-2019-1543; 1.1.1a-r0 CVE-2018-0734, CVE-2018-0735.
 * - busybox: 1.30.1-r2, 1.29.3-r10 and 1.27.2-r4, all below 1.31.1-r9.
 * - zlib: no entry in v3.11. v3.3 to v3.5 fix CVE-2016-9840 to CVE-2016-9843
 *   in 1.2.11-r0, so the old zlib picked here would match only if records of
 *   other branches leaked into v3.11.
 */
const PACKAGES: ApkPackage[] = [
  { name: 'musl', version: '1.1.22-r3', origin: 'musl' },
  { name: 'libcrypto1.1', version: '1.1.1d-r2', origin: 'openssl' },
  { name: 'busybox', version: '1.31.1-r9', origin: 'busybox' },
  { name: 'zlib', version: '1.2.8-r2', origin: 'zlib' },
];

const EXPECTED: Array<{ pkg: string; vulnerability: string; fixedIn: string }> = [
  { pkg: 'libcrypto1.1', vulnerability: 'CVE-2019-1551', fixedIn: '1.1.1d-r3' },
  { pkg: 'musl', vulnerability: 'CVE-2019-14697', fixedIn: '1.1.23-r2' },
];

interface ClairReport {
  packages: Record<string, { name: string; version: string; source?: { name: string } }>;
  distributions: Record<string, { did: string; version_id: string }>;
  vulnerabilities: Record<string, { name: string; fixed_in_version: string; normalized_severity: string; state: string; updater: string }>;
  package_vulnerabilities: Record<string, string[]>;
}

/** Lists the findings of a Clair report as sorted `package vulnerability fixed-version` lines. */
function findingLines(report: ClairReport): string[] {
  return Object.entries(report.package_vulnerabilities)
    .flatMap(([id, vulnerabilities]) =>
      vulnerabilities.map((v) => `${report.packages[id].name} ${report.vulnerabilities[v].name} ${report.vulnerabilities[v].fixed_in_version}`),
    )
    .sort();
}

let dir: string;
let db: string;

before(async () => {
  dir = makeTempDir('alpine');
  db = path.join(dir, 'layerlens.db');
  const imported = await runWithDb(db, ['db', 'import', SECDB_SNAPSHOT]);
  assert.equal(imported.code, 0, describeResult(imported));
  assert.match(imported.stdout, /^imported alpine-secdb: \d+ records from /m);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Alpine 3.11 hand-written apk database', () => {
  let root: string;
  let report: ClairReport;

  before(async () => {
    root = writeRootfs(path.join(dir, 'alpine-3.11'), {
      'etc/os-release': { copyFrom: ALPINE_3_11_OS_RELEASE },
      'lib/apk/db/installed': apkInstalled(PACKAGES),
    });
    const result = await runWithDb(db, ['--offline', 'scan', '--format', 'json', `dir:${root}`]);
    assert.equal(result.code, 0, describeResult(result));
    report = JSON.parse(result.stdout) as ClairReport;
  });

  test('findings equal the secdb entries', () => {
    const expected = EXPECTED.map((finding) => `${finding.pkg} ${finding.vulnerability} ${finding.fixedIn}`).sort();
    assert.deepEqual(findingLines(report), expected);
  });

  test('findings are fixed, from secdb', () => {
    for (const vulnerability of Object.values(report.vulnerabilities)) {
      assert.equal(vulnerability.state, 'fixed', vulnerability.name);
      assert.equal(vulnerability.updater, 'alpine-secdb', vulnerability.name);
      // secdb carries no severity.
      assert.equal(vulnerability.normalized_severity, 'Unknown', vulnerability.name);
    }
  });

  test('inventory lists the apk packages', async () => {
    const result = await runWithDb(db, ['inventory', '--format', 'tsv', `dir:${root}`]);
    assert.equal(result.code, 0, describeResult(result));
    const rows = result.stdout.trimEnd().split('\n').slice(1).map((line) => line.split('\t'));
    const listed = rows.map(([ecosystem, name, version, sourceName, , , filePath]) => [ecosystem, name, version, sourceName, filePath].join(' ')).sort();
    const expected = PACKAGES.map((pkg) => ['apk', pkg.name, pkg.version, pkg.origin, 'lib/apk/db/installed'].join(' ')).sort();
    assert.deepEqual(listed, expected);
  });

  test('table shows fixed versions', async () => {
    const result = await runWithDb(db, ['--offline', 'scan', `dir:${root}`]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /Alpine Linux v3\.11, 4 packages in 1 layer/);
    assert.match(result.stdout, /│ musl\s+│ 1\.1\.22-r3\s+│ 1\.1\.23-r2\s+│ CVE-2019-14697\s+│ Unknown\s+│/);
    assert.match(result.stdout, /│ libcrypto1\.1\s+│ 1\.1\.1d-r2\s+│ 1\.1\.1d-r3\s+│ CVE-2019-1551\s+│ Unknown\s+│/);
    assert.match(result.stdout, /^Total: 2 /m);
  });
});

describe('Alpine 3.16 real apk database', () => {
  let root: string;

  before(() => {
    root = writeRootfs(path.join(dir, 'alpine-3.16'), {
      'etc/os-release': { copyFrom: ALPINE_3_16_OS_RELEASE },
      'lib/apk/db/installed': { copyFrom: APK_DB_3_16 },
    });
  });

  test('branch without secdb data: no findings', async () => {
    // The snapshot stops at v3.11, so nothing can match v3.16, although
    // musl 1.2.3-r0 and busybox 1.35.0-r17 are packages secdb lists elsewhere.
    const result = await runWithDb(db, ['--offline', 'scan', '--format', 'json', '--exit-code', '4', `dir:${root}`]);
    assert.equal(result.code, 0, describeResult(result));
    const report = JSON.parse(result.stdout) as ClairReport;
    assert.deepEqual(findingLines(report), []);
    assert.deepEqual(
      Object.values(report.distributions).map((d) => [d.did, d.version_id]),
      [['alpine', '3.16.0']],
    );
    assert.equal(Object.keys(report.packages).length, 14);
    assert.match(result.stderr, /no records for alpine v3\.16/);
  });

  test('inventory matches the apk database', async () => {
    // P:, V: and o: of each record, read here with a parser of its own.
    const records = fs.readFileSync(APK_DB_3_16, 'utf8').split(/\n\s*\n/).filter((block) => block.trim() !== '');
    const expected = records
      .map((block) => {
        const field = (key: string): string => new RegExp(`^${key}:(.*)$`, 'm').exec(block)?.[1] ?? '';
        return ['apk', field('P'), field('V'), field('o')].join(' ');
      })
      .sort();
    assert.equal(expected.length, 14);

    const result = await runWithDb(db, ['inventory', '--format', 'tsv', `dir:${root}`]);
    assert.equal(result.code, 0, describeResult(result));
    const listed = result.stdout.trimEnd().split('\n').slice(1).map((line) => line.split('\t').slice(0, 4).join(' ')).sort();
    assert.deepEqual(listed, expected);
  });
});
