import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import type { EnrichmentRecord, FeedItem, VulnerabilityRecord } from '../../src/feeds/types.js';
import { openStore } from '../../src/store/index.js';
import type { ReplaceOptions, Store } from '../../src/store/store.js';
import { debianRecord, isUserError, queryFile, streamOf, tempStorePath } from './helpers.js';

/** Builds a Red Hat VEX record for `cve` as the delta feed stores it, one per CVE document. */
function vexRecord(cve: string, fixedVersion: string, overrides: Partial<VulnerabilityRecord> = {}): VulnerabilityRecord {
  return {
    feed: 'rhel-vex',
    advisoryId: cve,
    cves: [cve],
    aliases: [],
    distribution: 'rhel',
    release: '9',
    packageName: 'openssl',
    state: 'fixed',
    fixedVersion,
    severity: 'Medium',
    links: [],
    ...overrides,
  };
}

function epss(cve: string, score: number, date = '2024-05-01'): EnrichmentRecord {
  return { feed: 'epss', kind: 'epss', cve, epss: { score, percentile: 0.5, date } };
}

function kev(cve: string, dateAdded: string): EnrichmentRecord {
  return { feed: 'kev', kind: 'kev', cve, kev: { dateAdded, knownRansomwareUse: false } };
}

/** Fails the test when the store reads this stream. */
async function* unreadStream(): AsyncGenerator<FeedItem> {
  assert.fail('the store read the items of an unchanged run');
}

async function itemsOf(store: Store, id: number): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of store.operationItems(id)) items.push(item);
  return items;
}

/** Reads every table row a feed write can touch, through a connection of its own. */
function feedRows(file: string): unknown {
  return {
    operations: queryFile(file, 'SELECT * FROM update_operations ORDER BY id'),
    records: queryFile(file, 'SELECT * FROM vulnerability_records ORDER BY rowid'),
    enrichments: queryFile(file, 'SELECT * FROM enrichments ORDER BY rowid'),
  };
}

