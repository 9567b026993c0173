// Updater for FIRST's EPSS scores: `epss_scores-current.csv.gz`, replaced
// once a day, fetched with its ETag and Last-Modified.
import { fetchDocumentRun } from '../../feeds/document-run.js';
import type { Updater } from '../../feeds/updater.js';
import { EPSS_FEED, parseEpssCsv } from './scores-csv.js';

const HOUR = 60 * 60 * 1000;

export function epssUpdater(): Updater {
  return {
    name: EPSS_FEED,
    feeds: [EPSS_FEED],
    defaultUrl: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
    interval: 24 * HOUR,
    update: (context) => fetchDocumentRun(context, parseEpssCsv),
  };
}
