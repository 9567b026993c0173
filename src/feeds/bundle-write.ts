// Writes a bundle: each feed's latest operation as an NDJSON member, after
// a manifest that lists every member's size and SHA-256. The manifest comes
// first so that import can detect and check a bundle from its first member,
// which means the members are written to temporary files first to learn
// their digests.
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { logger } from '../log.js';
import type { FeedStatus, Store } from '../store/store.js';
import { layerlensVersion } from '../version.js';
import { itemLine } from './bundle-items.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  feedMemberName,
  MANIFEST_MEMBER,
  type BundleFeed,
  type BundleManifest,
  type BundleOperation,
} from './bundle-manifest.js';

const log = logger('feeds.bundle');

/** A written bundle: its manifest and the SHA-256 of the whole file, to compare after copying it. */
export interface WrittenBundle {
  file: string;
  manifest: BundleManifest;
  sha256: string;
  size: number;
}

/**
 * Writes the current operation of each feed in `feeds` to `file`, which is
 * replaced only once the bundle is complete. Temporary files go under
 * os.tmpdir() and are removed, also after an error.
 */
export async function writeBundle(store: Store, feeds: readonly FeedStatus[], file: string): Promise<WrittenBundle> {
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'layerlens-export-'));
  const partial = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.partial`);

  try {
    const entries: BundleFeed[] = [];
    for (const status of feeds) entries.push(await writeMember(store, status, work));

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      layerlensVersion: layerlensVersion(),
      feeds: entries,
    };
    const written = await writeTar(manifest, work, partial);
    await fs.promises.rename(partial, file);

    log.info({ file, feeds: entries.length, bytes: written.size, sha256: written.sha256 }, 'wrote bundle');
    return { file, manifest, ...written };
  } finally {
    await fs.promises.rm(partial, { force: true });
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}

/** Writes one feed's items to a temporary NDJSON file and returns its manifest entry. */
async function writeMember(store: Store, status: FeedStatus, work: string): Promise<BundleFeed> {
  const member = feedMemberName(status.feed);
  const operation = status.lastUpdate;
  const out = fs.createWriteStream(path.join(work, member.replace('/', '-')));
  const hash = createHash('sha256');
  let size = 0;
  let recordCount = 0;

  try {
    for await (const item of store.operationItems(operation.id)) {
      const line = Buffer.from(itemLine(item), 'utf8');
      hash.update(line);
      size += line.length;
      recordCount++;
      if (!out.write(line)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }

  if (recordCount !== operation.recordCount) {
    log.warn({ feed: status.feed, operation: operation.id, stored: operation.recordCount, read: recordCount }, 'operation item count differs from its record count');
  }

  const exported: BundleOperation = { id: operation.id, source: operation.source, createdAt: operation.createdAt };
  if (operation.updater) exported.updater = operation.updater;
  if (operation.fingerprint) exported.fingerprint = operation.fingerprint;
  if (operation.newestRecord) exported.newestRecord = operation.newestRecord;

  return { feed: status.feed, member, sha256: hash.digest('hex'), size, recordCount, operation: exported };
}

/** Packs the manifest and the members into a gzip tar at `target`, hashing the compressed bytes on the way. */
async function writeTar(manifest: BundleManifest, work: string, target: string): Promise<{ sha256: string; size: number }> {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const tap = hashing(hash);
  const writing = pipeline(pack, zlib.createGzip(), tap, fs.createWriteStream(target));
  const mtime = new Date(manifest.createdAt);

  try {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await addEntry(pack, { name: MANIFEST_MEMBER, size: manifestBytes.length, mtime }, [manifestBytes]);
    for (const feed of manifest.feeds) {
      const chunks = fs.createReadStream(path.join(work, feed.member.replace('/', '-'))) as AsyncIterable<Buffer>;
      await addEntry(pack, { name: feed.member, size: feed.size, mtime }, chunks);
    }
    pack.finalize();
  } catch (err) {
    // Ends the pipeline, whose own error would only repeat this one.
    pack.destroy(err as Error);
    await writing.catch(() => undefined);
    throw err;
  }
  await writing;

  return { sha256: hash.digest('hex'), size: tap.bytes };
}

/** Adds one entry through its entry stream, so the pack's backpressure slows the reader down. */
async function addEntry(pack: tar.Pack, header: { name: string; size: number; mtime: Date }, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ ...header, mode: 0o644 }, (err) => (err ? reject(err) : resolve()));
    (async () => {
      for await (const chunk of chunks) {
        if (!entry.write(chunk)) await new Promise<void>((drained) => entry.once('drain', () => drained()));
      }
      entry.end(undefined as unknown as Buffer);
    })().catch(reject);
  });
}

/** Returns a pass-through stream that hashes and counts the bytes that flow through it. */
function hashing(hash: Hash): Transform & { bytes: number } {
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      hash.update(chunk);
      (tap as Transform & { bytes: number }).bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  tap.bytes = 0;
  return tap;
}
