// Updater for FIRST's EPSS scores: `epss_scores-current.csv.gz`, replaced
// once a day, fetched with its ETag and Last-Modified.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { Updater } from '../../feeds/updater.js';
import { EPSS_FEED, epssParser } from './scores-csv.js';

const HOUR = 60 * 60 * 1000;

/** Returns the updater of the daily EPSS scores. */
export function epssUpdater(): Updater {
  return fileUpdater({
    name: EPSS_FEED,
    feeds: [EPSS_FEED],
    defaultUrl: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
    interval: 24 * HOUR,
    parser: epssParser,
  });
}
