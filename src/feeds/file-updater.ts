// An updater for feeds published as a fixed set of files that one parser
// reads (the Debian lists and tracker JSON, the Ubuntu CVE tracker tarball,
// Alpine's secdb documents): conditional downloads, then every file parsed
// into one run.
import { downloadAll, parseDownload } from './fetch.js';
import type { FeedItem, FeedParser } from './types.js';
import type { Download, Updater, UpdaterContext, UpdateRun } from './updater.js';

export interface FileUpdaterSpec {
  name: string;
  feeds: readonly string[];
  defaultUrl: string;
  interval: number;
  parser: FeedParser;
  /** URLs to fetch for this run; default the base URL itself. */
  urls?(context: UpdaterContext): string[];
  /** Skips files that return 404 instead of failing (Alpine branches that do not exist). */
  skipMissing?: boolean;
}

/** Creates an updater that downloads `spec.urls` and parses each file with `spec.parser`. */
export function fileUpdater(spec: FileUpdaterSpec): Updater {
  return {
    name: spec.name,
    feeds: spec.feeds,
    defaultUrl: spec.defaultUrl,
    interval: spec.interval,

    async update(context: UpdaterContext): Promise<UpdateRun | undefined> {
      const urls = spec.urls?.(context) ?? [context.url];
      const fetched = await downloadAll(context, urls, { skipMissing: spec.skipMissing });
      if (!fetched) return undefined;

      const { downloads } = fetched;
      const source = downloads.length === 1 ? downloads[0]!.url : `${context.url} (${downloads.length} files)`;
      return { fingerprint: fetched.fingerprint, source, items: parseAll(downloads, spec.parser), state: { ...fetched.state } };
    },
  };
}

async function* parseAll(downloads: readonly Download[], parser: FeedParser): AsyncIterable<FeedItem> {
  for (const download of downloads) yield* parseDownload(download, parser);
}
