import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { openStore } from '../../src/store/index.js';
import { debianRecord, gate, queryFile, streamOf, tempStorePath } from './helpers.js';

const bullseyeOpenssl = { distribution: 'debian', release: 'bullseye', packageNames: ['openssl'] };

const alpineRecord: VulnerabilityRecord = {
  feed: 'alpine-secdb',
  advisoryId: 'CVE-2019-1543',
  cves: ['CVE-2019-1543'],
  aliases: [],
  distribution: 'alpine',
  release: 'v3.9',
  packageName: 'openssl',
  state: 'fixed',
  fixedVersion: '1.1.1b-r1',
  severity: 'Unknown',
  links: [],
};

const ubuntuRecord: VulnerabilityRecord = {
  feed: 'ubuntu-uct',
  advisoryId: 'CVE-2020-1967',
  cves: ['CVE-2020-1967'],
  aliases: ['USN-4334-1'],
  distribution: 'ubuntu',
  release: 'focal',
  packageName: 'openssl',
  state: 'unfixed',
  vendorSeverity: 'high',
  severity: 'High',
  links: ['https://ubuntu.com/security/CVE-2020-1967'],
  published: '2020-04-21T14:15:00Z',
};

function operationCount(file: string): number {
  return queryFile<{ count: number }>(file, 'SELECT count(*) AS count FROM update_operations')[0].count;
}

test('records round trip with every state', async () => {
  const store = await openStore(tempStorePath());
  const records: VulnerabilityRecord[] = [
    debianRecord(),
    debianRecord({ advisoryId: 'CVE-2022-2097', cves: ['CVE-2022-2097'], aliases: [], state: 'not-affected', fixedVersion: undefined }),
    debianRecord({ advisoryId: 'CVE-2007-6755', cves: ['CVE-2007-6755'], state: 'wont-fix', fixedVersion: undefined, description: undefined }),
    debianRecord({ advisoryId: 'CVE-2024-0727', cves: ['CVE-2024-0727'], state: 'unfixed', fixedVersion: undefined, vendorSeverity: undefined }),
  ].map((record) => JSON.parse(JSON.stringify(record)) as VulnerabilityRecord);

  await store.replaceFeedRecords('debian.tar.gz', streamOf(records));

  assert.deepEqual(await store.findRecords(bullseyeOpenssl), records);
  await store.close();
});

test('import replaces only its own feeds', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  const [debianFirst, alpineFirst] = await store.replaceFeedRecords('first.tar.gz', streamOf([debianRecord(), alpineRecord]));

  const newer = debianRecord({ fixedVersion: '1.1.1n-0+deb11u5', links: [] });
  const operations = await store.replaceFeedRecords('second.tar.gz', streamOf([newer]));

  assert.equal(operations.length, 1);
  assert.equal(operations[0].feed, 'debian-tracker');
  assert.equal(operations[0].source, 'second.tar.gz');
  assert.equal(operations[0].recordCount, 1);
  assert.ok(operations[0].id > alpineFirst.id);
  assert.deepEqual(await store.findRecords(bullseyeOpenssl), [newer]);
  assert.deepEqual(await store.findRecords({ distribution: 'alpine', release: 'v3.9', packageNames: ['openssl'] }), [alpineRecord]);

  const status = await store.feedStatus();
  assert.deepEqual(status, [
    { feed: 'alpine-secdb', recordCount: 1, lastUpdate: alpineFirst },
    { feed: 'debian-tracker', recordCount: 1, lastUpdate: operations[0] },
  ]);
  assert.notDeepEqual(debianFirst, operations[0]);
  await store.close();
});

test('failed import changes nothing', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  await store.replaceFeedRecords('first.tar.gz', streamOf([debianRecord(), alpineRecord]));
  const recordsBefore = await store.findRecords(bullseyeOpenssl);
  const statusBefore = await store.feedStatus();
  const rowsBefore = queryFile(file, 'SELECT * FROM vulnerability_records ORDER BY rowid');
  const operationsBefore = operationCount(file);

  const malformed = new UserError('INVALID_FEED', 'ubuntu-cve-tracker/active/CVE-2020-1967: line 12: missing Candidate field');
  const stream = streamOf([debianRecord({ fixedVersion: '9.9' }), ubuntuRecord, debianRecord({ packageName: 'curl' })], malformed);

  await assert.rejects(store.replaceFeedRecords('second.tar.gz', stream), (err) => err === malformed);

  assert.deepEqual(await store.findRecords(bullseyeOpenssl), recordsBefore);
  assert.deepEqual(await store.findRecords({ distribution: 'ubuntu', release: 'focal', packageNames: ['openssl'] }), []);
  assert.deepEqual(await store.feedStatus(), statusBefore);
  assert.deepEqual(queryFile(file, 'SELECT * FROM vulnerability_records ORDER BY rowid'), rowsBefore);
  assert.equal(operationCount(file), operationsBefore);
  await store.close();
});

test('feed status of empty store', async () => {
  const store = await openStore(tempStorePath());
  assert.deepEqual(await store.feedStatus(), []);
  assert.deepEqual(await store.replaceFeedRecords('empty.tar.gz', streamOf([])), []);
  assert.deepEqual(await store.feedStatus(), []);
  await store.close();
});

