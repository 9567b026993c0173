import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayerFindings, LayerScan } from '../../src/indexer/types.js';
import { openStore } from '../../src/store/index.js';
import { BOOKWORM } from '../matcher/fixtures.js';
import { tempStorePath } from './helpers.js';

const LAYER = 'sha256:9e2b7e3c7f0c9bd5bde1fdc5cd2f1f1d2ab11e0f2fa1bd6c3dbc2a4a7bd2f6e1';

const dpkgFindings: LayerFindings = {
  scanner: 'dpkg',
  scannerVersion: '1',
  packages: [
    {
      ecosystem: 'deb',
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      sourceName: 'openssl',
      sourceVersion: '3.0.11-1~deb12u2',
      arch: 'amd64',
      path: 'var/lib/dpkg/status',
    },
  ],
  databases: ['var/lib/dpkg/status'],
};

const osReleaseFindings: LayerFindings = {
  scanner: 'os-release',
  scannerVersion: '1',
  distribution: BOOKWORM,
  packages: [],
  databases: [],
};

const scan: LayerScan = {
  digest: LAYER,
  changes: { whiteouts: ['etc/apt/sources.list'], opaqueDirs: ['var/cache/apt'] },
  findings: [dpkgFindings, osReleaseFindings],
};

test('layer scan round trip', async () => {
  const store = await openStore(tempStorePath());
  await store.putLayerScan(scan);

  const both = await store.getLayerScan(LAYER, [
    { name: 'dpkg', version: '1' },
    { name: 'os-release', version: '1' },
  ]);
  assert.deepEqual(both, scan);

  const dpkgOnly = await store.getLayerScan(LAYER, [{ name: 'dpkg', version: '1' }]);
  assert.deepEqual(dpkgOnly, { digest: LAYER, changes: scan.changes, findings: [dpkgFindings] });
  await store.close();
});

test('layer scan needs every scanner version', async () => {
  const store = await openStore(tempStorePath());
  await store.putLayerScan(scan);

  const newerDpkg = await store.getLayerScan(LAYER, [{ name: 'dpkg', version: '2' }]);
  assert.equal(newerDpkg, undefined);

  const withApk = await store.getLayerScan(LAYER, [
    { name: 'dpkg', version: '1' },
    { name: 'apk', version: '1' },
  ]);
  assert.equal(withApk, undefined);

  const unknownLayer = await store.getLayerScan(LAYER.replace('9e2b', '0000'), [{ name: 'dpkg', version: '1' }]);
  assert.equal(unknownLayer, undefined);
  await store.close();
});

test('layer scan upsert per scanner version', async () => {
  const store = await openStore(tempStorePath());
  await store.putLayerScan(scan);

  const dpkgV2: LayerFindings = { ...dpkgFindings, scannerVersion: '2', packages: [] };
  const rescanned: LayerScan = {
    digest: LAYER,
    changes: { whiteouts: [], opaqueDirs: [] },
    findings: [dpkgV2],
  };
  await store.putLayerScan(rescanned);

  const v2 = await store.getLayerScan(LAYER, [{ name: 'dpkg', version: '2' }]);
  assert.deepEqual(v2, rescanned);

  // Version 1's findings stay, with the layer's latest changes.
  const v1 = await store.getLayerScan(LAYER, [
    { name: 'dpkg', version: '1' },
    { name: 'os-release', version: '1' },
  ]);
  assert.deepEqual(v1, { ...scan, changes: rescanned.changes });
  await store.close();
});
