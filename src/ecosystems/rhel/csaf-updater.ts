// Updaters for Red Hat's CSAF directories (VEX files and security
// advisories), which share one publication protocol:
// - `archive_latest.txt` names the newest archive of every document
//   (`csaf_vex_2024-07-07.tar.zst`), read on the first run;
// - `changes.csv` and `deletions.csv` list each document with the time it
//   changed or was removed. Later runs fetch only the documents changed
//   since the saved cursor and carry the previous operation's other records over.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { UserError } from '../../errors.js';
import { isHttpStatus } from '../../feeds/http.js';
import { openFeedFile } from '../../feeds/feed-file.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import type { FeedItem, FeedParser } from '../../feeds/types.js';
import type { Download, NotModified, Updater, UpdaterContext, UpdateRun, Validators } from '../../feeds/updater.js';
import { documentYear, readChangeList, type ChangeEntry } from './changes-csv.js';


/** Oldest year directory read by default: RHEL 7, the oldest release still matched in practice, came out in 2014. */
export const DEFAULT_SINCE_YEAR = 2014;
const DEFAULT_CONCURRENCY = 4;

export interface CsafDirectorySpec {
  name: string;
  feed: string;
  defaultUrl: string;
  interval: number;
  parser: FeedParser;
  /** The advisory id of a document path: the id its records carry (`2024/cve-2024-0727.json` is CVE-2024-0727). */
  advisoryId(path: string): string;
}

/** Saved with each operation and handed back on the next run. */
interface CsafDirectoryState {
  /** ISO 8601 time of the newest change applied; later runs fetch what changed after it. */
  cursor: string;
  /** The archive the first run read. */
  archive?: string;
  changes?: Validators;
  deletions?: Validators;
}

interface Settings {
  sinceYear: number;
  concurrency: number;
}

/** A changed document, downloaded in `update()` and parsed when the store reads the run's items. */
interface FetchedDocument {
  path: string;
  download: Download;
}

/** Creates an updater for one Red Hat CSAF directory. */
export function csafDirectoryUpdater(spec: CsafDirectorySpec): Updater {
  return {
    name: spec.name,
    feeds: [spec.feed],
    defaultUrl: spec.defaultUrl,
    interval: spec.interval,
    update: (context) => {
      const state = readState(context.state);
      return state === undefined ? firstRun(spec, context) : deltaRun(spec, context, state);
    },
  };
}

/**
 * Reads the newest archive, then applies the changes and deletions listed
 * after the archive was made. Documents the change list names are read
 * from their own files, not from the archive.
 */
async function firstRun(spec: CsafDirectorySpec, context: UpdaterContext): Promise<UpdateRun> {
  const settings = readSettings(spec, context);
  const latestUrl = `${context.url}/archive_latest.txt`;
  const archiveName = (await context.http.text(latestUrl)).trim();
  if (!/^[\w.-]+\.tar\.zst$/.test(archiveName)) {
    throw invalidFeed(latestUrl, undefined, `expected the file name of a .tar.zst archive, found ${JSON.stringify(archiveName.slice(0, 120))}`);
  }

  const archiveUrl = `${context.url}/${archiveName}`;
  context.log.info({ updater: spec.name, url: archiveUrl }, 'first run: downloading the full archive');
  const archive = downloaded(await context.http.download(archiveUrl), archiveUrl);
  const archiveTime = archiveDate(archiveName, archive);

  const changesDownload = downloaded(await context.http.download(`${context.url}/changes.csv`), `${context.url}/changes.csv`);
  const deletionsDownload = downloaded(await context.http.download(`${context.url}/deletions.csv`), `${context.url}/deletions.csv`);
  const changes = recent(await readChangeList(changesDownload.file, changesDownload.url, archiveTime), settings);
  const deletions = recent(await readChangeList(deletionsDownload.file, deletionsDownload.url, archiveTime), settings);

  const fetched = await fetchDocuments(spec, context, settings, changes);
  const replaced = new Set([...changes, ...deletions].map((entry) => entry.path));
  const cursor = newestTime(archiveTime, changes, deletions);

  const fingerprint = createHash('sha256').update(`${archiveUrl}\n${archive.sha256}\n`);
  addDocuments(fingerprint, fetched.documents, deletions);

  context.log.info(
    { updater: spec.name, archive: archiveName, changed: fetched.documents.length, deleted: deletions.length + fetched.missing.length, cursor: new Date(cursor).toISOString() },
    'read the archive and the changes made after it',
  );

  const state: CsafDirectoryState = {
    cursor: new Date(cursor).toISOString(),
    archive: archiveName,
    changes: validatorsOf(changesDownload),
    deletions: validatorsOf(deletionsDownload),
  };
  return {
    fingerprint: `sha256:${fingerprint.digest('hex')}`,
    source: `${archiveUrl} (+${fetched.documents.length} changed documents)`,
    items: firstRunItems(spec, archive, settings, replaced, fetched.documents),
    state: { ...state },
  };
}

