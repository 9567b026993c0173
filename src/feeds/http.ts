// HTTP for updaters, on undici: conditional GETs into temporary files,
// timeouts on connect and on silence, retries with exponential backoff and
// full jitter (honouring Retry-After), a size cap, truncation detection, and
// the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { UserError } from '../errors.js';
import { logger, type Logger } from '../log.js';
import type { Download, HttpClient, NotModified, RequestOptions, Validators } from './updater.js';

export interface HttpClientOptions {
  /** Time allowed to open the TCP (and TLS) connection, in milliseconds. Default 30 s. */
  connectTimeoutMs?: number;
  /** Time allowed without receiving anything (headers, then between body chunks), in milliseconds. Default 60 s. */
  idleTimeoutMs?: number;
  /** Retries after the first attempt, for network errors, timeouts, truncated bodies, 5xx and 429. Default 4. */
  retries?: number;
  /** First backoff cap in milliseconds; the cap doubles on each retry. Default 1 s. */
  baseDelayMs?: number;
  /** Largest backoff, in milliseconds. Default 60 s. */
  maxDelayMs?: number;
  /** Maximum Retry-After the client waits for, in milliseconds. A longer one fails the request. Default 5 min. */
  maxRetryAfterMs?: number;
  /** Largest body `download` accepts, in bytes. Default 4 GiB. */
  maxDownloadBytes?: number;
  /** Largest body `text` accepts, in bytes. Default 64 MiB. */
  maxTextBytes?: number;
  /** Dispatcher to send through; default an undici agent that uses the proxy the environment names. */
  dispatcher?: Dispatcher;
  /** Parent folder of the downloads' temporary folder. Default os.tmpdir(). */
  tempRoot?: string;
  log?: Logger;
  signal?: AbortSignal;
  /** Source of jitter in [0, 1); tests may fix it. */
  random?: () => number;
}

/** An HttpClient that owns temporary files and a connection pool until closed. */
export interface ClosableHttpClient extends HttpClient {
  /** Removes every downloaded temporary file and closes the connection pool. */
  close(): Promise<void>;
}

const DEFAULTS = {
  connectTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  retries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
  maxDownloadBytes: 4 * 1024 ** 3,
  maxTextBytes: 64 * 1024 ** 2,
};

const MAX_REDIRECTIONS = 5;

const USER_AGENT = 'layerlens (vulnerability feed updater)';

/** undici and socket error codes after which the same request may succeed. */
const TRANSIENT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * A failed request: the URL, the HTTP status when the server responded, and
 * whether retrying could help. Code FEED_UNAVAILABLE.
 */
export class FeedUnavailableError extends UserError {
  readonly url: string;
  readonly status?: number;
  readonly transient: boolean;
  /** Delay the server requested with Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(url: string, message: string, options: { status?: number; transient: boolean; retryAfterMs?: number; cause?: unknown }) {
    super('FEED_UNAVAILABLE', message, { cause: options.cause });
    this.name = 'FeedUnavailableError';
    this.url = url;
    this.status = options.status;
    this.transient = options.transient;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** True when `err` is a failed request whose response had `status` (such as 404). */
export function isHttpStatus(err: unknown, status: number): boolean {
  return err instanceof FeedUnavailableError && err.status === status;
}

/**
 * Creates the dispatcher for `createHttpClient`: undici's EnvHttpProxyAgent
 * when the environment names a proxy, else a plain agent.
 */
export function createDispatcher(connectTimeoutMs = DEFAULTS.connectTimeoutMs): Dispatcher {
  const env = process.env;
  for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']) {
    const value = env[name];
    if (value && !URL.canParse(value)) {
      throw new UserError('USAGE', `${name} is "${value}", not a URL; set it to the proxy's URL, such as http://proxy.example:3128, or unset it`);
    }
  }
  const proxied = Boolean(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy);
  // NOTE: undici 6 marks EnvHttpProxyAgent experimental and prints a
  // warning once per process; it is only created when a proxy is set.
  return proxied ? new EnvHttpProxyAgent({ connect: { timeout: connectTimeoutMs } }) : new Agent({ connect: { timeout: connectTimeoutMs } });
}

/** Creates an HttpClient; call `close()` after the run to remove its temporary files. */
export function createHttpClient(options: HttpClientOptions = {}): ClosableHttpClient {
  return new UndiciHttpClient(options);
}

/** Destination of a response body while it is read. */
interface BodySink {
  write(chunk: Buffer): Promise<void>;
  /** Flushes and closes; called once after the last chunk. */
  end(): Promise<void>;
  /** Discards what was written; called when the attempt failed. */
  abort(): Promise<void>;
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  size: number;
  sha256: string;
}