describe('fingerprints', () => {
  test('unchanged run stores nothing', async () => {
    const file = tempStorePath();
    const store = await openStore(file);
    const options: ReplaceOptions = { updater: 'rhel-vex', fingerprint: 'sha256:aaa', state: { cursor: '2024-05-01' } };
    const [first] = await store.replaceFeedRecords('https://mirror.test/vex/', streamOf([vexRecord('CVE-2024-0001', '3.0.7-1')]), options);
    const rowsBefore = feedRows(file);

    const operations = await store.replaceFeedRecords('https://mirror.test/vex/', unreadStream(), options);

    assert.deepEqual(operations, []);
    assert.deepEqual(feedRows(file), rowsBefore);
    assert.deepEqual(await store.listOperations(), [first]);
    await store.close();
  });

  test('unchanged run saves the new state', async () => {
    const store = await openStore(tempStorePath());
    const base = { updater: 'rhel-vex', fingerprint: 'sha256:aaa' };
    const [first] = await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '1')]), { ...base, state: { etag: '"1"' } });
    // Lets the clock move on, so the check time differs from the commit time.
    await new Promise((resolve) => setTimeout(resolve, 5));

    await store.replaceFeedRecords('vex', unreadStream(), { ...base, state: { etag: '"2"' } });

    const updater = await store.updaterState('rhel-vex');
    assert.deepEqual(updater?.operation, first);
    assert.deepEqual(updater?.state, { etag: '"2"' });
    assert.ok(updater.checkedAt > first.createdAt, `${updater.checkedAt} is not after ${first.createdAt}`);
    await store.close();
  });

  test('changed fingerprint stores a new operation', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '1')]), { updater: 'rhel-vex', fingerprint: 'one' });

    const [second] = await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '2')]), { updater: 'rhel-vex', fingerprint: 'two' });

    assert.equal(second.fingerprint, 'two');
    assert.equal(second.updater, 'rhel-vex');
    assert.deepEqual(await store.findRecords({ distribution: 'rhel', release: '9', packageNames: ['openssl'] }), [vexRecord('CVE-2024-0001', '2')]);
    await store.close();
  });

  test('per-feed fingerprints skip only unchanged feeds', async () => {
    const store = await openStore(tempStorePath());
    const items = [debianRecord(), kev('CVE-2021-44228', '2021-12-10')];
    await store.replaceFeedRecords('bundle-1', streamOf(items), { feedFingerprints: { 'debian-tracker': 'd1', kev: 'k1' } });

    const changed = debianRecord({ fixedVersion: '1.1.1w-0+deb11u1' });
    const operations = await store.replaceFeedRecords('bundle-2', streamOf([changed, kev('CVE-2021-44228', '2021-12-10')]), {
      feedFingerprints: { 'debian-tracker': 'd2', kev: 'k1' },
    });

    assert.deepEqual(operations.map((operation) => [operation.feed, operation.fingerprint]), [['debian-tracker', 'd2']]);
    const status = await store.feedStatus();
    assert.deepEqual(status.map((row) => [row.feed, row.lastUpdate.source, row.lastUpdate.fingerprint]), [
      ['debian-tracker', 'bundle-2', 'd2'],
      ['kev', 'bundle-1', 'k1'],
    ]);
    await store.close();
  });

  test('failing run keeps the previous operation', async () => {
    const file = tempStorePath();
    const store = await openStore(file);
    const options = { updater: 'mixed', fingerprint: 'one', state: { etag: '"1"' } };
    await store.replaceFeedRecords('mixed', streamOf([vexRecord('CVE-2024-0001', '1'), kev('CVE-2024-0001', '2024-01-01')]), options);
    const rowsBefore = feedRows(file);
    const stateBefore = await store.updaterState('mixed');

    const failure = new UserError('FEED_UNAVAILABLE', 'http://127.0.0.1/kev.json: body truncated');
    const items = [kev('CVE-2024-0002', '2024-02-02'), vexRecord('CVE-2024-0002', '1')];
    await assert.rejects(store.replaceFeedRecords('mixed', streamOf(items, failure), { ...options, fingerprint: 'two', state: { etag: '"2"' } }), (err) => err === failure);

    assert.deepEqual(feedRows(file), rowsBefore);
    assert.deepEqual(await store.updaterState('mixed'), stateBefore);
    assert.deepEqual(await store.findEnrichments(['CVE-2024-0002']), []);
    await store.close();
  });

  test('import without fingerprint always stores', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('debian.tar.gz', streamOf([debianRecord()]));
    const operations = await store.replaceFeedRecords('debian.tar.gz', streamOf([debianRecord()]));
    assert.equal(operations.length, 1);
    assert.equal(operations[0].fingerprint, undefined);
    await store.close();
  });
});

