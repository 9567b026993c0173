// Owners of the language packages of the real kitchen-sink image must equal
// its ground-truth TSV, which took them from the merged root filesystem's
// var/lib/dpkg/info/*.list files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared.js';
import { indexSharedImage, withSqliteStore } from './index-helpers.js';
import { finalFileLists } from '../../src/indexer/file-owners.js';
import { defaultScanners } from '../../src/indexer/registry.js';
import type { IndexReport, LayerScan } from '../../src/indexer/types.js';
import type { Store } from '../../src/store/store.js';

const REGISTERED = new Set(defaultScanners().map((scanner) => scanner.name));

/** Returns the ground-truth rows of one ecosystem as `ecosystem name version source_name source_version path`. */
function groundTruth(image: string, ecosystem: string): string[] {
  const lines = readFileSync(sharedPath('images', `${image}.packages.tsv`), 'utf8').trim().split('\n');
  assert.deepEqual(lines[0].split('\t'), ['ecosystem', 'name', 'version', 'source_name', 'source_version', 'path']);
  return lines.slice(1).filter((line) => line.split('\t')[0] === ecosystem).sort();
}

function rows(report: IndexReport, ecosystem: string): string[] {
  return report.packages
    .filter((p) => p.ecosystem === ecosystem)
    .map((p) => [p.ecosystem, p.name, p.version, p.sourceName, p.sourceVersion, p.path].join('\t'))
    .sort();
}

async function storedScans(store: Store, report: IndexReport): Promise<LayerScan[]> {
  const scanners = defaultScanners().map(({ name, version }) => ({ name, version }));
  const scans = await Promise.all(report.layers.map((digest) => store.getLayerScan(digest, scanners)));
  return scans.map((scan, i) => {
    assert.ok(scan, `layer ${report.layers[i]} not stored`);
    return scan;
  });
}

test('kitchen sink pypi and npm owners', () => withSqliteStore(async (store) => {
  const scanned = await indexSharedImage(store, 'debian-kitchen-sink');
  // The second run reads every layer's findings back from the store.
  const stored = await indexSharedImage(store, 'debian-kitchen-sink');

  for (const report of [scanned, stored]) {
    assert.deepEqual(rows(report, 'pypi'), groundTruth('debian-kitchen-sink', 'pypi'));
    // No deb owns the application's node_modules: the ground truth leaves them empty.
    assert.deepEqual(rows(report, 'npm'), groundTruth('debian-kitchen-sink', 'npm'));
  }
}));

// Scanner name of each ecosystem whose scanner may not be registered yet.
const SCANNERS: Record<string, string> = { maven: 'java', golang: 'golang' };

for (const [ecosystem, scanner] of Object.entries(SCANNERS)) {
  const skip = REGISTERED.has(scanner) ? false : `no ${scanner} scanner is registered`;
  test(`kitchen sink ${ecosystem} owners`, { skip }, () => withSqliteStore(async (store) => {
    const report = await indexSharedImage(store, 'debian-kitchen-sink');
    assert.deepEqual(rows(report, ecosystem), groundTruth('debian-kitchen-sink', ecosystem));
  }));
}

test('multilayer purged curl list removed', () => withSqliteStore(async (store) => {
  const report = await indexSharedImage(store, 'debian-multilayer');
  const scans = await storedScans(store, report);
  const listsOf = (scan: LayerScan): string[] => scan.findings.flatMap((f) => f.fileLists ?? []).map((list) => list.path);

  // Layer 2 installed curl, layer 3 purged it with a whiteout of its list.
  assert.ok(listsOf(scans[1]).includes('var/lib/dpkg/info/curl.list'));
  assert.ok(scans[2].changes.whiteouts.includes('var/lib/dpkg/info/curl.list'));

  const final = finalFileLists(scans);
  const paths = final.map((list) => list.path);
  assert.equal(paths.includes('var/lib/dpkg/info/curl.list'), false);
  assert.ok(paths.includes('var/lib/dpkg/info/libcurl4:amd64.list'));
  // Every list left belongs to a deb that the final status still contains (107 of them).
  const debs = new Set(report.packages.filter((p) => p.ecosystem === 'deb').map((p) => p.name));
  assert.equal(debs.size, 107);
  assert.deepEqual(final.filter((list) => !debs.has(list.package)).map((list) => list.path), []);
}));
