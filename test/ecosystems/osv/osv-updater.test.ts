// The OSV updaters against the test feed server on 127.0.0.1, serving the
// shared zips at OSV's `<Ecosystem>/all.zip` paths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pino } from 'pino';
import { isUserError } from '../../../src/errors.js';
import { osvEcosystem } from '../../../src/ecosystems/osv/ecosystems.js';
import { osvUpdater, osvUpdaters } from '../../../src/ecosystems/osv/updater.js';
import { createHttpClient, type ClosableHttpClient } from '../../../src/feeds/http.js';
import type { FeedItem, VulnerabilityRecord } from '../../../src/feeds/types.js';
import type { Updater, UpdaterContext } from '../../../src/feeds/updater.js';
import { FeedServer } from '../../feeds/feed-server.js';
import { sharedPath } from '../../shared.js';
import { readOsvZip } from './osv-zip-reader.js';

const NPM_ZIP = sharedPath('feeds', 'npm.ghsa-subset.osv.zip');
const silent = pino({ level: 'silent' });

function quickClient(): ClosableHttpClient {
  return createHttpClient({ retries: 1, baseDelayMs: 1, maxDelayMs: 5, idleTimeoutMs: 2000 });
}

/** Runs one update with a fresh client and reads its records before the client removes the download. */
async function runOnce(updater: Updater, url: string, state?: Record<string, unknown>) {
  const client = quickClient();
  const context: UpdaterContext = { url, http: client, state, options: {}, log: silent, signal: new AbortController().signal };
  try {
    const run = await updater.update(context);
    if (run === undefined) return undefined;

    const records: VulnerabilityRecord[] = [];
    for await (const item of run.items as AsyncIterable<FeedItem>) records.push(item as VulnerabilityRecord);
    await run.cleanup?.();
    return { run, records };
  } finally {
    await client.close();
  }
}

describe('OSV updaters', () => {
  let server: FeedServer;
  const npm = osvUpdater(osvEcosystem('npm')!);

  before(async () => {
    server = await FeedServer.start();
    server.setFile('/npm/all.zip', NPM_ZIP, { contentType: 'application/zip' });
  });

  after(() => server.close());

  test('one updater per ecosystem', () => {
    const names = osvUpdaters().map((updater) => updater.name);
    assert.deepEqual(names, ['osv-npm', 'osv-pypi', 'osv-go', 'osv-maven', 'osv-rubygems', 'osv-crates.io', 'osv-nuget', 'osv-packagist', 'osv-debian', 'osv-ubuntu', 'osv-alpine']);
    assert.ok(osvUpdaters().every((updater) => updater.defaultUrl === 'https://osv-vulnerabilities.storage.googleapis.com'));
  });

  test('first run loads, second gets 304', async () => {
    const first = await runOnce(npm, server.url);
    assert.ok(first);

    const expectedIds = new Set((await readOsvZip(NPM_ZIP)).filter((record) => !record.withdrawn && record.affected?.some((entry) => entry.package?.ecosystem === 'npm')).map((record) => record.id));
    assert.deepEqual(new Set(first.records.map((record) => record.advisoryId)), expectedIds);
    assert.ok(first.records.every((record) => record.feed === 'osv-npm'));
    assert.equal(first.run.source, `${server.url}/npm/all.zip`);

    const second = await runOnce(npm, server.url, first.run.state);
    assert.equal(second, undefined);
    assert.equal(server.requestsFor('/npm/all.zip').at(-1)?.status, 304);
  });

  test('truncated zip fails with URL', async () => {
    const bytes = fs.readFileSync(NPM_ZIP);
    server.set('/npm/all.zip', bytes.subarray(0, bytes.length / 2));
    try {
      await assert.rejects(runOnce(npm, server.url), (err: unknown) => isUserError(err) && err.message.includes(`${server.url}/npm/all.zip`));
    } finally {
      server.setFile('/npm/all.zip', NPM_ZIP);
    }
  });

  test('server error fails the run', async () => {
    server.fault('/npm/all.zip', { kind: 'status', status: 500 });
    try {
      await assert.rejects(runOnce(npm, server.url), (err: unknown) => isUserError(err) && err.code === 'FEED_UNAVAILABLE');
    } finally {
      server.clearFaults();
    }
  });
});