describe('carry-over for delta feeds', () => {
  const previous = [
    vexRecord('CVE-2024-0001', '1.0-1'),
    vexRecord('CVE-2024-0002', '1.0-1'),
    vexRecord('CVE-2024-0002', '2.0-1', { packageName: 'openssl-libs' }),
    vexRecord('CVE-2024-0003', '1.0-1'),
  ];

  // Each expected result follows the carry-over rule. It is the previous
  // operation's records without removed or repeated ids, plus the new records.
  const cases: Array<{ name: string; items: VulnerabilityRecord[]; remove: string[]; expected: Array<[string, string, string]> }> = [
    {
      name: 'no change keeps every record',
      items: [],
      remove: [],
      expected: [['CVE-2024-0001', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl-libs', '2.0-1'], ['CVE-2024-0003', 'openssl', '1.0-1']],
    },
    {
      name: 'changed document replaces all its records',
      items: [vexRecord('CVE-2024-0002', '3.0-1')],
      remove: [],
      expected: [['CVE-2024-0001', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl', '3.0-1'], ['CVE-2024-0003', 'openssl', '1.0-1']],
    },
    {
      name: 'deleted document is removed',
      items: [],
      remove: ['CVE-2024-0001'],
      expected: [['CVE-2024-0002', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl-libs', '2.0-1'], ['CVE-2024-0003', 'openssl', '1.0-1']],
    },
    {
      name: 'new document is added',
      items: [vexRecord('CVE-2024-0004', '1.1-1')],
      remove: ['CVE-2024-0003', 'CVE-2024-9999'],
      expected: [['CVE-2024-0001', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl', '1.0-1'], ['CVE-2024-0002', 'openssl-libs', '2.0-1'], ['CVE-2024-0004', 'openssl', '1.1-1']],
    },
  ];

  for (const { name, items, remove, expected } of cases) {
    test(name, async () => {
      const store = await openStore(tempStorePath());
      await store.replaceFeedRecords('vex', streamOf(previous), { updater: 'rhel-vex', fingerprint: 'full' });

      const [operation] = await store.replaceFeedRecords('vex', streamOf(items), {
        updater: 'rhel-vex',
        fingerprint: 'delta',
        carryOver: { remove: new Set(remove) },
      });

      const stored = (await itemsOf(store, operation.id)) as VulnerabilityRecord[];
      const rows = stored.map((record) => [record.advisoryId, record.packageName, record.fixedVersion]).sort();
      assert.deepEqual(rows, expected);
      assert.equal(operation.recordCount, expected.length);
      const found = await store.findRecords({ distribution: 'rhel', release: '9', packageNames: ['openssl', 'openssl-libs'] });
      assert.equal(found.length, expected.length);
      await store.close();
    });
  }

  test('enrichment carries by CVE', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('nvd', streamOf([epss('CVE-2024-0001', 0.1), epss('CVE-2024-0002', 0.2)]), { updater: 'epss', fingerprint: '1' });

    await store.replaceFeedRecords('nvd', streamOf([epss('CVE-2024-0002', 0.3), epss('CVE-2024-0003', 0.4)]), {
      updater: 'epss',
      fingerprint: '2',
      carryOver: { remove: new Set() },
    });

    const found = await store.findEnrichments(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']);
    assert.deepEqual(found.map((record) => [record.cve, record.epss?.score]).sort(), [
      ['CVE-2024-0001', 0.1], ['CVE-2024-0002', 0.3], ['CVE-2024-0003', 0.4],
    ]);
    await store.close();
  });

  test('failing carry-over run changes nothing', async () => {
    const file = tempStorePath();
    const store = await openStore(file);
    await store.replaceFeedRecords('vex', streamOf(previous), { updater: 'rhel-vex', fingerprint: 'full', state: { cursor: 'a' } });
    const rowsBefore = feedRows(file);
    const stateBefore = await store.updaterState('rhel-vex');

    const failure = new UserError('INVALID_FEED', '2024/cve-2024-0002.json: document.tracking: missing');
    const run = store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0002', '9')], failure), {
      updater: 'rhel-vex',
      fingerprint: 'delta',
      state: { cursor: 'b' },
      carryOver: { remove: new Set(['CVE-2024-0001']) },
    });

    await assert.rejects(run, (err) => err === failure);
    assert.deepEqual(feedRows(file), rowsBefore);
    assert.deepEqual(await store.updaterState('rhel-vex'), stateBefore);
    await store.close();
  });
});

describe('updater feeds without items', () => {
  test('full run empties the feed', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('osv', streamOf([vexRecord('CVE-2024-0001', '1'), epss('CVE-2024-0001', 0.5)]), { updater: 'both', fingerprint: '1' });

    const operations = await store.replaceFeedRecords('osv', streamOf([epss('CVE-2024-0001', 0.6)]), { updater: 'both', fingerprint: '2' });

    assert.deepEqual(operations.map((operation) => [operation.feed, operation.recordCount]).sort(), [['epss', 1], ['rhel-vex', 0]]);
    assert.deepEqual(await store.findRecords({ distribution: 'rhel', release: '9', packageNames: ['openssl'] }), []);
    await store.close();
  });

  test('delta run carries the feed', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '1'), vexRecord('CVE-2024-0002', '1')]), { updater: 'rhel-vex', fingerprint: '1' });

    const [operation] = await store.replaceFeedRecords('vex', streamOf([]), {
      updater: 'rhel-vex',
      fingerprint: '2',
      carryOver: { remove: new Set(['CVE-2024-0002']) },
    });

    assert.equal(operation.recordCount, 1);
    assert.deepEqual(await itemsOf(store, operation.id), [vexRecord('CVE-2024-0001', '1')]);
    await store.close();
  });
});

