// The rpm scanner against real rpm databases in all three formats. Expected
// packages for the SQLite and Berkeley DB files come from running the rpm
// tool on scratch copies. rpm cannot read SUSE's ndb format, so the ndb
// expectations are transcribed from go-rpmdb's SLE15WithNDB test case.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { RpmHeader } from '../../src/ecosystems/rpm/header.js';
import { readRpmDatabase, RpmScanner } from '../../src/ecosystems/rpm/scanner.js';
import type { RpmPackage } from '../../src/ecosystems/rpm/package.js';
import { defaultScanners } from '../../src/indexer/registry.js';
import type { LayerFile, Package } from '../../src/indexer/types.js';
import { sharedPath } from '../shared.js';

const TESTDATA = sharedPath('corpus', 'go-rpmdb', 'pkg', 'testdata');
const BDB_FILE = path.join(TESTDATA, 'libuuid', 'Packages');
const NDB_FILE = path.join(TESTDATA, 'sle15-bci', 'Packages.db');
const SQLITE_FILE = path.join(TESTDATA, 'cbl-mariner-2.0', 'rpmdb.sqlite');

const RPM_MISSING = spawnSync('rpm', ['--version']).status === 0 ? false : 'the rpm tool is not installed (apt-get install rpm)';

/** One `rpm -qa` row, every field as rpm prints it (`(none)` for a missing tag). */
interface RpmRow {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch: string;
  sourceRpm: string;
  modularityLabel: string;
  vendor: string;
}

const QUERY_FORMAT = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{MODULARITYLABEL}\\t%{VENDOR}\\n';

