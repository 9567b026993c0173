// Tests the rhel-vex updater against the feed server on 127.0.0.1, which
// serves Red Hat's real VEX documents in the layout of
// https://security.access.redhat.com/data/csaf/v2/vex/. A first run reads
// archive_latest.txt, the .tar.zst archive and the changes made after it.
// A second run gets 304. A delta run fetches only the changed documents and
// carries the other records over. Faults keep the previous operation.
// Expected records were read from the documents by hand.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { defaultConfig, type Config } from '../../src/config.js';
import { rhelCsafUpdater, rhelVexUpdater } from '../../src/ecosystems/rhel/updaters.js';
import { runUpdates, type UpdaterOutcome } from '../../src/feeds/runner.js';
import { isEnrichment, type FeedItem } from '../../src/feeds/types.js';
import { setRootLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FeedServer, type Fault } from './feed-server.js';
import { makeTempDir, writeTar } from './helpers.js';
import { sampleText } from './redhat-samples.js';

const ZSTD_MISSING = spawnSync('zstd', ['--version']).status === 0 ? false : 'the zstd tool is not installed (apt-get install zstd)';

/** HTTP settings with short timeouts and delays, so the slow fault waits far longer than the idle timeout. */
const HTTP = { retries: 1, baseDelayMs: 1, maxDelayMs: 2, idleTimeoutMs: 300 };

const ARCHIVE = 'csaf_vex_2026-03-01.tar.zst';

const logLines: Array<Record<string, unknown>> = [];
setRootLogger(
  pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  ),
);

/** Formats a record as `id|release|package|arches|state|fixed version`. */
function keyOf(item: FeedItem): string {
  if (isEnrichment(item)) return `${item.kind}|${item.cve}`;
  return [item.advisoryId, item.release, item.packageName, item.arches?.join(',') ?? '', item.state, item.fixedVersion ?? ''].join('|');
}

function csv(entries: Array<[string, string]>): string {
  return entries.map(([file, time]) => `"${file}","${time}"\n`).join('');
}

/** Writes the documents as a tar compressed by the zstd tool, as Red Hat publishes its archives. */
async function tarZst(dir: string, members: Array<{ name: string; content: string }>): Promise<Buffer> {
  const tar = await writeTar(path.join(dir, 'archive.tar'), members);
  execFileSync('zstd', ['-q', '-f', tar, '-o', `${tar}.zst`]);
  return fs.readFileSync(`${tar}.zst`);
}

/** CVE-2026-0968 as its known_affected and known_not_affected lists state it, per release. */
function libsshKeys(): string[] {
  const keys: string[] = [];
  for (const release of ['8', '9', '10']) {
    for (const name of ['libssh', 'libssh-config', 'libssh-devel']) keys.push(`CVE-2026-0968|${release}|${name}||unfixed|`);
    keys.push(`CVE-2026-0968|${release}|libssh|src|unfixed|`);
  }
  for (const release of ['6', '7']) {
    for (const name of ['libssh2', 'libssh2-devel', 'libssh2-docs']) keys.push(`CVE-2026-0968|${release}|${name}||not-affected|`);
    keys.push(`CVE-2026-0968|${release}|libssh2|src|not-affected|`);
  }
  return keys;
}

