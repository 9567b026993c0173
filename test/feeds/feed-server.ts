// A feed server for updater tests. It serves in-memory or on-disk files on
// 127.0.0.1 under the paths of the upstream URL layouts, with ETag and
// Last-Modified validators and 304 responses. On request it injects faults:
// an HTTP error status, a truncated body, a slow response or a malformed body.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** One served file. */
interface Route {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
}

/**
 * A fault injected into the responses for one path, or for every path with `'*'`:
 * - `status`: respond with this HTTP status (500 by default) and optional Retry-After;
 * - `truncate`: send the headers with the full Content-Length, then half the body, then close the connection;
 * - `slow`: wait `delayMs` (default 10 s) before sending anything;
 * - `stall`: send the headers and half the body, then stay silent for `delayMs`;
 * - `malformed`: respond 200 with `body` (default: the first half of the real body) and its own ETag.
 */
export type Fault =
  | { kind: 'status'; status?: number; retryAfter?: string; times?: number }
  | { kind: 'truncate'; times?: number }
  | { kind: 'slow'; delayMs?: number; times?: number }
  | { kind: 'stall'; delayMs?: number; times?: number }
  | { kind: 'malformed'; body?: string | Buffer; times?: number };

/** One request the server received, for assertions. */
export interface ServedRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** Request target as sent: an absolute URL when a proxy forwarded it in absolute form. */
  target: string;
  headers: http.IncomingHttpHeaders;
}

export interface RouteOptions {
  contentType?: string;
  /** Last-Modified of the file. The default is the time it was set, to the second. */
  lastModified?: Date;
}

const DEFAULT_SLOW_MS = 10_000;

export class FeedServer {
  /** Every request in arrival order. */
  readonly requests: ServedRequest[] = [];

  private readonly routes = new Map<string, Route>();
  private readonly redirects = new Map<string, string>();
  private readonly faults = new Map<string, Fault & { remaining: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: http.Server) {}

