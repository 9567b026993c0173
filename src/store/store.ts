// The Store interface: everything LayerLens keeps between runs. The SQLite
// implementation is the zero-setup default; a PostgreSQL one fills the
// same interface. Every method that changes visible state is one
// transaction: a failure leaves the previous state.
import type { IndexReport, LayerScan } from '../indexer/types.js';
import type { VulnerabilityRecord } from '../feeds/types.js';

/** Name and version of a scanner, the key of its stored findings. */
export interface ScannerId {
  name: string;
  version: string;
}

/** One feed's records replaced by one import or update run. */
export interface UpdateOperation {
  /** Store-assigned id, increasing. */
  id: number;
  feed: string;
  /** File or URL the records came from. */
  source: string;
  /** ISO 8601 time the operation committed. */
  createdAt: string;
  recordCount: number;
}

export interface FeedStatus {
  feed: string;
  recordCount: number;
  lastUpdate: UpdateOperation;
}

/** Record lookup for matching: one distribution release and a list of source packages. */
export interface RecordQuery {
  distribution: string;
  release: string;
  packageNames: string[];
}

export interface Store {
  /**
   * Returns the stored scan of a layer when every listed scanner has findings
   * for it at the listed version, else undefined (the layer must be read).
   */
  getLayerScan(digest: string, scanners: ScannerId[]): Promise<LayerScan | undefined>;

  /** Stores a layer's whiteouts and every scanner's findings, in one transaction. */
  putLayerScan(scan: LayerScan): Promise<void>;

  putIndexReport(report: IndexReport): Promise<void>;
  getIndexReport(manifestDigest: string): Promise<IndexReport | undefined>;

  /**
   * Replaces the records of each feed present in `records` with the new ones,
   * in one transaction, and records one UpdateOperation per feed. When the
   * iterable throws, nothing is changed and the error is re-thrown.
   */
  replaceFeedRecords(source: string, records: AsyncIterable<VulnerabilityRecord>): Promise<UpdateOperation[]>;

  /** Records for the given release and source packages, every state included. */
  findRecords(query: RecordQuery): Promise<VulnerabilityRecord[]>;

  /** True when any feed has current records for the distribution release. */
  hasRecordsFor(distribution: string, release: string): Promise<boolean>;

  /** One row per feed with its record count and last update. */
  feedStatus(): Promise<FeedStatus[]>;

  close(): Promise<void>;
}
