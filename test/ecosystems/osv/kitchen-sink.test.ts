// Acceptance: scanning the kitchen-sink image reports the npm findings by
// default, and with --match-os-owned also the Go standard library, PyPI
// and Maven findings (log4j 1.2.17 through its manifest-only jar). The
// expected findings come from the image's ground-truth package list and
// the OSV zips read here with yauzl, evaluated with node-semver (npm, Go),
// the records' own `versions` lists (PyPI) and a numeric comparator
// (Maven), never from LayerLens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describeResult, makeTempDir, runWithDb } from '../../e2e/cli.js';
import { sharedPath } from '../../shared.js';
import { osvAffects, readOsvZip, type RawOsvRecord } from './osv-zip-reader.js';

const IMAGE = `oci-archive:${sharedPath('images', 'debian-images.oci.tar')}:debian-kitchen-sink`;

interface Zip {
  file: string;
  /** OSV ecosystem of the records, as `affected[].package.ecosystem` spells it. */
  ecosystem: string;
  /** Package-URL type of the inventory rows it covers. */
  purlType: string;
  /** Name as the records spell it, from the inventory name. */
  recordName(name: string): string;
  /** Installed version as the records spell it. */
  recordVersion(version: string): string;
  affects(entry: NonNullable<RawOsvRecord['affected']>[number], version: string): boolean;
}

const ZIPS: Zip[] = [
  {
    file: sharedPath('feeds', 'npm.ghsa-subset.osv.zip'),
    ecosystem: 'npm',
    purlType: 'npm',
    recordName: (name) => name,
    recordVersion: (version) => version,
    affects: (entry, version) => osvAffects(entry, version, compareNpm),
  },
  {
    file: sharedPath('feeds', 'Go.osv.zip'),
    ecosystem: 'Go',
    purlType: 'golang',
    recordName: (name) => name,
    // The toolchain tag go1.19.8 is Go module version 1.19.8 (govulncheck's rule).
    recordVersion: (version) => version.replace(/^go/, ''),
    affects: (entry, version) => osvAffects(entry, version, semver.compare),
  },
  {
    file: sharedPath('feeds', 'PyPI.osv.zip'),
    ecosystem: 'PyPI',
    purlType: 'pypi',
    // PEP 503 normal form, which OSV's PyPI names follow loosely.
    recordName: (name) => name.replace(/[-_.]+/g, '-').toLowerCase(),
    recordVersion: (version) => version,
    // OSV.dev lists every affected PyPI release in `versions`.
    affects: (entry, version) => (entry.versions ?? []).includes(version),
  },
  {
    file: sharedPath('feeds', 'Maven.ghsa-subset.osv.zip'),
    ecosystem: 'Maven',
    purlType: 'maven',
    recordName: (name) => name,
    recordVersion: (version) => version,
    affects: (entry, version) => osvAffects(entry, version, compareNumericMaven),
  },
];

/**
 * GitHub writes a few npm bounds as `1.0`, which node-semver rejects;
 * npm reads such a bound as 1.0.0, which coerce gives.
 */
function compareNpm(a: string, b: string): number {
  const parse = (version: string): string => semver.valid(version) ?? semver.coerce(version)?.version ?? assert.fail(`not a semver version: ${version}`);
  return semver.compare(parse(a), parse(b));
}

/**
 * Orders the Maven versions these records and jars use: dotted numbers,
 * optionally with a `-rcN` qualifier that sorts before the release.
 * Anything else fails the test rather than being guessed.
 */
