// Steps that most updaters share. They download a list of files
// conditionally, with the validators saved in the updater's state, and
// compute a fingerprint of what was fetched. They also parse a downloaded
// file (a document, or a tar or zip archive) with a feed parser.
import { createHash } from 'node:crypto';
import { isUserError, UserError } from '../errors.js';
import { isHttpStatus } from './http.js';
import { archiveError, openFeedFile } from './feed-file.js';
import type { FeedInput, FeedItem, FeedParser } from './types.js';
import type { Download, UpdaterContext, Validators } from './updater.js';

/** The part of the updater's state that `downloadAll` reads and writes. */
export interface DownloadState {
  /** Validators per URL, sent back on the next run. */
  validators: Record<string, Validators>;
  /** URLs that returned 404 and were skipped. */
  missing: string[];
}

export interface FetchedFiles {
  /** One download per URL that exists, in the order of the URLs. */
  downloads: Download[];
  /** URLs skipped because the server returned 404. */
  missing: string[];
  /** SHA-256 over every URL and the SHA-256 of its body. */
  fingerprint: string;
  state: DownloadState;
}

/**
 * Downloads `urls`, sending the validators of the last run. Returns
 * undefined when every URL returned 304, and the URLs and the missing ones
 * are those of last time. When anything changed, URLs that returned 304 are downloaded
 * again without validators, because the new operation replaces the feed's
 * records and needs every file. With `skipMissing`, a 404 skips that URL
 * (logged); otherwise it fails the run.
 */
export async function downloadAll(context: UpdaterContext, urls: string[], options: { skipMissing?: boolean } = {}): Promise<FetchedFiles | undefined> {
  const previous = readDownloadState(context.state);
  const results = new Map<string, Download | 'not-modified'>();
  const missing: string[] = [];

  for (const url of urls) {
    try {
      const result = await context.http.download(url, { validators: previous.validators[url] });
      results.set(url, result.status === 'downloaded' ? result : 'not-modified');
    } catch (err) {
      if (!options.skipMissing || !isHttpStatus(err, 404)) throw err;
      context.log.info({ url }, 'not found upstream (404), skipped');
      missing.push(url);
    }
  }

  // A changed URL list (branches added to or dropped from the config) changes the feed even when every file returned 304.
  const downloadedAny = [...results.values()].some((result) => result !== 'not-modified');
  const sameMissing = sameSet(missing, previous.missing);
  const sameUrls = sameSet(urls, [...Object.keys(previous.validators), ...previous.missing]);
  if (!downloadedAny && sameMissing && sameUrls) return undefined;

  if (results.size === 0) {
    throw new UserError('FEED_UNAVAILABLE', `none of the ${urls.length} files exists upstream (every one returned 404, such as ${urls[0]}); check the URL set in updaters.config`);
  }

  const downloads: Download[] = [];
  for (const [url, result] of results) {
    if (result !== 'not-modified') {
      downloads.push(result);
      continue;
    }
    const again = await context.http.download(url);
    if (again.status !== 'downloaded') throw new UserError('FEED_UNAVAILABLE', `GET ${url} returned 304 to a request without validators; check the mirror`);
    downloads.push(again);
  }

  const validators: Record<string, Validators> = {};
  for (const download of downloads) validators[download.url] = { etag: download.etag, lastModified: download.lastModified };
  return { downloads, missing, fingerprint: fingerprintOf(downloads), state: { validators, missing } };
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  const set = new Set(right);
  return left.length === set.size && left.every((item) => set.has(item));
}

/** SHA-256 over each download's URL and SHA-256, in order. */
export function fingerprintOf(downloads: readonly Download[]): string {
  const hash = createHash('sha256');
  for (const download of downloads) hash.update(`${download.url}\n${download.sha256}\n`);
  return hash.digest('hex');
}

function readDownloadState(state: Record<string, unknown> | undefined): DownloadState {
  const validators = state?.validators;
  const missing = state?.missing;
  return {
    validators: typeof validators === 'object' && validators !== null ? (validators as Record<string, Validators>) : {},
    missing: Array.isArray(missing) ? missing.filter((url): url is string => typeof url === 'string') : [],
  };
}

/**
 * Parses a downloaded file with `parser`: a single document (plain or
 * gzip) is parsed whole under the name of its URL, and an archive member
 * by member, the members the parser accepts. Errors name the URL.
 */
export async function* parseDownload(download: Download, parser: FeedParser): AsyncIterable<FeedItem> {
  try {
    const feedFile = await openFeedFile(download.file);
    if (!feedFile.archive) {
      const [document] = [...(await collect(feedFile.members()))];
      const name = download.url.replace(/\.gz$/i, '');
      yield* parser.parse({ name, open: document!.open });
      return;
    }

    for await (const member of feedFile.members()) {
      if (!parser.accepts(member.name)) continue;
      yield* parser.parse(member);
    }
  } catch (err) {
    throw downloadError(download, err);
  }
}

async function collect(inputs: AsyncIterable<FeedInput>): Promise<FeedInput[]> {
  const list: FeedInput[] = [];
  for await (const input of inputs) list.push(input);
  return list;
}

/** Names the URL (in place of the temporary file) in a parse error and states that nothing was stored. */
function downloadError(download: Download, err: unknown): unknown {
  const { url, file } = download;
  const nothingStored = 'nothing from this run was stored and the previous operation stays current; check the mirror, or rerun the update later';
  const cause = isUserError(err) ? err : err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError) ? archiveError(url, err) : undefined;
  if (!cause) return err;

  const named = cause.message.split(file).join(url);
  // A single document is parsed under its URL less `.gz`, which already names the download.
  const message = named.includes(url.replace(/\.gz$/i, '')) ? named : `${url}: ${named}`;
  return new UserError(cause.code, `${message}; ${nothingStored}`, { cause: err });
}
