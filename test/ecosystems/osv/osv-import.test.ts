// `layerlens db import` of every OSV zip in the shared feeds, as a user
// runs it. Record counts are computed here from the zips' JSON: one record
// per non-withdrawn record, ecosystem release and package of the zip's
// ecosystem.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeResult, makeTempDir, runWithDb } from '../../e2e/cli.js';
import { sharedPath } from '../../shared.js';
import { readOsvZip } from './osv-zip-reader.js';
import { writeStoredZip } from '../../feeds/zip-writer.js';

/** Zips named by their ecosystem, with the feed their records go to. */
const SCOPED: { file: string; ecosystem: string; feed: string }[] = [
  ['Go.osv.zip', 'Go'], ['PyPI.osv.zip', 'PyPI'], ['crates.io.osv.zip', 'crates.io'],
  ['npm.ghsa-subset.osv.zip', 'npm'], ['Maven.ghsa-subset.osv.zip', 'Maven'], ['NuGet.ghsa-subset.osv.zip', 'NuGet'],
  ['RubyGems.ghsa-subset.osv.zip', 'RubyGems'], ['Packagist.ghsa-subset.osv.zip', 'Packagist'],
  ['osv-recorded/Alpine.osv.zip', 'Alpine'], ['osv-recorded/Debian.osv.zip', 'Debian'], ['osv-recorded/Go.osv.zip', 'Go'],
  ['osv-recorded/Maven.osv.zip', 'Maven'], ['osv-recorded/NuGet.osv.zip', 'NuGet'], ['osv-recorded/Packagist.osv.zip', 'Packagist'],
  ['osv-recorded/PyPI.osv.zip', 'PyPI'], ['osv-recorded/RubyGems.osv.zip', 'RubyGems'], ['osv-recorded/npm.osv.zip', 'npm'],
].map(([file, ecosystem]) => ({ file: sharedPath('feeds', file!), ecosystem: ecosystem!, feed: `osv-${ecosystem!.toLowerCase()}` }));

/** Zips of records that name no ecosystem LayerLens stores, or name several. */
const UNSCOPED = ['GIT.osv.zip', 'OSS-Fuzz.osv.zip', 'SwiftURL.osv.zip'].map((file) => sharedPath('feeds', 'osv-recorded', file));

/** Debian releases with a codename, and the form of Alpine branches. */
const KNOWN_RELEASE: Record<string, RegExp> = { Debian: /^Debian:(7|8|9|10|11|12|13|14)$/, Alpine: /^Alpine:v\d+\.\d+$/ };

/** Counts distinct (record, ecosystem release, package) of the zip's ecosystem, PyPI names in PEP 503 form. */
async function expectedCount(file: string, ecosystem: string): Promise<number> {
  const keys = new Set<string>();
  for (const record of await readOsvZip(file)) {
    if (record.withdrawn) continue;
    for (const entry of record.affected ?? []) {
      const pkg = entry.package;
      if (pkg === undefined || pkg.ecosystem.split(':')[0] !== ecosystem) continue;
      if (KNOWN_RELEASE[ecosystem] && !KNOWN_RELEASE[ecosystem].test(pkg.ecosystem)) continue;

      const name = ecosystem === 'PyPI' ? pkg.name.replace(/[-_.]+/g, '-').toLowerCase() : ecosystem === 'NuGet' || ecosystem === 'Packagist' ? pkg.name.toLowerCase() : pkg.name;
      keys.add(`${record.id}\u0000${pkg.ecosystem}\u0000${name}`);
    }
  }
  return keys.size;
}

async function recordCounts(db: string): Promise<Map<string, number>> {
  const result = await runWithDb(db, ['db', 'status', '--format', 'json']);
  assert.equal(result.code, 0, describeResult(result));
  return new Map((JSON.parse(result.stdout) as { feed: string; recordCount: number }[]).map((status) => [status.feed, status.recordCount]));
}

describe('db import of OSV zips', () => {
  let dir: string;
  let db: string;

  before(() => {
    dir = makeTempDir('osv-import');
    db = path.join(dir, 'layerlens.db');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { file, ecosystem, feed } of SCOPED) {
    test(`${path.basename(path.dirname(file))}/${path.basename(file)}`, async () => {
      const result = await runWithDb(db, ['db', 'import', file]);
      assert.equal(result.code, 0, describeResult(result));

      const count = await expectedCount(file, ecosystem);
      assert.equal(result.stdout, `imported ${feed}: ${count} records from ${path.resolve(file)}\n`);
    });
  }

  for (const file of UNSCOPED) {
    test(`${path.basename(file)} imports what it can and keeps the other records`, async () => {
      const before = await recordCounts(db);
      const result = await runWithDb(db, ['db', 'import', file]);
      assert.equal(result.code, 0, describeResult(result));

      // Its records join the feeds (replacing those with the same id) rather than replacing the feeds.
      const afterwards = await recordCounts(db);
      for (const [feed, count] of before) assert.ok((afterwards.get(feed) ?? 0) >= count, `${feed} keeps its ${count} records`);
    });
  }

  test('a single record file is added to its feed', async () => {
    const before = await recordCounts(db);
    const file = path.join(dir, 'GHSA-test-0000-0001.json');
    const record = { id: 'GHSA-test-0000-0001', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }] };
    fs.writeFileSync(file, JSON.stringify(record));

    const result = await runWithDb(db, ['db', 'import', file]);
    assert.equal(result.code, 0, describeResult(result));
    assert.equal((await recordCounts(db)).get('osv-npm'), before.get('osv-npm')! + 1);
  });

  test('db status lists every OSV feed with its record count', async () => {
    const result = await runWithDb(db, ['db', 'status', '--format', 'json']);
    assert.equal(result.code, 0, describeResult(result));

    const feeds = (JSON.parse(result.stdout) as { feed: string; recordCount: number }[]).map((status) => status.feed);
    for (const feed of new Set(SCOPED.map((zip) => zip.feed))) assert.ok(feeds.includes(feed), `${feed} is listed`);
  });

  test('a truncated zip is rejected and the database is unchanged', async () => {
    const before = await runWithDb(db, ['db', 'status', '--format', 'json']);
    const truncated = path.join(dir, 'npm.osv.zip');
    const bytes = fs.readFileSync(sharedPath('feeds', 'npm.ghsa-subset.osv.zip'));
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));

    const result = await runWithDb(db, ['db', 'import', truncated]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /npm\.osv\.zip/);
    assert.match(result.stderr, /not a readable feed file/);

    const afterwards = await runWithDb(db, ['db', 'status', '--format', 'json']);
    assert.equal(afterwards.stdout, before.stdout);
  });

  test('a zip member with a malformed record is rejected naming the member', async () => {
    // A valid zip of one stored (uncompressed) member whose JSON record lacks the package name.
    const zipFile = path.join(dir, 'PyPI.osv.zip');
    const record = Buffer.from('{"id": "PYSEC-0000-1", "affected": [{"package": {"ecosystem": "PyPI"}}]}');
    fs.writeFileSync(zipFile, writeStoredZip(new Map([['PYSEC-0000-1.json', record]])));

    const result = await runWithDb(db, ['db', 'import', zipFile]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /PYSEC-0000-1\.json at affected\[0\]\.package\.name/);
  });
});
