// Tests the updaters' HTTP client against the test feed server on
// 127.0.0.1. The cases cover validators and 304, retries and their delays,
// timeouts, truncation, the size cap, temporary files and the proxy from the
// environment.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { createHttpClient, FeedUnavailableError, isHttpStatus, parseRetryAfter, type HttpClientOptions } from '../../src/feeds/http.js';
import type { Download } from '../../src/feeds/updater.js';
import { FeedServer, startProxy } from './feed-server.js';

const BODY = 'line one of a feed file\n'.repeat(200);

/** Creates a pino logger that parses each line it writes into `lines`. */
function captureLog(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Creates a client with fast settings: no real backoff and short timeouts. */
function quickClient(options: HttpClientOptions = {}) {
  return createHttpClient({ retries: 2, baseDelayMs: 1, maxDelayMs: 5, idleTimeoutMs: 300, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<FeedUnavailableError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FeedUnavailableError, `expected a FeedUnavailableError, got ${String(err)}`);
    assert.equal(err.code, 'FEED_UNAVAILABLE');
    return err;
  }
  assert.fail('expected the request to fail');
}

describe('HttpClient', () => {
  let server: FeedServer;

  before(async () => {
    server = await FeedServer.start();
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
    server.set('/feed/list', BODY, { lastModified: new Date('2023-04-01T10:00:00Z') });
  });

  test('download saves body and validators', async () => {
    const client = quickClient();
    try {
      const result = (await client.download(`${server.url}/feed/list`)) as Download;
      assert.equal(result.status, 'downloaded');
      assert.equal(fs.readFileSync(result.file, 'utf8'), BODY);
      assert.equal(result.sha256, sha256(BODY));
      assert.equal(result.size, Buffer.byteLength(BODY));
      assert.equal(result.etag, `"${sha256(BODY).slice(0, 32)}"`);
      assert.equal(result.lastModified, 'Sat, 01 Apr 2023 10:00:00 GMT');
      assert.ok(result.file.startsWith(os.tmpdir()), result.file);
      assert.equal(path.basename(result.file).endsWith('-list'), true);
    } finally {
      await client.close();
    }
  });

  test('close removes temporary files', async () => {
    const client = quickClient();
    const result = (await client.download(`${server.url}/feed/list`)) as Download;
    assert.ok(fs.existsSync(result.file));
    await client.close();
    assert.equal(fs.existsSync(result.file), false);
    assert.equal(fs.existsSync(path.dirname(result.file)), false);
  });

  test('ETag gets 304', async () => {
    const client = quickClient();
    try {
      const first = (await client.download(`${server.url}/feed/list`)) as Download;
      const second = await client.download(`${server.url}/feed/list`, { validators: { etag: first.etag } });
      assert.deepEqual(second, { status: 'not-modified', url: `${server.url}/feed/list` });
      const served = server.requestsFor('/feed/list');
      assert.equal(served[1]?.ifNoneMatch, first.etag);
      assert.equal(served[1]?.status, 304);
    } finally {
      await client.close();
    }
  });

  test('If-Modified-Since gets 304', async () => {
    const client = quickClient();
    try {
      const result = await client.download(`${server.url}/feed/list`, { validators: { lastModified: 'Sat, 01 Apr 2023 10:00:00 GMT' } });
      assert.equal(result.status, 'not-modified');
      assert.equal(server.requestsFor('/feed/list')[0]?.ifModifiedSince, 'Sat, 01 Apr 2023 10:00:00 GMT');
    } finally {
      await client.close();
    }
  });

  test('replaced content downloads again', async () => {
    const client = quickClient();
    try {
      const first = (await client.download(`${server.url}/feed/list`)) as Download;
      server.set('/feed/list', `${BODY}one more line\n`);
      const second = (await client.download(`${server.url}/feed/list`, { validators: { etag: first.etag, lastModified: first.lastModified } })) as Download;
      assert.equal(second.status, 'downloaded');
      assert.notEqual(second.etag, first.etag);
      assert.equal(second.sha256, sha256(`${BODY}one more line\n`));
    } finally {
      await client.close();
    }
  });

  test('500 is retried until it succeeds', async () => {
    const { log, lines } = captureLog();
    const client = quickClient({ log });
    server.fault('/feed/list', { kind: 'status', status: 500, times: 2 });
    try {
      const result = (await client.download(`${server.url}/feed/list`)) as Download;
      assert.equal(result.sha256, sha256(BODY));
      assert.deepEqual(server.requestsFor('/feed/list').map((request) => request.status), [500, 500, 200]);
      const retries = lines.filter((line) => line.msg === 'request failed, retrying');
      assert.equal(retries.length, 2);
      assert.equal(retries[0]?.url, `${server.url}/feed/list`);
      assert.equal(retries[0]?.status, 500);
    } finally {
      await client.close();
    }
  });

  test('500 fails after the retries', async () => {
    const client = quickClient({ retries: 3 });
    server.fault('/feed/list', { kind: 'status', status: 503 });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      assert.equal(err.status, 503);
      assert.match(err.message, new RegExp(`GET ${server.url}/feed/list failed: the server answered HTTP 503`));
      assert.match(err.message, /4 attempts/);
      assert.equal(server.requestsFor('/feed/list').length, 4);
    } finally {
      await client.close();
    }
  });

  test('404 fails without retries', async () => {
    const client = quickClient({ retries: 3 });
    try {
      const err = await rejection(client.download(`${server.url}/feed/missing`));
      assert.ok(isHttpStatus(err, 404));
      assert.match(err.message, /HTTP 404; check the URL/);
      assert.equal(server.requestsFor('/feed/missing').length, 1);
    } finally {
      await client.close();
    }
  });

  test('backoff uses full jitter', async () => {
    const { log, lines } = captureLog();
    const client = quickClient({ log, retries: 4, baseDelayMs: 20, maxDelayMs: 50, random: () => 0.5 });
    server.fault('/feed/list', { kind: 'status', status: 502, times: 4 });
    try {
      await client.download(`${server.url}/feed/list`);
      const delays = lines.filter((line) => line.msg === 'request failed, retrying').map((line) => line.delayMs);
      // Half of each cap: 20, 40, then 80 and 160 capped at 50.
      assert.deepEqual(delays, [10, 20, 25, 25]);
    } finally {
      await client.close();
    }
  });

  test('429 waits for Retry-After', async () => {
    const { log, lines } = captureLog();
    const client = quickClient({ log });
    server.fault('/feed/list', { kind: 'status', status: 429, retryAfter: '1', times: 1 });
    try {
      const result = await client.download(`${server.url}/feed/list`);
      assert.equal(result.status, 'downloaded');
      const retry = lines.find((line) => line.msg === 'request failed, retrying');
      assert.equal(retry?.delayMs, 1000);
      assert.equal(retry?.status, 429);
    } finally {
      await client.close();
    }
  });

  test('long Retry-After fails at once', async () => {
    const client = quickClient({ maxRetryAfterMs: 60_000 });
    server.fault('/feed/list', { kind: 'status', status: 503, retryAfter: '3600' });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      assert.match(err.message, /asked to retry after 3600 s; run the update later/);
      assert.equal(server.requestsFor('/feed/list').length, 1);
    } finally {
      await client.close();
    }
  });

  test('Retry-After as seconds and date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  test('truncated body is an error', async () => {
    const client = quickClient({ retries: 0 });
    server.fault('/feed/list', { kind: 'truncate' });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      const half = Math.floor(Buffer.byteLength(BODY) / 2);
      assert.match(err.message, new RegExp(`ended after ${half} of ${Buffer.byteLength(BODY)} bytes \\(truncated\\)`));
    } finally {
      await client.close();
    }
  });

  test('truncated body is retried', async () => {
    const client = quickClient({ retries: 1 });
    server.fault('/feed/list', { kind: 'truncate', times: 1 });
    try {
      const result = (await client.download(`${server.url}/feed/list`)) as Download;
      assert.equal(result.sha256, sha256(BODY));
      assert.equal(fs.readFileSync(result.file, 'utf8'), BODY);
    } finally {
      await client.close();
    }
  });

  test('slow server times out', async () => {
    const client = quickClient({ retries: 1, idleTimeoutMs: 200 });
    server.fault('/feed/list', { kind: 'slow', delayMs: 5_000 });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      assert.match(err.message, /no data for 0.2 s \(timed out\)/);
      assert.match(err.message, /updaters\.timeout/);
      assert.equal(server.requestsFor('/feed/list').length, 2);
    } finally {
      await client.close();
    }
  });

  test('stalled body times out', async () => {
    const client = quickClient({ retries: 0, idleTimeoutMs: 200 });
    server.fault('/feed/list', { kind: 'stall', delayMs: 5_000 });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      assert.match(err.message, /timed out/);
    } finally {
      await client.close();
    }
  });

  test('size cap stops the download', async () => {
    const client = quickClient({ maxDownloadBytes: 100, maxTextBytes: 100 });
    try {
      const err = await rejection(client.download(`${server.url}/feed/list`));
      assert.match(err.message, /Content-Length is 4800 bytes, over the limit of 100 bytes/);
      assert.equal(server.requestsFor('/feed/list').length, 1);
      await rejection(client.text(`${server.url}/feed/list`));
    } finally {
      await client.close();
    }
  });

  test('refused connection fails', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const client = quickClient({ retries: 1 });
    try {
      const err = await rejection(client.text(`http://127.0.0.1:${port}/feed/list`));
      assert.match(err.message, new RegExp(`GET http://127.0.0.1:${port}/feed/list failed: .*ECONNREFUSED`));
      assert.match(err.message, /2 attempts/);
    } finally {
      await client.close();
    }
  });

  test('redirect is followed', async () => {
    const client = quickClient();
    server.redirect('/mirror/list', '/feed/list');
    try {
      const result = (await client.download(`${server.url}/mirror/list`)) as Download;
      assert.equal(result.sha256, sha256(BODY));
      assert.deepEqual(server.requests.map((request) => [request.path, request.status]), [['/mirror/list', 302], ['/feed/list', 200]]);
    } finally {
      await client.close();
    }
  });

  test('text sends headers', async () => {
    const client = quickClient();
    try {
      const text = await client.text(`${server.url}/feed/list`, { headers: { apiKey: 'secret-for-test' } });
      assert.equal(text, BODY);
      assert.equal(server.requestsFor('/feed/list')[0]?.headers.apikey, 'secret-for-test');
    } finally {
      await client.close();
    }
  });
});

