// Merges the records that several feeds hold about one flaw in one source
// package into one vulnerability, so that a DSA, a DLA and the tracker's
// own entry for the same CVE give one finding.
//
// Rules, in order:
// 1. Records are grouped by CVE: an advisory that lists several CVEs states
//    its fix for each of them. An advisory that lists no CVE joins the
//    groups of the advisories it shares an id with (a GHSA-… aliased by a
//    PYSEC-… record that names the CVE). Otherwise it forms one group with
//    the CVE-less advisories it shares an id with, named by their earliest
//    id in sort order.
// 2. When any record of the group is `fixed`, the fixed records decide: the
//    earliest fixed version counts, because a package at or above it carries
//    the fix.
// 3. Otherwise the group's per-CVE entry decides (the record whose advisory
//    id is the CVE itself, such as the Debian tracker's or Ubuntu's), so that
//    an advisory's `<not-affected>` tag never hides an open tracker entry.
// 4. Otherwise, and between several per-CVE entries, the most affected state
//    wins: unfixed, then wont-fix, then not-affected.
import type { CvssScore, RecordState, VulnerabilityRecord } from '../feeds/types.js';
import type { OsvRange } from '../versioning/osv-types.js';
import { compareSeverity } from './severity.js';
import type { Vulnerability } from './types.js';
import type { VersionScheme } from '../versioning/types.js';

/** One record's statement in a merged vulnerability, kept for the verdict to evaluate ranges. */
export interface FixStatement {
  advisoryId: string;
  feed: string;
  state: RecordState;
  fixedVersion?: string;
  ranges?: OsvRange[];
  affectedVersions?: string[];
}

/** A vulnerability as mergeRecords returns it: with each record's own statement. */
export interface MergedVulnerability extends Vulnerability {
  statements: FixStatement[];
}

/** Returns the statements a merged vulnerability carries; empty for one built elsewhere. */
export function statementsOf(vulnerability: Vulnerability): FixStatement[] {
  return 'statements' in vulnerability ? (vulnerability as MergedVulnerability).statements : [];
}

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
export function mergeRecords(records: VulnerabilityRecord[], context: MergeContext): MergedVulnerability[] {
  const groups = groupByFlaw(records);
  const merged: MergedVulnerability[] = [];

  for (const [name, group] of groups) {
    merged.push(mergeGroup(name, group, context));
  }
  return merged.sort((a, b) => a.name.localeCompare(b.name));
}

function groupByFlaw(records: VulnerabilityRecord[]): Map<string, VulnerabilityRecord[]> {
  const groups = new Map<string, VulnerabilityRecord[]>();
  const cvesById = cvesOfIds(records);
  const cvelessNames = namesOfCvelessAdvisories(records.filter((record) => record.cves.length === 0));

  for (const record of records) {
    const names = record.cves.length > 0 ? [...new Set(record.cves)] : adoptedCves(record, cvesById) ?? [cvelessNames.get(record.advisoryId)!];
    for (const name of names) {
      const group = groups.get(name);
      if (group) group.push(record);
      else groups.set(name, [record]);
    }
  }
  return groups;
}

/** Maps each advisory id and non-CVE alias of the records that name CVEs to those CVEs. */
function cvesOfIds(records: VulnerabilityRecord[]): Map<string, string[]> {
  const cvesById = new Map<string, string[]>();
  for (const record of records) {
    if (record.cves.length === 0) continue;
    for (const id of [record.advisoryId, ...record.aliases]) {
      if (CVE_ID.test(id)) continue;
      cvesById.set(id, [...new Set([...(cvesById.get(id) ?? []), ...record.cves])]);
    }
  }
  return cvesById;
}

/** Returns the CVEs of the first advisory that a CVE-less record shares an id with, if any. */
function adoptedCves(record: VulnerabilityRecord, cvesById: Map<string, string[]>): string[] | undefined {
  for (const id of [record.advisoryId, ...record.aliases]) {
    const cves = cvesById.get(id);
    if (cves !== undefined) return cves;
  }
  return undefined;
}

/**
 * Names the CVE-less advisories: those that share an id (their own or an
 * alias) form one group, named by its earliest advisory id in sort order.
 */
function namesOfCvelessAdvisories(records: VulnerabilityRecord[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA !== rootB) parent.set(rootA < rootB ? rootB : rootA, rootA < rootB ? rootA : rootB);
  };

  for (const record of records) {
    find(record.advisoryId);
    for (const alias of record.aliases) union(record.advisoryId, alias);
  }

  const advisoryIds = new Set(records.map((record) => record.advisoryId));
  const names = new Map<string, string>();
  for (const id of [...advisoryIds].sort()) {
    const root = find(id);
    if (!names.has(root)) names.set(root, id);
  }
  return new Map([...advisoryIds].map((id) => [id, names.get(find(id))!]));
}

function mergeGroup(name: string, group: VulnerabilityRecord[], context: MergeContext): MergedVulnerability {
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
    statements: group.map(statementOf),
    ...vendorCvss(group),
  };
}

/** Collects the distinct CVSS scores the group's records publish, in feed order. Leaves `cvss` out when no record has one. */
function vendorCvss(group: VulnerabilityRecord[]): { cvss?: CvssScore[] } {
  const scores = new Map<string, CvssScore>();
  for (const score of group.flatMap((record) => record.cvss ?? [])) {
    scores.set(JSON.stringify([score.version, score.vector, score.source]), score);
  }
  return scores.size > 0 ? { cvss: [...scores.values()] } : {};
}

function statementOf(record: VulnerabilityRecord): FixStatement {
  const { advisoryId, feed, state, fixedVersion, ranges, affectedVersions } = record;
  return { advisoryId, feed, state, fixedVersion, ranges, affectedVersions };
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
