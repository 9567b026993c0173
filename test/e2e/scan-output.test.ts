// `layerlens scan` output and filters, on a bionic root filesystem whose
// dpkg status is written here with versions below some of the fixes in the
// Ubuntu CVE Tracker snapshot, so that fixed, unfixed and high-priority
// findings all occur. Counts come from the tracker oracle.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runCli, runWithDb, writeRootfs } from './cli.js';
import { expectedFindings, extractTracker, readDpkgStatus, readTracker, type ClairReport, type ExpectedFinding } from './uct-oracle.js';

const UCT_SNAPSHOT = sharedPath('feeds', 'ubuntu-cve-tracker-active-2020-06.tar.gz');
const OS_RELEASE = sharedPath('corpus', 'claircore', 'ubuntu', 'testdata', 'dist', '18.04', 'etc', 'os-release');

/**
 * Packages picked for what the tracker states about their sources:
 * - wpa: CVE-2017-13080 and CVE-2017-13081 (`Priority: high`) were
 *   released in 2.4-0ubuntu10, so 2.4-0ubuntu9 is affected;
 * - tiff: CVE-2019-14973 (low) and CVE-2019-17546 (medium) were released
 *   in 4.0.9-5ubuntu0.3, above the 4.0.9-5ubuntu0.2 installed here;
 * - xmlrpc-c: CVE-2012-6702 is `needed` with `Priority: medium` and
 *   `Priority_xmlrpc-c: low`.
 */
const DPKG_STATUS = `Package: wpasupplicant
Status: install ok installed
Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
Architecture: amd64
Source: wpa
Version: 2.4-0ubuntu9

Package: libtiff5
Status: install ok installed
Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
Architecture: amd64
Source: tiff
Version: 4.0.9-5ubuntu0.2

Package: libxmlrpc-core-c3
Status: install ok installed
Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
Architecture: amd64
Source: xmlrpc-c
Version: 1.33.14-8build1

Package: base-files
Status: install ok installed
Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
Architecture: amd64
Version: 10.1ubuntu2.8
`;

/** A package no bionic tracker entry names, for the scan without findings. */
const CLEAN_STATUS = `Package: layerlens-e2e-no-such-package
Status: install ok installed
Maintainer: LayerLens tests <tests@localhost>
Architecture: all
Version: 1.0-1
`;

const TABLE_HEADERS = ['PACKAGE', 'INSTALLED', 'FIXED IN', 'VULNERABILITY', 'SEVERITY'];

let dir: string;
let db: string;
let root: string;
let cleanRoot: string;
let expected: Map<string, ExpectedFinding>;