class UndiciHttpClient implements ClosableHttpClient {
  private readonly settings: typeof DEFAULTS;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly tempRoot: string;
  private readonly log: Logger;
  private readonly signal?: AbortSignal;
  private readonly random: () => number;
  private tempDir?: Promise<string>;
  private fileCount = 0;

  constructor(options: HttpClientOptions) {
    this.settings = { ...DEFAULTS, ...definedValues(options) };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? createDispatcher(this.settings.connectTimeoutMs);
    this.tempRoot = options.tempRoot ?? os.tmpdir();
    this.log = options.log ?? logger('feeds.http');
    this.signal = options.signal;
    this.random = options.random ?? Math.random;
  }

  async download(url: string, options: RequestOptions & { validators?: Validators } = {}): Promise<Download | NotModified> {
    const headers = { ...options.headers, ...conditionalHeaders(options.validators) };
    const file = path.join(await this.ensureTempDir(), `${++this.fileCount}-${fileNameOf(url)}`);

    const response = await this.withRetries(url, () => this.send(url, headers, this.settings.maxDownloadBytes, createFileSink(file)));
    if (response.status === 304) {
      await fs.rm(file, { force: true });
      this.log.info({ url }, 'not modified since the last download');
      return { status: 'not-modified', url };
    }

    this.log.info({ url, bytes: response.size }, 'downloaded');
    return {
      status: 'downloaded',
      url,
      file,
      sha256: response.sha256,
      size: response.size,
      etag: headerValue(response.headers.etag),
      lastModified: headerValue(response.headers['last-modified']),
    };
  }

  async text(url: string, options: RequestOptions = {}): Promise<string> {
    const chunks: Buffer[] = [];
    const sink: BodySink = {
      async write(chunk) {
        chunks.push(chunk);
      },
      async end() {},
      async abort() {
        chunks.length = 0;
      },
    };
    await this.withRetries(url, () => this.send(url, { ...options.headers }, this.settings.maxTextBytes, sink));
    return Buffer.concat(chunks).toString('utf8');
  }

  async close(): Promise<void> {
    if (this.tempDir) {
      const dir = await this.tempDir.catch(() => undefined);
      this.tempDir = undefined;
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    }
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private ensureTempDir(): Promise<string> {
    this.tempDir ??= fs.mkdtemp(path.join(this.tempRoot, 'layerlens-download-'));
    return this.tempDir;
  }

  /** Runs `attempt` until it succeeds, fails for good, or the retries run out. */
  private async withRetries(url: string, attempt: () => Promise<Response>): Promise<Response> {
    const { retries } = this.settings;
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof FeedUnavailableError) || !err.transient) throw err;
        if (retry >= retries) {
          throw new FeedUnavailableError(url, `${err.message} (${retries + 1} ${retries === 0 ? 'attempt' : 'attempts'})`, { status: err.status, transient: false, cause: err.cause });
        }

        const delayMs = this.retryDelay(url, retry, err);
        this.log.warn({ url, attempt: retry + 1, delayMs, status: err.status, err: err.message }, 'request failed, retrying');
        await sleep(delayMs, undefined, { signal: this.signal });
      }
    }
  }

  /** Full jitter: a random delay below the doubled cap, unless the server requested a delay with Retry-After. */
  private retryDelay(url: string, retry: number, err: FeedUnavailableError): number {
    const { baseDelayMs, maxDelayMs, maxRetryAfterMs } = this.settings;
    if (err.retryAfterMs !== undefined) {
      if (err.retryAfterMs > maxRetryAfterMs) {
        throw new FeedUnavailableError(url, `${err.message}, and the server asked to retry after ${Math.ceil(err.retryAfterMs / 1000)} s; run the update later`, {
          status: err.status,
          transient: false,
        });
      }
      return err.retryAfterMs;
    }
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
    return Math.floor(this.random() * cap);
  }

  /** Sends one GET and reads the body into `sink`; every failure becomes a FeedUnavailableError. */
  private async send(url: string, headers: Record<string, string>, maxBytes: number, sink: BodySink): Promise<Response> {
    const { idleTimeoutMs } = this.settings;
    let received = 0;
    let expected: number | undefined;

    try {
      const response = await request(url, {
        method: 'GET',
        dispatcher: this.dispatcher,
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...headers },
        headersTimeout: idleTimeoutMs,
        bodyTimeout: idleTimeoutMs,
        maxRedirections: MAX_REDIRECTIONS,
        signal: this.signal,
      });
      const { statusCode, headers: responseHeaders, body } = response;

      if (statusCode === 304 || statusCode >= 300) {
        await body.dump();
        if (statusCode !== 304) throw statusError(url, statusCode, responseHeaders);
        await sink.abort();
        return { status: 304, headers: responseHeaders, size: 0, sha256: '' };
      }

      expected = contentLength(responseHeaders);
      if (expected !== undefined && expected > maxBytes) {
        await body.dump();
        throw tooLarge(url, maxBytes, `Content-Length is ${expected} bytes`);
      }

      const hash = createHash('sha256');
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        received += bytes.length;
        if (received > maxBytes) {
          body.destroy();
          throw tooLarge(url, maxBytes, `the body passed ${maxBytes} bytes`);
        }
        hash.update(bytes);
        await sink.write(bytes);
      }

      if (expected !== undefined && received !== expected) throw truncated(url, received, expected);
      await sink.end();
      return { status: statusCode, headers: responseHeaders, size: received, sha256: hash.digest('hex') };
    } catch (err) {
      await sink.abort();
      if (err instanceof FeedUnavailableError || isAbort(err)) throw err;
      throw networkError(url, err, { received, expected, idleTimeoutMs });
    }
  }
}

