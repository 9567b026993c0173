// An air-gapped round trip: every shared feed file that `db import` accepts
// goes into store 1, store 1 is exported as a bundle, and the bundle is
// imported into an empty store 2. Scans of every shared image, and of the
// Ubuntu root filesystem made from corpus files, must then report exactly
// the same with either store. The image list is read from the archives'
// own index files with tar, not through LayerLens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { sharedFeedFiles } from '../feeds/shared-feed-files.js';
import { describeResult, makeTempDir, runWithDb, writeRootfs } from './cli.js';

const OCI_ARCHIVE = sharedPath('images', 'debian-images.oci.tar');
const DOCKER_ARCHIVE = sharedPath('images', 'debian-images.docker-archive.tar.gz');
const UBUNTU_OS_RELEASE = sharedPath('corpus', 'claircore', 'ubuntu', 'testdata', 'dist', '18.04', 'etc', 'os-release');
const UBUNTU_DPKG_STATUS = sharedPath('corpus', 'claircore', 'dpkg', 'testdata', 'texlive.status');

/** Feeds that `db import` has read since its first version; the round trip must include them. */
const REQUIRED_FEEDS = ['alpine-secdb', 'debian-dsa', 'debian-dla', 'ubuntu-uct'];

interface StatusRow {
  feed: string;
  recordCount: number;
  lastUpdate: { newestRecord?: string };
}

interface ClairReport {
  vulnerabilities: Record<string, unknown>;
  package_vulnerabilities: Record<string, string[]>;
}

let dir: string;
let store1: string;
let store2: string;
const imported: string[] = [];
const skipped: string[] = [];

/** Image references of both shared archives, read from their index.json and manifest.json with tar. */
function imageReferences(): string[] {
  const index = JSON.parse(execFileSync('tar', ['-xOf', OCI_ARCHIVE, 'index.json'], { encoding: 'utf8' })) as {
    manifests: Array<{ annotations?: Record<string, string> }>;
  };
  const ociNames = index.manifests.map((manifest) => manifest.annotations?.['org.opencontainers.image.ref.name']).filter((name): name is string => !!name);

  const dockerManifest = JSON.parse(execFileSync('tar', ['-xzOf', DOCKER_ARCHIVE, 'manifest.json'], { encoding: 'utf8' })) as Array<{ RepoTags?: string[] }>;
  const dockerTags = dockerManifest.flatMap((entry) => entry.RepoTags ?? []);

  return [...ociNames.map((name) => `oci-archive:${OCI_ARCHIVE}:${name}`), ...dockerTags.map((tag) => `docker-archive:${DOCKER_ARCHIVE}:${tag}`)];
}

async function status(db: string): Promise<StatusRow[]> {
  const result = await runWithDb(db, ['db', 'status', '--format', 'json']);
  assert.equal(result.code, 0, describeResult(result));
  return (JSON.parse(result.stdout) as StatusRow[]).sort((a, b) => a.feed.localeCompare(b.feed));
}

async function scan(db: string, reference: string, options: string[]): Promise<ClairReport> {
  const result = await runWithDb(db, ['--offline', 'scan', '--format', 'json', ...options, reference]);
  assert.equal(result.code, 0, describeResult(result));
  return JSON.parse(result.stdout) as ClairReport;
}

before(async () => {
  dir = makeTempDir('bundle-scan');
  store1 = path.join(dir, 'store1.db');
  store2 = path.join(dir, 'store2.db');

  for (const file of sharedFeedFiles()) {
    const result = await runWithDb(store1, ['db', 'import', file]);
    if (result.code === 2 && /no known feed found/.test(result.stderr)) {
      skipped.push(path.basename(file));
      continue;
    }
    assert.equal(result.code, 0, `${file}\n${describeResult(result)}`);
    imported.push(path.basename(file));
  }

  const bundle = path.join(dir, 'feeds.tar.gz');
  const exported = await runWithDb(store1, ['db', 'export', bundle]);
  assert.equal(exported.code, 0, describeResult(exported));
  const loaded = await runWithDb(store2, ['db', 'import', bundle]);
  assert.equal(loaded.code, 0, describeResult(loaded));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('feed files imported or skipped', (t) => {
  t.diagnostic(`imported: ${imported.join(', ')}`);
  t.diagnostic(`skipped (no parser accepts them): ${skipped.join(', ')}`);
  assert.ok(imported.length >= 3, `${imported.length} files imported`);
});

test('both stores have the same feeds', async () => {
  const first = await status(store1);
  const second = await status(store2);
  for (const feed of REQUIRED_FEEDS) assert.ok(first.some((row) => row.feed === feed), `store 1 has ${feed}`);
  assert.deepEqual(
    second.map((row) => [row.feed, row.recordCount, row.lastUpdate.newestRecord]),
    first.map((row) => [row.feed, row.recordCount, row.lastUpdate.newestRecord]),
  );
});

describe('scans with both stores', () => {
  const references = imageReferences();
  let ubuntuRoot: string;
  let findings = 0;

  before(() => {
    ubuntuRoot = writeRootfs(path.join(dir, 'bionic'), {
      'etc/os-release': { copyFrom: UBUNTU_OS_RELEASE },
      'var/lib/dpkg/status': { copyFrom: UBUNTU_DPKG_STATUS },
    });
  });

  test('archives list the shared images', () => {
    assert.equal(references.filter((reference) => reference.startsWith('oci-archive:')).length, 4);
    assert.equal(references.filter((reference) => reference.startsWith('docker-archive:')).length, 3);
  });

  const cases: Array<{ name: string; options: string[] }> = [
    { name: 'default', options: [] },
    { name: 'match-os-owned', options: ['--match-os-owned'] },
  ];

  for (const { name, options } of cases) {
    test(`images report identically, ${name}`, async () => {
      for (const reference of [...references, `dir:${ubuntuRoot}`]) {
        const [first, second] = await Promise.all([scan(store1, reference, options), scan(store2, reference, options)]);
        assert.deepEqual(second, first, `${reference} ${name}`);
        findings += Object.values(first.package_vulnerabilities).reduce((sum, ids) => sum + ids.length, 0);
      }
    });
  }

  test('reports compared are not empty', (t) => {
    t.diagnostic(`${findings} findings compared`);
    assert.ok(findings > 100, `${findings} findings compared`);
  });
});
