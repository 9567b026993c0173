// Merges the records that several feeds hold about one flaw in one source
// package into one vulnerability, so that a DSA, a DLA and the tracker's
// own entry for the same CVE give one finding.
//
// Rules, in order:
// 1. Records are grouped by CVE: an advisory that lists several CVEs states
//    its fix for each of them. An advisory that lists no CVE is a group of
//    its own, named by its id.
// 2. When any record of the group is `fixed`, the fixed records decide: the
//    earliest fixed version counts, because a package at or above it carries
//    the fix.
// 3. Otherwise the group's per-CVE entry decides (the record whose advisory
//    id is the CVE itself, such as the Debian tracker's or Ubuntu's), so that
//    an advisory's `<not-affected>` tag never hides an open tracker entry.
// 4. Otherwise, and between several per-CVE entries, the most affected state
//    wins: unfixed, then wont-fix, then not-affected.
import type { RecordState, VulnerabilityRecord } from '../feeds/types.js';
import { compareSeverity } from './severity.js';
import type { Vulnerability } from './types.js';
import type { VersionScheme } from '../versioning/types.js';

/** Non-fixed states, most affected first. */
const STATE_PRECEDENCE: RecordState[] = ['unfixed', 'wont-fix', 'not-affected'];

const CVE_ID = /^CVE-\d{4}-\d+$/i;

export interface MergeContext {
  matcher: string;
  distribution: string;
  release: string;
  packageName: string;
  scheme: VersionScheme;
}

/** Merges the records of one source package into one vulnerability per CVE or CVE-less advisory. */
export function mergeRecords(records: VulnerabilityRecord[], context: MergeContext): Vulnerability[] {
  const groups = groupByFlaw(records);
  const merged: Vulnerability[] = [];

  for (const [name, group] of groups) {
    merged.push(mergeGroup(name, group, context));
  }
  return merged.sort((a, b) => a.name.localeCompare(b.name));
}

function groupByFlaw(records: VulnerabilityRecord[]): Map<string, VulnerabilityRecord[]> {
  const groups = new Map<string, VulnerabilityRecord[]>();

  for (const record of records) {
    const names = record.cves.length > 0 ? [...new Set(record.cves)] : [record.advisoryId];
    for (const name of names) {
      const group = groups.get(name);
      if (group) group.push(record);
      else groups.set(name, [record]);
    }
  }
  return groups;
}

function mergeGroup(name: string, group: VulnerabilityRecord[], context: MergeContext): Vulnerability {
  const perFlaw = group.filter((record) => record.advisoryId === name);
  const fixing = group.filter((record) => record.state === 'fixed');

  const fixedVersions = orderFixedVersions(fixing, context.scheme);
  const deciding = fixing.length > 0
    ? fixing.find((record) => record.fixedVersion === fixedVersions[0]) ?? fixing[0]
    : mostAffected(perFlaw.length > 0 ? perFlaw : group);

  const severitySource = pickSeveritySource(group, perFlaw);

  return {
    id: `${context.matcher}/${context.release}/${context.packageName}/${name}`,
    name,
    aliases: collectAliases(name, group),
    matcher: context.matcher,
    updater: deciding.feed,
    feeds: [...new Set(group.map((record) => record.feed))].sort(),
    distribution: context.distribution,
    release: context.release,
    packageName: context.packageName,
    state: deciding.state,
    fixedVersion: fixedVersions[0] || undefined,
    fixedVersions,
    severity: severitySource.severity,
    vendorSeverity: severitySource.vendorSeverity,
    description: (perFlaw.find((r) => r.description) ?? group.find((r) => r.description))?.description,
    links: [...new Set(group.flatMap((record) => record.links))],
    published: earliestDate(group),
  };
}

/**
 * Returns the distinct fixed versions of the fixing records, earliest first.
 * Versions the scheme cannot parse follow, in feed order, so that the
 * verdict can tell that they were not compared.
 */
function orderFixedVersions(fixing: VulnerabilityRecord[], scheme: VersionScheme): string[] {
  const versions = [...new Set(fixing.map((record) => record.fixedVersion ?? ''))];
  const valid = versions.filter((version) => version !== '' && scheme.isValid(version));
  const invalid = versions.filter((version) => !valid.includes(version));

  valid.sort((a, b) => scheme.compare(a, b));
  return [...valid, ...invalid];
}

function mostAffected(records: VulnerabilityRecord[]): VulnerabilityRecord {
  for (const state of STATE_PRECEDENCE) {
    const record = records.find((r) => r.state === state);
    if (record) return record;
  }
  return records[0];
}

/** Picks the record whose severity counts: the highest one, and the per-CVE entry on a tie. */
function pickSeveritySource(group: VulnerabilityRecord[], perFlaw: VulnerabilityRecord[]): VulnerabilityRecord {
  let best = perFlaw[0] ?? group[0];
  for (const record of group) {
    if (compareSeverity(record.severity, best.severity) > 0) best = record;
  }
  return best;
}

/**
 * Collects the other ids of the flaw: the advisories' own ids and their
 * aliases. CVE ids other than the group's name are left out, because the
 * other CVEs of a multi-CVE advisory are different flaws.
 */
function collectAliases(name: string, group: VulnerabilityRecord[]): string[] {
  const aliases = new Set<string>();

  for (const record of group) {
    for (const id of [record.advisoryId, ...record.aliases]) {
      if (id === name || id === '' || CVE_ID.test(id)) continue;
      aliases.add(id);
    }
  }
  return [...aliases].sort();
}

function earliestDate(group: VulnerabilityRecord[]): string | undefined {
  const dates = group
    .map((record) => record.published)
    .filter((date): date is string => date !== undefined && !Number.isNaN(Date.parse(date)));

  dates.sort((a, b) => Date.parse(a) - Date.parse(b));
  return dates[0];
}