/** Runs `rpm -qa` on a scratch copy of a database, because rpm writes lock and WAL files beside it. */
function queryWithRpm(database: string, backend: string): RpmRow[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-rpmdb-'));
  try {
    fs.copyFileSync(database, path.join(dir, path.basename(database)));
    const output = execFileSync('rpm', ['-qa', '--dbpath', dir, '--define', `_db_backend ${backend}`, '--qf', QUERY_FORMAT], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });

    return output.split('\n').filter((line) => line !== '').map((line) => {
      const [name, epoch, version, release, arch, sourceRpm, modularityLabel, vendor] = line.split('\t');
      return { name, epoch, version, release, arch, sourceRpm, modularityLabel, vendor };
    }).filter((row) => row.name !== 'gpg-pubkey');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats a parsed package the way the query format above prints a row. */
function asRow(rpm: RpmPackage): RpmRow {
  const none = (value: string): string => value === '' ? '(none)' : value;
  return {
    name: rpm.name,
    epoch: rpm.epoch === undefined ? '(none)' : String(rpm.epoch),
    version: rpm.version,
    release: rpm.release,
    arch: none(rpm.arch),
    sourceRpm: none(rpm.sourceRpm),
    modularityLabel: none(rpm.modularityLabel),
    vendor: none(rpm.vendor),
  };
}

function sortRows(rows: RpmRow[]): RpmRow[] {
  const key = (row: RpmRow): string => `${row.name}\t${row.arch}\t${row.epoch}\t${row.version}\t${row.release}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Creates a pino logger that keeps its lines, to check the warnings a corrupt database produces. */
function capturingLogger(): { log: pino.Logger; lines: Array<{ msg: string; path?: string }> } {
  const lines: Array<{ msg: string; path?: string }> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string; path?: string }) });
  return { log, lines };
}

function layerFile(filePath: string, contents: Buffer): LayerFile {
  return { path: filePath, contents };
}

function scanOne(filePath: string, contents: Buffer): Package[] {
  return new RpmScanner().scan([layerFile(filePath, contents)]).packages;
}

describe('rpm databases read as rpm reads them', { skip: RPM_MISSING }, () => {
  const cases = [
    { format: 'SQLite', file: SQLITE_FILE, dbPath: 'var/lib/rpm/rpmdb.sqlite', backend: 'sqlite' },
    { format: 'Berkeley DB', file: BDB_FILE, dbPath: 'var/lib/rpm/Packages', backend: 'bdb_ro' },
  ];

  for (const { format, file, dbPath, backend } of cases) {
    test(`${format} package fields match rpm -qa`, () => {
      const expected = queryWithRpm(file, backend);
      assert.ok(expected.length > 0, `rpm listed no packages in ${file}`);

      const { log, lines } = capturingLogger();
      const actual = readRpmDatabase(layerFile(dbPath, fs.readFileSync(file)), log);
      assert.deepEqual(lines, []);
      assert.deepEqual(sortRows(actual.map(asRow)), sortRows(expected));
    });

    test(`${format} inventory packages match rpm -qa`, () => {
      const expected = sortRows(queryWithRpm(file, backend));
      const packages = scanOne(dbPath, fs.readFileSync(file));
      assert.equal(packages.length, expected.length);

      const byName = new Map(packages.map((pkg) => [`${pkg.name}\t${pkg.arch}`, pkg]));
      for (const row of expected) {
        const pkg = byName.get(`${row.name}\t${row.arch}`);
        assert.ok(pkg, `${row.name}.${row.arch} is missing`);

        const epoch = row.epoch === '(none)' || row.epoch === '0' ? '' : `${row.epoch}:`;
        assert.equal(pkg.ecosystem, 'rpm');
        assert.equal(pkg.version, `${epoch}${row.version}-${row.release}`, row.name);
        assert.equal(pkg.path, dbPath);

        // The source rpm's file name rebuilt from the source fields must be the SOURCERPM tag.
        const sourceVersion = pkg.sourceVersion.startsWith(epoch) ? pkg.sourceVersion.slice(epoch.length) : pkg.sourceVersion;
        assert.equal(`${pkg.sourceName}-${sourceVersion}.src.rpm`, row.sourceRpm, row.name);
      }
    });
  }

  test('SQLite epochs come from rpm', () => {
    const rows = queryWithRpm(SQLITE_FILE, 'sqlite');
    const withEpoch = rows.filter((row) => row.epoch !== '(none)' && row.epoch !== '0');
    assert.ok(withEpoch.length > 0, 'the fixture should hold packages with an epoch');

    const packages = scanOne('var/lib/rpm/rpmdb.sqlite', fs.readFileSync(SQLITE_FILE));
    for (const row of withEpoch) {
      const pkg = packages.find((candidate) => candidate.name === row.name);
      assert.equal(pkg?.version, `${row.epoch}:${row.version}-${row.release}`);
      assert.ok(pkg?.sourceVersion.startsWith(`${row.epoch}:`), `${row.name} source version ${pkg?.sourceVersion} lacks the epoch`);
    }
  });
});

describe('rpm ndb database', () => {
  // From go-rpmdb's SLE15WithNDB test case (rpm -qa in
  // registry.suse.com/bci/bci-minimal:15.3) for this same Packages.db.
  const EXPECTED_COUNT = 35;
  const EXPECTED = [
    { name: 'system-user-root', arch: 'noarch', version: '20190513-3.3.1' },
    { name: 'filesystem', arch: 'x86_64', version: '15.0-11.3.2' },
    { name: 'glibc', arch: 'x86_64', version: '2.31-9.3.2' },
    { name: 'libgcc_s1', arch: 'x86_64', version: '11.2.1+git610-1.3.9' },
    { name: 'libstdc++6', arch: 'x86_64', version: '11.2.1+git610-1.3.9' },
    { name: 'ca-certificates-mozilla-prebuilt', arch: 'noarch', version: '2.44-21.1' },
    { name: 'libcrypt1', arch: 'x86_64', version: '4.4.15-2.51' },
    { name: 'perl-base', arch: 'x86_64', version: '5.26.1-15.87' },
    { name: 'rpm-config-SUSE', arch: 'noarch', version: '1-5.6.1' },
    { name: 'rpm-ndb', arch: 'x86_64', version: '4.14.3-40.1' },
  ];

  // Source rpms from go-rpmdb's later rpm -qa listing of the same image,
  // for packages whose version did not change between the two.
  const EXPECTED_SOURCES = [
    { name: 'libreadline7', sourceName: 'bash', sourceVersion: '4.4-19.6.1' },
    { name: 'libattr1', sourceName: 'attr', sourceVersion: '2.4.47-2.19' },
    { name: 'file-magic', sourceName: 'file', sourceVersion: '5.32-7.14.1' },
    { name: 'libzstd1', sourceName: 'zstd', sourceVersion: '1.4.4-1.6.1' },
  ];

  const packages = scanOne('usr/lib/sysimage/rpm/Packages.db', fs.readFileSync(NDB_FILE));

  test('ndb package count', () => {
    assert.equal(packages.length, EXPECTED_COUNT);
  });

  for (const expected of EXPECTED) {
    test(`ndb ${expected.name}`, () => {
      const pkg = packages.find((candidate) => candidate.name === expected.name);
      assert.ok(pkg, `${expected.name} is missing`);
      assert.equal(pkg.version, expected.version);
      assert.equal(pkg.arch, expected.arch);
    });
  }

  for (const expected of EXPECTED_SOURCES) {
    test(`ndb ${expected.name} source`, () => {
      const pkg = packages.find((candidate) => candidate.name === expected.name);
      assert.equal(pkg?.sourceName, expected.sourceName);
      assert.equal(pkg?.sourceVersion, expected.sourceVersion);
    });
  }

  test('ndb vendor', () => {
    const { log } = capturingLogger();
    const rpms = readRpmDatabase(layerFile('var/lib/rpm/Packages.db', fs.readFileSync(NDB_FILE)), log);
    assert.ok(rpms.every((rpm) => rpm.vendor === 'SUSE LLC <https://www.suse.com/>'), 'every SLE package names SUSE as vendor');
  });
});

describe('corrupt rpm databases', () => {
  const truncations = [
    { format: 'SQLite', file: SQLITE_FILE, dbPath: 'var/lib/rpm/rpmdb.sqlite', keep: 4096 },
    { format: 'SQLite', file: SQLITE_FILE, dbPath: 'var/lib/rpm/rpmdb.sqlite', keep: 10 },
    { format: 'ndb', file: NDB_FILE, dbPath: 'var/lib/rpm/Packages.db', keep: 8192 },
    { format: 'ndb', file: NDB_FILE, dbPath: 'var/lib/rpm/Packages.db', keep: 20 },
    { format: 'Berkeley DB', file: BDB_FILE, dbPath: 'var/lib/rpm/Packages', keep: 8192 },
    { format: 'Berkeley DB', file: BDB_FILE, dbPath: 'var/lib/rpm/Packages', keep: 100 },
  ];

  for (const { format, file, dbPath, keep } of truncations) {
    test(`${format} truncated to ${keep} bytes`, () => {
      const { log, lines } = capturingLogger();
      const contents = fs.readFileSync(file).subarray(0, keep);

      const packages = readRpmDatabase(layerFile(dbPath, contents), log);
      assert.deepEqual(packages, []);
      assert.equal(lines.length, 1);
      assert.equal(lines[0].path, dbPath);
    });
  }

  test('garbage file yields a warning', () => {
    const { log, lines } = capturingLogger();
    const packages = readRpmDatabase(layerFile('var/lib/rpm/Packages', Buffer.alloc(65536, 0xa5)), log);
    assert.deepEqual(packages, []);
    assert.equal(lines.length, 1);
  });

  test('scanner lists a corrupt database', () => {
    const findings = new RpmScanner().scan([layerFile('var/lib/rpm/rpmdb.sqlite', Buffer.from('SQLite format 3\0broken'))]);
    assert.deepEqual(findings.packages, []);
    assert.deepEqual(findings.databases, ['var/lib/rpm/rpmdb.sqlite']);
  });

  test('header truncated inside its data', () => {
    const blob = fs.readFileSync(path.join(TESTDATA, 'blob.bin'));
    assert.doesNotThrow(() => RpmHeader.parse(blob));
    assert.throws(() => RpmHeader.parse(blob.subarray(0, blob.length - 100)), { name: 'InvalidHeaderError' });
    assert.throws(() => RpmHeader.parse(blob.subarray(0, 6)), { name: 'InvalidHeaderError' });
  });
});

describe('rpm scanner paths', () => {
  const cases: Array<[string, boolean]> = [
    ['var/lib/rpm/Packages', true],
    ['var/lib/rpm/Packages.db', true],
    ['var/lib/rpm/rpmdb.sqlite', true],
    ['usr/lib/sysimage/rpm/Packages', true],
    ['usr/lib/sysimage/rpm/Packages.db', true],
    ['usr/lib/sysimage/rpm/rpmdb.sqlite', true],
    ['var/lib/rpm/rpmdb.sqlite-wal', false],
    ['var/lib/rpm/Name', false],
    ['var/lib/rpm/sub/Packages', false],
    ['opt/var/lib/rpm/Packages', false],
  ];

  for (const [filePath, wanted] of cases) {
    test(`wants ${filePath}: ${wanted}`, () => {
      assert.equal(new RpmScanner().wants(filePath), wanted);
    });
  }

  test('newer backend shadows Packages', () => {
    const findings = new RpmScanner().scan([
      layerFile('var/lib/rpm/Packages', fs.readFileSync(BDB_FILE)),
      layerFile('var/lib/rpm/rpmdb.sqlite', fs.readFileSync(SQLITE_FILE)),
    ]);
    assert.deepEqual(findings.databases.sort(), ['var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite']);
    assert.ok(findings.packages.every((pkg) => pkg.path === 'var/lib/rpm/rpmdb.sqlite'));
    assert.ok(!findings.packages.some((pkg) => pkg.name === 'libuuid'), 'the older Packages file is not read');
  });

  test('linked database counts once', () => {
    const contents = fs.readFileSync(NDB_FILE);
    const findings = new RpmScanner().scan([
      layerFile('var/lib/rpm/Packages.db', contents),
      layerFile('usr/lib/sysimage/rpm/Packages.db', contents),
    ]);
    assert.equal(findings.databases.length, 2);
    assert.ok(findings.packages.length > 0);
    assert.ok(findings.packages.every((pkg) => pkg.path === 'usr/lib/sysimage/rpm/Packages.db'));
  });

  test('default scanners include rpm', () => {
    assert.ok(defaultScanners().some((scanner) => scanner.name === 'rpm'));
  });
});
