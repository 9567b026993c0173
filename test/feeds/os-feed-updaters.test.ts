// The Photon, SUSE, Oracle, Amazon, Wolfi and Chainguard updaters against
// the feed server on 127.0.0.1, in the upstream URL layouts: the real
// Photon 3 snapshot, and the small documents of os-feed-documents.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { defaultConfig, type Config } from '../../src/config.js';
import { amazonUpdateinfoUpdater } from '../../src/ecosystems/amazon/updater.js';
import { oracleOvalUpdater } from '../../src/ecosystems/oracle/updater.js';
import { photonOvalUpdater } from '../../src/ecosystems/photon/updater.js';
import { suseOvalUpdater } from '../../src/ecosystems/suse/updater.js';
import { chainguardSecdbUpdater, wolfiSecdbUpdater } from '../../src/ecosystems/wolfi/updater.js';
import { runUpdates, type UpdaterOutcome } from '../../src/feeds/runner.js';
import type { Updater } from '../../src/feeds/updater.js';
import { openStore, type Store } from '../../src/store/index.js';
import { sharedPath } from '../shared.js';
import { FeedServer, type Fault } from './feed-server.js';
import { makeTempDir } from './helpers.js';
import { AL2023_UPDATEINFO, AL2_UPDATEINFO, bzip2, ORACLE_DOCUMENT, SLE15_DOCUMENT, WOLFI_SECDB, CHAINGUARD_SECDB } from './os-feed-documents.js';
import { keyOf } from './update-cases.js';

const HTTP = { retries: 1, baseDelayMs: 1, maxDelayMs: 2, idleTimeoutMs: 300 };

const PHOTON_SNAPSHOT = sharedPath('feeds', 'com.vmware.phsa-photon3.xml.gz');

/** A store, a feed server and a config for one updater. */
class Harness {
  server!: FeedServer;
  store!: Store;
  config!: Config;
  private dir = '';

  constructor(private readonly updater: Updater) {}

  async start(url: (server: FeedServer) => string, options: (server: FeedServer) => Record<string, unknown> = () => ({})): Promise<void> {
    this.server = await FeedServer.start();
    this.dir = makeTempDir();
    this.store = await openStore(path.join(this.dir, 'layerlens.db'));
    this.config = defaultConfig();
    this.config.updaters.config[this.updater.name] = { url: url(this.server), options: options(this.server) };
  }

  async run(): Promise<UpdaterOutcome> {
    const summary = await runUpdates(this.store, [this.updater], this.config, { feeds: [this.updater.name], http: HTTP });
    return summary.outcomes[0]!;
  }

  async operationIds(feed: string): Promise<number[]> {
    return (await this.store.listOperations(feed)).map((operation) => operation.id);
  }

