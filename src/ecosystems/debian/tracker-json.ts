// The Debian security tracker's JSON export
// (`{source package: {CVE id: {description, scope, debianbug, releases:
// {codename: {status, repositories, fixed_version, urgency, nodsa,
// nodsa_reason}}}}}`): one record per CVE, source package and release.
import path from 'node:path';
import type { FeedInput, FeedParser, RecordState, VulnerabilityRecord } from '../../feeds/types.js';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { isJsonObject } from '../../feeds/json-document.js';
import { streamJsonObject } from '../../feeds/json-array-stream.js';
import { logger } from '../../log.js';
import { severityFromUrgency } from './severity.js';
import { debianBugLink, debianTrackerLink } from './tracker-links.js';

const FEED = 'debian-tracker';

/**
 * The export (tens of megabytes) is streamed one source package at a time.
 * Even the largest package (linux, with thousands of CVEs) is an estimated
 * few megabytes, so this cap only stops a wrong file before it exhausts memory.
 */
const MAX_PACKAGE_CHARS = 64 * 1024 * 1024;

const NOT_OBJECT_REASON = 'expected an object keyed by source package, as the Debian security tracker JSON has';

const log = logger('feeds.debian-tracker');

export const debianTrackerJsonParser: FeedParser = {
  name: FEED,

  /**
   * Accepts `json` (the export's URL ends in `/tracker/data/json`) and
   * `*tracker*.json`. A name that only contains `debian` is not enough, because
   * OSV exports name their Debian records `DEBIAN-CVE-*.json`.
   */
  accepts(memberPath: string): boolean {
    const base = path.posix.basename(memberPath).toLowerCase();
    return base === 'json' || (base.endsWith('.json') && base.includes('tracker'));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const packages = streamJsonObject(input.open(), input.name, MAX_PACKAGE_CHARS, NOT_OBJECT_REASON);

    let skipped = 0;
    for await (const { key: packageName, value: issues } of packages) {
      if (!isJsonObject(issues)) throw invalidFeed(input.name, packageName, 'expected an object keyed by CVE id');

      for (const [id, issue] of Object.entries(issues)) {
        const location = `${packageName} → ${id}`;
        if (!isJsonObject(issue)) throw invalidFeed(input.name, location, 'expected an object with a releases field');

        for (const release of releasesOf(issue, input.name, location)) {
          const record = trackerRecord(packageName, id, issue, release, input.name);
          if (record) yield record;
          else skipped++;
        }
      }
    }

    if (skipped > 0) {
      log.warn({ member: input.name, skipped }, 'skipped resolved releases that name no fixed version');
    }
  },
};

interface TrackerRelease {
  codename: string;
  status: string;
  fixedVersion?: string;
  urgency?: string;
  nodsaReason?: string;
}

/** Returns the releases of one CVE. Packages without any release carry `releases: []` in the export. */
function releasesOf(issue: Record<string, unknown>, member: string, location: string): TrackerRelease[] {
  const releases = issue.releases;
  if (Array.isArray(releases) && releases.length === 0) return [];
  if (!isJsonObject(releases)) throw invalidFeed(member, `${location} → releases`, 'expected an object keyed by release codename');

  return Object.entries(releases).map(([codename, value]) => {
    const where = `${location} → releases → ${codename}`;
    if (!isJsonObject(value)) throw invalidFeed(member, where, 'expected an object with a status field');

    const status = value.status;
    if (typeof status !== 'string') throw invalidFeed(member, `${where} → status`, 'missing or not a string');

    return {
      codename,
      status,
      fixedVersion: optionalString(value.fixed_version, member, `${where} → fixed_version`),
      urgency: optionalString(value.urgency, member, `${where} → urgency`),
      nodsaReason: optionalString(value.nodsa_reason, member, `${where} → nodsa_reason`),
    };
  });
}

/** Returns the record for one release, or undefined when the release names no usable statement. */
function trackerRecord(
  packageName: string,
  id: string,
  issue: Record<string, unknown>,
  release: TrackerRelease,
  member: string,
): VulnerabilityRecord | undefined {
  const state = releaseState(release, member, `${packageName} → ${id} → releases → ${release.codename}`);
  if (state === undefined) return undefined;

  const record: VulnerabilityRecord = {
    feed: FEED,
    advisoryId: id,
    // Ids the tracker has not matched to a CVE yet are `TEMP-…`: they name no CVE.
    cves: isCveId(id) ? [id] : [],
    aliases: [],
    distribution: 'debian',
    release: release.codename,
    packageName,
    state,
    severity: severityFromUrgency(release.urgency),
    links: issueLinks(id, issue.debianbug),
  };

  if (state === 'fixed') record.fixedVersion = release.fixedVersion;
  if (release.urgency !== undefined) record.vendorSeverity = release.urgency;
  if (typeof issue.description === 'string' && issue.description.trim() !== '') record.description = issue.description.trim();
  return record;
}

/**
 * Maps the tracker's status to a record state:
 * - resolved with fixed_version `0`: the release never had the flaw;
 * - resolved with a version: fixed in that version;
 * - open with nodsa_reason `ignored`, or with urgency `end-of-life` (the
 *   release's security support for the package ended): will not be fixed;
 * - any other open (including `postponed` and urgency `unimportant`) and
 *   undetermined: unfixed.
 * Returns undefined for a resolved release without a fixed version.
 */
function releaseState(release: TrackerRelease, member: string, location: string): RecordState | undefined {
  switch (release.status) {
    case 'resolved':
      if (release.fixedVersion === undefined || release.fixedVersion === '') return undefined;
      return release.fixedVersion === '0' ? 'not-affected' : 'fixed';
    case 'open':
      if (release.nodsaReason === 'ignored' || release.urgency === 'end-of-life') return 'wont-fix';
      return 'unfixed';
    case 'undetermined':
      return 'unfixed';
    default:
      throw invalidFeed(member, `${location} → status`, `unknown status "${release.status}"; expected resolved, open or undetermined`);
  }
}

function issueLinks(id: string, debianBug: unknown): string[] {
  const links = [debianTrackerLink(id)];
  if (typeof debianBug === 'number' || (typeof debianBug === 'string' && /^\d+$/.test(debianBug))) {
    links.push(debianBugLink(debianBug));
  }
  return links;
}

function optionalString(value: unknown, member: string, location: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidFeed(member, location, 'expected a string');
  return value;
}
