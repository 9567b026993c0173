// Air-gapped bundles. `db export` writes every feed's current operation to
// one file. `db import` of that file on another machine verifies it and
// loads every feed in one transaction, keeping each feed's fingerprint.
import path from 'node:path';
import { UserError } from '../errors.js';
import { logger } from '../log.js';
import type { Store, UpdateOperation } from '../store/store.js';
import type { BundleManifest } from './bundle-manifest.js';
import { readBundleManifest, readBundleMembers, verifyBundle } from './bundle-read.js';
import { writeBundle, type WrittenBundle } from './bundle-write.js';
import type { FeedItem } from './types.js';

export { readBundleManifest, verifyBundle } from './bundle-read.js';
export type { BundleManifest } from './bundle-manifest.js';
export type { WrittenBundle } from './bundle-write.js';

const log = logger('feeds.bundle');

export interface ExportOptions {
  /** Feeds to export; default every feed in the store. */
  feeds?: readonly string[];
}

/** Result of importing one bundle. */
export interface BundleImport {
  manifest: BundleManifest;
  /** New operations, one per feed whose fingerprint differed from the store's current one. */
  operations: UpdateOperation[];
  /** Feeds the store already had at the bundle's fingerprint, so nothing was stored for them. */
  unchanged: string[];
  /** Feeds whose exported operation had no items; the store keeps what it had for them. */
  empty: string[];
}

/**
 * Exports the current operation of every feed (or of `options.feeds`) to
 * `file`. An empty store or an unknown feed name raises a UserError.
 */
export async function exportBundle(store: Store, file: string, options: ExportOptions = {}): Promise<WrittenBundle> {
  const statuses = await store.feedStatus();
  if (statuses.length === 0) {
    throw new UserError('USAGE', 'the vulnerability database is empty, so there is nothing to export; fill it first with `layerlens db update` or `layerlens db import FILE...`');
  }

  let selected = statuses;
  if (options.feeds && options.feeds.length > 0) {
    const known = new Set(statuses.map((status) => status.feed));
    const unknown = options.feeds.filter((feed) => !known.has(feed));
    if (unknown.length > 0) {
      throw new UserError('USAGE', `the database has no feed ${unknown.join(', ')}; choose from ${[...known].sort().join(', ')}`);
    }
    selected = statuses.filter((status) => options.feeds!.includes(status.feed));
  }

  return writeBundle(store, [...selected].sort((a, b) => a.feed.localeCompare(b.feed)), file);
}

/**
 * Imports a bundle whose manifest `readBundleManifest` returned: verifies
 * every member's SHA-256 first, then loads all feeds in one store
 * transaction, so that a bad bundle leaves the store as it was. Each
 * operation keeps the exported fingerprint, and its source is the bundle's
 * path, so that `scan` never refreshes these feeds from the network on its own.
 */
export async function importBundle(store: Store, file: string, manifest: BundleManifest, options: { keep?: number } = {}): Promise<BundleImport> {
  await verifyBundle(file, manifest);

  // A feed imported from a file has no fingerprint in the exporting store.
  // Its member's digest is used instead, so that importing the same bundle again stores nothing.
  const feedFingerprints: Record<string, string> = {};
  for (const feed of manifest.feeds) feedFingerprints[feed.feed] = feed.operation.fingerprint ?? `sha256:${feed.sha256}`;

  // NOTE: a feed exported with no items gets no operation here, because the
  // store creates operations from items. The exporting store's updater name
  // and state are not restored either, so a later `db update` on this
  // machine starts each updater with a full run.
  const started = Date.now();
  const operations = await store.replaceFeedRecords(path.resolve(file), bundleItems(file, manifest), { feedFingerprints, keep: options.keep });
  const changed = new Set(operations.map((operation) => operation.feed));
  const empty = manifest.feeds.filter((feed) => feed.recordCount === 0).map((feed) => feed.feed);
  const unchanged = manifest.feeds.filter((feed) => feed.recordCount > 0 && !changed.has(feed.feed)).map((feed) => feed.feed);

  log.info({ file, feeds: operations.map((operation) => operation.feed), unchanged, ms: Date.now() - started }, 'imported bundle');
  return { manifest, operations, unchanged, empty };
}

async function* bundleItems(file: string, manifest: BundleManifest): AsyncIterable<FeedItem> {
  for await (const member of readBundleMembers(file, manifest)) yield* member.items;
}
