// The update runner with scripted updaters and the SQLite store: which
// updaters run (sets, --feed, schedule), what is stored, and how failures
// stay contained.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { autoUpdate, autoUpdateBlocker } from '../../src/feeds/auto-update.js';
import { defaultConfig, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { runUpdates, selectUpdaters } from '../../src/feeds/runner.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import type { Updater, UpdaterContext, UpdateRun } from '../../src/feeds/updater.js';
import { openStore, type Store } from '../../src/store/index.js';
import { makeTempDir } from './helpers.js';

const HOUR = 3_600_000;

function record(feed: string, advisoryId: string, fixedVersion = '1.0-1'): VulnerabilityRecord {
  return {
    feed,
    advisoryId,
    cves: [advisoryId],
    aliases: [],
    distribution: 'debian',
    release: 'bookworm',
    packageName: 'openssl',
    state: 'fixed',
    fixedVersion,
    severity: 'Unknown',
    links: [],
  };
}

async function* items(list: VulnerabilityRecord[], failAfter?: number): AsyncIterable<VulnerabilityRecord> {
  for (const [index, item] of list.entries()) {
    if (index === failAfter) throw new UserError('INVALID_FEED', 'feed.json: line 3: invalid JSON');
    yield item;
  }
}

/** An updater that returns the next scripted run on each call and records the contexts it got. */
class ScriptedUpdater implements Updater {
  readonly contexts: UpdaterContext[] = [];
  cleanups = 0;

  constructor(
    readonly name: string,
    readonly feeds: string[],
    private readonly script: Array<(context: UpdaterContext) => Omit<UpdateRun, 'cleanup'> | undefined>,
    readonly interval = HOUR,
    readonly defaultUrl = 'https://feeds.example/never-contacted',
  ) {}

  async update(context: UpdaterContext): Promise<UpdateRun | undefined> {
    this.contexts.push(context);
    const step = this.script[Math.min(this.contexts.length, this.script.length) - 1]!;
    const run = step(context);
    return run && { ...run, cleanup: async () => void this.cleanups++ };
  }
}

function run(feed: string, fingerprint: string, list: VulnerabilityRecord[], extra: Partial<UpdateRun> = {}): () => Omit<UpdateRun, 'cleanup'> {
  return () => ({ fingerprint, source: `https://feeds.example/${feed}`, items: items(list), ...extra });
}

describe('runUpdates', () => {
  let dir: string;
  let store: Store;
  let config: Config;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await openStore(path.join(dir, 'layerlens.db'));
    config = defaultConfig();
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('first run stores every updater', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1'), record('feed-a', 'CVE-2024-2')])]);
    const b = new ScriptedUpdater('feed-b', ['feed-b'], [run('feed-b', 'fb1', [record('feed-b', 'CVE-2024-3')])]);

    const summary = await runUpdates(store, [a, b], config);
    assert.deepEqual(summary.outcomes.map((outcome) => [outcome.updater, outcome.status]), [['feed-a', 'updated'], ['feed-b', 'updated']]);
    assert.equal(summary.failed.length, 0);

    const [operation] = await store.listOperations('feed-a');
    assert.equal(operation?.recordCount, 2);
    assert.equal(operation?.updater, 'feed-a');
    assert.equal(operation?.fingerprint, 'fa1');
    assert.equal(operation?.source, 'https://feeds.example/feed-a');
    assert.equal(a.cleanups, 1);
  });

  test('state returns on next run', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [
      run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')], { state: { cursor: '2024-01-01', validators: { etag: '"x"' } } }),
      () => undefined,
    ]);
    await runUpdates(store, [a], config);
    await runUpdates(store, [a], config, { force: true });
    assert.equal(a.contexts[0]?.state, undefined);
    assert.deepEqual(a.contexts[1]?.state, { cursor: '2024-01-01', validators: { etag: '"x"' } });
  });

  test('not due is skipped', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]), () => undefined]);
    await runUpdates(store, [a], config);
    const [operation] = await store.listOperations('feed-a');
    const created = Date.parse(operation!.createdAt);

    const soon = await runUpdates(store, [a], config, { now: new Date(created + HOUR / 2) });
    assert.equal(soon.outcomes[0]?.status, 'not-due');
    assert.equal(soon.outcomes[0]?.nextRun?.getTime(), created + HOUR);
    assert.equal(a.contexts.length, 1);

    const later = await runUpdates(store, [a], config, { now: new Date(created + 2 * HOUR) });
    assert.equal(later.outcomes[0]?.status, 'unchanged');
    assert.equal(a.contexts.length, 2);
  });

  test('unchanged run restarts the interval', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]), () => undefined]);
    await runUpdates(store, [a], config);
    const created = (await store.listOperations('feed-a'))[0]!.createdAt;

    // A later check that gets "not modified" from upstream counts as a run.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const checked = await runUpdates(store, [a], config, { force: true });
    assert.equal(checked.outcomes[0]?.status, 'unchanged');
    const checkedAt = (await store.updaterState('feed-a'))!.checkedAt;
    assert.ok(checkedAt > created, `${checkedAt} is after ${created}`);

    const soon = await runUpdates(store, [a], config, { now: new Date(Date.parse(checkedAt) + HOUR / 2) });
    assert.equal(soon.outcomes[0]?.status, 'not-due');
    assert.equal(soon.outcomes[0]?.nextRun?.getTime(), Date.parse(checkedAt) + HOUR);
    assert.equal(a.contexts.length, 2);
  });

  test('configured interval replaces default', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]), () => undefined]);
    await runUpdates(store, [a], config);
    const created = Date.parse((await store.listOperations('feed-a'))[0]!.createdAt);

    config.updaters.config['feed-a'] = { interval: 10 * HOUR, options: {} };
    const summary = await runUpdates(store, [a], config, { now: new Date(created + 2 * HOUR) });
    assert.equal(summary.outcomes[0]?.status, 'not-due');
    assert.equal(summary.outcomes[0]?.nextRun?.getTime(), created + 10 * HOUR);
  });

  test('named and forced updaters run', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]), () => undefined]);
    const b = new ScriptedUpdater('feed-b', ['feed-b'], [run('feed-b', 'fb1', [record('feed-b', 'CVE-2024-3')]), () => undefined]);
    await runUpdates(store, [a, b], config);

    const named = await runUpdates(store, [a, b], config, { feeds: ['feed-b'] });
    assert.deepEqual(named.outcomes.map((outcome) => [outcome.updater, outcome.status]), [['feed-b', 'unchanged']]);

    const forced = await runUpdates(store, [a, b], config, { force: true });
    assert.deepEqual(forced.outcomes.map((outcome) => outcome.status), ['unchanged', 'unchanged']);
    assert.equal(a.contexts.length, 2);
    assert.equal(b.contexts.length, 3);
  });

  test('same fingerprint stores nothing', async () => {
    const list = [record('feed-a', 'CVE-2024-1')];
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'same', list), run('feed-a', 'same', list)]);
    await runUpdates(store, [a], config);
    const summary = await runUpdates(store, [a], config, { force: true });
    assert.equal(summary.outcomes[0]?.status, 'unchanged');
    assert.equal((await store.listOperations('feed-a')).length, 1);
  });

  test('failure leaves others and previous operation', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [
      run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]),
      () => {
        throw new UserError('FEED_UNAVAILABLE', 'GET https://feeds.example/feed-a failed: the server answered HTTP 500');
      },
    ]);
    const b = new ScriptedUpdater('feed-b', ['feed-b'], [run('feed-b', 'fb1', [record('feed-b', 'CVE-2024-3')]), run('feed-b', 'fb2', [record('feed-b', 'CVE-2024-4')])]);
    await runUpdates(store, [a, b], config);
    const before = await store.listOperations('feed-a');

    const summary = await runUpdates(store, [a, b], config, { force: true });
    assert.deepEqual(summary.outcomes.map((outcome) => [outcome.updater, outcome.status]), [['feed-a', 'failed'], ['feed-b', 'updated']]);
    assert.equal(summary.failed.length, 1);
    assert.match((summary.failed[0]?.error as Error).message, /HTTP 500/);
    assert.deepEqual(await store.listOperations('feed-a'), before);
  });

  test('malformed items roll back', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [
      run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]),
      () => ({ fingerprint: 'fa2', source: 'https://feeds.example/feed-a', items: items([record('feed-a', 'CVE-2024-5'), record('feed-a', 'CVE-2024-6')], 1) }),
    ]);
    await runUpdates(store, [a], config);
    const before = await store.listOperations('feed-a');

    const summary = await runUpdates(store, [a], config, { force: true });
    assert.equal(summary.outcomes[0]?.status, 'failed');
    assert.match((summary.outcomes[0]?.error as Error).message, /invalid JSON/);
    assert.deepEqual(await store.listOperations('feed-a'), before);
    assert.equal(a.cleanups, 2);
  });

  test('retention bounds operations', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [1, 2, 3, 4].map((n) => run('feed-a', `fa${n}`, [record('feed-a', `CVE-2024-${n}`)])));
    config.updaters.retention = 2;
    for (let n = 0; n < 4; n++) await runUpdates(store, [a], config, { force: true });
    const operations = await store.listOperations('feed-a');
    assert.equal(operations.length, 2);
    assert.deepEqual(operations.map((operation) => operation.fingerprint), ['fa3', 'fa4']);
  });

  test('configured URL and options reach updater', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [() => undefined]);
    config.updaters.config['feed-a'] = { url: 'http://127.0.0.1:9/mirror///', options: { branches: ['v3.19'] } };
    await runUpdates(store, [a], config);
    assert.equal(a.contexts[0]?.url, 'http://127.0.0.1:9/mirror');
    assert.deepEqual(a.contexts[0]?.options, { branches: ['v3.19'] });

    const b = new ScriptedUpdater('feed-b', ['feed-b'], [() => undefined]);
    await runUpdates(store, [b], defaultConfig());
    assert.equal(b.contexts[0]?.url, 'https://feeds.example/never-contacted');
  });
});