/**
 * Fetches the documents changed since the cursor and removes the deleted
 * ones. Returns undefined when both change lists respond with 304 or list
 * nothing newer than the cursor.
 */
async function deltaRun(spec: CsafDirectorySpec, context: UpdaterContext, state: CsafDirectoryState): Promise<UpdateRun | undefined> {
  const settings = readSettings(spec, context);
  const since = Date.parse(state.cursor);

  const changesResult = await context.http.download(`${context.url}/changes.csv`, { validators: state.changes });
  const deletionsResult = await context.http.download(`${context.url}/deletions.csv`, { validators: state.deletions });
  if (changesResult.status === 'not-modified' && deletionsResult.status === 'not-modified') return undefined;

  // A list that responded with 304 is unchanged, so every entry in it is at or before the cursor.
  const changes = changesResult.status === 'downloaded' ? recent(await readChangeList(changesResult.file, changesResult.url, since), settings) : [];
  const deletions = deletionsResult.status === 'downloaded' ? recent(await readChangeList(deletionsResult.file, deletionsResult.url, since), settings) : [];
  if (changes.length === 0 && deletions.length === 0) {
    context.log.info({ updater: spec.name, since: state.cursor }, 'no document changed since the last run');
    return undefined;
  }

  const fetched = await fetchDocuments(spec, context, settings, changes);
  const remove = new Set([...changes, ...deletions].map((entry) => spec.advisoryId(entry.path)));
  const cursor = newestTime(since, changes, deletions);

  const fingerprint = createHash('sha256').update(`${context.url} since ${state.cursor}\n`);
  addDocuments(fingerprint, fetched.documents, deletions);

  context.log.info(
    { updater: spec.name, since: state.cursor, changed: fetched.documents.length, deleted: deletions.length + fetched.missing.length },
    'fetched the documents changed since the last run',
  );

  const next: CsafDirectoryState = {
    ...state,
    cursor: new Date(cursor).toISOString(),
    changes: changesResult.status === 'downloaded' ? validatorsOf(changesResult) : state.changes,
    deletions: deletionsResult.status === 'downloaded' ? validatorsOf(deletionsResult) : state.deletions,
  };
  return {
    fingerprint: `sha256:${fingerprint.digest('hex')}`,
    source: `${context.url} (${fetched.documents.length} changed, ${deletions.length} deleted since ${state.cursor})`,
    items: parseDocuments(spec, fetched.documents),
    carryOver: { remove },
    state: { ...next },
  };
}

async function* firstRunItems(
  spec: CsafDirectorySpec,
  archive: Download,
  settings: Settings,
  replaced: Set<string>,
  documents: FetchedDocument[],
): AsyncIterable<FeedItem> {
  try {
    // The archive is a .tar.zst, read member by member as it is decompressed.
    const feedFile = await openFeedFile(archive.file);
    for await (const member of feedFile.members()) {
      if (!spec.parser.accepts(member.name) || replaced.has(member.name)) continue;
      if (documentYear(member.name) < settings.sinceYear) continue;
      yield* spec.parser.parse(member);
    }
  } catch (err) {
    throw namedError(archive.url, err);
  }
  yield* parseDocuments(spec, documents);
}

async function* parseDocuments(spec: CsafDirectorySpec, documents: FetchedDocument[]): AsyncIterable<FeedItem> {
  for (const { download } of documents) {
    try {
      yield* spec.parser.parse({ name: download.url, open: () => fs.createReadStream(download.file) });
    } finally {
      // Each changed document is read once; removing it keeps a long delta's disk use bounded.
      await fs.promises.rm(download.file, { force: true });
    }
  }
}

/**
 * Downloads the changed documents, a few at a time. A document that
 * responds with 404 was removed after the change list was written: it counts as
 * deleted, and its records are removed with the changed ones.
 */
