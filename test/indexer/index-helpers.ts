// Helpers for indexer tests: a SQLite store in a temporary folder, the shared
// OCI archive of real images and their ground truth, OCI layouts built from
// files at test time, and synthetic manifests for coalescer tests.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sharedPath } from '../shared.js';
import { blob, descriptorOf, OCI_CONFIG, OCI_LAYER_GZIP, OCI_MANIFEST, sha256, tarOf, writeLayout } from '../image/sources-fixtures.js';
import { openImage } from '../../src/image/reference.js';
import type { Manifest } from '../../src/image/types.js';
import { Indexer } from '../../src/indexer/indexer.js';
import type { IndexReport, LayerScanner } from '../../src/indexer/types.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';

const OCI = sharedPath('images', 'debian-images.oci.tar');

/** Runs `run` on a fresh SQLite store, then closes it and deletes its folder. */
export async function withSqliteStore(run: (store: Store) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlens-index-'));
  const store = await openStore(path.join(dir, 'test.db'));
  try {
    await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Indexes one image of the shared OCI archive, selected by its ref name, with `scanners` (the default scanners when omitted). */
export async function indexSharedImage(store: Store, image: string, scanners?: LayerScanner[]): Promise<IndexReport> {
  const source = await openImage(`oci-archive:${OCI}:${image}`, { platform: 'linux/amd64' });
  try {
    return await new Indexer(store, scanners).index(source);
  } finally {
    await source.close();
  }
}

/** One row of an image's ground-truth TSV. */
export interface GroundTruthRow {
  ecosystem: string;
  name: string;
  version: string;
  sourceName: string;
  sourceVersion: string;
  path: string;
}

/**
 * Reads the rows of a shared image's ground truth, which was written from the
 * merged root filesystem that umoci unpacked, keeping those of `ecosystems`.
 */
export function groundTruthRows(image: string, ecosystems: readonly string[]): GroundTruthRow[] {
  const lines = readFileSync(sharedPath('images', `${image}.packages.tsv`), 'utf8').trim().split('\n');
  assert.deepEqual(lines[0].split('\t'), ['ecosystem', 'name', 'version', 'source_name', 'source_version', 'path']);

  return lines.slice(1)
    .map((line) => line.split('\t'))
    .filter(([ecosystem]) => ecosystems.includes(ecosystem))
    .map(([ecosystem, name, version, sourceName, sourceVersion, filePath]) => ({ ecosystem, name, version, sourceName, sourceVersion, path: filePath }));
}

/**
 * Indexes a linux/amd64 image built in a temporary OCI layout. Each layer
 * contains the files of one `path → contents` record, bottom layer first,
 * and a `.wh.NAME` entry deletes NAME. The default scanners run unless
 * `scanners` is given.
 */
export async function indexLayers(store: Store, layers: Record<string, string>[], scanners?: LayerScanner[]): Promise<IndexReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlens-layout-'));
  try {
    const tars = await Promise.all(layers.map((files) => tarOf(files)));
    const layerBlobs = tars.map((tar) => blob(OCI_LAYER_GZIP, zlib.gzipSync(tar)));
    const config = blob(OCI_CONFIG, JSON.stringify({
      architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: tars.map((tar) => sha256(tar)) },
    }));
    const manifest = blob(OCI_MANIFEST, JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf(config), layers: layerBlobs.map((layer) => descriptorOf(layer)),
    }));
    writeLayout(dir, [descriptorOf(manifest)], [manifest, config, ...layerBlobs]);

    const source = await openImage(`oci:${dir}`);
    try {
      return await new Indexer(store, scanners).index(source);
    } finally {
      await source.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Returns a fake layer digest made of one repeated digit. */
export const digestOf = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** Returns a manifest of `count` layers whose digests are digestOf(1), digestOf(2), .... */
export function syntheticManifest(count: number): Manifest {
  return {
    digest: 'sha256:feed',
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c0', size: 1 },
    layers: Array.from({ length: count }, (_, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digestOf(i + 1), size: 10 })),
    reference: 'oci-archive:test.tar:x',
  };
}
