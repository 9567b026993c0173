// Updater for CISA's Known Exploited Vulnerabilities catalogue: one JSON
// document, fetched with its ETag and Last-Modified so that an unchanged
// catalogue costs one 304.
import { fetchDocumentRun } from '../../feeds/document-run.js';
import type { Updater } from '../../feeds/updater.js';
import { KEV_FEED, parseKevCatalog } from './catalog.js';

const HOUR = 60 * 60 * 1000;

export function kevUpdater(): Updater {
  return {
    name: KEV_FEED,
    feeds: [KEV_FEED],
    defaultUrl: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    // CISA adds entries a few times a week, at no fixed hour.
    interval: 12 * HOUR,
    update: (context) => fetchDocumentRun(context, parseKevCatalog),
  };
}
