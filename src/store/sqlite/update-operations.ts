// Update operations: one row per feed per import, the unit that the
// notifier diffs. A feed's current operation is its latest committed one.
import type { Database, Statement } from 'better-sqlite3';
import type { FeedStatus, UpdateOperation } from '../store.js';

interface OperationRow {
  id: number;
  feed: string;
  source: string;
  created_at: string;
  record_count: number;
}

export class UpdateOperationTable {
  private readonly insertOperation: Statement<[string, string]>;
  private readonly commitOperation: Statement<[string, number, number]>;
  private readonly deleteOlderOperations: Statement<[string, string, number]>;
  private readonly selectCurrent: Statement<[], OperationRow>;

  constructor(db: Database) {
    this.insertOperation = db.prepare('INSERT INTO update_operations (feed, source) VALUES (?, ?)');
    this.commitOperation = db.prepare('UPDATE update_operations SET created_at = ?, record_count = ? WHERE id = ?');
    // `id < NULL` matches nothing, so a feed with fewer operations than kept loses none.
    this.deleteOlderOperations = db.prepare(`
      DELETE FROM update_operations
      WHERE feed = ? AND id < (
        SELECT id FROM update_operations WHERE feed = ? AND created_at IS NOT NULL
        ORDER BY id DESC LIMIT 1 OFFSET ?)`);
    this.selectCurrent = db.prepare(`
      SELECT id, feed, source, created_at, record_count FROM update_operations
      WHERE id IN (SELECT max(id) FROM update_operations WHERE created_at IS NOT NULL GROUP BY feed)
      ORDER BY feed`);
  }

  /** Inserts an operation that stays invisible to queries until `commit` gives it a time; returns its id. */
  begin(feed: string, source: string): number {
    return Number(this.insertOperation.run(feed, source).lastInsertRowid);
  }

  commit(id: number, feed: string, source: string, recordCount: number, createdAt: string): UpdateOperation {
    this.commitOperation.run(createdAt, recordCount, id);
    return { id, feed, source, createdAt, recordCount };
  }

  /** Deletes the feed's operations older than its last `keep` committed ones; their records go with them. */
  deleteOlder(feed: string, keep: number): void {
    this.deleteOlderOperations.run(feed, feed, keep - 1);
  }

  status(): FeedStatus[] {
    return this.selectCurrent.all().map((row) => {
      const lastUpdate: UpdateOperation = {
        id: row.id,
        feed: row.feed,
        source: row.source,
        createdAt: row.created_at,
        recordCount: row.record_count,
      };
      return { feed: row.feed, recordCount: row.record_count, lastUpdate };
    });
  }
}
