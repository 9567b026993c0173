// Updater for the Ubuntu CVE Tracker: the git snapshot tarball of the
// tracker, whose `active/CVE-*` files the UCT parser reads as a stream.
// The tarball also holds `retired/` (CVEs whose work is finished, about
// as many again) and `ignored/`; the updater reads `active/` only, the
// same files the tracker team keeps current.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { FeedParser } from '../../feeds/types.js';
import type { Updater } from '../../feeds/updater.js';
import { ubuntuCveTrackerParser } from './uct.js';

const activeOnly: FeedParser = {
  ...ubuntuCveTrackerParser,
  accepts: (memberPath) => /(^|\/)active\//.test(memberPath) && ubuntuCveTrackerParser.accepts(memberPath),
};

export const ubuntuUctUpdater: Updater = fileUpdater({
  name: 'ubuntu-uct',
  feeds: ['ubuntu-uct'],
  defaultUrl: 'https://git.launchpad.net/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz',
  interval: 6 * 60 * 60 * 1000,
  parser: activeOnly,
});
