// The updater model. An updater locates one upstream feed and detects
// whether it changed. The runner fetches through it, stores what it returns
// as one update operation, and records nothing when upstream is unchanged.
import type { Logger } from '../log.js';
import type { FeedItem } from './types.js';

/** A response body saved to a temporary file, with the validators that came with it. */
export interface Download {
  status: 'downloaded';
  url: string;
  /** Temporary file holding the body (decoded transfer encoding, stored content encoding). */
  file: string;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  size: number;
  etag?: string;
  lastModified?: string;
}

/** The server responded with 304, so the copy fetched last time is still current. */
export interface NotModified {
  status: 'not-modified';
  url: string;
}

/** Validators remembered for one URL, sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** Per-request settings: extra headers such as an API key. */
export interface RequestOptions {
  headers?: Record<string, string>;
}

/**
 * HTTP for updaters: timeouts, retries with exponential backoff and jitter,
 * the proxy from the environment. Errors are UserErrors (code
 * FEED_UNAVAILABLE) naming the URL and the fix.
 */
export interface HttpClient {
  /**
   * GETs `url` into a temporary file. With `validators`, sends them and
   * returns NotModified on a 304.
   */
  download(url: string, options?: RequestOptions & { validators?: Validators }): Promise<Download | NotModified>;
  /** GETs a small document (an index, a CSV of changes, an API page) into memory, with a size cap. */
  text(url: string, options?: RequestOptions): Promise<string>;
}

/** Inputs the runner passes to an updater for one run. */
export interface UpdaterContext {
  /** Base URL without a trailing slash: the updater's default, or the configured mirror. */
  url: string;
  http: HttpClient;
  /** State the updater returned with its last committed operation; undefined on the first run. */
  state?: Record<string, unknown>;
  /** Updater-specific settings from the config file (`updaters.config.<name>`), besides `url` and `interval`. */
  options: Record<string, unknown>;
  log: Logger;
  signal: AbortSignal;
}

/** Output of one run that found upstream changed. */
export interface UpdateRun {
  /**
   * Identifies the upstream content, such as the SHA-256 of the fetched
   * files: a run whose fingerprint equals the last operation's stores nothing.
   */
  fingerprint: string;
  /** Origin of the records, shown by `db status`: a URL, or a base URL and a count of files. */
  source: string;
  items: AsyncIterable<FeedItem>;
  /**
   * For delta feeds (Red Hat's changes.csv, NVD's lastModStartDate): the
   * previous operation's records are carried into the new one, except those
   * whose advisory id (or CVE, for enrichment) is listed here or comes again
   * in `items`.
   */
  carryOver?: { remove: Set<string> };
  /** Saved with the operation and handed back on the next run: validators, cursors. */
  state?: Record<string, unknown>;
  /** Called after the operation committed or the run failed, to remove temporary files. */
  cleanup?(): Promise<void>;
}

export interface Updater {
  /** Name in the config file and in `db update --feed NAME`: `debian`, `alpine`, `osv-npm`, `rhel-vex`, `nvd`, ... */
  readonly name: string;
  /** Feed names the records of this updater carry (shown by `db status`). */
  readonly feeds: readonly string[];
  /** Upstream base URL; `updaters.config.<name>.url` replaces it for mirrors. */
  readonly defaultUrl: string;
  /** Default time between runs, in milliseconds; `updaters.config.<name>.interval` replaces it. */
  readonly interval: number;
  /** Fetches what changed since the last run; undefined when upstream is unchanged (all 304). */
  update(context: UpdaterContext): Promise<UpdateRun | undefined>;
}
