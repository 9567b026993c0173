// An in-memory Store for indexer, feed, matcher and report tests. It keeps
// layer scans, index reports and records per feed in maps, and replaces a
// feed's records all or nothing as the real store does. It also counts the
// writes and keeps the queries, so tests can see what the code did.
import type { IndexReport, LayerScan } from '../../src/indexer/types.js';
import { isEnrichment, type EnrichmentRecord, type FeedItem, type VulnerabilityRecord } from '../../src/feeds/types.js';
import { itemDigest, itemKey } from '../../src/store/item-digest.js';
import { checkComparable } from '../../src/store/operation-diff.js';
import type {
  FeedStatus, OperationDiff, RecordQuery, ReplaceOptions, ScannerId, Store, UpdateOperation, UpdaterState,
} from '../../src/store/store.js';

export class MemoryStore implements Store {
  readonly layerScans = new Map<string, LayerScan>();
  readonly reports = new Map<string, IndexReport>();
  layerScanWrites = 0;

  /** Records by feed name. */
  readonly records = new Map<string, VulnerabilityRecord[]>();
  /** Enrichment records by feed name. */
  readonly enrichments = new Map<string, EnrichmentRecord[]>();
  readonly operations: UpdateOperation[] = [];
  private readonly operationContents = new Map<number, FeedItem[]>();
  private readonly states = new Map<string, Record<string, unknown>>();
  private readonly checks = new Map<string, string>();
  readonly queries: RecordQuery[] = [];

  /** Creates a store that already contains `records`, with no update operations. */
  constructor(records: VulnerabilityRecord[] = []) {
    for (const record of records) {
      const list = this.records.get(record.feed) ?? [];
      list.push(record);
      this.records.set(record.feed, list);
    }
  }

  async getLayerScan(digest: string, scanners: ScannerId[]): Promise<LayerScan | undefined> {
    const scan = this.layerScans.get(digest);
    if (!scan) return undefined;

    const complete = scanners.every((id) => scan.findings.some((f) => f.scanner === id.name && f.scannerVersion === id.version));
    return complete ? structuredClone(scan) : undefined;
  }

  async putLayerScan(scan: LayerScan): Promise<void> {
    this.layerScanWrites++;
    this.layerScans.set(scan.digest, structuredClone(scan));
  }

  async putIndexReport(report: IndexReport): Promise<void> {
    this.reports.set(report.manifestDigest, structuredClone(report));
  }

  async getIndexReport(manifestDigest: string): Promise<IndexReport | undefined> {
    return this.reports.get(manifestDigest);
  }

  /**
   * Replaces each feed's records and keeps every operation's items, without
   * garbage collection. Fingerprints and carryOver behave as in the real
   * store. An updater's feeds without items are not replaced.
   */
  async replaceFeedRecords(source: string, items: AsyncIterable<FeedItem>, options: ReplaceOptions = {}): Promise<UpdateOperation[]> {
    const incoming = new Map<string, FeedItem[]>();
    for await (const item of items) {
      const list = incoming.get(item.feed) ?? [];
      list.push(item);
      incoming.set(item.feed, list);
    }

    if (options.updater !== undefined) this.checks.set(options.updater, new Date().toISOString());
    const committed: UpdateOperation[] = [];
    for (const [feed, list] of incoming) {
      const previous = this.operations.filter((operation) => operation.feed === feed).at(-1);
      const fingerprint = options.feedFingerprints?.[feed] ?? options.fingerprint;
      if (fingerprint !== undefined && previous?.fingerprint === fingerprint) continue;

      let stored = list;
      if (options.carryOver && previous) {
        const replaced = new Set([...options.carryOver.remove, ...list.map(itemKey)]);
        stored = [...this.operationContents.get(previous.id)!.filter((item) => !replaced.has(itemKey(item))), ...list];
      }
      this.setFeedItems(feed, stored);

      const operation: UpdateOperation = { id: this.operations.length + 1, feed, source, createdAt: new Date().toISOString(), recordCount: stored.length };
      if (options.updater !== undefined) operation.updater = options.updater;
      if (fingerprint !== undefined) operation.fingerprint = fingerprint;
      this.operations.push(operation);
      this.operationContents.set(operation.id, stored);
      if (options.updater !== undefined && options.state !== undefined) this.states.set(options.updater, options.state);
      committed.push(operation);
    }
    return committed;
  }

  async findRecords(query: RecordQuery): Promise<VulnerabilityRecord[]> {
    this.queries.push(query);
    return [...this.records.values()].flat().filter(
      (record) => record.distribution === query.distribution && record.release === query.release && query.packageNames.includes(record.packageName),
    );
  }

  async hasRecordsFor(distribution: string, release: string): Promise<boolean> {
    return [...this.records.values()].flat().some((record) => record.distribution === distribution && record.release === release);
  }

  /** Lists the feeds that an update operation wrote, so records passed to the constructor are not listed. */
  async feedStatus(): Promise<FeedStatus[]> {
    return [...this.records.keys()].flatMap((feed) => {
      const lastUpdate = this.operations.filter((operation) => operation.feed === feed).at(-1);
      return lastUpdate === undefined ? [] : [{ feed, recordCount: lastUpdate.recordCount, lastUpdate }];
    });
  }

  async findEnrichments(cves: readonly string[]): Promise<EnrichmentRecord[]> {
    const requestedCves = new Set(cves.map((cve) => cve.toUpperCase()));
    return [...this.enrichments.values()].flat().filter((record) => requestedCves.has(record.cve));
  }

  async listOperations(feed?: string): Promise<UpdateOperation[]> {
    return this.operations.filter((operation) => feed === undefined || operation.feed === feed);
  }

  async getOperation(id: number): Promise<UpdateOperation | undefined> {
    return this.operations.find((operation) => operation.id === id);
  }

  async diffOperations(prev: number, cur: number): Promise<OperationDiff> {
    checkComparable(prev, await this.getOperation(prev), cur, await this.getOperation(cur));
    const missing = (from: number, other: number): FeedItem[] => {
      const digests = new Set(this.operationContents.get(other)!.map(itemDigest));
      return this.operationContents.get(from)!.filter((item) => !digests.has(itemDigest(item)));
    };
    return { added: missing(cur, prev), removed: missing(prev, cur) };
  }

  async updaterState(updater: string): Promise<UpdaterState | undefined> {
    const operation = this.operations.filter((candidate) => candidate.updater === updater).at(-1);
    if (operation === undefined) return undefined;
    const checked = this.checks.get(updater);
    const checkedAt = checked !== undefined && checked > operation.createdAt ? checked : operation.createdAt;
    const state = this.states.get(updater);
    return state === undefined ? { operation, checkedAt } : { operation, state, checkedAt };
  }

  async recordUpdaterCheck(updater: string, state?: Record<string, unknown>): Promise<void> {
    if (state !== undefined) this.states.set(updater, state);
    this.checks.set(updater, new Date().toISOString());
  }

  async *operationItems(id: number): AsyncIterable<FeedItem> {
    yield* this.operationContents.get(id) ?? [];
  }

  private setFeedItems(feed: string, items: FeedItem[]): void {
    this.records.set(feed, items.filter((item): item is VulnerabilityRecord => !isEnrichment(item)));
    this.enrichments.set(feed, items.filter(isEnrichment));
  }

  async close(): Promise<void> {}
}