before(async () => {
  dir = makeTempDir('scan-output');
  db = path.join(dir, 'layerlens.db');
  root = writeRootfs(path.join(dir, 'rootfs'), { 'etc/os-release': { copyFrom: OS_RELEASE }, 'var/lib/dpkg/status': DPKG_STATUS });
  cleanRoot = writeRootfs(path.join(dir, 'clean'), { 'etc/os-release': { copyFrom: OS_RELEASE }, 'var/lib/dpkg/status': CLEAN_STATUS });

  const imported = await runWithDb(db, ['db', 'import', UCT_SNAPSHOT]);
  assert.equal(imported.code, 0, describeResult(imported));

  const tracker = readTracker(extractTracker(UCT_SNAPSHOT, path.join(dir, 'uct')), 'bionic');
  expected = expectedFindings(readDpkgStatus(path.join(root, 'var/lib/dpkg/status')), tracker);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface TableRow {
  package: string;
  installed: string;
  fixedIn: string;
  vulnerability: string;
  severity: string;
}

/** Reads the rows of a cli-table3 table (`│ a │ b │` lines) after checking its header. */
function parseTable(text: string): TableRow[] {
  const lines = text.split('\n').filter((line) => line.startsWith('│'));
  const cells = lines.map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
  assert.deepEqual(cells[0], TABLE_HEADERS, 'table header');
  return cells.slice(1).map(([pkg, installed, fixedIn, vulnerability, severity]) => ({ package: pkg, installed, fixedIn, vulnerability, severity }));
}

const keysOf = (rows: TableRow[]): string[] => rows.map((row) => `${row.package} ${row.vulnerability}`).sort();

/** Oracle keys whose finding passes a filter. */
function expectedKeys(keep: (finding: ExpectedFinding) => boolean = () => true): string[] {
  return [...expected].filter(([, finding]) => keep(finding)).map(([key]) => key).sort();
}

function scan(args: string[], rootfs = root) {
  return runWithDb(db, ['--offline', 'scan', ...args, `dir:${rootfs}`]);
}

describe('table format', () => {
  let rows: TableRow[];
  let stdout: string;

  before(async () => {
    const result = await scan([]);
    assert.equal(result.code, 0, describeResult(result));
    stdout = result.stdout;
    rows = parseTable(stdout);
  });

  test('rows equal the oracle findings', () => {
    assert.ok(expected.size > 10, `the oracle found ${expected.size} findings`);
    assert.deepEqual(keysOf(rows), expectedKeys());
  });

  test('first line names image and distribution', () => {
    assert.match(stdout.split('\n')[0], new RegExp(`^dir:${root} \\(sha256:[0-9a-f]{12}\\): Ubuntu 18\\.04\\.6 LTS, 4 packages in 1 layer$`));
  });

  test('severity reads Normalised (vendor)', () => {
    const row = rows.find((r) => r.package === 'wpasupplicant' && r.vulnerability === 'CVE-2017-13080');
    assert.deepEqual(row, { package: 'wpasupplicant', installed: '2.4-0ubuntu9', fixedIn: '2.4-0ubuntu10', vulnerability: 'CVE-2017-13080', severity: 'High (high)' });

    // The per-package override (low) wins over the CVE's medium priority.
    const overridden = rows.find((r) => r.package === 'libxmlrpc-core-c3' && r.vulnerability === 'CVE-2012-6702');
    assert.equal(overridden?.severity, 'Low (low)');
    assert.equal(overridden?.fixedIn, 'no fix yet');

    for (const r of rows) {
      const finding = expected.get(`${r.package} ${r.vulnerability}`);
      assert.ok(finding);
      const vendor = finding.priority ?? '';
      const normalised = { negligible: 'Negligible', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' }[vendor] ?? 'Unknown';
      assert.equal(r.severity, vendor === '' ? normalised : `${normalised} (${vendor})`, `${r.package} ${r.vulnerability}`);
    }
  });

  test('fixed-in column follows the state', () => {
    for (const r of rows) {
      const finding = expected.get(`${r.package} ${r.vulnerability}`)!;
      const cell = { fixed: finding.fixedVersion, unfixed: 'no fix yet', 'wont-fix': 'will not fix' }[finding.state];
      assert.equal(r.fixedIn, cell, `${r.package} ${r.vulnerability}`);
    }
  });

  test('summary line counts the findings', () => {
    assert.match(stdout, new RegExp(`^Total: ${expected.size} \\(Critical: \\d+, High: \\d+, Medium: \\d+, Low: \\d+, Negligible: \\d+, Unknown: \\d+\\)$`, 'm'));
    const high = expectedKeys((finding) => finding.priority === 'high').length;
    assert.match(stdout, new RegExp(`High: ${high},`));
  });
});

describe('filters', () => {
  test('--severity High,Critical keeps those only', async () => {
    const result = await scan(['--severity', 'High,Critical']);
    assert.equal(result.code, 0, describeResult(result));
    const rows = parseTable(result.stdout);
    const keep = expectedKeys((finding) => finding.priority === 'high' || finding.priority === 'critical');
    assert.ok(keep.includes('wpasupplicant CVE-2017-13080'));
    assert.deepEqual(keysOf(rows), keep);
  });

  test('--severity is case-insensitive', async () => {
    const result = await scan(['--severity', 'low']);
    assert.equal(result.code, 0, describeResult(result));
    assert.deepEqual(keysOf(parseTable(result.stdout)), expectedKeys((finding) => finding.priority === 'low'));
  });

  test('--fixable keeps findings with a fix', async () => {
    const result = await scan(['--fixable']);
    assert.equal(result.code, 0, describeResult(result));
    const rows = parseTable(result.stdout);
    const fixable = expectedKeys((finding) => finding.state === 'fixed');
    assert.ok(fixable.includes('libtiff5 CVE-2019-14973'));
    assert.deepEqual(keysOf(rows), fixable);
    assert.ok(fixable.length < expected.size, 'some findings have no fix');
  });

  test('--severity Bogus fails before reading', async () => {
    // The image does not exist: a scan that read it first would report that instead.
    const missingDb = path.join(dir, 'never-created.db');
    const result = await runWithDb(missingDb, ['scan', '--severity', 'High,Bogus', `oci-archive:${path.join(dir, 'missing.tar')}`]);
    assert.equal(result.code, 2, describeResult(result));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /"Bogus"/);
    for (const name of ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical']) assert.ok(result.stderr.includes(name), `lists ${name}`);
    assert.doesNotMatch(result.stderr, /missing\.tar/);
    assert.equal(fs.existsSync(missingDb), false, 'no store was opened');
  });
});

describe('--exit-code', () => {
  const cases = [
    { title: 'findings remain', args: ['--exit-code', '3'], rootfs: () => root, code: 3 },
    { title: 'filters leave none', args: ['--exit-code', '3', '--severity', 'Critical'], rootfs: () => root, code: 0 },
    { title: 'image has no findings', args: ['--exit-code', '3'], rootfs: () => cleanRoot, code: 0 },
    { title: 'no --exit-code with findings', args: [], rootfs: () => root, code: 0 },
  ];

  for (const { title, args, rootfs, code } of cases) {
    test(title, async () => {
      if (args.includes('Critical')) {
        assert.equal(expectedKeys((finding) => finding.priority === 'critical').length, 0, 'no critical finding expected');
      }
      const result = await scan(args, rootfs());
      assert.equal(result.code, code, describeResult(result));
    });
  }

  test('clean image prints no vulnerabilities', async () => {
    const result = await scan([], cleanRoot);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /^No vulnerabilities found$/m);
  });
});

describe('json format', () => {
  test('Clair report with the filtered findings', async () => {
    const result = await scan(['--format', 'json', '--fixable']);
    assert.equal(result.code, 0, describeResult(result));
    const report = JSON.parse(result.stdout) as ClairReport & Record<string, unknown>;

    for (const key of ['manifest_hash', 'packages', 'distributions', 'repository', 'environments', 'vulnerabilities', 'package_vulnerabilities', 'enrichments']) {
      assert.ok(key in report, `report has "${key}"`);
    }
    const distributions = Object.values(report.distributions as Record<string, { did: string; version_code_name: string }>);
    assert.deepEqual(distributions.map((d) => [d.did, d.version_code_name]), [['ubuntu', 'bionic']]);

    const names = Object.entries(report.package_vulnerabilities)
      .flatMap(([id, vulnerabilities]) => vulnerabilities.map((v) => `${report.packages[id].name} ${report.vulnerabilities[v].name}`))
      .sort();
    assert.deepEqual(names, expectedKeys((finding) => finding.state === 'fixed'));
  });

  test('stdout is only the JSON document', async () => {
    const result = await scan(['--format', 'json']);
    assert.equal(result.code, 0, describeResult(result));
    assert.doesNotThrow(() => JSON.parse(result.stdout));
    assert.equal(result.stderr, '');
  });
});

describe('closed output pipe', () => {
  // `layerlens scan IMAGE | head -1`: the reader goes away before the table is written.
  for (const format of ['table', 'json']) {
    test(`${format} output ends without a crash`, async () => {
      const result = await runCli(['--db', db, '--offline', 'scan', '--format', format, '--exit-code', '3', `dir:${root}`], { closeStdout: true });
      assert.doesNotMatch(result.stderr, /EPIPE|Unhandled|\n\s+at /, 'no stack trace');
      assert.equal(result.code, 3, describeResult(result));
    });
  }
});

describe('warnings on standard error', () => {
  test('empty database stops the scan', async () => {
    const emptyDb = path.join(dir, 'empty.db');

    const result = await runWithDb(emptyDb, ['--offline', 'scan', '--exit-code', '3', `dir:${root}`]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /^layerlens: the vulnerability database .*empty\.db is empty.*layerlens db import FILE/m);
    assert.equal(result.stdout, '');
  });

  test('rootfs without os-release warns', async () => {
    const noRelease = writeRootfs(path.join(dir, 'no-os-release'), { 'var/lib/dpkg/status': DPKG_STATUS });
    const result = await scan([], noRelease);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stderr, new RegExp(`no distribution release found in dir:${noRelease}`));
    assert.match(result.stdout, /unknown distribution, 4 packages/);
    assert.match(result.stdout, /^No vulnerabilities found$/m);
  });
});
