// Scan's auto-update policy through `runScan`: a database that `db update`
// filled is refreshed once older than db.max_age, never with --offline, and
// never when it was imported from files. The feed server's request log
// shows whether the scan touched the network.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runDbImport } from '../../src/cli/db.js';
import { runScan } from '../../src/cli/scan.js';
import { runDbUpdate } from '../../src/cli/update.js';
import { debianDsaUpdater } from '../../src/ecosystems/debian/updaters.js';
import { sharedPath } from '../shared.js';
import { FeedServer, startProxy } from './feed-server.js';
import { DEBIAN_SNAPSHOT, makeTempDir, readSnapshotMember } from './helpers.js';

const IMAGE = `oci-archive:${sharedPath('images', 'debian-images.oci.tar')}:distroless-like`;
const DSA_PATH = '/data/DSA/list';

class Discard extends Writable {
  override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }
}

describe('scan auto-update', () => {
  let server: FeedServer;
  let dir: string;
  let db: string;

  /**
   * Writes a config whose only updater is debian-dsa on the feed server.
   * Scan runs only due updaters, so the interval is as short as max_age.
   */
  const writeConfig = (maxAge: string): string => {
    const file = path.join(dir, `layerlens-${maxAge}.yaml`);
    fs.writeFileSync(file, `updaters:\n  sets: [debian-dsa]\n  config:\n    debian-dsa:\n      url: ${server.url}${DSA_PATH}\n      interval: ${maxAge}\ndb:\n  max_age: ${maxAge}\n`);
    return file;
  };

  const scan = (config: string, offline = false) => runScan(IMAGE, { format: 'json' }, { db, config, offline, quiet: true }, new Discard());

  before(async () => {
    server = await FeedServer.start();
    server.set(DSA_PATH, await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DSA/list'));
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    dir = makeTempDir();
    db = path.join(dir, 'layerlens.db');
    server.requests.length = 0;
  });

  test('stale updated database is refreshed', async () => {
    const config = writeConfig('1ms');
    assert.equal(await runDbUpdate({}, { db, config, quiet: true }, new Discard(), { updaters: [debianDsaUpdater] }), 0);
    assert.equal(server.requestsFor(DSA_PATH).length, 1);

    assert.equal(await scan(config), 0);
    const refresh = server.requestsFor(DSA_PATH).slice(1);
    assert.equal(refresh.length, 1);
    assert.equal(refresh[0]?.status, 304);
  });

  test('updaters not due are not run', async () => {
    const config = writeConfig('1ms');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('interval: 1ms', 'interval: 6h'));
    await runDbUpdate({}, { db, config, quiet: true }, new Discard(), { updaters: [debianDsaUpdater] });
    assert.equal(await scan(config), 0);
    assert.equal(server.requestsFor(DSA_PATH).length, 1);
  });

  test('fresh database is not refreshed', async () => {
    const config = writeConfig('24h');
    await runDbUpdate({}, { db, config, quiet: true }, new Discard(), { updaters: [debianDsaUpdater] });
    assert.equal(await scan(config), 0);
    assert.equal(server.requestsFor(DSA_PATH).length, 1);
  });

  test('--offline never refreshes', async () => {
    const config = writeConfig('1ms');
    await runDbUpdate({}, { db, config, quiet: true }, new Discard(), { updaters: [debianDsaUpdater] });
    assert.equal(await scan(config, true), 0);
    assert.equal(server.requestsFor(DSA_PATH).length, 1);
  });

  test('imported database is never refreshed', async () => {
    const config = writeConfig('1ms');
    await runDbImport([DEBIAN_SNAPSHOT], { db, quiet: true }, new Discard());
    assert.equal(await scan(config), 0);
    assert.equal(server.requests.length, 0);
  });
});

describe('db update through a proxy', () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('HTTP_PROXY carries the update', async () => {
    const server = await FeedServer.start();
    const proxy = await startProxy();
    const dir = makeTempDir();
    try {
      server.set(DSA_PATH, await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DSA/list'));
      const config = path.join(dir, 'layerlens.yaml');
      fs.writeFileSync(config, `updaters:\n  config:\n    debian-dsa:\n      url: ${server.url}${DSA_PATH}\n`);

      process.env.HTTP_PROXY = proxy.url;
      delete process.env.NO_PROXY;
      const code = await runDbUpdate({}, { db: path.join(dir, 'layerlens.db'), config, quiet: true }, new Discard(), { updaters: [debianDsaUpdater] });
      assert.equal(code, 0);
      assert.deepEqual(proxy.targets, [new URL(server.url).host]);
      assert.equal(server.requestsFor(DSA_PATH)[0]?.status, 200);
    } finally {
      delete process.env.HTTP_PROXY;
      await proxy.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