function definedValues<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function conditionalHeaders(validators: Validators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

/** Keeps the URL's file name (and so its extension, which parsers read) in the temporary file's name. */
function fileNameOf(url: string): string {
  const base = path.posix.basename(new URL(url).pathname) || 'index';
  return base.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100);
}

/** Writes one attempt's body to `file`; a retry creates a new sink, which truncates the file. */
function createFileSink(file: string): BodySink {
  const out = createWriteStream(file);
  let failure: Error | undefined;
  out.on('error', (err) => {
    failure ??= err;
  });
  const closed = new Promise<void>((resolve) => out.once('close', resolve));

  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!out.write(chunk)) await once(out, 'drain');
    },
    async end() {
      out.end();
      await closed;
      if (failure) throw failure;
    },
    async abort() {
      out.destroy();
      await closed;
      await fs.rm(file, { force: true });
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function contentLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headerValue(headers['content-length']);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** Reads Retry-After as seconds or as an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function statusError(url: string, status: number, headers: Record<string, string | string[] | undefined>): FeedUnavailableError {
  const transient = status === 429 || status >= 500;
  const hint = transient
    ? 'the server or mirror has a problem; rerun the update later'
    : status === 404
      ? 'check the URL, or the mirror set in updaters.config.<updater>.url'
      : 'check the URL and any credentials the mirror needs';
  return new FeedUnavailableError(url, `GET ${url} failed: the server answered HTTP ${status}; ${hint}`, {
    status,
    transient,
    retryAfterMs: transient ? parseRetryAfter(headerValue(headers['retry-after'])) : undefined,
  });
}

function tooLarge(url: string, maxBytes: number, detail: string): FeedUnavailableError {
  return new FeedUnavailableError(url, `GET ${url} failed: ${detail}, over the limit of ${maxBytes} bytes; check that the URL names the feed file`, {
    transient: false,
  });
}

function truncated(url: string, received: number, expected: number): FeedUnavailableError {
  return new FeedUnavailableError(url, `GET ${url} failed: the body ended after ${received} of ${expected} bytes (truncated); rerun the update later`, {
    transient: true,
  });
}

function networkError(url: string, err: unknown, read: { received: number; expected?: number; idleTimeoutMs: number }): FeedUnavailableError {
  const code = errorCode(err);
  if (read.expected !== undefined && read.received < read.expected && !TIMEOUT_CODES.has(code ?? '')) {
    return new FeedUnavailableError(url, truncated(url, read.received, read.expected).message, { transient: true, cause: err });
  }

  const detail = err instanceof Error ? err.message : String(err);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting timed out' : `no data for ${read.idleTimeoutMs / 1000} s (timed out)`;
    return new FeedUnavailableError(url, `GET ${url} failed: ${what}; check the network or the proxy, or raise updaters.timeout in the config file`, {
      transient: true,
      cause: err,
    });
  }
  return new FeedUnavailableError(url, `GET ${url} failed: ${detail}${code ? ` (${code})` : ''}; check the network, the proxy (HTTPS_PROXY, NO_PROXY) and the URL`, {
    transient: code !== undefined && TRANSIENT_CODES.has(code),
    cause: err,
  });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((err as { cause?: unknown }).cause);
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