test('three operations kept per feed by default', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  const ids: number[] = [];
  for (const fixedVersion of ['1', '2', '3', '4']) {
    const [operation] = await store.replaceFeedRecords(`import-${fixedVersion}`, streamOf([debianRecord({ fixedVersion })]));
    ids.push(operation.id);
  }
  await store.close();

  const kept = queryFile<{ id: number }>(file, 'SELECT id FROM update_operations ORDER BY id');
  assert.deepEqual(kept.map((row) => row.id), ids.slice(1));
  const records = queryFile<{ operation_id: number; fixed_version: string }>(
    file,
    'SELECT operation_id, fixed_version FROM vulnerability_records ORDER BY operation_id',
  );
  assert.deepEqual(records, [
    { operation_id: ids[1], fixed_version: '2' },
    { operation_id: ids[2], fixed_version: '3' },
    { operation_id: ids[3], fixed_version: '4' },
  ]);
});

test('concurrent imports run one after another', async () => {
  const store = await openStore(tempStorePath());
  const first = [1, 2, 3].map((n) => debianRecord({ fixedVersion: `1.${n}` }));
  const second = [1, 2, 3].map((n) => debianRecord({ fixedVersion: `2.${n}` }));

  const [firstOperations, secondOperations] = await Promise.all([
    store.replaceFeedRecords('first.tar.gz', streamOf(first)),
    store.replaceFeedRecords('second.tar.gz', streamOf(second)),
  ]);

  assert.equal(firstOperations[0].recordCount, 3);
  assert.equal(secondOperations[0].recordCount, 3);
  assert.ok(secondOperations[0].id > firstOperations[0].id);
  assert.deepEqual(await store.findRecords(bullseyeOpenssl), second);
  await store.close();
});

test('reads during import see previous records', async () => {
  const store = await openStore(tempStorePath());
  await store.replaceFeedRecords('first.tar.gz', streamOf([debianRecord()]));
  const statusBefore = await store.feedStatus();

  const streamGate = gate();
  let inserted = false;
  const newer = debianRecord({ fixedVersion: '1.1.1w-0+deb11u1' });
  async function* slowStream(): AsyncGenerator<VulnerabilityRecord> {
    yield newer;
    yield ubuntuRecord;
    // The import requests the next record only after inserting the last one.
    inserted = true;
    await streamGate.opened;
  }
  const importing = store.replaceFeedRecords('second.tar.gz', slowStream());
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(inserted);

  assert.deepEqual(await store.findRecords(bullseyeOpenssl), [debianRecord()]);
  assert.deepEqual(await store.findRecords({ distribution: 'ubuntu', release: 'focal', packageNames: ['openssl'] }), []);
  assert.deepEqual(await store.feedStatus(), statusBefore);

  streamGate.open();
  await importing;
  assert.deepEqual(await store.findRecords(bullseyeOpenssl), [newer]);
  await store.close();
});

test('writes during failed import are kept', async () => {
  const store = await openStore(tempStorePath());
  const streamGate = gate();
  async function* failingStream(): AsyncGenerator<VulnerabilityRecord> {
    yield debianRecord();
    await streamGate.opened;
    throw new UserError('INVALID_FEED', 'debian/list: line 3: invalid release');
  }
  const importing = store.replaceFeedRecords('broken.tar.gz', failingStream());
  const scan = {
    digest: 'sha256:0f4f0b6d8d3fc1b9a5e1a39e8a6a6d4c7b1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a',
    changes: { whiteouts: [], opaqueDirs: [] },
    findings: [],
  };
  const storing = store.putLayerScan(scan);

  streamGate.open();
  await assert.rejects(importing, UserError);
  await storing;

  assert.deepEqual(await store.getLayerScan(scan.digest, []), scan);
  assert.deepEqual(await store.feedStatus(), []);
  await store.close();
});

test('long package lists are chunked', async () => {
  const store = await openStore(tempStorePath());
  const names = Array.from({ length: 1234 }, (_, i) => `package-${i}`);
  const records = names.map((packageName) => debianRecord({ packageName }));
  await store.replaceFeedRecords('many.tar.gz', streamOf(records));

  const requested = [...names, ...names.slice(0, 10), 'not-in-the-feed'];
  const found = await store.findRecords({ distribution: 'debian', release: 'bullseye', packageNames: requested });

  assert.equal(found.length, names.length);
  assert.deepEqual(new Set(found.map((record) => record.packageName)), new Set(names));
  await store.close();
});

test('records filtered by release and distribution', async () => {
  const store = await openStore(tempStorePath());
  await store.replaceFeedRecords('all.tar.gz', streamOf([debianRecord(), debianRecord({ release: 'bookworm' }), ubuntuRecord]));

  assert.deepEqual(await store.findRecords(bullseyeOpenssl), [debianRecord()]);
  assert.deepEqual(await store.findRecords({ distribution: 'debian', release: 'focal', packageNames: ['openssl'] }), []);
  assert.deepEqual(await store.findRecords({ distribution: 'debian', release: 'bullseye', packageNames: [] }), []);
  await store.close();
});

test('unknown record fields survive round trip', async () => {
  const store = await openStore(tempStorePath());
  const record = {
    ...debianRecord(),
    cvss: [{ version: '3.1' as const, baseScore: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H', source: 'debian' }],
    module: 'nodejs:18',
  };
  await store.replaceFeedRecords('extra.tar.gz', streamOf([record]));

  assert.deepEqual(await store.findRecords(bullseyeOpenssl), [record]);
  await store.close();
});

test('hasRecordsFor names imported releases only', async () => {
  const store = await openStore(tempStorePath());
  assert.equal(await store.hasRecordsFor('alpine', 'v3.9'), false);

  await store.replaceFeedRecords('alpine.tar.gz', streamOf([alpineRecord]));

  assert.equal(await store.hasRecordsFor('alpine', 'v3.9'), true);
  assert.equal(await store.hasRecordsFor('alpine', 'v3.16'), false);
  assert.equal(await store.hasRecordsFor('debian', 'v3.9'), false);
  await store.close();
});
