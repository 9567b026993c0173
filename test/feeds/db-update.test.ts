// `layerlens db update` with a config file whose mirrors point at the feed
// server on 127.0.0.1, and the Alpine updater's branch handling.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runDbUpdate } from '../../src/cli/update.js';
import { runDbStatus } from '../../src/cli/db.js';
import { alpineSecdbUpdater, DEFAULT_ALPINE_BRANCHES } from '../../src/ecosystems/alpine/updater.js';
import { debianDsaUpdater } from '../../src/ecosystems/debian/updaters.js';
import { defaultUpdaters } from '../../src/feeds/updaters.js';
import { repoRoot } from '../shared.js';
import { FeedServer } from './feed-server.js';
import { ALPINE_SNAPSHOT, DEBIAN_SNAPSHOT, makeTempDir, readSnapshotMember } from './helpers.js';

const HTTP = { retries: 0, baseDelayMs: 1, idleTimeoutMs: 2_000 };
const DSA_PATH = '/salsa/data/DSA/list';

class Capture extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('db update', () => {
  let server: FeedServer;
  let dir: string;
  let db: string;
  let config: string;

  const update = async (options: { feed?: string[]; force?: boolean } = {}) => {
    const output = new Capture();
    const errors = new Capture();
    const code = await runDbUpdate(options, { db, config }, output, { updaters: [debianDsaUpdater, alpineSecdbUpdater], http: HTTP, errors });
    return { code, output: output.text, errors: errors.text };
  };

  before(async () => {
    server = await FeedServer.start();
    server.set(DSA_PATH, await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DSA/list'));
    server.set('/alpine/v3.11/main.json', await readSnapshotMember(ALPINE_SNAPSHOT, 'alpine-secdb/v3.11/main.json'));
    server.set('/alpine/v3.10/main.json', await readSnapshotMember(ALPINE_SNAPSHOT, 'alpine-secdb/v3.10/main.json'));
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    dir = makeTempDir();
    db = path.join(dir, 'layerlens.db');
    config = path.join(dir, 'layerlens.yaml');
    fs.writeFileSync(
      config,
      [
        'updaters:',
        '  config:',
        '    debian-dsa:',
        `      url: ${server.url}${DSA_PATH}`,
        '    alpine-secdb:',
        `      url: ${server.url}/alpine`,
        '      branches: [v3.11, v3.12]',
        '      repos: [main]',
        '',
      ].join('\n'),
    );
    server.clearFaults();
  });

  test('prints one line per updater', async () => {
    const first = await update();
    assert.equal(first.code, 0, first.errors);
    const lines = first.output.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^debian-dsa: updated \(debian-dsa operation \d+, \d+ records\)$/);
    assert.match(lines[1]!, /^alpine-secdb: updated \(alpine-secdb operation \d+, \d+ records\)$/);

    const status = new Capture();
    await runDbStatus({ format: 'json' }, { db }, status);
    const feeds = (JSON.parse(status.text) as Array<{ feed: string; lastUpdate: { source: string; updater?: string } }>).map((row) => [row.feed, row.lastUpdate.source, row.lastUpdate.updater]);
    assert.deepEqual(feeds.sort(), [
      ['alpine-secdb', `${server.url}/alpine/v3.11/main.json`, 'alpine-secdb'],
      ['debian-dsa', `${server.url}${DSA_PATH}`, 'debian-dsa'],
    ]);

    const second = await update();
    assert.match(second.output, /^debian-dsa: not due until \S+ \(add --force, or name it with --feed, to run it now\)$/m);

    const forced = await update({ force: true });
    assert.deepEqual(forced.output.trim().split('\n'), ['debian-dsa: unchanged since the last update', 'alpine-secdb: unchanged since the last update']);

    const named = await update({ feed: ['alpine'] });
    assert.deepEqual(named.output.trim().split('\n'), ['alpine-secdb: unchanged since the last update']);
  });

  test('failure exits 1 and names updater', async () => {
    server.fault(DSA_PATH, { kind: 'status', status: 503 });
    const result = await update();
    assert.equal(result.code, 1);
    assert.match(result.errors, new RegExp(`^layerlens: debian-dsa failed: GET ${server.url}${DSA_PATH} failed: the server answered HTTP 503`));
    assert.match(result.output, /^alpine-secdb: updated/m);
  });

  test('Alpine skips missing branches', async () => {
    const result = await update({ feed: ['alpine-secdb'] });
    assert.equal(result.code, 0, result.errors);
    const statuses = server.requestsFor('/alpine/v3.12/main.json').map((request) => request.status);
    assert.ok(statuses.length > 0 && statuses.every((status) => status === 404));
  });

  test('dropped Alpine branch makes new operation', async () => {
    const alpineConfig = (branches: string) => `updaters:\n  config:\n    alpine-secdb:\n      url: ${server.url}/alpine\n      branches: ${branches}\n      repos: [main]\n`;
    const releases = async () => {
      const status = new Capture();
      await runDbStatus({ format: 'json' }, { db }, status);
      return JSON.parse(status.text) as Array<{ feed: string; recordCount: number }>;
    };

    fs.writeFileSync(config, alpineConfig('[v3.10, v3.11]'));
    assert.match((await update({ feed: ['alpine-secdb'] })).output, /^alpine-secdb: updated/);
    const twoBranchCount = (await releases())[0]!.recordCount;

    fs.writeFileSync(config, alpineConfig('[v3.11]'));
    const dropped = await update({ feed: ['alpine-secdb'] });
    assert.match(dropped.output, /^alpine-secdb: updated/, 'every file returned 304, but the branch list changed');
    const oneBranchCount = (await releases())[0]!.recordCount;
    assert.ok(oneBranchCount < twoBranchCount, `${oneBranchCount} records after dropping v3.10, ${twoBranchCount} before`);

    const again = await update({ feed: ['alpine-secdb'] });
    assert.equal(again.output, 'alpine-secdb: unchanged since the last update\n');
  });

  test('Alpine fails when no branch exists', async () => {
    fs.writeFileSync(config, `updaters:\n  config:\n    alpine-secdb:\n      url: ${server.url}/nothing\n      branches: [v3.11, v3.12]\n`);
    const result = await update({ feed: ['alpine-secdb'] });
    assert.equal(result.code, 1);
    assert.match(result.errors, /alpine-secdb failed: none of the 4 files exists upstream \(every one returned 404, such as http:\/\/127\.0\.0\.1:\d+\/nothing\/v3\.11\/main\.json\)/);
  });

  test('invalid branches option fails', async () => {
    fs.writeFileSync(config, `updaters:\n  config:\n    alpine-secdb:\n      url: ${server.url}/alpine\n      branches: v3.11\n`);
    const result = await update({ feed: ['alpine-secdb'] });
    assert.equal(result.code, 1);
    assert.match(result.errors, /updaters\.config\.alpine-secdb\.branches is "v3\.11"; write a list of names such as \[v3\.19, v3\.20, edge\]/);
  });

  test('Ctrl-C stops and cleans up', async () => {
    const tmp = makeTempDir();
    server.fault(DSA_PATH, { kind: 'stall', delayMs: 20_000 });
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/src/cli/main.js'), '--db', db, '--config', config, 'db', 'update', '--feed', 'debian-dsa'], {
      env: { ...process.env, TMPDIR: tmp, LAYERLENS_LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');

    // Interrupt once the stalled download has its temporary file.
    const downloads = () => fs.readdirSync(tmp).filter((name) => name.startsWith('layerlens-download-'));
    while (downloads().length === 0 || fs.readdirSync(path.join(tmp, downloads()[0]!)).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');

    const [code] = await exited;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /db update interrupted/);
    assert.deepEqual(downloads(), []);

    const status = new Capture();
    await runDbStatus({ format: 'json' }, { db }, status);
    assert.deepEqual(JSON.parse(status.text), []);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('unknown --feed is rejected', async () => {
    await assert.rejects(update({ feed: ['gentoo'] }), { code: 'USAGE', message: /--feed gentoo selects no updater/ });
  });

  test('--offline is rejected', async () => {
    await assert.rejects(runDbUpdate({}, { db, config, offline: true }), { code: 'USAGE', message: /--offline forbids it/ });
  });
});

describe('defaultUpdaters', () => {
  test('names are unique', () => {
    const names = defaultUpdaters().map((updater) => updater.name);
    assert.equal(new Set(names).size, names.length);
  });

  test('first feeds are listed', () => {
    const byName = new Map(defaultUpdaters().map((updater) => [updater.name, updater]));
    const expected: Array<[string, string]> = [
      ['debian-tracker', 'https://security-tracker.debian.org/tracker/data/json'],
      ['debian-dsa', 'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list'],
      ['debian-dla', 'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list'],
      ['ubuntu-uct', 'https://git.launchpad.net/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz'],
      ['alpine-secdb', 'https://secdb.alpinelinux.org'],
    ];
    for (const [name, url] of expected) {
      assert.equal(byName.get(name)?.defaultUrl, url, name);
      assert.deepEqual(byName.get(name)?.feeds, [name]);
    }
  });

  test('Alpine default branches', () => {
    assert.deepEqual(DEFAULT_ALPINE_BRANCHES, ['v3.10', 'v3.11', 'v3.12', 'v3.13', 'v3.14', 'v3.15', 'v3.16', 'v3.17', 'v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22', 'edge']);
  });
});