describe('HttpClient proxy', () => {
  let server: FeedServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

  before(async () => {
    server = await FeedServer.start();
    proxy = await startProxy();
    server.set('/feed/list', BODY);
  });

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await proxy.close();
    await server.close();
  });

  test('HTTP_PROXY routes requests', async () => {
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    const client = quickClient();
    try {
      const result = (await client.download(`${server.url}/feed/list`)) as Download;
      assert.equal(result.sha256, sha256(BODY));
      assert.deepEqual(proxy.targets, [new URL(server.url).host]);
    } finally {
      await client.close();
      proxy.targets.length = 0;
    }
  });

  test('invalid HTTP_PROXY is rejected', () => {
    process.env.HTTP_PROXY = 'proxy.example 3128';
    try {
      assert.throws(() => quickClient(), { code: 'USAGE', message: 'HTTP_PROXY is "proxy.example 3128", not a URL; set it to the proxy\'s URL, such as http://proxy.example:3128, or unset it' });
    } finally {
      delete process.env.HTTP_PROXY;
    }
  });

  test('NO_PROXY bypasses the proxy', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    const client = quickClient();
    try {
      const result = (await client.download(`${server.url}/feed/list`)) as Download;
      assert.equal(result.sha256, sha256(BODY));
      assert.deepEqual(proxy.targets, []);
      assert.equal(server.requestsFor('/feed/list').at(-1)?.target, '/feed/list');
    } finally {
      await client.close();
    }
  });
});
