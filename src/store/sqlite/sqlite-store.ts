// The embedded store: one SQLite file, one connection, no server to set up.
import type { Database } from 'better-sqlite3';
import type { VulnerabilityRecord } from '../../feeds/types.js';
import type { IndexReport, LayerScan } from '../../indexer/types.js';
import type { FeedStatus, RecordQuery, ScannerId, Store, UpdateOperation } from '../store.js';
import { openDatabase } from './database.js';
import { importFeedRecords } from './feed-import.js';
import { IndexReportTable } from './index-reports.js';
import { LayerScanTable } from './layer-scans.js';
import { SerialQueue } from './serial-queue.js';
import { UpdateOperationTable } from './update-operations.js';
import { VulnerabilityRecordTable } from './vulnerability-records.js';

export class SqliteStore implements Store {
  private readonly layerScans: LayerScanTable;
  private readonly indexReports: IndexReportTable;
  private readonly operations: UpdateOperationTable;
  private readonly records: VulnerabilityRecordTable;
  /** Every write goes through this queue, because a feed import keeps a transaction open across awaits. */
  private readonly writes = new SerialQueue();

  private constructor(private readonly db: Database) {
    this.layerScans = new LayerScanTable(db);
    this.indexReports = new IndexReportTable(db);
    this.operations = new UpdateOperationTable(db);
    this.records = new VulnerabilityRecordTable(db);
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

  replaceFeedRecords(source: string, records: AsyncIterable<VulnerabilityRecord>): Promise<UpdateOperation[]> {
    return this.writes.run(() => importFeedRecords(this.db, this.operations, this.records, source, records));
  }

  async findRecords(query: RecordQuery): Promise<VulnerabilityRecord[]> {
    return this.records.find(query);
  }

  async hasRecordsFor(distribution: string, release: string): Promise<boolean> {
    return this.records.hasRelease(distribution, release);
  }

  async feedStatus(): Promise<FeedStatus[]> {
    return this.operations.status();
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
