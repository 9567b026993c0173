// The NVD, EPSS and KEV updaters against servers on 127.0.0.1: the test
// feed server for the single-document feeds, and for NVD's API a server
// that serves the real sample split into pages by startIndex.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { nvdUpdater, deltaWindows, MAX_WINDOW_MS } from '../../src/ecosystems/nvd/updater.js';
import { epssUpdater } from '../../src/ecosystems/epss/updater.js';
import { kevUpdater } from '../../src/ecosystems/kev/updater.js';
import { createHttpClient, type ClosableHttpClient } from '../../src/feeds/http.js';
import type { EnrichmentRecord, FeedItem } from '../../src/feeds/types.js';
import type { Updater, UpdaterContext, UpdateRun } from '../../src/feeds/updater.js';
import { isUserError } from '../../src/errors.js';
import { sharedPath } from '../shared.js';
import { FeedServer } from './feed-server.js';
import { NvdApiServer } from './nvd-api-server.js';

const EPSS_SAMPLE = sharedPath('feeds', 'epss-scores-sample.csv');
const KEV_SAMPLE = sharedPath('feeds', 'known_exploited_vulnerabilities.json.gz');

const silent = pino({ level: 'silent' });

function quickClient(): ClosableHttpClient {
  return createHttpClient({ retries: 1, baseDelayMs: 1, maxDelayMs: 5, idleTimeoutMs: 2000 });
}

function context(url: string, client: ClosableHttpClient, state?: Record<string, unknown>, options: Record<string, unknown> = {}): UpdaterContext {
  return { url, http: client, state, options, log: silent, signal: new AbortController().signal };
}

async function items(run: UpdateRun): Promise<EnrichmentRecord[]> {
  const out: EnrichmentRecord[] = [];
  for await (const item of run.items as AsyncIterable<FeedItem>) out.push(item as EnrichmentRecord);
  return out;
}

/** Runs one update with a fresh client, reading the items before the client removes its files. */
async function runOnce(updater: Updater, url: string, state?: Record<string, unknown>, options?: Record<string, unknown>) {
  const client = quickClient();
  try {
    const run = await updater.update(context(url, client, state, options));
    return run === undefined ? undefined : { run, records: await items(run) };
  } finally {
    await client.close();
  }
}

describe('KEV and EPSS updaters', () => {
  let server: FeedServer;

  before(async () => {
    server = await FeedServer.start();
    server.set('/feeds/known_exploited_vulnerabilities.json', zlib.gunzipSync(fs.readFileSync(KEV_SAMPLE)));
    server.set('/epss_scores-current.csv.gz', zlib.gzipSync(fs.readFileSync(EPSS_SAMPLE)));
  });

  after(async () => {
    await server.close();
  });

  test('KEV first run, then 304', async () => {
    const url = `${server.url}/feeds/known_exploited_vulnerabilities.json`;
    const first = await runOnce(kevUpdater(), url);
    assert.ok(first, 'first run returns a run');
    assert.equal(first.records.length, 1404);
    assert.equal(first.run.source, url);
    assert.match(first.run.fingerprint, /^[0-9a-f]{64}$/);

    const second = await runOnce(kevUpdater(), url, first.run.state);
    assert.equal(second, undefined, 'an unchanged catalogue is not stored again');
    const requests = server.requestsFor('/feeds/known_exploited_vulnerabilities.json');
    assert.equal(requests.at(-1)?.status, 304);
    assert.ok(requests.at(-1)?.ifNoneMatch, 'the second request sends the ETag');
  });

  test('EPSS gzip download is parsed', async () => {
    const first = await runOnce(epssUpdater(), `${server.url}/epss_scores-current.csv.gz`);
    assert.ok(first);
    assert.equal(first.records.length, 29);
    const row = first.records.find((record) => record.cve === 'CVE-1999-0006');
    assert.deepEqual(row?.epss, { score: 0.03341, percentile: 0.91563, date: '2024-10-25', modelVersion: 'v2023.03.01' });
  });

  test('KEV malformed body fails the run', async () => {
    const url = `${server.url}/feeds/known_exploited_vulnerabilities.json`;
    server.fault('/feeds/known_exploited_vulnerabilities.json', { kind: 'malformed', times: 1 });
    const client = quickClient();
    try {
      const run = await kevUpdater().update(context(url, client));
      assert.ok(run);
      await assert.rejects(items(run), (err: unknown) => isUserError(err) && err.code === 'INVALID_FEED');
    } finally {
      await client.close();
    }
  });
});

