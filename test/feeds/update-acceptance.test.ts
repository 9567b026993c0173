// Runs the update cycle of real updaters against the feed server on
// 127.0.0.1, which serves real snapshot files in the upstream URL layouts.
// The first run loads the feeds. The second gets 304 and stores nothing.
// A changed file makes a new operation whose diff is exactly the changed
// records. A 500, a truncated body, a server slower than the timeout and a
// malformed body each keep the previous operation and log an error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { defaultConfig, type Config } from '../../src/config.js';
import { runUpdates, type UpdaterOutcome } from '../../src/feeds/runner.js';
import type { Updater } from '../../src/feeds/updater.js';
import { setRootLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FeedServer, type Fault } from './feed-server.js';
import { ACCEPTANCE_CASES, keyOf, type ChangedFile } from './update-cases.js';
import { makeTempDir } from './helpers.js';

/** HTTP settings with short timeouts and delays, so the slow fault waits far longer than the idle timeout. */
const HTTP = { retries: 1, baseDelayMs: 1, maxDelayMs: 2, idleTimeoutMs: 300 };

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

const FAULTS: Array<{ name: string; fault: Fault; message: RegExp }> = [
  { name: 'HTTP 500', fault: { kind: 'status', status: 500 }, message: /answered HTTP 500/ },
  { name: 'truncated body', fault: { kind: 'truncate' }, message: /\(truncated\)/ },
  { name: 'slow server', fault: { kind: 'slow', delayMs: 5_000 }, message: /timed out/ },
];

for (const spec of ACCEPTANCE_CASES) {
  describe(`update cycle: ${spec.updater.name}`, () => {
    let server: FeedServer;
    let store: Store;
    let dir: string;
    let config: Config;
    let changed: ChangedFile;
    const updaters: Updater[] = [spec.updater];

    const run = async (): Promise<UpdaterOutcome> => {
      const summary = await runUpdates(store, updaters, config, { feeds: [spec.updater.name], http: HTTP });
      assert.equal(summary.outcomes.length, 1);
      return summary.outcomes[0]!;
    };

    const operationIds = async (): Promise<number[]> => {
      const ids: number[] = [];
      for (const feed of spec.feeds) ids.push(...(await store.listOperations(feed)).map((operation) => operation.id));
      return ids;
    };

    before(async () => {
      server = await FeedServer.start();
      dir = makeTempDir();
      store = await openStore(path.join(dir, 'layerlens.db'));
      await spec.serve(server);
      config = defaultConfig();
      config.updaters.config[spec.updater.name] = { url: spec.url(server), options: spec.options ?? {} };
    });

    after(async () => {
      await store.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('first run loads', async () => {
      const outcome = await run();
      assert.equal(outcome.status, 'updated', String(outcome.error));
      assert.deepEqual(outcome.operations.map((operation) => operation.feed).sort(), [...spec.feeds].sort());
      for (const operation of outcome.operations) {
        assert.ok(operation.recordCount > 0, `${operation.feed} stored no records`);
        assert.equal(operation.updater, spec.updater.name);
      }
      const stored = new Set<string>();
      for (const operation of outcome.operations) {
        for await (const item of store.operationItems(operation.id)) stored.add((spec.diffKey ?? keyOf)(item));
      }
      for (const expected of spec.expectedRecords) assert.ok(stored.has(expected), `record ${expected} not stored`);
    });

    test('second run gets 304', async () => {
      const before = await operationIds();
      const requestsBefore = server.requests.length;

      const outcome = await run();
      assert.equal(outcome.status, 'unchanged');
      assert.deepEqual(await operationIds(), before);

      const served = server.requests.slice(requestsBefore).filter((request) => request.status !== 404);
      assert.ok(served.length > 0);
      for (const request of served) assert.equal(request.status, 304, `${request.path} answered ${request.status}`);
    });

    test('changed file makes new operation', async () => {
      const [previous] = (await store.listOperations(spec.changedFeed)).slice(-1);
      changed = await spec.change(server);

      const outcome = await run();
      assert.equal(outcome.status, 'updated', String(outcome.error));
      const current = outcome.operations.find((operation) => operation.feed === spec.changedFeed);
      assert.ok(current, `no new ${spec.changedFeed} operation`);

      const diff = await store.diffOperations(previous!.id, current.id);
      const diffKey = spec.diffKey ?? keyOf;
      assert.deepEqual(unique(diff.added.map(diffKey)), unique(changed.added));
      assert.deepEqual(unique(diff.removed.map(diffKey)), unique(changed.removed));
    });

    for (const { name, fault, message } of [...FAULTS, { name: 'malformed body', fault: { kind: 'malformed', body: spec.malformedBody } as Fault, message: spec.malformedMessage }]) {
      test(`${name} keeps previous operation`, async () => {
        const before = await operationIds();
        logLines.length = 0;
        server.fault(changed.path, fault);
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
        assert.equal(logged.updater, spec.updater.name);
        assert.equal(logged.level, 50);
        assert.match(String(logged.reason), message);
      });
    }

    test('recovered server returns 304', async () => {
      const before = await operationIds();
      const outcome = await run();
      assert.equal(outcome.status, 'unchanged');
      assert.deepEqual(await operationIds(), before);
    });
  });
}

/**
 * Returns the sorted distinct keys. An OSV record yields one stored record
 * per range, and all of them have the same id and package.
 */
function unique(keys: string[]): string[] {
  return [...new Set(keys)].sort();
}
