// Updaters for OSV's per-ecosystem exports: one updater per ecosystem,
// each fetching `<base>/<Ecosystem>/all.zip` with its validators and reading
// only that ecosystem's entries from it.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { Updater } from '../../feeds/updater.js';
import { osvEcosystems, type OsvEcosystem } from './ecosystems.js';
import { scopedOsvParser } from './parser.js';

/** OSV's public bucket; `updaters.config.osv-<ecosystem>.url` replaces it with a mirror of the same layout. */
export const OSV_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** OSV rebuilds the exports continuously; a run every hour fetches only changed zips (ETag). */
const ONE_HOUR = 60 * 60 * 1000;

/** Returns one updater per OSV ecosystem LayerLens stores: `osv-npm`, `osv-pypi`, ..., `osv-debian`, `osv-ubuntu`, `osv-alpine`. */
export function osvUpdaters(): Updater[] {
  return osvEcosystems().map(osvUpdater);
}

export function osvUpdater(ecosystem: OsvEcosystem): Updater {
  return fileUpdater({
    name: ecosystem.feed,
    feeds: [ecosystem.feed],
    defaultUrl: OSV_BASE_URL,
    interval: ONE_HOUR,
    parser: scopedOsvParser(ecosystem),
    urls: (context) => [`${context.url}/${encodeURIComponent(ecosystem.osv)}/all.zip`],
  });
}
