import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Ecosystem, ImagePackage, IndexReport } from '../../src/indexer/types.js';
import { openStore } from '../../src/store/index.js';
import { sharedPath } from '../shared.js';
import { BOOKWORM } from '../matcher/fixtures.js';
import { queryFile, tempStorePath } from './helpers.js';

const MANIFEST = 'sha256:5f0b6c5a0cf1ef1e6c2bb0e4e0e6cbcb9b8a3b2e1d3d8a4a1fe7f4a07e2d3c41';
const BASE_LAYER = 'sha256:1b1d1a3b6f1bb4bb4b1c9d2f0a1e4dd3c7a6c5f6d0e9b8f7a6e5d4c3b2a10987';

/** Reads a ground-truth package list of the test images into image packages of one layer. */
function groundTruthPackages(image: string): ImagePackage[] {
  const lines = fs.readFileSync(sharedPath('images', `${image}.packages.tsv`), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [ecosystem, name, version, sourceName, sourceVersion, path] = line.split('\t');
    return { ecosystem: ecosystem as Ecosystem, name, version, sourceName, sourceVersion, arch: 'amd64', path, layer: BASE_LAYER };
  });
}

function multilayerReport(): IndexReport {
  return {
    manifestDigest: MANIFEST,
    reference: 'oci-archive:debian-images.oci.tar:debian-multilayer',
    distribution: BOOKWORM,
    packages: groundTruthPackages('debian-multilayer'),
    layers: [BASE_LAYER],
  };
}

test('index report round trip', async () => {
  const report = multilayerReport();
  assert.ok(report.packages.length > 50, 'the ground truth lists the image packages');
  const store = await openStore(tempStorePath());

  await store.putIndexReport(report);

  assert.deepEqual(await store.getIndexReport(MANIFEST), report);
  assert.equal(await store.getIndexReport(MANIFEST.replace('5f0b', '0000')), undefined);
  await store.close();
});

test('index report without distribution', async () => {
  const report: IndexReport = { ...multilayerReport(), packages: groundTruthPackages('distroless-like') };
  delete report.distribution;
  const store = await openStore(tempStorePath());

  await store.putIndexReport(report);

  const stored = await store.getIndexReport(MANIFEST);
  assert.deepEqual(stored, report);
  assert.ok(stored !== undefined);
  assert.ok(!('distribution' in stored));
  await store.close();
});

test('index report replaces older one', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  await store.putIndexReport(multilayerReport());

  const smaller: IndexReport = { ...multilayerReport(), packages: multilayerReport().packages.slice(0, 3) };
  await store.putIndexReport(smaller);

  assert.deepEqual(await store.getIndexReport(MANIFEST), smaller);
  const rows = queryFile<{ count: number }>(
    file,
    'SELECT count(*) AS count FROM index_report_packages WHERE manifest_digest = ?',
    MANIFEST,
  );
  assert.equal(rows[0].count, 3);
  await store.close();
});

test('manifests found by source package', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  await store.putIndexReport(multilayerReport());
  await store.close();

  const sql = `SELECT DISTINCT manifest_digest FROM index_report_packages WHERE ecosystem = 'deb' AND source_name = ?`;
  const expected = groundTruthPackages('debian-multilayer').some((pkg) => pkg.sourceName === 'openssl') ? [MANIFEST] : [];
  assert.deepEqual(queryFile<{ manifest_digest: string }>(file, sql, 'openssl').map((r) => r.manifest_digest), expected);
  assert.deepEqual(queryFile(file, sql, 'no-such-package'), []);

  const plan = queryFile<{ detail: string }>(file, `EXPLAIN QUERY PLAN ${sql}`, 'openssl');
  assert.ok(plan.some((row) => row.detail.includes('index_report_packages_by_source')), JSON.stringify(plan));
});

test('unknown package fields survive round trip', async () => {
  const report = multilayerReport();
  const withExtra = { ...report, packages: [{ ...report.packages[0], cpe: 'cpe:2.3:a:debian:adduser:3.134' }], scannedBy: 'test' };
  const store = await openStore(tempStorePath());

  await store.putIndexReport(withExtra);

  assert.deepEqual(await store.getIndexReport(MANIFEST), withExtra);
  await store.close();
});