describe('selectUpdaters', () => {
  const updaters = [
    new ScriptedUpdater('debian-tracker', ['debian-tracker'], []),
    new ScriptedUpdater('debian-dsa', ['debian-dsa'], []),
    new ScriptedUpdater('osv-npm', ['osv-npm'], []),
    new ScriptedUpdater('rhel-vex', ['rhel-vex', 'rhel-csaf'], []),
  ];
  const names = (list: Updater[]) => list.map((updater) => updater.name);

  test('sets pick by name and prefix', () => {
    const config = defaultConfig();
    config.updaters.sets = ['debian', 'osv-npm'];
    assert.deepEqual(names(selectUpdaters(updaters, config)), ['debian-tracker', 'debian-dsa', 'osv-npm']);
  });

  test('feed names pick their updater', () => {
    assert.deepEqual(names(selectUpdaters(updaters, defaultConfig(), ['rhel-csaf'])), ['rhel-vex']);
    assert.deepEqual(names(selectUpdaters(updaters, defaultConfig(), ['debian-dsa', 'osv'])), ['debian-dsa', 'osv-npm']);
  });

  test('unknown --feed is a usage error', () => {
    assert.throws(() => selectUpdaters(updaters, defaultConfig(), ['ubuntu']), {
      code: 'USAGE',
      message: '--feed ubuntu selects no updater; use one of debian-tracker, debian-dsa, osv-npm, rhel-vex (or a prefix such as debian, or a feed name)',
    });
  });

  test('unknown set is a config error', () => {
    const config = defaultConfig();
    config.file = 'layerlens.yaml';
    config.updaters.sets = ['suse'];
    assert.throws(() => selectUpdaters(updaters, config), { code: 'INVALID_CONFIG', message: /layerlens\.yaml: updaters\.sets lists suse, which selects no updater/ });
  });

  test('unknown updater settings are a config error', () => {
    const config = defaultConfig();
    config.updaters.config['debian-dla'] = { options: {} };
    assert.throws(() => selectUpdaters(updaters, config), { code: 'INVALID_CONFIG', message: /updaters\.config\.debian-dla names no updater/ });
  });
});

