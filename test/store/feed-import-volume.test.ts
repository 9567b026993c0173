import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { openStore } from '../../src/store/index.js';
import { debianRecord, tempStorePath } from './helpers.js';

const RECORD_COUNT = 100_000;
const PACKAGE_COUNT = 5_000;
const RELEASES = ['buster', 'bullseye', 'bookworm', 'trixie'];

/** Yields `RECORD_COUNT` records spread evenly over packages and releases, about the size of a full Debian tracker import. */
async function* syntheticFeed(generation: number): AsyncGenerator<VulnerabilityRecord> {
  for (let i = 0; i < RECORD_COUNT; i++) {
    const cve = `CVE-${2000 + (i % 24)}-${10000 + i}`;
    yield debianRecord({
      advisoryId: cve,
      cves: [cve],
      aliases: [],
      release: RELEASES[i % RELEASES.length],
      packageName: `package-${i % PACKAGE_COUNT}`,
      fixedVersion: `${generation}.${i % 7}-${i % 3}`,
      links: [`https://security-tracker.debian.org/tracker/${cve}`],
    });
  }
}

test('import of 100k records', async (t) => {
  const store = await openStore(tempStorePath());

  for (const generation of [1, 2]) {
    const started = performance.now();
    const [operation] = await store.replaceFeedRecords(`synthetic-${generation}`, syntheticFeed(generation));
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`import ${generation}: ${RECORD_COUNT} records in ${seconds.toFixed(2)} s`);
    assert.equal(operation.recordCount, RECORD_COUNT);
  }

  const [status] = await store.feedStatus();
  assert.equal(status.recordCount, RECORD_COUNT);

  // package-7 sits at indexes 7, 5007, 10007, ...: 20 records, and RELEASES
  // has 4 entries dividing 5000, so all of them fall on release index 7 % 4.
  const found = await store.findRecords({ distribution: 'debian', release: RELEASES[7 % 4], packageNames: ['package-7'] });
  assert.equal(found.length, RECORD_COUNT / PACKAGE_COUNT);
  assert.ok(found.every((record) => record.fixedVersion?.startsWith('2.')));

  const queryStarted = performance.now();
  const everyPackage = Array.from({ length: PACKAGE_COUNT }, (_, i) => `package-${i}`);
  const all = await store.findRecords({ distribution: 'debian', release: 'bullseye', packageNames: everyPackage });
  t.diagnostic(`query of ${PACKAGE_COUNT} packages: ${all.length} records in ${(performance.now() - queryStarted).toFixed(0)} ms`);
  assert.equal(all.length, RECORD_COUNT / RELEASES.length);
  await store.close();
});
