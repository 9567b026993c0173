// The Store interface: everything LayerLens keeps between runs. The SQLite
// implementation is the zero-setup default; a PostgreSQL one fills the
// same interface. Every method that changes visible state is one
// transaction: a failure leaves the previous state.
import type { IndexReport, LayerScan } from '../indexer/types.js';
import type { EnrichmentRecord, FeedItem, VulnerabilityRecord } from '../feeds/types.js';

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
  /** Vulnerability and enrichment records the operation contains, carried-over ones included. */
  recordCount: number;
  /** Updater that produced it; absent for `db import` of a file. */
  updater?: string;
  /** Identifier of the upstream content, such as a SHA-256 of the fetched files. */
  fingerprint?: string;
  /** Newest publication or modification date among its records, ISO 8601; absent when no record has one. */
  newestRecord?: string;
}

export interface FeedStatus {
  feed: string;
  recordCount: number;
  /** The feed's current operation: its id, fingerprint and newest record date. */
  lastUpdate: UpdateOperation;
}

/** Record lookup for matching: one distribution release and a list of source packages. */
export interface RecordQuery {
  distribution: string;
  release: string;
  packageNames: string[];
}

/** Operations kept per feed when `ReplaceOptions.keep` is not given (config key `updaters.retention`). */
export const DEFAULT_OPERATIONS_KEPT = 3;

/** Options of one replaceFeedRecords call. */
export interface ReplaceOptions {
  /** Updater name, saved with each operation; its state is handed back by `updaterState`. */
  updater?: string;
  /**
   * Identifier of the upstream content. A feed whose latest operation has
   * the same fingerprint stores nothing. When every feed the updater wrote
   * has it, the items are not read at all.
   */
  fingerprint?: string;
  /** A fingerprint per feed name, taking precedence over `fingerprint` (bundles carry one per feed). */
  feedFingerprints?: Readonly<Record<string, string>>;
  /** Saved with the operations as JSON; returned by `updaterState` on the next run. */
  state?: Record<string, unknown>;
  /**
   * For delta feeds: each new operation also gets the rows of the feed's
   * previous operation, except those whose advisory id (CVE for
   * enrichment) is in `remove` or comes again in the items.
   */
  carryOver?: { remove: ReadonlySet<string> };
  /** Operations kept per feed, the new one included; older ones are deleted. Default DEFAULT_OPERATIONS_KEPT. */
  keep?: number;
}

/** State an updater saved with its last committed run. */
export interface UpdaterState {
  /** The updater's most recent operation. */
  operation: UpdateOperation;
  state?: Record<string, unknown>;
  /**
   * ISO 8601 time the updater last finished a run, whether it stored an
   * operation or found upstream unchanged: the time its interval counts from.
   */
  checkedAt: string;
}

/** Records in `cur` and not in `prev` (added), and the other way round (removed), compared by content. */
export interface OperationDiff {
  added: FeedItem[];
  removed: FeedItem[];
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
   * Replaces the records of each feed present in `items` with the new ones,
   * in one transaction, and records one UpdateOperation per feed. With
   * `options.updater`, feeds that the updater wrote last time and that got
   * no item now get an operation too (empty, or their carried-over rows).
   * Returns the new operations: none when every feed was unchanged. When
   * the iterable throws, nothing is changed and the error is re-thrown.
   */
  replaceFeedRecords(source: string, items: AsyncIterable<FeedItem>, options?: ReplaceOptions): Promise<UpdateOperation[]>;

  /** Records for the given release and source packages, every state included. */
  findRecords(query: RecordQuery): Promise<VulnerabilityRecord[]>;

  /** Current enrichment records (NVD, EPSS, KEV) of the given CVE ids. */
  findEnrichments(cves: readonly string[]): Promise<EnrichmentRecord[]>;

  /** True when any feed has current records for the distribution release. */
  hasRecordsFor(distribution: string, release: string): Promise<boolean>;

  /** One row per feed with its record count and current operation. */
  feedStatus(): Promise<FeedStatus[]>;

  /** Committed operations, oldest first, of one feed or of every feed. */
  listOperations(feed?: string): Promise<UpdateOperation[]>;

  getOperation(id: number): Promise<UpdateOperation | undefined>;

  /**
   * Lists the items added and removed between two operations of the same feed. Throws a
   * UserError when either does not exist or they belong to different feeds.
   */
  diffOperations(prev: number, cur: number): Promise<OperationDiff>;

  /** The state and latest operation of an updater; undefined before its first committed run. */
  updaterState(updater: string): Promise<UpdaterState | undefined>;

  /**
   * Records that the updater finished a run that found upstream unchanged
   * (every file returned 304), and replaces its saved state when given.
   * replaceFeedRecords with `options.updater` records it by itself.
   */
  recordUpdaterCheck(updater: string, state?: Record<string, unknown>): Promise<void>;

  /** Every item of an operation, in the order stored, read a page at a time. */
  operationItems(id: number): AsyncIterable<FeedItem>;

  close(): Promise<void>;
}
