// Updaters for the Debian security tracker: the tracker's JSON export and
// the DSA and DLA advisory lists from its git repository.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { Updater } from '../../feeds/updater.js';
import { debianAdvisoryListParser } from './dsa-list.js';
import { debianTrackerJsonParser } from './tracker-json.js';

const SIX_HOURS = 6 * 60 * 60 * 1000;

const LISTS_URL = 'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data';

export const debianTrackerUpdater: Updater = fileUpdater({
  name: 'debian-tracker',
  feeds: ['debian-tracker'],
  defaultUrl: 'https://security-tracker.debian.org/tracker/data/json',
  interval: SIX_HOURS,
  parser: debianTrackerJsonParser,
});

export const debianDsaUpdater: Updater = fileUpdater({
  name: 'debian-dsa',
  feeds: ['debian-dsa'],
  defaultUrl: `${LISTS_URL}/DSA/list`,
  interval: SIX_HOURS,
  parser: debianAdvisoryListParser('DSA'),
});

export const debianDlaUpdater: Updater = fileUpdater({
  name: 'debian-dla',
  feeds: ['debian-dla'],
  defaultUrl: `${LISTS_URL}/DLA/list`,
  interval: SIX_HOURS,
  parser: debianAdvisoryListParser('DLA'),
});
