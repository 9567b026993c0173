// The npm and PyPI packages LayerLens indexes in the real test images must
// equal the `npm` and `pypi` rows of each image's ground-truth TSV, written
// from the merged root filesystem that umoci unpacked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groundTruthRows, indexSharedImage, withSqliteStore } from '../indexer/index-helpers.js';
import { defaultScanners } from '../../src/indexer/registry.js';
import type { IndexReport } from '../../src/indexer/types.js';

const IMAGES = ['debian-bookworm-minbase', 'debian-multilayer', 'debian-kitchen-sink', 'distroless-like'];
const ECOSYSTEMS = ['npm', 'pypi'];

/**
 * Returns the npm and pypi rows of an image's ground truth as
 * `ecosystem name version path`. The owner columns are compared by the
 * file-owner and CLI inventory tests.
 */
function groundTruth(image: string): string[] {
  return groundTruthRows(image, ECOSYSTEMS).map((row) => [row.ecosystem, row.name, row.version, row.path].join('\t')).sort();
}

function languageRows(report: IndexReport): string[] {
  return report.packages
    .filter((p) => ECOSYSTEMS.includes(p.ecosystem))
    .map((p) => [p.ecosystem, p.name, p.version, p.path].join('\t'))
    .sort();
}

for (const image of IMAGES) {
  test(`npm and pypi packages of ${image} equal the ground truth`, () => withSqliteStore(async (store) => {
    const report = await indexSharedImage(store, image);
    assert.deepEqual(languageRows(report), groundTruth(image));
  }));
}

test('kitchen sink npm and pypi packages', () => withSqliteStore(async (store) => {
  const report = await indexSharedImage(store, 'debian-kitchen-sink');
  const npm = report.packages.filter((p) => p.ecosystem === 'npm');
  const pypi = report.packages.filter((p) => p.ecosystem === 'pypi');

  assert.equal(npm.length, 53);
  const versionOf = (name: string): string[] => npm.filter((p) => p.name === name).map((p) => p.version).sort();
  assert.deepEqual(versionOf('minimist'), ['1.2.0']);
  assert.deepEqual(versionOf('lodash'), ['4.17.15']);
  assert.deepEqual(versionOf('express'), ['4.17.1']);
  // send bundles its own ms beside the top-level one.
  assert.deepEqual(versionOf('ms'), ['2.0.0', '2.1.1']);
  // The application's own package.json is not a package, and its
  // package-lock.json pins only packages installed beside it, so it adds none.
  assert.equal(npm.some((p) => !p.path.includes('/node_modules/')), false);

  assert.deepEqual(pypi.map((p) => `${p.name} ${p.version}`).sort(), ['Jinja2 3.1.2', 'MarkupSafe 2.1.2', 'PyYAML 6.0', 'six 1.16.0', 'urllib3 1.26.12']);
}));

test('multilayer opaque whiteout hides minimist', () => withSqliteStore(async (store) => {
  const report = await indexSharedImage(store, 'debian-multilayer');
  assert.equal(report.layers.length, 4);

  // Layer 2 did carry minimist, so its absence below is the whiteout's work.
  const scanners = defaultScanners().map(({ name, version }) => ({ name, version }));
  const layer2 = await store.getLayerScan(report.layers[1], scanners);
  const npmFindings = layer2?.findings.find((f) => f.scanner === 'npm');
  assert.deepEqual(npmFindings?.packages.map((p) => `${p.name} ${p.version} ${p.path}`), ['minimist 1.2.0 opt/vendor/node_modules/minimist/package.json']);
  const layer4 = await store.getLayerScan(report.layers[3], scanners);
  assert.deepEqual(layer4?.changes.opaqueDirs, ['opt/vendor/node_modules']);

  assert.deepEqual(report.packages.filter((p) => p.ecosystem === 'npm'), []);
}));