  async storedKeys(operationId: number): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of this.store.operationItems(operationId)) keys.push(keyOf(item));
    return keys.sort();
  }

  async stop(): Promise<void> {
    await this.store.close();
    await this.server.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('photon-oval updater', () => {
  const harness = new Harness(photonOvalUpdater);
  const document = '/photon/com.vmware.phsa-photon3.xml.gz';
  const xml = zlib.gunzipSync(fs.readFileSync(PHOTON_SNAPSHOT)).toString('utf8');
  // Read by hand: state 202030000112 is "sqlite is earlier than 0:3.27.2-5.ph3" of PHSA-2020:00001.
  const state = '<rpminfo_state id="oval:com.vmware.phsa:ste:202030000112" version="633" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux">\n      <evr datatype="evr_string" operation="less than">0:3.27.2-5.ph3</evr>';

  before(async () => {
    await harness.start((server) => `${server.url}/photon`, () => ({ releases: ['3', '4'] }));
    harness.server.setFile(document, PHOTON_SNAPSHOT);
  });

  after(() => harness.stop());

  test('first run loads the snapshot', async () => {
    const outcome = await harness.run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    assert.equal(outcome.operations[0]?.recordCount, [...xml.matchAll(/<criterion comment="\S+ is earlier than /g)].length);
    assert.equal(harness.server.requestsFor('/photon/com.vmware.phsa-photon4.xml.gz')[0]?.status, 404);
  });

  test('second run gets 304', async () => {
    const before = await harness.operationIds('photon-oval');
    const outcome = await harness.run();
    assert.equal(outcome.status, 'unchanged');
    assert.deepEqual(await harness.operationIds('photon-oval'), before);
    assert.equal(harness.server.requestsFor(document).at(-1)?.status, 304);
  });

  test('changed fix is the whole diff', async () => {
    assert.ok(xml.includes(state));
    const [previous] = await harness.operationIds('photon-oval');
    harness.server.set(document, zlib.gzipSync(xml.replace(state, state.replace('3.27.2-5.ph3', '3.27.2-6.ph3'))));

    const outcome = await harness.run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    const diff = await harness.store.diffOperations(previous!, outcome.operations[0]!.id);
    assert.deepEqual(diff.added.map(keyOf), ['PHSA-2020:00001|photon|3.0|sqlite|fixed|3.27.2-6.ph3']);
    assert.deepEqual(diff.removed.map(keyOf), ['PHSA-2020:00001|photon|3.0|sqlite|fixed|3.27.2-5.ph3']);
  });

  for (const [name, fault, message] of [
    ['HTTP 500', { kind: 'status', status: 500 }, /answered HTTP 500/],
    ['truncated body', { kind: 'truncate' }, /\(truncated\)/],
  ] as Array<[string, Fault, RegExp]>) {
    test(`${name} keeps the previous operation`, async () => {
      const before = await harness.operationIds('photon-oval');
      harness.server.fault(document, fault);
      try {
        const outcome = await harness.run();
        assert.equal(outcome.status, 'failed');
        assert.match((outcome.error as Error).message, message);
      } finally {
        harness.server.clearFaults();
      }
      assert.deepEqual(await harness.operationIds('photon-oval'), before);
    });
  }

  test('truncated XML keeps the previous operation', async () => {
    const before = await harness.operationIds('photon-oval');
    harness.server.set(document, zlib.gzipSync(xml.slice(0, xml.length / 2)));
    const outcome = await harness.run();
    assert.equal(outcome.status, 'failed');
    assert.match((outcome.error as Error).message, /com\.vmware\.phsa-photon3\.xml at line \d+: invalid XML/);
    assert.deepEqual(await harness.operationIds('photon-oval'), before);
  });
});

/** Serves one Amazon Linux release: mirror list, repomd.xml naming the updateinfo by its SHA-256, and the updateinfo. */
function serveAmazonRelease(server: FeedServer, name: string, updateinfo: string, checksum?: string): void {
  const body = zlib.gzipSync(updateinfo);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const mirror = `${server.url}/${name}/core/guids/${sha256.slice(0, 12)}/x86_64`;
  server.set(`/${name}/mirror.list`, `${mirror}/\n`);
  server.set(
    `/${name}/core/guids/${sha256.slice(0, 12)}/x86_64/repodata/repomd.xml`,
    `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
 <revision>1568754421</revision>
<data type="primary_db">
  <checksum type="sha256">8931ecdd9407bf434f4051229d5cff68bcdcda48d7a5f7706daac385b20f95ac</checksum>
  <location href="repodata/primary.sqlite.bz2"/>
</data>
<data type="updateinfo">
  <checksum type="sha256">${checksum ?? sha256}</checksum>
  <location href="repodata/${sha256}-updateinfo.xml.gz"/>
  <size>${body.length}</size>
</data>
</repomd>
`,
  );
  server.set(`/${name}/core/guids/${sha256.slice(0, 12)}/x86_64/repodata/${sha256}-updateinfo.xml.gz`, body);
}

describe('amazon-updateinfo updater', () => {
  const harness = new Harness(amazonUpdateinfoUpdater);
  const mirrorLists = (server: FeedServer): Record<string, unknown> => ({
    mirrorLists: { '2': `${server.url}/al2/mirror.list`, '2023': `${server.url}/al2023/mirror.list` },
  });

  before(async () => {
    await harness.start((server) => server.url, mirrorLists);
    serveAmazonRelease(harness.server, 'al2', AL2_UPDATEINFO);
    serveAmazonRelease(harness.server, 'al2023', AL2023_UPDATEINFO);
  });

  after(() => harness.stop());

  test('first run reads every release', async () => {
    const outcome = await harness.run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    assert.deepEqual(await harness.storedKeys(outcome.operations[0]!.id), [
      'ALAS2-2018-951|amzn|2|curl|fixed|7.55.1-9.amzn2.0.1',
      'ALAS2-2018-951|amzn|2|libcurl|fixed|7.55.1-9.amzn2.0.1',
      'ALAS2023-2024-001|amzn|2023|openssh-server|fixed|8.7p1-12.amzn2023.0.3',
      'ALAS2023-2024-001|amzn|2023|openssh|fixed|8.7p1-12.amzn2023.0.3',
    ]);
  });

  test('unchanged repomd fetches no updateinfo', async () => {
    const before = await harness.operationIds('amazon-updateinfo');
    const requests = harness.server.requests.length;
    const outcome = await harness.run();
    assert.equal(outcome.status, 'unchanged');
    assert.deepEqual(await harness.operationIds('amazon-updateinfo'), before);
    assert.deepEqual(harness.server.requests.slice(requests).filter((request) => request.path.endsWith('updateinfo.xml.gz')), []);
  });

  test('new advisory is the whole diff', async () => {
    const [previous] = await harness.operationIds('amazon-updateinfo');
    const added = AL2_UPDATEINFO.replace(
      '</updates>',
      `<update author="linux-security@amazon.com" from="linux-security@amazon.com" status="final" type="security" version="1.4"><id>ALAS2-2018-960</id><title>ALAS2-2018-960: medium priority package update for bind</title><issued date="2018-02-15 18:20" /><severity>medium</severity><description>x</description><references><reference href="https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-3145" id="CVE-2017-3145" title="" type="cve" /></references><pkglist><collection short="amazon-linux-2"><name>Amazon Linux 2</name><package name="bind-libs" version="9.9.4" release="51.amzn2" epoch="32" arch="x86_64"><filename>x</filename></package></collection></pkglist></update>\n</updates>`,
    );
    serveAmazonRelease(harness.server, 'al2', added);

    const outcome = await harness.run();
    assert.equal(outcome.status, 'updated', String(outcome.error));
    const diff = await harness.store.diffOperations(previous!, outcome.operations[0]!.id);
    assert.deepEqual(diff.added.map(keyOf), ['ALAS2-2018-960|amzn|2|bind-libs|fixed|32:9.9.4-51.amzn2']);
    assert.deepEqual(diff.removed, []);
  });

  test('checksum mismatch keeps the previous operation', async () => {
    const before = await harness.operationIds('amazon-updateinfo');
    serveAmazonRelease(harness.server, 'al2023', AL2023_UPDATEINFO.replace('openssh-server', 'openssh-clients'), '0'.repeat(64));
    const outcome = await harness.run();
    assert.equal(outcome.status, 'failed');
    assert.match((outcome.error as Error).message, /repomd\.xml lists 0{64}/);
    assert.deepEqual(await harness.operationIds('amazon-updateinfo'), before);
  });

  test('mirror list without URLs is an error', async () => {
    harness.server.set('/al2/mirror.list', '\n');
    const outcome = await harness.run();
    assert.equal(outcome.status, 'failed');
    assert.match((outcome.error as Error).message, /mirror\.list lists no mirror URL/);
  });
});

describe('oracle-oval, suse-oval, wolfi-secdb and chainguard-secdb updaters', () => {
  const cases: Array<{ updater: Updater; file: string; body: Buffer; feed: string; records: string[] }> = [
    {
      updater: oracleOvalUpdater,
      file: '/oval/com.oracle.elsa-all.xml.bz2',
      body: bzip2(ORACLE_DOCUMENT),
      feed: 'oracle-oval',
      records: [
        'ELSA-2019-0975|ol|8|buildah|fixed|1.5-3.0.1.gite94b4f9.module+el8.0.0+5215+77f672ad',
        'ELSA-2019-0975|ol|8|podman|fixed|1.0.0-2.0.1.git921f98f.module+el8.0.0+5215+77f672ad',
      ],
    },
    {
      updater: suseOvalUpdater,
      file: '/oval/suse.linux.enterprise.15.xml.gz',
      body: zlib.gzipSync(SLE15_DOCUMENT),
      feed: 'suse-oval',
      records: [
        'CVE-2018-25020|sles|15|kernel-default|fixed|4.12.14-150.78.1',
        'CVE-2018-25020|sles|15|kernel-docs|unfixed|',
        'CVE-2018-25020|sles|15|kernel-source|not-affected|',
        'CVE-2021-36690|sles|15.1|sqlite3-devel|fixed|3.36.0-3.12.1',
        'CVE-2021-36690|sles|15.1|sqlite3|fixed|3.36.0-3.12.1',
        'CVE-2021-36690|sles|15.3|sqlite3-devel|fixed|3.36.0-3.12.1',
        'CVE-2021-36690|sles|15.3|sqlite3|fixed|3.36.0-3.12.1',
      ],
    },
    {
      updater: wolfiSecdbUpdater,
      file: '/os/security.json',
      body: Buffer.from(WOLFI_SECDB),
      feed: 'wolfi-secdb',
      records: ['CVE-2022-28391|wolfi||busybox|not-affected|', 'CVE-2023-42363|wolfi||busybox|fixed|1.36.1-r2', 'CVE-2023-42366|wolfi||busybox|fixed|1.36.1-r2', 'CVE-2023-4911|wolfi||glibc|fixed|2.38-r6'],
    },
    {
      updater: chainguardSecdbUpdater,
      file: '/chainguard/security.json',
      body: Buffer.from(CHAINGUARD_SECDB),
      feed: 'chainguard-secdb',
      records: [
        'CVE-2022-28391|chainguard||busybox|not-affected|',
        'CVE-2023-42363|chainguard||busybox|fixed|1.36.1-r2',
        'CVE-2023-42366|chainguard||busybox|fixed|1.36.1-r2',
        'CVE-2023-4911|chainguard||glibc|fixed|2.38-r6',
      ],
    },
  ];

  for (const spec of cases) {
    test(`${spec.updater.name} loads, then gets 304`, async () => {
      const harness = new Harness(spec.updater);
      const documentOption = spec.updater === suseOvalUpdater ? () => ({ documents: ['suse.linux.enterprise.15.xml.gz', 'opensuse.leap.15.9.xml.gz'] }) : undefined;
      await harness.start((server) => (spec.updater === suseOvalUpdater ? `${server.url}/oval` : `${server.url}${spec.file}`), documentOption);
      try {
        harness.server.set(spec.file, spec.body);
        const first = await harness.run();
        assert.equal(first.status, 'updated', String(first.error));
        assert.deepEqual(await harness.storedKeys(first.operations[0]!.id), spec.records);

        const second = await harness.run();
        assert.equal(second.status, 'unchanged');
        assert.equal(harness.server.requestsFor(spec.file).at(-1)?.status, 304);
      } finally {
        await harness.stop();
      }
    });
  }
});