  /** Starts a server on 127.0.0.1 with a port the system picks. */
  static async start(): Promise<FeedServer> {
    const server = http.createServer();
    const feedServer = new FeedServer(server);
    server.on('request', (request, response) => feedServer.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return feedServer;
  }

  /** Base URL, `http://127.0.0.1:PORT`, without a trailing slash. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Serves `content` at `urlPath`, such as `/v3.11/main.json`. Setting it again replaces the content and its ETag. */
  set(urlPath: string, content: string | Buffer, options: RouteOptions = {}): void {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.routes.set(normalise(urlPath), {
      body,
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`,
      lastModified: options.lastModified ?? wholeSeconds(new Date()),
      contentType: options.contentType ?? 'application/octet-stream',
    });
  }

  /** Serves the bytes of a file on disk at `urlPath`, read now. */
  setFile(urlPath: string, file: string, options: RouteOptions = {}): void {
    this.set(urlPath, fs.readFileSync(file), options);
  }

  /** Redirects requests for `urlPath` with a 302 to `location`, a path on this server or a URL. */
  redirect(urlPath: string, location: string): void {
    this.redirects.set(normalise(urlPath), location);
  }

  /** Stops serving `urlPath`: later requests get 404. */
  remove(urlPath: string): void {
    this.routes.delete(normalise(urlPath));
  }

  /** Returns the bytes served at `urlPath`. */
  content(urlPath: string): Buffer | undefined {
    return this.routes.get(normalise(urlPath))?.body;
  }

  /** Injects `fault` for `urlPath` (or `'*'` for every path), for `times` requests (default every request). */
  fault(urlPath: string, fault: Fault): void {
    const key = urlPath === '*' ? '*' : normalise(urlPath);
    this.faults.set(key, { ...fault, remaining: fault.times ?? Infinity });
  }

  /** Removes every fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Returns the requests whose path is `urlPath`, in arrival order. */
  requestsFor(urlPath: string): ServedRequest[] {
    const key = normalise(urlPath);
    return this.requests.filter((request) => request.path === key);
  }

  /** Closes the server, its open connections and any pending slow responses. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = request.url ?? '/';
    const urlPath = normalise(new URL(target, 'http://127.0.0.1').pathname);
    const served: ServedRequest = {
      method: request.method ?? 'GET',
      path: urlPath,
      status: 0,
      target,
      headers: request.headers,
      ifNoneMatch: request.headers['if-none-match'],
      ifModifiedSince: request.headers['if-modified-since'],
    };
    this.requests.push(served);

    const route = this.routes.get(urlPath);
    const fault = this.takeFault(urlPath);

    if (fault) {
      this.respondWithFault(fault, route, response, served);
      return;
    }
    const location = this.redirects.get(urlPath);
    if (location !== undefined) {
      served.status = 302;
      response.writeHead(302, { location }).end();
      return;
    }
    if (!route) {
      served.status = 404;
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${urlPath}\n`);
      return;
    }
    if (isNotModified(request, route)) {
      served.status = 304;
      response.writeHead(304, { etag: route.etag, 'last-modified': route.lastModified.toUTCString() }).end();
      return;
    }

    served.status = 200;
    response.writeHead(200, routeHeaders(route, route.body.length));
    response.end(request.method === 'HEAD' ? undefined : route.body);
  }

  private takeFault(urlPath: string): Fault | undefined {
    for (const key of [urlPath, '*']) {
      const fault = this.faults.get(key);
      if (!fault || fault.remaining <= 0) continue;
      fault.remaining--;
      return fault;
    }
    return undefined;
  }

  private respondWithFault(fault: Fault, route: Route | undefined, response: http.ServerResponse, served: ServedRequest): void {
    const body = route?.body ?? Buffer.from('{"feed-server": "no route"}\n');

    switch (fault.kind) {
      case 'status': {
        served.status = fault.status ?? 500;
        const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/plain' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        response.writeHead(served.status, headers).end(`injected fault: HTTP ${served.status}\n`);
        return;
      }
      case 'truncate': {
        served.status = 200;
        response.writeHead(200, route ? routeHeaders(route, body.length) : { 'content-length': body.length });
        response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
        return;
      }
      case 'slow': {
        served.status = 200;
        this.later(fault.delayMs ?? DEFAULT_SLOW_MS, () => {
          if (!response.destroyed) response.writeHead(200, { 'content-length': body.length }).end(body);
        });
        return;
      }
      case 'stall': {
        served.status = 200;
        response.writeHead(200, { 'content-length': body.length });
        response.write(body.subarray(0, Math.floor(body.length / 2)));
        this.later(fault.delayMs ?? DEFAULT_SLOW_MS, () => {
          if (!response.destroyed) response.end(body.subarray(Math.floor(body.length / 2)));
        });
        return;
      }
      case 'malformed': {
        served.status = 200;
        const bad = fault.body === undefined ? body.subarray(0, Math.floor(body.length / 2)) : Buffer.from(fault.body);
        const etag = `"malformed-${createHash('sha256').update(bad).digest('hex').slice(0, 16)}"`;
        response.writeHead(200, { etag, 'last-modified': new Date().toUTCString(), 'content-length': bad.length }).end(bad);
        return;
      }
    }
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }
}

function normalise(urlPath: string): string {
  return urlPath.startsWith('/') ? urlPath : `/${urlPath}`;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function routeHeaders(route: Route, length: number): http.OutgoingHttpHeaders {
  return {
    'content-type': route.contentType,
    'content-length': length,
    etag: route.etag,
    'last-modified': route.lastModified.toUTCString(),
  };
}

/** If-None-Match wins over If-Modified-Since, as RFC 9110 section 13.2.2 orders them. */
function isNotModified(request: http.IncomingMessage, route: Route): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === route.etag || tag.trim() === '*');
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && route.lastModified.getTime() <= since;
}

/**
 * Starts a forward proxy on 127.0.0.1 that handles CONNECT tunnels and
 * absolute-form requests, and records each requested target. It forwards
 * only to 127.0.0.1 or localhost and responds 403 to other targets.
 */
export async function startProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/');
    targets.push(target.host);
    if (!isLoopback(target.hostname)) {
      response.writeHead(403).end('the test proxy forwards to 127.0.0.1 only\n');
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });

  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [host = '', port = '80'] = (request.url ?? '').split(':');
    targets.push(request.url ?? '');
    sockets.add(client);
    if (!isLoopback(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}