describe('rhel-vex updater', { skip: ZSTD_MISSING }, () => {
  let server: FeedServer;
  let store: Store;
  let dir: string;
  let config: Config;
  const changes: Array<[string, string]> = [];
  const deletions: Array<[string, string]> = [];

  const run = async (): Promise<UpdaterOutcome> => {
    const summary = await runUpdates(store, [rhelVexUpdater], config, { feeds: ['rhel-vex'], http: HTTP });
    assert.equal(summary.outcomes.length, 1);
    return summary.outcomes[0]!;
  };

  const operationIds = async (): Promise<number[]> => (await store.listOperations('rhel-vex')).map((operation) => operation.id);

  const storedKeys = async (operationId: number): Promise<string[]> => {
    const keys: string[] = [];
    for await (const item of store.operationItems(operationId)) keys.push(keyOf(item));
    return keys.sort();
  };

  const serveLists = (): void => {
    server.set('/vex/changes.csv', csv(changes), { contentType: 'text/csv' });
    server.set('/vex/deletions.csv', csv(deletions), { contentType: 'text/csv' });
  };

  before(async () => {
    server = await FeedServer.start();
    dir = makeTempDir();
    store = await openStore(path.join(dir, 'layerlens.db'));
    config = defaultConfig();
    config.updaters.config['rhel-vex'] = { url: `${server.url}/vex`, options: {} };

    // The archive contains three documents. cve-2023-38545 changed after it was made, and
    // cve-2021-0084 was deleted after it. cve-2025-40907 is newer than the archive.
    server.set('/vex/archive_latest.txt', `${ARCHIVE}\n`, { contentType: 'text/plain' });
    server.set(`/vex/${ARCHIVE}`, await tarZst(dir, [
      { name: '2024/cve-2024-0727.json', content: await sampleText('cve-2024-0727.json') },
      { name: '2023/cve-2023-38545.json', content: await sampleText('cve-2023-38545.json') },
      { name: '2021/cve-2021-0084.json', content: await sampleText('cve-2021-0084.json') },
    ]), { lastModified: new Date('2026-03-01T06:00:00Z') });
    for (const name of ['cve-2023-38545.json', 'cve-2025-40907.json', 'cve-2026-0968.json', 'cve-2026-2673.json']) {
      server.set(`/vex/${name.slice(4, 8)}/${name}`, await sampleText(name), { contentType: 'application/json' });
    }

    changes.push(
      ['2023/cve-2023-38545.json', '2026-03-02T11:00:00+00:00'],
      ['2025/cve-2025-40907.json', '2026-03-02T10:00:00+00:00'],
      ['2024/cve-2024-0727.json', '2026-02-01T00:00:00+00:00'],
    );
    deletions.push(['2021/cve-2021-0084.json', '2026-03-03T00:00:00+00:00']);
    serveLists();
  });

  after(async () => {
    await store.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('first run reads the archive and later changes', async () => {
    const outcome = await run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    assert.equal(outcome.operations.length, 1);
    assert.equal(outcome.operations[0]!.updater, 'rhel-vex');

    const keys = await storedKeys(outcome.operations[0]!.id);
    // One copy of each document: the changed cve-2023-38545 comes from its own file only.
    assert.deepEqual(keys.filter((key) => key.startsWith('CVE-2023-38545|9|curl-minimal|')), [
      'CVE-2023-38545|9|curl-minimal||fixed|7.76.1-23.el9_2.4',
      'CVE-2023-38545|9|curl-minimal||fixed|7.76.1-26.el9_3.2',
    ]);
    assert.ok(keys.includes('CVE-2024-0727|9|openssl-libs||fixed|1:3.0.7-27.el9'));
    assert.ok(keys.includes('CVE-2025-40907|9|perl-FCGI||fixed|1:0.79-8.1.el9_6'));
    assert.deepEqual(keys.filter((key) => key.startsWith('CVE-2021-0084|')), [], 'deleted after the archive');
    assert.equal(new Set(keys).size, keys.length, 'no record stored twice');

    const fetched = server.requests.filter((request) => request.status === 200).map((request) => request.path).sort();
    assert.deepEqual(fetched, [
      '/vex/2023/cve-2023-38545.json',
      '/vex/2025/cve-2025-40907.json',
      '/vex/archive_latest.txt',
      '/vex/changes.csv',
      `/vex/${ARCHIVE}`,
      '/vex/deletions.csv',
    ]);
  });

  test('second run gets 304', async () => {
    const before = await operationIds();
    const requestsBefore = server.requests.length;

    const outcome = await run();
    assert.equal(outcome.status, 'unchanged', String(outcome.error));
    assert.deepEqual(await operationIds(), before);

    const served = server.requests.slice(requestsBefore);
    assert.deepEqual(served.map((request) => `${request.path} ${request.status}`).sort(), ['/vex/changes.csv 304', '/vex/deletions.csv 304']);
  });

  test('delta run stores exactly the changes', async () => {
    const [previous] = (await operationIds()).slice(-1);
    const previousKeys = await storedKeys(previous!);
    const requestsBefore = server.requests.length;

    // A new document, a changed one (RHEL 8's openssl-libs taken out of known_affected) and a deletion.
    const openssl = JSON.parse(await sampleText('cve-2024-0727.json')) as { vulnerabilities: Array<{ product_status: { known_affected: string[] } }> };
    const status = openssl.vulnerabilities[0]!.product_status;
    status.known_affected = status.known_affected.filter((id) => id !== 'red_hat_enterprise_linux_8:openssl-libs');
    server.set('/vex/2024/cve-2024-0727.json', JSON.stringify(openssl), { contentType: 'application/json' });

    changes.unshift(['2026/cve-2026-0968.json', '2026-03-04T00:00:00+00:00'], ['2024/cve-2024-0727.json', '2026-03-04T01:00:00+00:00']);
    deletions.unshift(['2023/cve-2023-38545.json', '2026-03-05T00:00:00+00:00']);
    serveLists();

    const outcome = await run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    const current = outcome.operations[0]!;

    const diff = await store.diffOperations(previous!, current.id);
    assert.deepEqual(diff.added.map(keyOf).sort(), libsshKeys().sort());
    assert.deepEqual(
      diff.removed.map(keyOf).sort(),
      [...previousKeys.filter((key) => key.startsWith('CVE-2023-38545|')), 'CVE-2024-0727|8|openssl-libs||unfixed|'].sort(),
    );

    // Documents not listed since the cursor are carried over without being fetched.
    const keys = await storedKeys(current.id);
    assert.deepEqual(keys.filter((key) => key.startsWith('CVE-2025-40907|')), previousKeys.filter((key) => key.startsWith('CVE-2025-40907|')));
    const fetched = server.requests.slice(requestsBefore).filter((request) => request.status === 200).map((request) => request.path).sort();
    assert.deepEqual(fetched, ['/vex/2024/cve-2024-0727.json', '/vex/2026/cve-2026-0968.json', '/vex/changes.csv', '/vex/deletions.csv']);
  });

  const faults: Array<{ name: string; fault: Fault; message: RegExp }> = [
    { name: 'HTTP 500', fault: { kind: 'status', status: 500 }, message: /answered HTTP 500/ },
    { name: 'truncated body', fault: { kind: 'truncate' }, message: /\(truncated\)/ },
    { name: 'slow server', fault: { kind: 'slow', delayMs: 5_000 }, message: /timed out/ },
    { name: 'malformed JSON', fault: { kind: 'malformed', body: '{"document": {' }, message: /2026\/cve-2026-2673\.json.*invalid JSON/ },
  ];

  for (const { name, fault, message } of faults) {
    test(`${name} keeps previous operation`, async () => {
      if (!changes.some(([file]) => file === '2026/cve-2026-2673.json')) {
        changes.unshift(['2026/cve-2026-2673.json', '2026-03-06T00:00:00+00:00']);
        serveLists();
      }
      const before = await operationIds();
      logLines.length = 0;
      server.fault('/vex/2026/cve-2026-2673.json', fault);
      try {
        const outcome = await run();
        assert.equal(outcome.status, 'failed');
        assert.match(String((outcome.error as Error).message), message);
      } finally {
        server.clearFaults();
      }
      assert.deepEqual(await operationIds(), before);

      const logged = logLines.find((line) => line.msg === 'update failed, the previous operation stays current');
      assert.ok(logged, 'no error logged');
      assert.equal(logged.updater, 'rhel-vex');
    });
  }

  test('run after the faults applies the pending change', async () => {
    const outcome = await run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    const keys = await storedKeys(outcome.operations[0]!.id);
    // red_hat_enterprise_linux_9:openssl-libs is known_affected for CVE-2026-2673 ("Fix deferred").
    assert.ok(keys.includes('CVE-2026-2673|9|openssl-libs||unfixed|'));
  });
});

describe('rhel-vex first run faults', { skip: ZSTD_MISSING }, () => {
  let server: FeedServer;
  let dir: string;

  before(async () => {
    server = await FeedServer.start();
    dir = makeTempDir();
    server.set('/vex/archive_latest.txt', `${ARCHIVE}\n`);
    server.set(`/vex/${ARCHIVE}`, await tarZst(dir, [{ name: '2024/cve-2024-0727.json', content: await sampleText('cve-2024-0727.json') }]));
    server.set('/vex/changes.csv', '');
    server.set('/vex/deletions.csv', '');
  });

  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: Array<{ name: string; path: string; fault?: Fault; body?: string; message: RegExp }> = [
    { name: 'corrupt archive', path: `/vex/${ARCHIVE}`, fault: { kind: 'malformed', body: 'not zstd at all' }, message: /csaf_vex_2026-03-01\.tar\.zst: .*is not a readable feed file/ },
    { name: 'truncated archive', path: `/vex/${ARCHIVE}`, fault: { kind: 'truncate' }, message: /\(truncated\)/ },
    { name: 'bad archive_latest.txt', path: '/vex/archive_latest.txt', fault: { kind: 'malformed', body: '<html>maintenance</html>' }, message: /archive_latest\.txt: expected the file name of a \.tar\.zst archive/ },
    { name: 'malformed changes.csv', path: '/vex/changes.csv', fault: { kind: 'malformed', body: 'not,a,change,list\n' }, message: /changes\.csv line 1: expected/ },
  ];

  for (const faultCase of cases) {
    test(`${faultCase.name} stores nothing`, async () => {
      const store = await openStore(path.join(dir, `${faultCase.name.replaceAll(' ', '-')}.db`));
      try {
        const config = defaultConfig();
        config.updaters.config['rhel-vex'] = { url: `${server.url}/vex`, options: {} };
        server.fault(faultCase.path, faultCase.fault!);

        const summary = await runUpdates(store, [rhelVexUpdater], config, { feeds: ['rhel-vex'], http: HTTP });
        const outcome = summary.outcomes[0]!;
        assert.equal(outcome.status, 'failed');
        assert.match(String((outcome.error as Error).message), faultCase.message);
        assert.deepEqual(await store.listOperations('rhel-vex'), []);
      } finally {
        server.clearFaults();
        await store.close();
      }
    });
  }

  test('since_year option is checked', async () => {
    const store = await openStore(path.join(dir, 'options.db'));
    try {
      const config = defaultConfig();
      config.updaters.config['rhel-vex'] = { url: `${server.url}/vex`, options: { since_year: 'recent' } };
      const summary = await runUpdates(store, [rhelVexUpdater], config, { feeds: ['rhel-vex'], http: HTTP });
      assert.match(String((summary.outcomes[0]!.error as Error).message), /updaters\.config\.rhel-vex\.since_year must be a whole number/);
    } finally {
      await store.close();
    }
  });

  test('documents before since_year are skipped', async () => {
    const store = await openStore(path.join(dir, 'since.db'));
    try {
      const config = defaultConfig();
      config.updaters.config['rhel-vex'] = { url: `${server.url}/vex`, options: { since_year: 2025 } };
      const summary = await runUpdates(store, [rhelVexUpdater], config, { feeds: ['rhel-vex'], http: HTTP });
      const outcome = summary.outcomes[0]!;
      // The archive holds only a 2024 document: nothing to store, so no operation.
      assert.notEqual(outcome.status, 'failed', String(outcome.error));
      assert.deepEqual((await store.findRecords({ distribution: 'rhel', release: '9', packageNames: ['openssl-libs'] })), []);
    } finally {
      await store.close();
    }
  });
});

describe('rhel-csaf updater', { skip: ZSTD_MISSING }, () => {
  let server: FeedServer;
  let store: Store;
  let dir: string;
  let config: Config;

  before(async () => {
    server = await FeedServer.start();
    dir = makeTempDir();
    store = await openStore(path.join(dir, 'layerlens.db'));
    config = defaultConfig();
    config.updaters.config['rhel-csaf'] = { url: `${server.url}/advisories`, options: {} };

    // RHSA-2022:0011 with its 7.6 AUS stream moved to RHEL 7 Server's main CPE, since the
    // real document names only extended support streams.
    const advisory = (await sampleText('advisories/rhsa-2022_0011.json')).replaceAll('cpe:/o:redhat:rhel_aus:7.6::server', 'cpe:/o:redhat:enterprise_linux:7::server');
    const archive = 'csaf_advisories_2026-03-01.tar.zst';
    server.set('/advisories/archive_latest.txt', `${archive}\n`);
    server.set(`/advisories/${archive}`, await tarZst(dir, [{ name: '2022/rhsa-2022_0011.json', content: advisory }]));
    server.set('/advisories/changes.csv', csv([['2022/rhsa-2022_0011.json', '2022-01-04T08:38:00+00:00']]));
    server.set('/advisories/deletions.csv', '');
  });

  after(async () => {
    await store.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('first run stores the advisory, second gets 304', async () => {
    const first = (await runUpdates(store, [rhelCsafUpdater], config, { feeds: ['rhel-csaf'], http: HTTP })).outcomes[0]!;
    assert.equal(first.status, 'updated', String(first.error));

    const keys: string[] = [];
    for await (const item of store.operationItems(first.operations[0]!.id)) keys.push(keyOf(item));
    assert.deepEqual(keys.sort(), [
      'RHSA-2022:0011|7|telnet-debuginfo||fixed|1:0.17-65.el7_6',
      'RHSA-2022:0011|7|telnet-server||fixed|1:0.17-65.el7_6',
      'RHSA-2022:0011|7|telnet|src|fixed|1:0.17-65.el7_6',
      'RHSA-2022:0011|7|telnet||fixed|1:0.17-65.el7_6',
    ].sort());

    const second = (await runUpdates(store, [rhelCsafUpdater], config, { feeds: ['rhel-csaf'], http: HTTP })).outcomes[0]!;
    assert.equal(second.status, 'unchanged', String(second.error));
    assert.equal((await store.listOperations('rhel-csaf')).length, 1);
  });
});
