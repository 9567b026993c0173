// The NVD updater through the update runner into a real SQLite store: a
// full first run, then a lastModStartDate delta whose records replace
// their CVEs while the rest is carried over, and whose rejected CVEs go.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type Config } from '../../src/config.js';
import { nvdUpdater } from '../../src/ecosystems/nvd/updater.js';
import { runUpdates } from '../../src/feeds/runner.js';
import type { EnrichmentRecord } from '../../src/feeds/types.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { NvdApiServer, sampleItems } from './nvd-api-server.js';

let api: NvdApiServer;
let dir: string;
let store: Store;
let config: Config;

before(async () => {
  api = await NvdApiServer.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-nvd-'));
  store = await openStore(path.join(dir, 'layerlens.db'));
  config = defaultConfig();
  config.updaters.retries = 0;
  config.updaters.config.nvd = { url: api.url, options: { results_per_page: 1, pause_ms: 0 } };
});

after(async () => {
  await store.close();
  await api.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function scores(records: EnrichmentRecord[]): Record<string, number[]> {
  const byCve: Record<string, number[]> = {};
  for (const record of records) if (record.nvd) byCve[record.cve] = record.nvd.cvss.map((score) => score.baseScore);
  return byCve;
}

const CVES = ['CVE-2016-2781', 'CVE-2016-3197', 'CVE-2016-3674'];

test('NVD full run, delta, then nothing new', async () => {
  const first = await runUpdates(store, [nvdUpdater()], config, { feeds: ['nvd'] });
  assert.deepEqual(first.failed, []);
  assert.equal(first.outcomes[0]?.status, 'updated');
  const [full] = first.outcomes[0]!.operations;
  assert.equal(full?.feed, 'nvd');
  assert.equal(full?.recordCount, 2, 'the rejected CVE-2016-3197 is not stored');
  assert.deepEqual(scores(await store.findEnrichments(CVES)), { 'CVE-2016-2781': [6.5, 2.1, 4.6], 'CVE-2016-3674': [7.5, 5.0] });

  // The delta window returns CVE-2016-3674 rescored and CVE-2016-2781 rejected.
  const [coreutils, , xstream] = sampleItems();
  const rescored = structuredClone(xstream!);
  const metrics = rescored.cve.metrics as { cvssMetricV31: Array<{ cvssData: { baseScore: number } }> };
  metrics.cvssMetricV31[0]!.cvssData.baseScore = 8.1;
  const rejected = { cve: { ...coreutils!.cve, vulnStatus: 'Rejected', metrics: {} } };
  api.items = [rescored, rejected];
  api.requests.length = 0;

  const second = await runUpdates(store, [nvdUpdater()], config, { feeds: ['nvd'] });
  assert.deepEqual(second.failed, []);
  assert.ok(api.requests[0]?.query.get('lastModStartDate'), 'the second run asks for a delta');
  const [delta] = second.outcomes[0]!.operations;
  assert.equal(delta?.recordCount, 1);
  assert.deepEqual(scores(await store.findEnrichments(CVES)), { 'CVE-2016-3674': [8.1, 5.0] });

  const diff = await store.diffOperations(full!.id, delta!.id);
  assert.deepEqual(diff.added.map((item) => (item as EnrichmentRecord).cve), ['CVE-2016-3674']);
  assert.deepEqual(diff.removed.map((item) => (item as EnrichmentRecord).cve).sort(), ['CVE-2016-2781', 'CVE-2016-3674']);

  api.items = [];
  const third = await runUpdates(store, [nvdUpdater()], config, { feeds: ['nvd'] });
  assert.equal(third.outcomes[0]?.status, 'unchanged');
  assert.equal((await store.listOperations('nvd')).length, 2);
});

test('NVD carried-over records survive a delta', async () => {
  // A delta with only CVE-2016-2781 (restored) keeps CVE-2016-3674 from the previous operation.
  api.items = [sampleItems()[0]!];
  const run = await runUpdates(store, [nvdUpdater()], config, { feeds: ['nvd'] });
  assert.deepEqual(run.failed, []);
  assert.deepEqual(scores(await store.findEnrichments(CVES)), { 'CVE-2016-2781': [6.5, 2.1, 4.6], 'CVE-2016-3674': [8.1, 5.0] });
});
