// Update operations: one row per feed per import or update run, the unit
// that diffs compare. A feed's current operation is its latest committed one.
import type { Database, Statement } from 'better-sqlite3';
import type { FeedStatus, UpdateOperation, UpdaterState } from '../store.js';

/**
 * The ids of every feed's current operation, for `IN (...)`. An operation
 * whose created_at is NULL belongs to a run still in progress on this
 * connection, so its records are not visible yet.
 */
export const CURRENT_OPERATIONS = 'SELECT max(id) FROM update_operations WHERE created_at IS NOT NULL GROUP BY feed';

interface OperationRow {
  id: number;
  feed: string;
  source: string;
  created_at: string;
  record_count: number;
  updater: string | null;
  fingerprint: string | null;
  newest_record: string | null;
}

const OPERATION_COLUMNS = 'id, feed, source, created_at, record_count, updater, fingerprint, newest_record';

export class UpdateOperationTable {
  private readonly insertOperation: Statement<[string, string, string | null, string | null, string | null]>;
  private readonly commitOperation: Statement<{ id: number; createdAt: string }>;
  private readonly deleteOlderOperations: Statement<[string, string, number]>;
  private readonly selectCurrent: Statement<[], OperationRow>;
  private readonly selectLatest: Statement<[string], OperationRow>;
  private readonly selectById: Statement<[number], OperationRow>;
  private readonly selectAll: Statement<[], OperationRow>;
  private readonly selectOfFeed: Statement<[string], OperationRow>;
  private readonly selectUpdaterLatest: Statement<[string], OperationRow & { state: string | null }>;
  private readonly selectUpdaterFeeds: Statement<[string], string>;
  private readonly updateState: Statement<[string | null, string]>;
  private readonly upsertCheck: Statement<[string, string]>;
  private readonly selectCheck: Statement<[string], string>;