describe('updater checks', () => {
  test('not-modified run moves checkedAt', async () => {
    const store = await openStore(tempStorePath());
    const [operation] = await store.replaceFeedRecords('kev', streamOf([kev('CVE-2024-0001', '2024-01-01')]), { updater: 'kev', fingerprint: '1', state: { etag: '"a"' } });
    await new Promise((resolve) => setTimeout(resolve, 5));

    await store.recordUpdaterCheck('kev');
    const unchanged = await store.updaterState('kev');
    assert.deepEqual(unchanged?.operation, operation);
    assert.deepEqual(unchanged?.state, { etag: '"a"' });
    assert.ok(unchanged.checkedAt > operation.createdAt, `${unchanged.checkedAt} is not after ${operation.createdAt}`);

    await store.recordUpdaterCheck('kev', { etag: '"b"' });
    assert.deepEqual((await store.updaterState('kev'))?.state, { etag: '"b"' });
    await store.close();
  });

  test('check before any operation', async () => {
    const store = await openStore(tempStorePath());
    await store.recordUpdaterCheck('nvd', { cursor: 'x' });
    assert.equal(await store.updaterState('nvd'), undefined);
    await store.close();
  });
});

describe('garbage collection', () => {
  for (const keep of [1, 2, 3, 5]) {
    test(`keep ${keep} operations per feed`, async () => {
      const file = tempStorePath();
      const store = await openStore(file);
      const ids: number[] = [];
      for (let run = 1; run <= keep + 2; run++) {
        const items = [vexRecord('CVE-2024-0001', `${run}`), kev('CVE-2024-0001', `2024-01-0${run}`)];
        const operations = await store.replaceFeedRecords(`run-${run}`, streamOf(items), { updater: 'mixed', fingerprint: `${run}`, keep });
        ids.push(...operations.map((operation) => operation.id));
      }
      await store.close();

      const keptOperationIds = ids.slice(-2 * keep).sort((a, b) => a - b);
      const operationIds = queryFile<{ id: number }>(file, 'SELECT id FROM update_operations ORDER BY id').map((row) => row.id);
      assert.deepEqual(operationIds, keptOperationIds);
      const recordOperations = queryFile<{ operation_id: number }>(file, 'SELECT DISTINCT operation_id FROM vulnerability_records');
      const enrichmentOperations = queryFile<{ operation_id: number }>(file, 'SELECT DISTINCT operation_id FROM enrichments');
      const rowOperations = [...recordOperations, ...enrichmentOperations].map((row) => row.operation_id).sort((a, b) => a - b);
      assert.deepEqual(rowOperations, keptOperationIds);
    });
  }

  test('invalid keep is rejected', async () => {
    const file = tempStorePath();
    const store = await openStore(file);
    await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '1')]));
    const rowsBefore = feedRows(file);

    for (const keep of [0, -1, 1.5]) {
      await assert.rejects(
        store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '2')]), { keep }),
        isUserError('INVALID_CONFIG', `${keep}`, 'updaters.retention'),
      );
    }
    assert.deepEqual(feedRows(file), rowsBefore);
    await store.close();
  });
});

