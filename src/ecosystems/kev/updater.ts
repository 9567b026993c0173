// Updater for CISA's Known Exploited Vulnerabilities catalogue: one JSON
// document, fetched with its ETag and Last-Modified so that an unchanged
// catalogue costs one 304.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { Updater } from '../../feeds/updater.js';
import { KEV_FEED, kevParser } from './catalog.js';

const HOUR = 60 * 60 * 1000;

/** Returns the updater of the KEV catalogue. */
export function kevUpdater(): Updater {
  return fileUpdater({
    name: KEV_FEED,
    feeds: [KEV_FEED],
    defaultUrl: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    // CISA adds entries a few times a week, at no fixed hour.
    interval: 12 * HOUR,
    parser: kevParser,
  });
}
