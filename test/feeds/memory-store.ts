// An in-memory Store for feed import tests: keeps records per feed and
// replaces them the way the real store does, all or nothing.
import type { FeedStatus, RecordQuery, Store, UpdateOperation } from '../../src/store/store.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';

export class MemoryStore implements Store {
  readonly records = new Map<string, VulnerabilityRecord[]>();
  readonly operations: UpdateOperation[] = [];

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
    return [...this.records.values()].flat().filter(
      (record) => record.distribution === query.distribution && record.release === query.release && query.packageNames.includes(record.packageName),
    );
  }

  async hasRecordsFor(distribution: string, release: string): Promise<boolean> {
    return [...this.records.values()].flat().some((record) => record.distribution === distribution && record.release === release);
  }

  async feedStatus(): Promise<FeedStatus[]> {
    return [...this.records.entries()].map(([feed, list]) => ({
      feed,
      recordCount: list.length,
      lastUpdate: this.operations.filter((operation) => operation.feed === feed).at(-1)!,
    }));
  }

  async getLayerScan(): Promise<undefined> {
    return undefined;
  }

  async putLayerScan(): Promise<void> {}

  async putIndexReport(): Promise<void> {}

  async getIndexReport(): Promise<undefined> {
    return undefined;
  }

  async close(): Promise<void> {}
}