describe('diffOperations', () => {
  const unchanged = vexRecord('CVE-2024-0001', '1.0-1');
  const before = vexRecord('CVE-2024-0002', '1.0-1');
  const after = vexRecord('CVE-2024-0002', '1.0-2');
  const removedRecord = vexRecord('CVE-2024-0003', '1.0-1');
  const added = vexRecord('CVE-2024-0004', '1.0-1', { state: 'unfixed', fixedVersion: undefined });

  test('lists exactly the changed records', async () => {
    const store = await openStore(tempStorePath());
    const [prev] = await store.replaceFeedRecords('one', streamOf([unchanged, before, removedRecord]));
    const [cur] = await store.replaceFeedRecords('two', streamOf([added, after, unchanged]));

    const diff = await store.diffOperations(prev.id, cur.id);

    assert.deepEqual(diff.added, [JSON.parse(JSON.stringify(added)), after]);
    assert.deepEqual(diff.removed, [before, removedRecord]);
    const reverse = await store.diffOperations(cur.id, prev.id);
    assert.deepEqual(reverse, { added: diff.removed, removed: diff.added });
    await store.close();
  });

  test('key order does not count as change', async () => {
    const store = await openStore(tempStorePath());
    const reordered = Object.fromEntries(Object.entries(unchanged).reverse()) as VulnerabilityRecord;
    const [prev] = await store.replaceFeedRecords('one', streamOf([unchanged]));
    const [cur] = await store.replaceFeedRecords('two', streamOf([reordered]));

    assert.deepEqual(await store.diffOperations(prev.id, cur.id), { added: [], removed: [] });
    await store.close();
  });

  test('extra fields count as change', async () => {
    const store = await openStore(tempStorePath());
    const withRanges = { ...unchanged, ranges: [{ type: 'ECOSYSTEM' as const, events: [{ introduced: '0' }, { fixed: '1.0-1' }] }] };
    const [prev] = await store.replaceFeedRecords('one', streamOf([unchanged]));
    const [cur] = await store.replaceFeedRecords('two', streamOf([withRanges]));

    const diff = await store.diffOperations(prev.id, cur.id);
    assert.deepEqual(diff, { added: [withRanges], removed: [unchanged] });
    await store.close();
  });

  test('enrichment changes are listed', async () => {
    const store = await openStore(tempStorePath());
    const [prev] = await store.replaceFeedRecords('epss-1', streamOf([epss('CVE-2024-0001', 0.1), epss('CVE-2024-0002', 0.2)]));
    const [cur] = await store.replaceFeedRecords('epss-2', streamOf([epss('CVE-2024-0001', 0.1), epss('CVE-2024-0002', 0.25)]));

    const diff = await store.diffOperations(prev.id, cur.id);
    assert.deepEqual(diff, { added: [epss('CVE-2024-0002', 0.25)], removed: [epss('CVE-2024-0002', 0.2)] });
    await store.close();
  });

  test('carried records are not listed', async () => {
    const store = await openStore(tempStorePath());
    const [prev] = await store.replaceFeedRecords('vex', streamOf([unchanged, before, removedRecord]), { updater: 'rhel-vex', fingerprint: '1' });
    const [cur] = await store.replaceFeedRecords('vex', streamOf([after]), {
      updater: 'rhel-vex',
      fingerprint: '2',
      carryOver: { remove: new Set([removedRecord.advisoryId]) },
    });

    assert.deepEqual(await store.diffOperations(prev.id, cur.id), { added: [after], removed: [before, removedRecord] });
    await store.close();
  });

  const invalid: Array<{ name: string; ids: (first: number, other: number) => [number, number]; code: string; fragments: string[] }> = [
    { name: 'unknown previous id', ids: (first) => [999, first], code: 'NOT_FOUND', fragments: ['PREV', '999', 'db status'] },
    { name: 'unknown current id', ids: (first) => [first, 999], code: 'NOT_FOUND', fragments: ['CUR', '999', 'db status'] },
    { name: 'ids of different feeds', ids: (first, other) => [first, other], code: 'USAGE', fragments: ['different feeds', 'rhel-vex', 'kev'] },
  ];
  for (const { name, ids, code, fragments } of invalid) {
    test(name, async () => {
      const store = await openStore(tempStorePath());
      const [first, other] = await store.replaceFeedRecords('mixed', streamOf([unchanged, kev('CVE-2024-0001', '2024-01-01')]));
      await assert.rejects(store.diffOperations(...ids(first.id, other.id)), isUserError(code, ...fragments));
      await store.close();
    });
  }
});

