// Replaces feeds' records from a stream of records, in one transaction that
// stays open while the stream is read.
import type { Database } from 'better-sqlite3';
import type { VulnerabilityRecord } from '../../feeds/types.js';
import { logger } from '../../log.js';
import type { UpdateOperation } from '../store.js';
import type { UpdateOperationTable } from './update-operations.js';
import type { VulnerabilityRecordTable } from './vulnerability-records.js';

const log = logger('store');

/** Operations kept per feed: the current one and the one before, for the notifier's diff. */
const OPERATIONS_KEPT = 2;

interface StartedOperation {
  id: number;
  recordCount: number;
}

/**
 * Inserts the records as they arrive under one new operation per feed, then
 * commits. When the stream throws, rolls back and re-throws, so that the
 * previous records stay as they were. The caller runs one import at a time
 * on a connection and no other write while it runs.
 */
export async function importFeedRecords(
  db: Database,
  operations: UpdateOperationTable,
  records: VulnerabilityRecordTable,
  source: string,
  stream: AsyncIterable<VulnerabilityRecord>,
): Promise<UpdateOperation[]> {
  const started = new Map<string, StartedOperation>();

  // IMMEDIATE takes the write lock now: a deferred transaction could fail
  // with SQLITE_BUSY halfway through if another process wrote meanwhile.
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const record of stream) {
      let operation = started.get(record.feed);
      if (operation === undefined) {
        operation = { id: operations.begin(record.feed, source), recordCount: 0 };
        started.set(record.feed, operation);
      }
      records.insert(operation.id, record);
      operation.recordCount++;
    }

    const createdAt = new Date().toISOString();
    const committed: UpdateOperation[] = [];
    for (const [feed, operation] of started) {
      committed.push(operations.commit(operation.id, feed, source, operation.recordCount, createdAt));
      operations.deleteOlder(feed, OPERATIONS_KEPT);
    }
    db.exec('COMMIT');

    for (const operation of committed) {
      log.info({ source, feed: operation.feed, operation: operation.id, records: operation.recordCount }, 'replaced feed records');
    }
    return committed;
  } catch (err) {
    // SQLite has already rolled back after some errors (SQLITE_FULL, for one).
    if (db.inTransaction) db.exec('ROLLBACK');
    log.info({ source, err }, 'feed import rolled back; the previous records are unchanged');
    throw err;
  }
}
