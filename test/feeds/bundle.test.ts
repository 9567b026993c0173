// `db export` and bundle import through `db import`, run as a user does. The
// bundle is checked with tar and sha256sum, and damaged copies are made
// with tar from an extracted bundle: each must be rejected with the store
// unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exportBundle, importBundle, readBundleManifest } from '../../src/feeds/bundle.js';
import type { EnrichmentRecord, FeedItem, VulnerabilityRecord } from '../../src/feeds/types.js';
import { openStore } from '../../src/store/index.js';
import { describeResult, makeTempDir, runWithDb, storeFingerprint } from '../e2e/cli.js';
import { sharedPath } from '../shared.js';

const ALPINE = sharedPath('feeds', 'alpine-secdb-v3.3-v3.11.tar.gz');
const NPM_GHSA = sharedPath('feeds', 'npm.ghsa-subset.osv.zip');
const DEBIAN = sharedPath('feeds', 'debian-security-tracker-dsa-dla-2023-04.tar.gz');

interface Manifest {
  format: string;
  formatVersion: number;
  feeds: Array<{ feed: string; member: string; sha256: string; size: number; recordCount: number; operation: { id: number; fingerprint?: string } }>;
}

interface StatusRow {
  feed: string;
  recordCount: number;
  lastUpdate: { id: number; source: string; fingerprint?: string; newestRecord?: string };
}

let dir: string;
let sourceDb: string;
let bundle: string;
let extracted: string;

function tar(...args: string[]): string {
  return execFileSync('tar', args, { encoding: 'utf8' });
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
}

function readManifest(folder: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
}

async function status(db: string): Promise<StatusRow[]> {
  const result = await runWithDb(db, ['db', 'status', '--format', 'json']);
  assert.equal(result.code, 0, describeResult(result));
  return (JSON.parse(result.stdout) as StatusRow[]).sort((a, b) => a.feed.localeCompare(b.feed));
}

/** Copies the extracted bundle to a new folder, lets `change` edit it, and packs it with the manifest first. */
function damagedCopy(name: string, change: (folder: string, manifest: Manifest) => Manifest | void, members?: (manifest: Manifest) => string[]): string {
  const folder = path.join(dir, `damaged-${name}`);
  fs.cpSync(extracted, folder, { recursive: true });
  const manifest = readManifest(folder);
  const changed = change(folder, manifest) ?? manifest;
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(changed, null, 2));

  const file = path.join(dir, `${name}.tar.gz`);
  const list = members ? members(changed) : ['manifest.json', ...readManifest(extracted).feeds.map((feed) => feed.member)];
  tar('-czf', file, '-C', folder, ...list);
  return file;
}

/** Rewrites a member and puts its new size and SHA-256 in the manifest, as an exporter with a bug would. */
function rewriteConsistently(folder: string, manifest: Manifest, feed: string, edit: (lines: string[]) => string[]): Manifest {
  const entry = manifest.feeds.find((candidate) => candidate.feed === feed)!;
  const file = path.join(folder, entry.member);
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
  fs.writeFileSync(file, `${edit(lines).join('\n')}\n`);
  entry.sha256 = sha256sum(file);
  entry.size = fs.statSync(file).size;
  return manifest;
}