  constructor(db: Database) {
    this.insertOperation = db.prepare('INSERT INTO update_operations (feed, source, updater, fingerprint, state) VALUES (?, ?, ?, ?, ?)');
    // The count and the newest date cover carried-over rows too, so they are read back from the tables.
    this.commitOperation = db.prepare(`
      UPDATE update_operations SET
        created_at = :createdAt,
        record_count = (SELECT count(*) FROM vulnerability_records WHERE operation_id = :id)
                     + (SELECT count(*) FROM enrichments WHERE operation_id = :id),
        newest_record = (SELECT max(date) FROM (
          SELECT max(record_date) AS date FROM vulnerability_records WHERE operation_id = :id
          UNION ALL SELECT max(record_date) FROM enrichments WHERE operation_id = :id))
      WHERE id = :id`);
    // `id < NULL` matches nothing, so a feed with fewer operations than kept loses none.
    this.deleteOlderOperations = db.prepare(`
      DELETE FROM update_operations
      WHERE feed = ? AND id < (
        SELECT id FROM update_operations WHERE feed = ? AND created_at IS NOT NULL
        ORDER BY id DESC LIMIT 1 OFFSET ?)`);
    this.selectCurrent = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM update_operations WHERE id IN (${CURRENT_OPERATIONS}) ORDER BY feed`);
    this.selectLatest = db.prepare(`
      SELECT ${OPERATION_COLUMNS} FROM update_operations
      WHERE feed = ? AND created_at IS NOT NULL ORDER BY id DESC LIMIT 1`);
    this.selectById = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM update_operations WHERE id = ? AND created_at IS NOT NULL`);
    this.selectAll = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM update_operations WHERE created_at IS NOT NULL ORDER BY id`);
    this.selectOfFeed = db.prepare(`
      SELECT ${OPERATION_COLUMNS} FROM update_operations WHERE feed = ? AND created_at IS NOT NULL ORDER BY id`);
    this.selectUpdaterLatest = db.prepare(`
      SELECT ${OPERATION_COLUMNS}, state FROM update_operations
      WHERE updater = ? AND created_at IS NOT NULL ORDER BY id DESC LIMIT 1`);
    this.selectUpdaterFeeds = db
      .prepare<[string], string>('SELECT DISTINCT feed FROM update_operations WHERE updater = ? AND created_at IS NOT NULL ORDER BY feed')
      .pluck();
    this.updateState = db.prepare(`
      UPDATE update_operations SET state = ?
      WHERE updater = ? AND id IN (${CURRENT_OPERATIONS})`);
    this.upsertCheck = db.prepare(`
      INSERT INTO updater_checks (updater, checked_at) VALUES (?, ?)
      ON CONFLICT (updater) DO UPDATE SET checked_at = excluded.checked_at`);
    this.selectCheck = db.prepare<[string], string>('SELECT checked_at FROM updater_checks WHERE updater = ?').pluck();
  }

  /** Inserts an operation that stays invisible to queries until `commit` gives it a time; returns its id. */
  begin(feed: string, source: string, updater?: string, fingerprint?: string, state?: Record<string, unknown>): number {
    const stateJson = state === undefined ? null : JSON.stringify(state);
    return Number(this.insertOperation.run(feed, source, updater ?? null, fingerprint ?? null, stateJson).lastInsertRowid);
  }

  /** Makes the operation visible, with its record count and newest record date read from its rows. */
  commit(id: number, createdAt: string): UpdateOperation {
    this.commitOperation.run({ id, createdAt });
    return this.get(id)!;
  }

  /** Deletes the feed's operations older than its last `keep` committed ones; their records go with them. */
  deleteOlder(feed: string, keep: number): void {
    this.deleteOlderOperations.run(feed, feed, keep - 1);
  }

  /** Returns the feed's current operation. */
  latest(feed: string): UpdateOperation | undefined {
    const row = this.selectLatest.get(feed);
    return row === undefined ? undefined : operationFromRow(row);
  }

  get(id: number): UpdateOperation | undefined {
    const row = this.selectById.get(id);
    return row === undefined ? undefined : operationFromRow(row);
  }

  list(feed?: string): UpdateOperation[] {
    const rows = feed === undefined ? this.selectAll.all() : this.selectOfFeed.all(feed);
    return rows.map(operationFromRow);
  }

  /** Lists every feed the updater has written, whichever operation of the feed is current. */
  feedsOf(updater: string): string[] {
    return this.selectUpdaterFeeds.all(updater);
  }

  updaterState(updater: string): UpdaterState | undefined {
    const row = this.selectUpdaterLatest.get(updater);
    if (row === undefined) return undefined;
    const operation = operationFromRow(row);
    // An operation committed by another LayerLens version may be newer than the last recorded check.
    const checked = this.selectCheck.get(updater);
    const checkedAt = checked !== undefined && checked > operation.createdAt ? checked : operation.createdAt;

    const result: UpdaterState = { operation, checkedAt };
    if (row.state !== null) result.state = JSON.parse(row.state) as Record<string, unknown>;
    return result;
  }

  /** Records the time the updater last finished a run. */
  markChecked(updater: string, checkedAt: string): void {
    this.upsertCheck.run(updater, checkedAt);
  }

  /** Replaces the state saved with the updater's current operations, for a run that changed nothing else. */
  saveState(updater: string, state: Record<string, unknown>): void {
    this.updateState.run(JSON.stringify(state), updater);
  }

  status(): FeedStatus[] {
    return this.selectCurrent.all().map((row) => {
      const lastUpdate = operationFromRow(row);
      return { feed: row.feed, recordCount: row.record_count, lastUpdate };
    });
  }
}

function operationFromRow(row: OperationRow): UpdateOperation {
  const operation: UpdateOperation = {
    id: row.id,
    feed: row.feed,
    source: row.source,
    createdAt: row.created_at,
    recordCount: row.record_count,
  };
  if (row.updater !== null) operation.updater = row.updater;
  if (row.fingerprint !== null) operation.fingerprint = row.fingerprint;
  if (row.newest_record !== null) operation.newestRecord = row.newest_record;
  return operation;
}
