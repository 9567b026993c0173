// The Red Hat updaters: `rhel-vex` (one CSAF VEX file per CVE) and
// `rhel-csaf` (one CSAF security advisory per RHSA), both read through the
// archive + changes.csv/deletions.csv protocol of Red Hat's CSAF directories.
import type { Updater } from '../../feeds/updater.js';
import { RHEL_CSAF_FEED, rhelCsafAdvisoryParser } from './advisory.js';
import { csafDirectoryUpdater } from './csaf-updater.js';
import { RHEL_VEX_FEED, rhelVexParser } from './vex.js';

const HOUR = 60 * 60 * 1000;

/** `2024/cve-2024-0727.json` → `CVE-2024-0727`. */
function vexId(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/, '').toUpperCase();
}

/** `2022/rhsa-2022_0011.json` → `RHSA-2022:0011`. */
function advisoryId(path: string): string {
  return vexId(path).replace('_', ':');
}

export const rhelVexUpdater: Updater = csafDirectoryUpdater({
  name: RHEL_VEX_FEED,
  feed: RHEL_VEX_FEED,
  defaultUrl: 'https://security.access.redhat.com/data/csaf/v2/vex',
  // Hourly runs keep each delta to a few documents.
  interval: HOUR,
  parser: rhelVexParser,
  advisoryId: vexId,
});

export const rhelCsafUpdater: Updater = csafDirectoryUpdater({
  name: RHEL_CSAF_FEED,
  feed: RHEL_CSAF_FEED,
  defaultUrl: 'https://security.access.redhat.com/data/csaf/v2/advisories',
  interval: HOUR,
  parser: rhelCsafAdvisoryParser,
  advisoryId,
});