describe('NVD updater', () => {
  let api: NvdApiServer;
  const onePerPage = { results_per_page: 1, pause_ms: 0 };

  // A key in the developer's environment would replace the keys these tests set.
  const environmentKey = process.env.NVD_API_KEY;

  before(async () => {
    delete process.env.NVD_API_KEY;
    api = await NvdApiServer.start();
  });

  after(async () => {
    if (environmentKey !== undefined) process.env.NVD_API_KEY = environmentKey;
    await api.close();
  });

  test('first run pages through every CVE', async () => {
    api.requests.length = 0;
    const first = await runOnce(nvdUpdater(), api.url, undefined, onePerPage);
    assert.ok(first);

    assert.deepEqual(api.requests.map((request) => request.query.get('startIndex')), ['0', '1', '2']);
    for (const request of api.requests) {
      assert.equal(request.query.get('resultsPerPage'), '1');
      assert.equal(request.query.get('lastModStartDate'), null, 'the first run asks for every CVE');
    }
    assert.deepEqual(first.records.map((record) => record.cve), ['CVE-2016-2781', 'CVE-2016-3674']);
    assert.equal(first.run.carryOver, undefined, 'a full run replaces the previous operation');
    assert.equal(typeof first.run.state?.cursor, 'string');
  });

  test('later run asks for the delta window', async () => {
    api.requests.length = 0;
    const cursor = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const later = await runOnce(nvdUpdater(), api.url, { cursor: cursor.toISOString() }, onePerPage);
    assert.ok(later);

    const query = api.requests[0]!.query;
    assert.equal(query.get('lastModStartDate'), cursor.toISOString().replace('Z', '+00:00'));
    const end = Date.parse(query.get('lastModEndDate') ?? '');
    assert.ok(end >= cursor.getTime(), 'the window ends after it starts');
    assert.ok(end - cursor.getTime() <= MAX_WINDOW_MS, 'the window is at most 120 days');

    assert.deepEqual([...(later.run.carryOver?.remove ?? [])], ['CVE-2016-3197'], 'a rejected CVE is removed from the carried-over records');
    assert.ok(Date.parse(String(later.run.state?.cursor)) > cursor.getTime(), 'the cursor moves forward');
  });

  test('empty delta stores nothing', async () => {
    const saved = api.items;
    api.items = [];
    try {
      const later = await runOnce(nvdUpdater(), api.url, { cursor: new Date().toISOString() }, onePerPage);
      assert.equal(later, undefined);
    } finally {
      api.items = saved;
    }
  });

  test('API key goes in the apiKey header', async () => {
    api.requests.length = 0;
    await runOnce(nvdUpdater(), api.url, undefined, { ...onePerPage, api_key: 'test-key-123' });
    assert.equal(api.requests.length, 3);
    for (const request of api.requests) assert.equal(request.apiKey, 'test-key-123');
  });

  test('NVD_API_KEY wins over the config key', async () => {
    api.requests.length = 0;
    process.env.NVD_API_KEY = 'env-key-456';
    try {
      await runOnce(nvdUpdater(), api.url, undefined, { ...onePerPage, api_key: 'config-key' });
    } finally {
      delete process.env.NVD_API_KEY;
    }
    assert.deepEqual(api.requests.map((request) => request.apiKey), ['env-key-456', 'env-key-456', 'env-key-456']);
  });

  test('failing page fails the run', async () => {
    api.failAt = 1;
    try {
      await assert.rejects(runOnce(nvdUpdater(), api.url, undefined, onePerPage), (err: unknown) => isUserError(err) && err.code === 'FEED_UNAVAILABLE');
    } finally {
      api.failAt = undefined;
    }
  });

  test('invalid settings are rejected', async () => {
    await assert.rejects(runOnce(nvdUpdater(), api.url, undefined, { results_per_page: 5000 }), /results_per_page must be from 1 to 2000/);
    await assert.rejects(runOnce(nvdUpdater(), api.url, undefined, { pause_ms: 'soon' }), /pause_ms must be a whole number/);
  });
});

test('delta windows are at most 120 days', () => {
  const since = new Date('2024-01-01T00:00:00Z');
  const until = new Date('2024-09-01T00:00:00Z');
  const windows = deltaWindows(since, until);

  // 244 days: 120 + 120 + 4.
  assert.equal(windows.length, 3);
  assert.equal(windows[0]!.start?.toISOString(), '2024-01-01T00:00:00.000Z');
  assert.equal(windows[0]!.end?.toISOString(), '2024-04-30T00:00:00.000Z');
  assert.equal(windows[1]!.end?.toISOString(), '2024-08-28T00:00:00.000Z');
  assert.equal(windows[2]!.end?.toISOString(), '2024-09-01T00:00:00.000Z');
  for (let i = 1; i < windows.length; i++) {
    assert.equal(windows[i]!.start?.getTime(), windows[i - 1]!.end?.getTime(), 'windows are consecutive');
  }
});
