// Updater for NVD's CVE API 2.0. The first run pages through every CVE;
// later runs ask only for CVEs modified since the last run
// (`lastModStartDate`/`lastModEndDate`, in windows of at most 120 days as
// the API requires) and carry the previous operation's other records over.
// Requests are spaced to stay under NVD's rate limits.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../errors.js';
import type { EnrichmentRecord } from '../../feeds/types.js';
import type { Updater, UpdaterContext, UpdateRun } from '../../feeds/updater.js';
import { NVD_FEED, parseNvdDocument, type NvdPage } from './cve-json.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The API rejects date ranges longer than 120 consecutive days. */
export const MAX_WINDOW_MS = 120 * DAY;

/** Largest `resultsPerPage` the CVE API accepts. */
const MAX_PAGE_SIZE = 2000;

/**
 * Pause between requests. NVD allows 5 requests in a rolling 30 seconds
 * without an API key and 50 with one, and its best-practice page
 * recommends sleeping 6 seconds between requests.
 */
const PAUSE_WITHOUT_KEY_MS = 6000;
const PAUSE_WITH_KEY_MS = 600;

/** Saved with each operation: where the next run's `lastModStartDate` begins. */
interface NvdState {
  /** ISO 8601 time the last committed run started. */
  cursor: string;
}

/** One time range of `lastModStartDate`/`lastModEndDate`; absent bounds mean every CVE. */
interface Window {
  start?: Date;
  end?: Date;
}

/** A fetched page, kept in a temporary file until the run's items are stored. */
interface FetchedPage {
  url: string;
  file: string;
  sha256: string;
  /** CVE ids of the page's records, rejected ones excluded. */
  cves: string[];
  rejected: string[];
}

export function nvdUpdater(): Updater {
  return {
    name: NVD_FEED,
    feeds: [NVD_FEED],
    defaultUrl: 'https://services.nvd.nist.gov/rest/json/cves/2.0',
    // Two hours, because NVD's best-practice page recommends checking for updates at most once every two hours.
    interval: 2 * HOUR,
    update: updateNvd,
  };
}

async function updateNvd(context: UpdaterContext): Promise<UpdateRun | undefined> {
  const runStart = new Date();
  const settings = readSettings(context);
  const cursor = readCursor(context.state);

  const windows = cursor === undefined ? [{}] : deltaWindows(cursor, runStart);
  context.log.info({ url: context.url, since: cursor?.toISOString() ?? 'the beginning (full download)', windows: windows.length }, 'fetching NVD CVEs');

  const pages: FetchedPage[] = [];
  let requests = 0;
  const pause = async (): Promise<void> => {
    if (requests++ > 0 && settings.pauseMs > 0) await sleep(settings.pauseMs, undefined, { signal: context.signal });
  };

  // Newest window first: when a CVE comes in two windows, the first copy read is the newest and wins.
  for (const window of [...windows].reverse()) {
    pages.push(...(await fetchWindow(context, settings, window, pause)));
  }

  const checked = checkPages(pages);
  if (cursor !== undefined && checked.count === 0 && checked.rejected.size === 0) {
    context.log.info({ url: context.url, since: cursor.toISOString() }, 'no CVE modified since the last run');
    return undefined;
  }

  const fingerprint = createHash('sha256');
  for (const page of pages) fingerprint.update(`${page.url}\n${page.sha256}\n`);

  const state: NvdState = { cursor: runStart.toISOString() };
  return {
    fingerprint: `sha256:${fingerprint.digest('hex')}`,
    source: cursor === undefined ? `${context.url} (${pages.length} pages)` : `${context.url} (modified since ${cursor.toISOString()}, ${pages.length} pages)`,
    items: readPages(pages, context),
    carryOver: cursor === undefined ? undefined : { remove: checked.rejected },
    state: { ...state },
  };
}

interface Settings {
  apiKey?: string;
  pageSize: number;
  pauseMs: number;
}

/**
 * Reads `updaters.config.nvd`: `api_key` (or the NVD_API_KEY environment
 * variable, which wins), `results_per_page` (1 to 2000) and `pause_ms`.
 */
function readSettings(context: UpdaterContext): Settings {
  const options = context.options;
  const apiKey = process.env.NVD_API_KEY || optionalString(options.api_key ?? options.apiKey, 'api_key');

  const pageSize = optionalInteger(options.results_per_page ?? options.resultsPerPage, 'results_per_page') ?? MAX_PAGE_SIZE;
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw configError('results_per_page', `must be from 1 to ${MAX_PAGE_SIZE}, found ${pageSize}`);

  const pauseMs = optionalInteger(options.pause_ms ?? options.pauseMs, 'pause_ms') ?? (apiKey ? PAUSE_WITH_KEY_MS : PAUSE_WITHOUT_KEY_MS);
  if (pauseMs < 0) throw configError('pause_ms', `must be 0 or more, found ${pauseMs}`);

  return { apiKey, pageSize, pauseMs };
}

