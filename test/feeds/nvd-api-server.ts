// A stand-in for NVD's CVE API 2.0 on 127.0.0.1, for updater tests. It
// serves CVE items, by default the real sample's, split into pages by
// startIndex and resultsPerPage. It records each request's query and apiKey
// header.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedPath } from '../shared.js';

const NVD_SAMPLE = sharedPath('feeds', 'nvd-cve-api-2.0-sample.json');

/** Returns the sample's `vulnerabilities` items, parsed afresh. */
export function sampleItems(): Array<{ cve: Record<string, unknown> }> {
  return (JSON.parse(fs.readFileSync(NVD_SAMPLE, 'utf8')) as { vulnerabilities: Array<{ cve: Record<string, unknown> }> }).vulnerabilities;
}

/** The query and apiKey header of one page request. */
export interface NvdRequest {
  query: URLSearchParams;
  apiKey?: string;
}

/**
 * Fake NVD CVE API that serves `items` for any requested date window, because
 * each test sets the items that a window returns.
 */
export class NvdApiServer {
  readonly requests: NvdRequest[] = [];
  items: unknown[];
  failAt?: number;

  private constructor(private readonly server: http.Server, items: unknown[]) {
    this.items = items;
  }

  static async start(): Promise<NvdApiServer> {
    const server = http.createServer();
    const api = new NvdApiServer(server, sampleItems());
    server.on('request', (request, response) => api.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/rest/json/cves/2.0`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    const apiKey = request.headers.apikey;
    this.requests.push({ query, apiKey: typeof apiKey === 'string' ? apiKey : undefined });

    const startIndex = Number(query.get('startIndex') ?? 0);
    if (this.failAt !== undefined && startIndex === this.failAt) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure\n');
      return;
    }

    const pageSize = Number(query.get('resultsPerPage') ?? 2000);
    const slice = this.items.slice(startIndex, startIndex + pageSize);
    const body = JSON.stringify({
      resultsPerPage: slice.length,
      startIndex,
      totalResults: this.items.length,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: '2025-08-07T03:01:40.660',
      vulnerabilities: slice,
    });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  }
}
