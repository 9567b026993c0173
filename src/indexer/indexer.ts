// The Indexer: turns an image into an IndexReport. Layer scans are kept in
// the store by digest, so a layer scanned by an earlier run is not read again.
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { isUserError } from '../errors.js';
import { decompressLayer } from '../image/decompress.js';
import type { ImageSource, LayerDescriptor, Manifest } from '../image/types.js';
import { logger, type Logger } from '../log.js';
import type { ScannerId, Store } from '../store/store.js';
import { coalesce } from './coalesce.js';
import { scanLayer } from './layer-scan.js';
import { defaultScanners } from './registry.js';
import type { IndexReport, LayerScan, LayerScanner } from './types.js';

/** Progress of one index run, for a progress display. `index` counts layers from 1, bottom first. */
export type IndexProgress =
  | { kind: 'manifest'; manifest: Manifest }
  | { kind: 'layer-start'; index: number; count: number; digest: string; size: number }
  | { kind: 'layer-bytes'; index: number; count: number; digest: string; bytes: number; size: number }
  | { kind: 'layer-done'; index: number; count: number; digest: string; cached: boolean };

export type ProgressListener = (event: IndexProgress) => void;

export class Indexer {
  private readonly store: Store;
  private readonly scanners: LayerScanner[];
  private readonly scannerIds: ScannerId[];
  private readonly log = logger('indexer');

  constructor(store: Store, scanners: LayerScanner[] = defaultScanners()) {
    this.store = store;
    this.scanners = scanners;
    this.scannerIds = scanners.map(({ name, version }) => ({ name, version }));
  }

  /**
   * Indexes the image of `source`: resolves its manifest, scans each layer
   * not stored yet (the stored ones are not read at all), applies the layers
   * bottom to top and stores the IndexReport. A failing layer stores nothing
   * for that layer and no report.
   */
  async index(source: ImageSource, onProgress: ProgressListener = () => {}): Promise<IndexReport> {
    const manifest = await source.resolve();
    const log = this.log.child({ image: source.name, manifest: manifest.digest });
    onProgress({ kind: 'manifest', manifest });
    log.info({ layers: manifest.layers.length }, 'indexing image');

    const scans: LayerScan[] = [];
    for (const [position, layer] of manifest.layers.entries()) {
      const where = { index: position + 1, count: manifest.layers.length, digest: layer.digest };
      onProgress({ kind: 'layer-start', ...where, size: layer.size });

      const stored = await this.store.getLayerScan(layer.digest, this.scannerIds);
      if (stored) {
        log.info({ layer: layer.digest }, 'layer scan found in the store; layer not read');
        scans.push(this.currentFindings(stored));
        onProgress({ kind: 'layer-done', ...where, cached: true });
        continue;
      }

      const scan = await this.scanAndStore(source, layer, log.child({ layer: layer.digest }), (bytes) =>
        onProgress({ kind: 'layer-bytes', ...where, bytes, size: layer.size }));
      scans.push(scan);
      onProgress({ kind: 'layer-done', ...where, cached: false });
    }

    const report = coalesce(scans, manifest);
    await this.store.putIndexReport(report);
    log.info({ packages: report.packages.length, distribution: report.distribution?.prettyName }, 'image indexed');
    return report;
  }

  private async scanAndStore(source: ImageSource, layer: LayerDescriptor, log: Logger, onBytes: (bytes: number) => void): Promise<LayerScan> {
    const started = Date.now();
    log.info({ size: layer.size, mediaType: layer.mediaType }, 'layer scan started');

    let blob: Readable | undefined;
    try {
      blob = countBytes(await source.openBlob(layer), onBytes);
      const tar = await decompressLayer(blob, layer.mediaType, layer.digest);
      const scan = await scanLayer(tar, layer.digest, this.scanners, log);
      await this.store.putLayerScan(scan);

      const packages = scan.findings.reduce((sum, findings) => sum + findings.packages.length, 0);
      log.info({ ms: Date.now() - started, packages, whiteouts: scan.changes.whiteouts.length }, 'layer scan finished');
      return scan;
    } catch (err) {
      // A failure before the end of the blob leaves it open: release its file handle or connection.
      blob?.destroy();
      // The caller reports the error it receives. An input error (a corrupt
      // layer) is logged at info level, so that without --verbose the user
      // sees only that one message, not a second copy with a stack trace.
      const level = isUserError(err) ? 'info' : 'error';
      log[level]({ err, ms: Date.now() - started }, 'layer scan failed');
      throw err;
    }
  }

  /** Keeps only the findings of this Indexer's scanners at their current versions. */
  private currentFindings(scan: LayerScan): LayerScan {
    const findings = scan.findings.filter((f) =>
      this.scannerIds.some((id) => id.name === f.scanner && id.version === f.scannerVersion));
    return { ...scan, findings };
  }
}

/**
 * Passes a blob stream through unchanged, reporting the running byte count.
 * Errors of the blob (a digest mismatch at its end) reach the reader of the
 * returned stream.
 */
function countBytes(blob: Readable, onBytes: (bytes: number) => void): Readable {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      onBytes(bytes);
      callback(null, chunk);
    },
  });

  // The error is delivered through `counter`, which pipeline destroys with it.
  pipeline(blob, counter).catch(() => {});
  return counter;
}
