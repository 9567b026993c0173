// The embedded store: one SQLite file, one connection, no server to set up.
import type { Database } from 'better-sqlite3';
import type { EnrichmentRecord, FeedItem, VulnerabilityRecord } from '../../feeds/types.js';
import type { IndexReport, LayerScan } from '../../indexer/types.js';
import { checkComparable } from '../operation-diff.js';
import type {
  FeedStatus, OperationDiff, RecordQuery, ReplaceOptions, ScannerId, Store, UpdateOperation, UpdaterState,
} from '../store.js';
import { openDatabase } from './database.js';
import { EnrichmentTable, enrichmentFromRow } from './enrichments.js';
import { importFeedItems, recordCheck, type FeedTables } from './feed-import.js';
import { IndexReportTable } from './index-reports.js';
import { LayerScanTable } from './layer-scans.js';
import { SerialQueue } from './serial-queue.js';
import { UpdateOperationTable } from './update-operations.js';
import { VulnerabilityRecordTable, recordFromRow, type RowidRange } from './vulnerability-records.js';

/** Rows read per query by operationItems, so a large operation is never held in memory at once. */
const ITEMS_PER_PAGE = 1000;

export class SqliteStore implements Store {
  private readonly layerScans: LayerScanTable;
  private readonly indexReports: IndexReportTable;
  private readonly feeds: FeedTables;
  /** Every write goes through this queue, because a feed import keeps a transaction open across awaits. */
  private readonly writes = new SerialQueue();

  private constructor(private readonly db: Database) {
    this.layerScans = new LayerScanTable(db);
    this.indexReports = new IndexReportTable(db);
    this.feeds = {
      operations: new UpdateOperationTable(db),
      records: new VulnerabilityRecordTable(db),
      enrichments: new EnrichmentTable(db),
    };
  }

  /** Opens the store file, creating it and its directory when missing. */
  static open(file: string): SqliteStore {
    return new SqliteStore(openDatabase(file));
  }

  async getLayerScan(digest: string, scanners: ScannerId[]): Promise<LayerScan | undefined> {
    return this.layerScans.get(digest, scanners);
  }

  putLayerScan(scan: LayerScan): Promise<void> {
    return this.writes.run(() => this.layerScans.put(scan));
  }

  putIndexReport(report: IndexReport): Promise<void> {
    return this.writes.run(() => this.indexReports.put(report));
  }

  async getIndexReport(manifestDigest: string): Promise<IndexReport | undefined> {
    return this.indexReports.get(manifestDigest);
  }

  replaceFeedRecords(source: string, items: AsyncIterable<FeedItem>, options?: ReplaceOptions): Promise<UpdateOperation[]> {
    return this.writes.run(() => importFeedItems(this.db, this.feeds, source, items, options));
  }

  async findRecords(query: RecordQuery): Promise<VulnerabilityRecord[]> {
    return this.feeds.records.find(query);
  }

  async findEnrichments(cves: readonly string[]): Promise<EnrichmentRecord[]> {
    return this.feeds.enrichments.find(cves);
  }

  async hasRecordsFor(distribution: string, release: string): Promise<boolean> {
    return this.feeds.records.hasRelease(distribution, release);
  }

  async feedStatus(): Promise<FeedStatus[]> {
    return this.feeds.operations.status();
  }

  async listOperations(feed?: string): Promise<UpdateOperation[]> {
    return this.feeds.operations.list(feed);
  }

  async getOperation(id: number): Promise<UpdateOperation | undefined> {
    return this.feeds.operations.get(id);
  }

  async diffOperations(prev: number, cur: number): Promise<OperationDiff> {
    checkComparable(prev, this.feeds.operations.get(prev), cur, this.feeds.operations.get(cur));
    const { records, enrichments } = this.feeds;
    return {
      added: [...records.missingFrom(cur, prev), ...enrichments.missingFrom(cur, prev)],
      removed: [...records.missingFrom(prev, cur), ...enrichments.missingFrom(prev, cur)],
    };
  }

  async updaterState(updater: string): Promise<UpdaterState | undefined> {
    return this.feeds.operations.updaterState(updater);
  }

  recordUpdaterCheck(updater: string, state?: Record<string, unknown>): Promise<void> {
    return this.writes.run(() => {
      this.db.transaction(() => recordCheck(this.feeds.operations, updater, state)).immediate();
    });
  }

  async *operationItems(id: number): AsyncIterable<FeedItem> {
    // Pages instead of one open cursor: a cursor would keep the connection
    // busy, and the consumer may await other store calls between items.
    yield* pagedRows(this.feeds.records, id, recordFromRow);
    yield* pagedRows(this.feeds.enrichments, id, enrichmentFromRow);
  }

  /** Closes the connection once the queued writes have finished. */
  close(): Promise<void> {
    return this.writes.run(() => {
      // SQLite's documentation advises running it just before closing a connection:
      // it runs ANALYZE on the tables whose planner statistics may be stale.
      this.db.pragma('optimize');
      this.db.close();
    });
  }
}

/** A table whose rows can be read one operation at a time, in insertion order. */
interface PagedTable<Row extends { rowid: number }> {
  rowidRange(operationId: number): RowidRange;
  page(operationId: number, afterRowid: number, lastRowid: number, limit: number): Row[];
}

/** Yields every row of the operation, one page of ITEMS_PER_PAGE rows per query. */
function* pagedRows<Row extends { rowid: number }, Item>(table: PagedTable<Row>, operationId: number, toItem: (row: Row) => Item): Generator<Item> {
  const { first, last } = table.rowidRange(operationId);
  if (first === null || last === null) return;

  for (let after = first - 1; ; ) {
    const rows = table.page(operationId, after, last, ITEMS_PER_PAGE);
    for (const row of rows) yield toItem(row);
    if (rows.length < ITEMS_PER_PAGE) return;
    after = rows[rows.length - 1].rowid;
  }
}
