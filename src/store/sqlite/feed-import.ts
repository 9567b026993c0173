// Replaces feeds' records from a stream of feed items, in one transaction
// that stays open while the stream is read: one new update operation per
// feed, carried-over rows for delta feeds, and old operations deleted.
import type { Database } from 'better-sqlite3';
import { UserError } from '../../errors.js';
import { isEnrichment, type FeedItem } from '../../feeds/types.js';
import { logger } from '../../log.js';
import { DEFAULT_OPERATIONS_KEPT, type ReplaceOptions, type UpdateOperation } from '../store.js';
import type { EnrichmentTable } from './enrichments.js';
import type { UpdateOperationTable } from './update-operations.js';
import type { VulnerabilityRecordTable } from './vulnerability-records.js';

const log = logger('store');

export interface FeedTables {
  operations: UpdateOperationTable;
  records: VulnerabilityRecordTable;
  enrichments: EnrichmentTable;
}

/**
 * Inserts the items as they arrive under one new operation per feed, then
 * commits. When the stream throws, rolls back and re-throws, so that the
 * previous records stay as they were. The caller runs one import at a time
 * on a connection and no other write while it runs.
 */
export async function importFeedItems(
  db: Database,
  tables: FeedTables,
  source: string,
  stream: AsyncIterable<FeedItem>,
  options: ReplaceOptions = {},
): Promise<UpdateOperation[]> {
  const { operations } = tables;
  const keep = operationsKept(options.keep);
  const { updater, state, carryOver } = options;
  const fingerprintOf = (feed: string): string | undefined => options.feedFingerprints?.[feed] ?? options.fingerprint;
  const isUnchanged = (feed: string): boolean => {
    const fingerprint = fingerprintOf(feed);
    return fingerprint !== undefined && operations.latest(feed)?.fingerprint === fingerprint;
  };

  if (updater !== undefined && updaterUnchanged(operations.feedsOf(updater), isUnchanged)) {
    db.transaction(() => recordCheck(operations, updater, state)).immediate();
    log.info({ updater, source, fingerprint: options.fingerprint }, 'upstream content unchanged; no operation stored');
    return [];
  }

  const started = new Map<string, number>();
  const unchanged = new Set<string>();
  const begin = (feed: string): void => {
    if (isUnchanged(feed)) unchanged.add(feed);
    else started.set(feed, operations.begin(feed, source, updater, fingerprintOf(feed), state));
  };

  // IMMEDIATE takes the write lock now: a deferred transaction could fail
  // with SQLITE_BUSY halfway through if another process wrote meanwhile.
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const item of stream) {
      if (!started.has(item.feed) && !unchanged.has(item.feed)) begin(item.feed);
      const operationId = started.get(item.feed);
      if (operationId === undefined) continue;

      if (isEnrichment(item)) tables.enrichments.insert(operationId, item);
      else tables.records.insert(operationId, item);
    }

    // A feed the updater wrote before and that has no item now is empty
    // upstream, or, for a delta feed, unchanged apart from its removals.
    if (updater !== undefined) {
      for (const feed of operations.feedsOf(updater)) {
        if (!started.has(feed) && !unchanged.has(feed)) begin(feed);
      }
    }

    const createdAt = new Date().toISOString();
    const committed: UpdateOperation[] = [];
    for (const [feed, operationId] of started) {
      const previous = operations.latest(feed);
      if (carryOver !== undefined && previous !== undefined) {
        tables.records.carry(previous.id, operationId, carryOver.remove);
        tables.enrichments.carry(previous.id, operationId, carryOver.remove);
      }
      committed.push(operations.commit(operationId, createdAt));
      operations.deleteOlder(feed, keep);
    }
    if (updater !== undefined) {
      if (started.size === 0) recordCheck(operations, updater, state);
      else operations.markChecked(updater, createdAt);
    }
    db.exec('COMMIT');

    for (const operation of committed) {
      log.info(
        { source, updater, feed: operation.feed, operation: operation.id, records: operation.recordCount, fingerprint: operation.fingerprint },
        'replaced feed records',
      );
    }
    if (unchanged.size > 0) log.info({ source, updater, feeds: [...unchanged] }, 'feeds unchanged; no operation stored for them');
    return committed;
  } catch (err) {
    // SQLite has already rolled back after some errors (SQLITE_FULL, for one).
    if (db.inTransaction) db.exec('ROLLBACK');
    log.info({ source, updater, err }, 'feed import rolled back; the previous records are unchanged');
    throw err;
  }
}

/** Records a run that stored no operation: its time and, when given, the updater's new state. */
export function recordCheck(operations: UpdateOperationTable, updater: string, state: Record<string, unknown> | undefined): void {
  if (state !== undefined) operations.saveState(updater, state);
  operations.markChecked(updater, new Date().toISOString());
}

/** True when the updater has written feeds and every one of them already has this fingerprint. */
function updaterUnchanged(feeds: string[], isUnchanged: (feed: string) => boolean): boolean {
  return feeds.length > 0 && feeds.every(isUnchanged);
}

function operationsKept(keep: number | undefined): number {
  if (keep === undefined) return DEFAULT_OPERATIONS_KEPT;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new UserError('INVALID_CONFIG', `cannot keep ${keep} update operations per feed; set updaters.retention to a whole number of at least 1 (default ${DEFAULT_OPERATIONS_KEPT})`);
  }
  return keep;
}