describe('operation lookups', () => {
  test('list, get and updater state', async () => {
    const store = await openStore(tempStorePath());
    const [vex1] = await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '1')]), { updater: 'rhel-vex', fingerprint: 'a', state: { cursor: 1 } });
    const [kev1] = await store.replaceFeedRecords('kev.json', streamOf([kev('CVE-2024-0001', '2024-02-01')]));
    const [vex2] = await store.replaceFeedRecords('vex', streamOf([vexRecord('CVE-2024-0001', '2')]), { updater: 'rhel-vex', fingerprint: 'b', state: { cursor: 2 } });

    assert.deepEqual(await store.listOperations(), [vex1, kev1, vex2]);
    assert.deepEqual(await store.listOperations('rhel-vex'), [vex1, vex2]);
    assert.deepEqual(await store.listOperations('nvd'), []);
    assert.deepEqual(await store.getOperation(kev1.id), kev1);
    assert.equal(await store.getOperation(12345), undefined);
    const updater = await store.updaterState('rhel-vex');
    assert.deepEqual(updater?.operation, vex2);
    assert.deepEqual(updater?.state, { cursor: 2 });
    assert.equal(updater?.checkedAt, vex2.createdAt);
    assert.equal(await store.updaterState('kev'), undefined);
    await store.close();
  });

  test('operation items page through', async () => {
    const store = await openStore(tempStorePath());
    // More rows than one page of operationItems in both tables.
    const records = Array.from({ length: 2500 }, (_, index) => vexRecord(`CVE-2024-${String(index).padStart(5, '0')}`, `${index}`));
    const scores = Array.from({ length: 1200 }, (_, index) => ({ ...epss(`CVE-2024-${String(index).padStart(5, '0')}`, index / 10000), feed: 'rhel-vex' }));
    const [operation] = await store.replaceFeedRecords('vex', streamOf([...records, ...scores]));

    assert.equal(operation.recordCount, records.length + scores.length);
    assert.deepEqual(await itemsOf(store, operation.id), [...records, ...scores]);
    await store.close();
  });

  test('newest record date', async () => {
    const cases: Array<{ name: string; items: FeedItem[]; expected: string | undefined }> = [
      { name: 'published', items: [vexRecord('A', '1', { published: '2023-01-05' }), vexRecord('B', '1', { published: '2023-03-01T10:00:00Z' })], expected: '2023-03-01T10:00:00Z' },
      { name: 'modified after published', items: [vexRecord('A', '1', { published: '2023-01-05', modified: '2024-06-30T00:00:00Z' })], expected: '2024-06-30T00:00:00Z' },
      { name: 'non-ISO dates ignored', items: [vexRecord('A', '1', { published: '05 Jan 2025' }), vexRecord('B', '1', { published: '2022-12-31' })], expected: '2022-12-31' },
      { name: 'no dates', items: [vexRecord('A', '1')], expected: undefined },
      { name: 'KEV date added', items: [kev('CVE-1', '2021-12-10'), kev('CVE-2', '2022-01-10')], expected: '2022-01-10' },
    ];
    for (const { name, items, expected } of cases) {
      const store = await openStore(tempStorePath());
      const [operation] = await store.replaceFeedRecords('dates', streamOf(items));
      assert.equal(operation.newestRecord, expected, name);
      const [status] = await store.feedStatus();
      assert.equal(status.lastUpdate.newestRecord, expected, name);
      await store.close();
    }
  });

  test('enrichment lookup sees current operations', async () => {
    const store = await openStore(tempStorePath());
    await store.replaceFeedRecords('kev-1', streamOf([kev('CVE-2021-44228', '2021-12-10'), kev('CVE-2014-0160', '2022-05-04')]));
    await store.replaceFeedRecords('kev-2', streamOf([kev('CVE-2021-44228', '2021-12-10')]));
    await store.replaceFeedRecords('epss', streamOf([epss('CVE-2021-44228', 0.97)]));

    const found = await store.findEnrichments(['cve-2021-44228', 'CVE-2014-0160', 'CVE-2000-0001']);

    assert.deepEqual(found.sort((a, b) => a.kind.localeCompare(b.kind)), [epss('CVE-2021-44228', 0.97), kev('CVE-2021-44228', '2021-12-10')]);
    assert.deepEqual(await store.findEnrichments([]), []);
    await store.close();
  });

  test('duplicate CVE keeps the last', async () => {
    const store = await openStore(tempStorePath());
    const [operation] = await store.replaceFeedRecords('nvd', streamOf([epss('CVE-2024-0001', 0.1), epss('CVE-2024-0001', 0.2)]));
    assert.equal(operation.recordCount, 1);
    assert.deepEqual(await store.findEnrichments(['CVE-2024-0001']), [epss('CVE-2024-0001', 0.2)]);
    await store.close();
  });
});
