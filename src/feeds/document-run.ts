// An update run for a feed published as one document (CISA KEV, FIRST
// EPSS): a conditional GET with the validators of the last run, then the
// parsed document, plain or gzip-compressed (detected by magic bytes).
import type { Readable } from 'node:stream';
import { openFeedFile } from './feed-file.js';
import type { EnrichmentRecord } from './types.js';
import type { UpdaterContext, UpdateRun, Validators } from './updater.js';

/** Parses a document's bytes; `member` names it in errors (the URL). */
export type DocumentParser = (input: Readable, member: string) => AsyncIterable<EnrichmentRecord>;

/**
 * Downloads `context.url` with the validators saved last time. Returns
 * undefined on a 304 response. The fingerprint is the body's SHA-256, so a
 * server that ignores validators still stores nothing new for the same bytes.
 */
export async function fetchDocumentRun(context: UpdaterContext, parse: DocumentParser): Promise<UpdateRun | undefined> {
  const url = context.url;
  const validators = context.state?.validators as Validators | undefined;

  const download = await context.http.download(url, { validators });
  if (download.status === 'not-modified') {
    context.log.info({ url }, 'feed not modified since the last run');
    return undefined;
  }
  context.log.info({ url, bytes: download.size }, 'downloaded feed');

  const saved: Validators = { etag: download.etag, lastModified: download.lastModified };
  return {
    fingerprint: `sha256:${download.sha256}`,
    source: url,
    state: { validators: saved },
    items: (async function* () {
      yield* parse(await openDownloaded(download.file), url);
    })(),
  };
}

/** Opens a downloaded file's bytes, decompressed when they are gzip. */
async function openDownloaded(file: string): Promise<Readable> {
  const feedFile = await openFeedFile(file);
  for await (const input of feedFile.members()) return input.open();
  throw new Error(`no content in downloaded file ${file}`);
}
