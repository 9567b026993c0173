// An in-memory Store for indexer, feed, matcher and report tests. It keeps
// layer scans, index reports and records per feed in maps, and replaces a
// feed's records all or nothing as the real store does. It also counts the
// writes and keeps the queries, so tests can see what the code did.
import type { IndexReport, LayerScan } from '../../src/indexer/types.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import type { FeedStatus, RecordQuery, ScannerId, Store, UpdateOperation } from '../../src/store/store.js';

export class MemoryStore implements Store {
  readonly layerScans = new Map<string, LayerScan>();
  readonly reports = new Map<string, IndexReport>();
  layerScanWrites = 0;

  /** Records by feed name. */
  readonly records = new Map<string, VulnerabilityRecord[]>();
  readonly operations: UpdateOperation[] = [];
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

  async replaceFeedRecords(source: string, records: AsyncIterable<VulnerabilityRecord>): Promise<UpdateOperation[]> {
    const incoming = new Map<string, VulnerabilityRecord[]>();
    for await (const record of records) {
      const list = incoming.get(record.feed) ?? [];
      list.push(record);
      incoming.set(record.feed, list);
    }

    const committed: UpdateOperation[] = [];
    for (const [feed, list] of incoming) {
      this.records.set(feed, list);
      const operation = { id: this.operations.length + 1, feed, source, createdAt: new Date().toISOString(), recordCount: list.length };
      this.operations.push(operation);
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
      return lastUpdate === undefined ? [] : [{ feed, recordCount: this.records.get(feed)!.length, lastUpdate }];
    });
  }

  async close(): Promise<void> {}
}
