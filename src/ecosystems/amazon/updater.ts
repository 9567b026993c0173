// Updater for Amazon Linux advisories. Each release's repository is found
// through its mirror list, and its repomd.xml names the updateinfo document
// and its SHA-256. An unchanged repomd means an unchanged feed, so nothing
// else is fetched.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import type { FeedItem } from '../../feeds/types.js';
import type { Download, Updater, UpdaterContext, UpdateRun } from '../../feeds/updater.js';
import { urlMapOption } from '../../feeds/updater-options.js';
import { xmlItems, type XmlHandler, type XmlSink } from '../../feeds/xml-stream.js';
import { AMAZON_FEED, updateinfoRecords } from './updateinfo.js';

const NAME = AMAZON_FEED;

/**
 * Mirror lists of the core repositories, by release. Amazon Linux 1's list
 * lives on another host than the CDN base URL, so it is absolute.
 */
function defaultMirrorLists(base: string): Record<string, string> {
  return {
    '2018.03': 'http://repo.us-west-2.amazonaws.com/2018.03/updates/x86_64/mirror.list',
    '2': `${base}/2/core/latest/x86_64/mirror.list`,
    '2023': `${base}/al2023/core/mirrors/latest/x86_64/mirror.list`,
  };
}

/** The updateinfo entry of a repomd.xml. */
export interface RepomdUpdateinfo {
  /** Location relative to the repository, such as `repodata/updateinfo.xml.gz`. */
  href: string;
  /** Checksum of the file as served, with its type (`sha256`). */
  checksum?: { type: string; value: string };
}

/** Reads the `updateinfo` data entry of a repomd.xml document. */
export async function repomdUpdateinfo(text: string, url: string): Promise<RepomdUpdateinfo> {
  for await (const entry of xmlItems<RepomdUpdateinfo>(Readable.from([text]), url, repomdHandler)) return entry;
  throw new UserError('FEED_UNAVAILABLE', `${url} lists no updateinfo data; check that the mirror is an Amazon Linux repository`);
}

function repomdHandler(sink: XmlSink<RepomdUpdateinfo>): XmlHandler {
  let inUpdateinfo = false;
  let entry: RepomdUpdateinfo | undefined;
  let checksum: { type: string; value: string } | undefined;

  return {
    open(tag) {
      if (tag.name === 'data') {
        inUpdateinfo = tag.attributes.type === 'updateinfo';
        entry = undefined;
      }
      if (!inUpdateinfo) return;
      // repomd writes `checksum` before `location`; either order is read.
      if (tag.name === 'location' && tag.attributes.href) entry = { ...entry, href: tag.attributes.href };
      if (tag.name === 'checksum') checksum = { type: tag.attributes.type ?? '', value: '' };
    },
    text(value) {
      if (checksum) checksum.value += value;
    },
    close(name) {
      if (!inUpdateinfo) return;
      if (name === 'checksum' && checksum) {
        checksum.value = checksum.value.trim();
        if (entry) entry.checksum = checksum;
        else entry = { href: '', checksum };
        checksum = undefined;
      }
      if (name === 'data') {
        inUpdateinfo = false;
        if (!entry?.href) sink.fail('the updateinfo <data> has no <location href>');
        sink.emit(entry);
      }
    },
  };
}

interface ReleaseSource {
  release: string;
  url: string;
  checksum?: string;
}

async function locateUpdateinfo(context: UpdaterContext, release: string, mirrorList: string): Promise<ReleaseSource> {
  const mirrors = (await context.http.text(mirrorList))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^https?:\/\//.test(line));
  const mirror = mirrors[0]?.replace(/\/+$/, '');
  if (mirror === undefined) throw new UserError('FEED_UNAVAILABLE', `${mirrorList} lists no mirror URL; check updaters.config.${NAME}.mirrorLists`);

  const repomdUrl = `${mirror}/repodata/repomd.xml`;
  const entry = await repomdUpdateinfo(await context.http.text(repomdUrl), repomdUrl);
  const source: ReleaseSource = { release, url: `${mirror}/${entry.href.replace(/^\/+/, '')}` };
  if (entry.checksum?.type === 'sha256') source.checksum = entry.checksum.value.toLowerCase();
  return source;
}

/** Returns a fingerprint of the releases' updateinfo files as repomd names them. */
function fingerprintOf(sources: ReleaseSource[]): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source.release}\n${source.url}\n${source.checksum ?? ''}\n`);
  return hash.digest('hex');
}

export const amazonUpdateinfoUpdater: Updater = {
  name: NAME,
  feeds: [AMAZON_FEED],
  defaultUrl: 'https://cdn.amazonlinux.com',
  interval: 6 * 60 * 60 * 1000,

  async update(context: UpdaterContext): Promise<UpdateRun | undefined> {
    const mirrorLists = urlMapOption(context, NAME, 'mirrorLists', `{ '2023': ${context.url}/al2023/core/mirrors/latest/x86_64/mirror.list }`) ?? defaultMirrorLists(context.url);

    const sources: ReleaseSource[] = [];
    for (const [release, list] of Object.entries(mirrorLists)) sources.push(await locateUpdateinfo(context, release, list));

    // NOTE: a repomd without a sha256 checksum gives no way to tell an unchanged feed, so such a feed is fetched every run.
    const fingerprint = fingerprintOf(sources);
    if (context.state?.fingerprint === fingerprint && sources.every((source) => source.checksum !== undefined)) {
      context.log.info({ updater: NAME }, 'every repomd.xml names the same updateinfo as the last run');
      return undefined;
    }

    const downloads: Array<{ source: ReleaseSource; download: Download }> = [];
    const cleanup = async (): Promise<void> => {
      await Promise.all(downloads.map(({ download }) => fs.promises.rm(download.file, { force: true })));
    };
    try {
      for (const source of sources) {
        const download = await context.http.download(source.url);
        if (download.status !== 'downloaded') throw new UserError('FEED_UNAVAILABLE', `GET ${source.url} returned 304 to a request without validators; check the mirror`);
        downloads.push({ source, download });
        if (source.checksum !== undefined && download.sha256 !== source.checksum) {
          throw new UserError('FEED_UNAVAILABLE', `${source.url} has SHA-256 ${download.sha256}, but repomd.xml lists ${source.checksum}; the mirror is changing or corrupt, rerun the update later`);
        }
      }
    } catch (err) {
      await cleanup();
      throw err;
    }

    return {
      fingerprint,
      source: `${context.url} (${sources.length} releases)`,
      items: readAll(downloads),
      state: { fingerprint },
      cleanup,
    };
  },
};

async function* readAll(downloads: Array<{ source: ReleaseSource; download: Download }>): AsyncIterable<FeedItem> {
  for (const { source, download } of downloads) yield* updateinfoRecords(fs.createReadStream(download.file), source.url, source.release);
}