function compareNumericMaven(a: string, b: string): number {
  const parse = (version: string): { numbers: number[]; rc: number } => {
    const match = /^(\d+(?:\.\d+)*)(?:-rc(\d+))?$/.exec(version) ?? assert.fail(`Maven version outside the test comparator: ${version}`);
    return { numbers: match[1]!.split('.').map(Number), rc: match[2] === undefined ? Infinity : Number(match[2]) };
  };
  const [left, right] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(left.numbers.length, right.numbers.length); i++) {
    const difference = (left.numbers[i] ?? 0) - (right.numbers[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.rc === right.rc) return 0;
  return left.rc < right.rc ? -1 : 1;
}

interface InventoryRow {
  ecosystem: string;
  name: string;
  version: string;
  /** The Debian package that owns the file, empty when none. */
  owner: string;
}

function readGroundTruth(): InventoryRow[] {
  const lines = fs.readFileSync(sharedPath('images', 'debian-kitchen-sink.packages.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [ecosystem, name, version, owner] = line.split('\t');
    return { ecosystem: ecosystem!, name: name!, version: version!, owner: owner ?? '' };
  });
}

/** Returns the `ecosystem name version vulnerability` lines the zips state for the packages, one per CVE (or per id when a record names no CVE). */
async function expectedFindings(rows: InventoryRow[], ecosystems: Set<string>): Promise<string[]> {
  const expected = new Set<string>();
  for (const zip of ZIPS) {
    if (!ecosystems.has(zip.purlType)) continue;

    const packages = rows.filter((row) => row.ecosystem === zip.purlType);
    for (const record of await readOsvZip(zip.file)) {
      if (record.withdrawn) continue;

      const cves = [...new Set([...(record.aliases ?? []), record.id].filter((id) => /^CVE-\d{4}-\d+$/.test(id)))];
      for (const row of packages) {
        const entries = (record.affected ?? []).filter((entry) => entry.package?.ecosystem === zip.ecosystem && entry.package.name === zip.recordName(row.name));
        if (!entries.some((entry) => zip.affects(entry, zip.recordVersion(row.version)))) continue;

        for (const name of cves.length > 0 ? cves : [record.id]) expected.add(`${row.ecosystem} ${row.name} ${row.version} ${name}`);
      }
    }
  }
  return [...expected].sort();
}

/** Reads the language findings out of a Clair JSON report, in the same line form. */
function reportedFindings(report: ClairReport, ecosystems: Set<string>, rows: InventoryRow[]): string[] {
  const ecosystemOf = new Map(rows.map((row) => [`${row.name} ${row.version}`, row.ecosystem]));
  const lines = new Set<string>();

  for (const [packageId, vulnerabilityIds] of Object.entries(report.package_vulnerabilities)) {
    const pkg = report.packages[packageId]!;
    const ecosystem = ecosystemOf.get(`${pkg.name} ${pkg.version}`);
    if (ecosystem === undefined || !ecosystems.has(ecosystem)) continue;

    for (const id of vulnerabilityIds) lines.add(`${ecosystem} ${pkg.name} ${pkg.version} ${report.vulnerabilities[id]!.name}`);
  }
  return [...lines].sort();
}

interface ClairReport {
  packages: Record<string, { name: string; version: string }>;
  vulnerabilities: Record<string, { name: string; updater: string; cvss?: { vector: string }[] }>;
  package_vulnerabilities: Record<string, string[]>;
}

describe('kitchen-sink image against the OSV feeds', () => {
  let dir: string;
  let db: string;
  const rows = readGroundTruth();
  const languages = new Set(['npm', 'golang', 'pypi', 'maven']);

  before(async () => {
    dir = makeTempDir('osv-kitchen-sink');
    db = path.join(dir, 'layerlens.db');
    const imported = await runWithDb(db, ['db', 'import', ...ZIPS.map((zip) => zip.file)]);
    assert.equal(imported.code, 0, describeResult(imported));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('default scan reports the npm findings only', async () => {
    const result = await runWithDb(db, ['-q', 'scan', '--format', 'json', IMAGE]);
    assert.equal(result.code, 0, describeResult(result));

    const expected = await expectedFindings(rows, new Set(['npm']));
    assert.ok(expected.length > 0, 'the npm subset has records for the image');
    assert.deepEqual(reportedFindings(JSON.parse(result.stdout) as ClairReport, languages, rows), expected);
  });

  test('--match-os-owned adds Go, PyPI and Maven', async () => {
    const result = await runWithDb(db, ['-q', 'scan', '--format', 'json', '--match-os-owned', IMAGE]);
    assert.equal(result.code, 0, describeResult(result));

    const reported = reportedFindings(JSON.parse(result.stdout) as ClairReport, languages, rows);
    assert.deepEqual(reported, await expectedFindings(rows, languages));

    for (const ecosystem of ['golang stdlib', 'pypi', 'maven']) {
      assert.ok(reported.some((line) => line.startsWith(`${ecosystem} `)), `${ecosystem} findings are reported`);
    }
    assert.ok(reported.includes('maven log4j:log4j 1.2.17 CVE-2021-4104'), 'log4j 1.2.17 is matched through its manifest-only jar');
  });

  test('npm findings carry the GHSA records\' CVSS v3 vectors', async () => {
    const result = await runWithDb(db, ['-q', 'scan', '--format', 'json', IMAGE]);
    const report = JSON.parse(result.stdout) as ClairReport;
    const vectorsByName = new Map<string, Set<string>>();
    for (const vulnerability of Object.values(report.vulnerabilities)) {
      const vectors = vectorsByName.get(vulnerability.name) ?? new Set<string>();
      for (const score of vulnerability.cvss ?? []) vectors.add(score.vector);
      vectorsByName.set(vulnerability.name, vectors);
    }

    const installed = new Set(rows.filter((row) => row.ecosystem === 'npm').map((row) => row.name));
    let checked = 0;
    for (const record of await readOsvZip(ZIPS[0]!.file)) {
      const cve = (record.aliases ?? []).find((id) => id.startsWith('CVE-'));
      if (cve === undefined || !vectorsByName.has(cve) || !record.affected?.some((entry) => installed.has(entry.package?.name ?? ''))) continue;

      for (const severity of record.severity ?? []) {
        if (severity.type !== 'CVSS_V3') continue;
        assert.ok(vectorsByName.get(cve)!.has(severity.score), `${cve} carries ${severity.score} from ${record.id}`);
        checked++;
      }
    }
    assert.ok(checked > 0, 'some reported records state CVSS v3 vectors');
  });

  test('OS-owned packages stay unmatched without the option', async () => {
    const result = await runWithDb(db, ['-q', 'scan', '--format', 'json', IMAGE]);
    const reported = reportedFindings(JSON.parse(result.stdout) as ClairReport, new Set(['golang', 'pypi', 'maven']), rows);

    assert.deepEqual(reported, []);
  });
});