function readCursor(state: Record<string, unknown> | undefined): Date | undefined {
  const cursor = (state as Partial<NvdState> | undefined)?.cursor;
  if (typeof cursor !== 'string') return undefined;
  const time = Date.parse(cursor);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** Splits [since, until] into consecutive windows of at most 120 days, oldest first. */
export function deltaWindows(since: Date, until: Date): Window[] {
  const windows: Window[] = [];
  let start = since.getTime();
  const end = Math.max(until.getTime(), start);

  do {
    const windowEnd = Math.min(start + MAX_WINDOW_MS, end);
    windows.push({ start: new Date(start), end: new Date(windowEnd) });
    start = windowEnd;
  } while (start < end);
  return windows;
}

/** Fetches every page of one window, by `startIndex`, until `totalResults` is reached. */
async function fetchWindow(context: UpdaterContext, settings: Settings, window: Window, pause: () => Promise<void>): Promise<FetchedPage[]> {
  const pages: FetchedPage[] = [];
  let startIndex = 0;

  for (;;) {
    await pause();
    const url = pageUrl(context.url, window, startIndex, settings.pageSize);
    const download = await context.http.download(url, { headers: settings.apiKey ? { apiKey: settings.apiKey } : undefined });
    if (download.status !== 'downloaded') throw new Error(`unexpected 304 response to an unconditional request for ${url}`);

    const page = await readPage(download.file, url);
    pages.push({ url, file: download.file, sha256: download.sha256, cves: page.cves, rejected: page.rejected });

    const received = page.cves.length + page.rejected.length;
    const total = page.totalResults ?? 0;
    context.log.debug({ url, startIndex, received, total }, 'fetched NVD page');

    startIndex += received;
    if (received === 0 || startIndex >= total) return pages;
  }
}

/** Builds a page URL; dates are sent in UTC with an explicit offset, as NVD's examples write them. */
function pageUrl(base: string, window: Window, startIndex: number, pageSize: number): string {
  const query = new URLSearchParams();
  if (window.start && window.end) {
    query.set('lastModStartDate', nvdDate(window.start));
    query.set('lastModEndDate', nvdDate(window.end));
  }
  query.set('resultsPerPage', String(pageSize));
  query.set('startIndex', String(startIndex));
  return `${base}?${query.toString()}`;
}

function nvdDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Reads a page's CVE ids and paging fields, checking every item, before anything is stored. */
async function readPage(file: string, url: string): Promise<NvdPage & { cves: string[] }> {
  const page: NvdPage = { rejected: [] };
  const cves: string[] = [];
  for await (const record of parseNvdDocument(fs.createReadStream(file), url, page)) cves.push(record.cve);

  if (page.totalResults === undefined) throw new UserError('INVALID_FEED', `${url}: missing totalResults; check that the URL points at NVD's CVE API 2.0`);
  return { ...page, cves };
}

/**
 * Counts the CVEs the pages contain, and collects those whose first copy (in
 * reading order) is rejected: their carried-over records must go.
 */
function checkPages(pages: FetchedPage[]): { count: number; rejected: Set<string> } {
  const seen = new Set<string>();
  const rejected = new Set<string>();
  let count = 0;

  for (const page of pages) {
    for (const cve of page.cves) seen.add(cve);
    count += page.cves.length;
    for (const cve of page.rejected) {
      if (!seen.has(cve)) rejected.add(cve);
      seen.add(cve);
    }
  }
  return { count, rejected };
}

/** Streams the records of every page; a CVE that comes again in a later page (an older window, or a shifted page) is skipped. */
async function* readPages(pages: FetchedPage[], context: UpdaterContext): AsyncIterable<EnrichmentRecord> {
  const seen = new Set<string>();
  let duplicates = 0;

  for (const page of pages) {
    const paging: NvdPage = { rejected: [] };
    for await (const record of parseNvdDocument(fs.createReadStream(page.file), page.url, paging)) {
      if (seen.has(record.cve)) {
        duplicates++;
        continue;
      }
      seen.add(record.cve);
      yield record;
    }
    paging.rejected.forEach((cve) => seen.add(cve));
  }

  if (duplicates > 0) context.log.info({ url: context.url, duplicates }, 'skipped CVEs that came in more than one page');
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw configError(key, 'must be a string');
  return value;
}

function optionalInteger(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw configError(key, `must be a whole number, found ${JSON.stringify(value)}`);
  return value;
}

function configError(key: string, reason: string): UserError {
  return new UserError('INVALID_CONFIG', `updaters.config.nvd.${key} ${reason}; fix the config file`);
}
