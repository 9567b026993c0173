// An in-memory Store for indexer tests: keeps layer scans and index reports
// in maps and counts the writes, so tests can see what the Indexer stored.
import type { IndexReport, LayerScan } from '../../src/indexer/types.js';
import type { FeedStatus, RecordQuery, ScannerId, Store, UpdateOperation } from '../../src/store/store.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';

export class MemoryStore implements Store {
  readonly layerScans = new Map<string, LayerScan>();
  readonly reports = new Map<string, IndexReport>();
  layerScanWrites = 0;

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

  async replaceFeedRecords(_source: string, _records: AsyncIterable<VulnerabilityRecord>): Promise<UpdateOperation[]> {
    throw new Error('MemoryStore keeps no feed records');
  }

  async findRecords(_query: RecordQuery): Promise<VulnerabilityRecord[]> {
    return [];
  }

  async hasRecordsFor(_distribution: string, _release: string): Promise<boolean> {
    return false;
  }

  async feedStatus(): Promise<FeedStatus[]> {
    return [];
  }

  async close(): Promise<void> {}
}