async function fetchDocuments(
  spec: CsafDirectorySpec,
  context: UpdaterContext,
  settings: Settings,
  changes: ChangeEntry[],
): Promise<{ documents: FetchedDocument[]; missing: string[] }> {
  const wanted = changes.filter((entry) => spec.parser.accepts(entry.path));
  const documents: Array<FetchedDocument | undefined> = new Array(wanted.length);
  const missing: string[] = [];
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const index = next++;
      const url = `${context.url}/${wanted[index].path}`;
      try {
        documents[index] = { path: wanted[index].path, download: downloaded(await context.http.download(url), url) };
      } catch (err) {
        if (!isHttpStatus(err, 404)) throw err;
        context.log.info({ updater: spec.name, url }, 'changed document not found upstream (404), counted as deleted');
        missing.push(wanted[index].path);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, wanted.length) }, worker));

  return { documents: documents.filter((document): document is FetchedDocument => document !== undefined), missing };
}

/** Entries in the year directories the settings keep. */
function recent(entries: ChangeEntry[], settings: Settings): ChangeEntry[] {
  return entries.filter((entry) => documentYear(entry.path) >= settings.sinceYear);
}

function newestTime(start: number, ...lists: ChangeEntry[][]): number {
  let newest = start;
  for (const list of lists) for (const entry of list) newest = Math.max(newest, entry.time);
  return newest;
}

function addDocuments(hash: ReturnType<typeof createHash>, documents: FetchedDocument[], deletions: ChangeEntry[]): void {
  for (const document of [...documents].sort((a, b) => a.path.localeCompare(b.path))) hash.update(`${document.path}\n${document.download.sha256}\n`);
  for (const path of deletions.map((entry) => entry.path).sort()) hash.update(`deleted ${path}\n`);
}

/**
 * Returns the time the archive was made: the date in its name
 * (`csaf_vex_2024-07-07.tar.zst`, midnight UTC), or its Last-Modified.
 * The earlier one wins, because changes re-read twice cost a download
 * while changes missed would stay missing.
 */
function archiveDate(name: string, archive: Download): number {
  const candidates: number[] = [];
  const day = /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1];
  if (day) candidates.push(Date.parse(`${day}T00:00:00Z`));
  if (archive.lastModified) candidates.push(Date.parse(archive.lastModified));

  const valid = candidates.filter((time) => !Number.isNaN(time));
  if (valid.length === 0) {
    throw new UserError('INVALID_FEED', `cannot tell when ${archive.url} was made: its name has no date and the server sent no Last-Modified; check the mirror`);
  }
  return Math.min(...valid);
}

function downloaded(result: Download | NotModified, url: string): Download {
  if (result.status === 'downloaded') return result;
  throw new UserError('FEED_UNAVAILABLE', `GET ${url} returned 304 to a request without validators; check the mirror`);
}

function validatorsOf(download: Download): Validators {
  return { etag: download.etag, lastModified: download.lastModified };
}

function readState(state: Record<string, unknown> | undefined): CsafDirectoryState | undefined {
  const cursor = state?.cursor;
  if (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor))) return undefined;
  return state as unknown as CsafDirectoryState;
}

/** Reads `updaters.config.<name>`: `since_year` (oldest year directory read) and `concurrency` (parallel document downloads). */
function readSettings(spec: CsafDirectorySpec, context: UpdaterContext): Settings {
  const sinceYear = integerOption(spec, context.options.since_year ?? context.options.sinceYear, 'since_year', 1990, 2100) ?? DEFAULT_SINCE_YEAR;
  const concurrency = integerOption(spec, context.options.concurrency, 'concurrency', 1, 32) ?? DEFAULT_CONCURRENCY;
  return { sinceYear, concurrency };
}

function integerOption(spec: CsafDirectorySpec, value: unknown, key: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UserError('INVALID_CONFIG', `updaters.config.${spec.name}.${key} must be a whole number from ${min} to ${max}, found ${JSON.stringify(value)}; fix the config file`);
  }
  return value;
}

/** Names the archive in a parse error, and adds that nothing was stored. */
function namedError(url: string, err: unknown): unknown {
  if (!(err instanceof UserError)) return err;
  const message = err.message.includes(url) ? err.message : `${url}: ${err.message}`;
  return new UserError(err.code, `${message}; nothing from this run was stored and the previous operation stays current`, { cause: err });
}