before(async () => {
  dir = makeTempDir('bundle');
  sourceDb = path.join(dir, 'source.db');
  bundle = path.join(dir, 'feeds.tar.gz');
  extracted = path.join(dir, 'extracted');

  const imported = await runWithDb(sourceDb, ['db', 'import', ALPINE, NPM_GHSA]);
  assert.equal(imported.code, 0, describeResult(imported));

  const exported = await runWithDb(sourceDb, ['db', 'export', bundle]);
  assert.equal(exported.code, 0, describeResult(exported));

  fs.mkdirSync(extracted);
  tar('-xzf', bundle, '-C', extracted);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('db export', () => {
  test('manifest is the first member', () => {
    const members = tar('-tzf', bundle).trim().split('\n');
    assert.equal(members[0], 'manifest.json');
    assert.deepEqual(members.slice(1).sort(), ['feeds/alpine-secdb.ndjson', 'feeds/osv-npm.ndjson']);
  });

  test('members match sha256sum, size and line count', () => {
    const manifest = readManifest(extracted);
    assert.equal(manifest.format, 'layerlens-bundle');
    assert.equal(manifest.formatVersion, 1);
    for (const feed of manifest.feeds) {
      const file = path.join(extracted, feed.member);
      assert.equal(feed.sha256, sha256sum(file), `${feed.member} SHA-256`);
      assert.equal(feed.size, fs.statSync(file).size, `${feed.member} size`);
      const lines = execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(' ')[0];
      assert.equal(feed.recordCount, Number(lines), `${feed.member} lines`);
    }
  });

  test('manifest lists each current operation', async () => {
    const manifest = readManifest(extracted);
    const rows = await status(sourceDb);
    assert.deepEqual(
      manifest.feeds.map((feed) => [feed.feed, feed.recordCount, feed.operation.id]),
      rows.map((row) => [row.feed, row.recordCount, row.lastUpdate.id]),
    );
  });

  test('printed SHA-256 is the file digest', async () => {
    const copy = path.join(dir, 'again.tar.gz');
    const result = await runWithDb(sourceDb, ['db', 'export', copy]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, new RegExp(`sha256 ${sha256sum(copy)}\\n$`));
  });

  test('empty store is rejected', async () => {
    const result = await runWithDb(path.join(dir, 'empty.db'), ['db', 'export', path.join(dir, 'nothing.tar.gz')]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /empty, so there is nothing to export/);
    assert.equal(fs.existsSync(path.join(dir, 'nothing.tar.gz')), false);
  });

  test('unknown feed is rejected', async () => {
    const result = await runWithDb(sourceDb, ['db', 'export', '--feed', 'no-such-feed', path.join(dir, 'unknown.tar.gz')]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /has no feed no-such-feed; choose from alpine-secdb, osv-npm/);
  });

  test('feed option limits the bundle', async () => {
    const file = path.join(dir, 'npm-only.tar.gz');
    const result = await runWithDb(sourceDb, ['db', 'export', '--feed', 'osv-npm', file]);
    assert.equal(result.code, 0, describeResult(result));
    assert.deepEqual(tar('-tzf', file).trim().split('\n'), ['manifest.json', 'feeds/osv-npm.ndjson']);
  });

  test('store file as target is rejected', async () => {
    const result = await runWithDb(sourceDb, ['db', 'export', sourceDb]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /is the database file itself/);
  });
});

describe('db import of a bundle', () => {
  test('empty store gets every feed', async () => {
    const db = path.join(dir, 'target.db');
    const result = await runWithDb(db, ['db', 'import', bundle]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /^verified .*: 2 feeds exported by LayerLens .*, every SHA-256 matches$/m);

    const source = await status(sourceDb);
    const target = await status(db);
    assert.deepEqual(target.map((row) => [row.feed, row.recordCount, row.lastUpdate.newestRecord]), source.map((row) => [row.feed, row.recordCount, row.lastUpdate.newestRecord]));
    for (const row of target) assert.equal(row.lastUpdate.source, bundle, `${row.feed} source`);
  });

  test('same bundle again stores nothing', async () => {
    const db = path.join(dir, 'twice.db');
    const first = await runWithDb(db, ['db', 'import', bundle]);
    assert.equal(first.code, 0, describeResult(first));
    const before = await status(db);

    const second = await runWithDb(db, ['db', 'import', bundle]);
    assert.equal(second.code, 0, describeResult(second));
    assert.match(second.stdout, /^unchanged alpine-secdb: the database already has the bundle's fingerprint$/m);
    assert.match(second.stdout, /^unchanged osv-npm: /m);
    assert.doesNotMatch(second.stdout, /^imported /m);
    assert.deepEqual(await status(db), before);
  });

  test('detected by content, not name', async () => {
    const renamed = path.join(dir, 'database-copy.bin');
    fs.copyFileSync(bundle, renamed);
    const result = await runWithDb(path.join(dir, 'renamed.db'), ['db', 'import', renamed]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /^verified .*database-copy\.bin: 2 feeds/m);
    assert.match(result.stdout, /^imported alpine-secdb: 12002 records from /m);
  });

  test('bundle and feed file together', async () => {
    const db = path.join(dir, 'mixed.db');
    const result = await runWithDb(db, ['db', 'import', DEBIAN, bundle]);
    assert.equal(result.code, 0, describeResult(result));
    assert.deepEqual((await status(db)).map((row) => row.feed), ['alpine-secdb', 'debian-dla', 'debian-dsa', 'debian-tracker', 'osv-npm']);
  });
});

describe('damaged bundles', () => {
  // A store that already contains another feed, copied for each case.
  let seededDb: string;

  before(async () => {
    seededDb = path.join(dir, 'seeded.db');
    const seeded = await runWithDb(seededDb, ['db', 'import', DEBIAN]);
    assert.equal(seeded.code, 0, describeResult(seeded));
    assert.equal(fs.existsSync(`${seededDb}-wal`), false, 'the store was checkpointed on close, so its file is complete');
  });

  const CASES: Array<{ name: string; make: () => string; message: RegExp }> = [
    {
      name: 'changed byte in a member',
      make: () =>
        damagedCopy('tampered', (folder, manifest) => {
          const file = path.join(folder, manifest.feeds[0].member);
          const text = fs.readFileSync(file, 'utf8');
          fs.writeFileSync(file, text.replace('"fixed"', '"wont-fix"'));
        }),
      message: /feeds\/alpine-secdb\.ndjson is \d+ bytes, and its manifest lists \d+/,
    },
    {
      name: 'same-size change in a member',
      make: () =>
        damagedCopy('same-size', (folder, manifest) => {
          const file = path.join(folder, manifest.feeds[1].member);
          const text = fs.readFileSync(file, 'utf8');
          fs.writeFileSync(file, text.replace('"High"', '"Hig_"'));
        }),
      message: /feeds\/osv-npm\.ndjson has SHA-256 [0-9a-f]{64}, and its manifest lists [0-9a-f]{64}/,
    },
    {
      name: 'truncated file',
      make: () => {
        const file = path.join(dir, 'truncated.tar.gz');
        const bytes = fs.readFileSync(bundle);
        fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return file;
      },
      message: /damaged or was changed after export: it cannot be read to the end/,
    },
    {
      name: 'missing member',
      make: () => damagedCopy('missing', () => undefined, (manifest) => ['manifest.json', manifest.feeds[0].member]),
      message: /member feeds\/osv-npm\.ndjson \(feed osv-npm\) that its manifest lists is missing/,
    },
    {
      name: 'member not in the manifest',
      make: () =>
        damagedCopy('extra', (folder) => {
          fs.writeFileSync(path.join(folder, 'feeds', 'extra.ndjson'), '{}\n');
        }, (manifest) => ['manifest.json', ...manifest.feeds.map((feed) => feed.member), 'feeds/extra.ndjson']),
      message: /member feeds\/extra\.ndjson is not listed in its manifest/,
    },
    {
      name: 'foreign manifest',
      make: () => damagedCopy('foreign', (_folder, manifest) => ({ ...manifest, format: 'other-tool-export' })),
      message: /is not a LayerLens bundle: its manifest\.json has format "other-tool-export", expected "layerlens-bundle"; give a file written by `layerlens db export`/,
    },
    {
      name: 'newer format version',
      make: () => damagedCopy('newer', (_folder, manifest) => ({ ...manifest, formatVersion: 2 })),
      message: /is a bundle of format version 2, and this LayerLens \(.*\) reads version 1; upgrade LayerLens/,
    },
    {
      name: 'manifest not JSON',
      make: () => {
        const file = damagedCopy('not-json', () => undefined);
        const folder = path.join(dir, 'damaged-not-json');
        fs.writeFileSync(path.join(folder, 'manifest.json'), '{"format": "layerlens-bundle",');
        tar('-czf', file, '-C', folder, 'manifest.json', ...readManifest(extracted).feeds.map((feed) => feed.member));
        return file;
      },
      message: /manifest\.json is not valid JSON .*export it again/,
    },
    {
      // The digests match, so verification passes and the bad line is found while the transaction is open.
      name: 'malformed item, digests consistent',
      make: () =>
        damagedCopy('bad-item', (folder, manifest) =>
          rewriteConsistently(folder, manifest, 'osv-npm', (lines) => [...lines.slice(0, -1), '{"feed":"osv-npm","advisoryId":"GHSA-x"}']),
        ),
      message: /feeds\/osv-npm\.ndjson line 58: field distribution is missing or not a string/,
    },
    {
      name: 'item count differs from the manifest',
      make: () => damagedCopy('count', (folder, manifest) => rewriteConsistently(folder, manifest, 'osv-npm', (lines) => lines.slice(0, -1))),
      message: /member feeds\/osv-npm\.ndjson has 57 items, and its manifest lists 58/,
    },
  ];

  for (const { name, make, message } of CASES) {
    test(`${name} is rejected, store unchanged`, async () => {
      const file = make();
      const db = path.join(dir, `${name.replace(/\W+/g, '-')}.db`);
      fs.copyFileSync(seededDb, db);
      const before = storeFingerprint(db);

      const result = await runWithDb(db, ['db', 'import', file]);
      assert.equal(result.code, 2, describeResult(result));
      assert.match(result.stderr, message);
      assert.deepEqual(storeFingerprint(db), before);
    });
  }
});

test('bad bundle after feed file stores neither', async () => {
  const tampered = path.join(dir, 'tampered.tar.gz');
  assert.ok(fs.existsSync(tampered), 'the damaged bundles were made above');
  const db = path.join(dir, 'mixed-bad.db');

  const result = await runWithDb(db, ['db', 'import', NPM_GHSA, tampered]);
  assert.equal(result.code, 2, describeResult(result));
  assert.match(result.stderr, /tampered\.tar\.gz is damaged or was changed after export/);
  assert.deepEqual(await status(db), []);
});

describe('bundle round trip through the store API', () => {
  // Written by hand: one item of each kind, with every optional field the store keeps.
  const record: VulnerabilityRecord = {
    feed: 'rhel-vex',
    advisoryId: 'CVE-2023-0001',
    cves: ['CVE-2023-0001'],
    aliases: ['RHSA-2023:0001'],
    distribution: 'rhel',
    release: '8',
    packageName: 'nodejs',
    state: 'fixed',
    fixedVersion: '1:18.14.2-2.module+el8.7.0+1+abcdef12',
    vendorSeverity: 'Important',
    severity: 'High',
    description: 'Ünïcode description, kept byte for byte',
    links: ['https://access.redhat.com/security/cve/CVE-2023-0001'],
    published: '2023-01-02T00:00:00Z',
    modified: '2023-02-03T00:00:00Z',
    module: 'nodejs:18',
    arches: ['x86_64', 'aarch64'],
    cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, source: 'secalert@redhat.com' }],
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '18.14.2' }] }],
    affectedVersions: ['18.14.0', '18.14.1'],
  };
  const epss: EnrichmentRecord = { feed: 'epss', kind: 'epss', cve: 'CVE-2023-0001', epss: { score: 0.0123, percentile: 0.456, date: '2026-11-30T00:00:00Z' } };
  const kev: EnrichmentRecord = {
    feed: 'kev',
    kind: 'kev',
    cve: 'CVE-2023-0001',
    kev: { dateAdded: '2023-03-01', dueDate: '2023-03-22', knownRansomwareUse: true, name: 'Example flaw', requiredAction: 'Apply updates.' },
  };

  async function* items(list: FeedItem[]): AsyncIterable<FeedItem> {
    yield* list;
  }

  async function collect(iterable: AsyncIterable<FeedItem>): Promise<FeedItem[]> {
    const list: FeedItem[] = [];
    for await (const item of iterable) list.push(item);
    return list;
  }

  test('items and fingerprints survive', async () => {
    const source = await openStore(path.join(dir, 'api-source.db'));
    const target = await openStore(path.join(dir, 'api-target.db'));
    const file = path.join(dir, 'api.tar.gz');
    try {
      await source.replaceFeedRecords('https://example.test/vex', items([record]), { fingerprint: 'vex-etag-1' });
      await source.replaceFeedRecords('https://example.test/epss', items([epss]), { fingerprint: 'epss-2026-11-30' });
      await source.replaceFeedRecords('https://example.test/kev', items([kev]), { fingerprint: 'kev-2026.11.30' });
      await exportBundle(source, file);

      const manifest = await readBundleManifest(file);
      assert.ok(manifest, 'the export is detected as a bundle');
      const result = await importBundle(target, file, manifest);
      assert.deepEqual(result.operations.map((operation) => operation.feed).sort(), ['epss', 'kev', 'rhel-vex']);

      const fingerprints = (await target.feedStatus()).map((row) => [row.feed, row.lastUpdate.fingerprint]).sort();
      assert.deepEqual(fingerprints, [['epss', 'epss-2026-11-30'], ['kev', 'kev-2026.11.30'], ['rhel-vex', 'vex-etag-1']]);

      for (const row of await target.feedStatus()) {
        const expected = { 'rhel-vex': record, epss, kev }[row.feed];
        assert.deepEqual(await collect(target.operationItems(row.lastUpdate.id)), [expected], row.feed);
      }
    } finally {
      await source.close();
      await target.close();
    }
  });
});