describe('scan auto-update', () => {
  let dir: string;
  let store: Store;
  let config: Config;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await openStore(path.join(dir, 'layerlens.db'));
    config = defaultConfig();
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('empty database is not refreshed', async () => {
    assert.equal(await autoUpdateBlocker(store, config), 'the database is empty');
  });

  test('imported database is not refreshed', async () => {
    await store.replaceFeedRecords('/data/debian-feed.tar.gz', items([record('debian-dsa', 'DSA-1-1')]));
    const created = Date.parse((await store.listOperations())[0]!.createdAt);
    const blocker = await autoUpdateBlocker(store, config, { now: new Date(created + 48 * HOUR) });
    assert.match(blocker ?? '', /imported from \/data\/debian-feed\.tar\.gz, not fetched by db update/);
  });

  test('fresh database is not refreshed', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')])]);
    await runUpdates(store, [a], config);
    const created = Date.parse((await store.listOperations())[0]!.createdAt);
    assert.match((await autoUpdateBlocker(store, config, { now: new Date(created + 23 * HOUR) })) ?? '', /younger than db\.max_age/);
    assert.equal(await autoUpdateBlocker(store, config, { now: new Date(created + 25 * HOUR), offline: true }), '--offline is given');
  });

  test('stale database runs previous updaters', async () => {
    const a = new ScriptedUpdater('feed-a', ['feed-a'], [run('feed-a', 'fa1', [record('feed-a', 'CVE-2024-1')]), run('feed-a', 'fa2', [record('feed-a', 'CVE-2024-2')])]);
    const never = new ScriptedUpdater('feed-b', ['feed-b'], [() => undefined]);
    await runUpdates(store, [a], config);
    const created = Date.parse((await store.listOperations())[0]!.createdAt);

    config.db.maxAge = 2 * HOUR;
    const summary = await autoUpdate(store, [a, never], config, { now: new Date(created + 3 * HOUR) });
    assert.deepEqual(summary?.outcomes.map((outcome) => [outcome.updater, outcome.status]), [['feed-a', 'updated']]);
    assert.equal(never.contexts.length, 0);
    assert.equal((await store.listOperations('feed-a')).length, 2);
  });
});
