// Turns one OSV record (https://ossf.github.io/osv-schema/) into
// VulnerabilityRecords: one per ecosystem release and package it affects,
// carrying the affected ranges and versions as OSV states them, so that the
// matcher evaluates them rather than a single fixed version.
import type { CvssScore, RecordState, VulnerabilityRecord } from '../../feeds/types.js';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { isJsonObject } from '../../feeds/json-document.js';
import { normalizeSeverity, severityFromCvssScore } from '../../matcher/severity.js';
import type { OsvAffected, OsvRange, OsvRecord, OsvSeverity } from '../../versioning/osv-types.js';
import { cvss3BaseScore } from './cvss.js';
import { recordKey, type OsvEcosystem } from './ecosystems.js';
import type { RecordDates } from './git-dates.js';

/** Counts of affected entries that produced no VulnerabilityRecord, by reason, for the import log. */
export interface SkipCounts {
  /** Entries of ecosystems LayerLens does not store (OSS-Fuzz, SwiftURL, ...), by ecosystem. */
  unknownEcosystems: Map<string, number>;
  /** Entries outside the ecosystem being imported (a record in npm's zip that also affects PyPI). */
  outOfScope: number;
  /** Entries whose release suffix names no known release (`Debian:99`). */
  unknownReleases: Map<string, number>;
  /** Entries without a package (GIT ranges only). */
  withoutPackage: number;
}

export function emptySkipCounts(): SkipCounts {
  return { unknownEcosystems: new Map(), outOfScope: 0, unknownReleases: new Map(), withoutPackage: 0 };
}

/**
 * Checks the fields the conversion reads and returns the record typed;
 * throws INVALID_FEED naming the member and the field otherwise.
 */
export function validateOsvRecord(value: unknown, member: string): OsvRecord {
  if (!isJsonObject(value)) throw invalidFeed(member, 'the top level', 'expected an OSV record object with id and affected');
  if (typeof value.id !== 'string' || value.id === '') throw invalidFeed(member, 'id', 'missing or empty; expected an OSV id such as GHSA-xxxx-xxxx-xxxx');

  for (const field of ['aliases', 'upstream', 'related'] as const) checkStrings(value[field], member, field);
  for (const field of ['modified', 'published', 'withdrawn', 'summary', 'details'] as const) {
    if (value[field] !== undefined && value[field] !== null && typeof value[field] !== 'string') throw invalidFeed(member, field, 'expected a string');
  }

  checkSeverities(value.severity, member, 'severity');

  const affected = value.affected ?? [];
  if (!Array.isArray(affected)) throw invalidFeed(member, 'affected', 'expected a list');
  affected.forEach((entry, index) => checkAffected(entry, member, `affected[${index}]`));
  return value as unknown as OsvRecord;
}

function checkAffected(entry: unknown, member: string, where: string): void {
  if (!isJsonObject(entry)) throw invalidFeed(member, where, 'expected an object');

  if (entry.package !== undefined) {
    const pkg = entry.package;
    if (!isJsonObject(pkg)) throw invalidFeed(member, `${where}.package`, 'expected an object with ecosystem and name');
    if (typeof pkg.ecosystem !== 'string' || pkg.ecosystem === '') throw invalidFeed(member, `${where}.package.ecosystem`, 'missing or empty');
    if (typeof pkg.name !== 'string' || pkg.name === '') throw invalidFeed(member, `${where}.package.name`, 'missing or empty');
  }
  checkStrings(entry.versions, member, `${where}.versions`);
  checkSeverities(entry.severity, member, `${where}.severity`);

  const ranges = entry.ranges ?? [];
  if (!Array.isArray(ranges)) throw invalidFeed(member, `${where}.ranges`, 'expected a list');
  ranges.forEach((range, index) => {
    const at = `${where}.ranges[${index}]`;
    if (!isJsonObject(range) || typeof range.type !== 'string') throw invalidFeed(member, at, 'expected an object with type and events');
    if (!Array.isArray(range.events)) throw invalidFeed(member, `${at}.events`, 'missing or not a list');
    range.events.forEach((event, eventIndex) => {
      const values = isJsonObject(event) ? Object.values(event) : [];
      if (values.length === 0 || values.some((version) => typeof version !== 'string')) {
        throw invalidFeed(member, `${at}.events[${eventIndex}]`, 'expected one of introduced, fixed, last_affected or limit with a version string');
      }
    });
  });
}

function checkSeverities(value: unknown, member: string, field: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw invalidFeed(member, field, 'expected a list of {type, score}');
  value.forEach((severity, index) => {
    if (!isJsonObject(severity) || typeof severity.type !== 'string' || typeof severity.score !== 'string') throw invalidFeed(member, `${field}[${index}]`, 'expected {type, score} with string values');
  });
}

function checkStrings(value: unknown, member: string, field: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidFeed(member, field, 'expected a list of strings');
}

/**
 * Converts a record. `scope` limits the output to one ecosystem (the one
 * whose zip is imported), so that a record filed under several ecosystems
 * lands in each ecosystem's feed once. `dates` stand in for dates the
 * record does not state. Withdrawn records give nothing.
 */
export function toVulnerabilityRecords(record: OsvRecord, scope: OsvEcosystem | undefined, skipped: SkipCounts, dates?: RecordDates): VulnerabilityRecord[] {
  if (record.withdrawn) return [];

  const grouped = new Map<string, { ecosystem: OsvEcosystem; release: string; packageName: string; entries: OsvAffected[] }>();
  for (const affected of record.affected ?? []) {
    if (affected.package === undefined) {
      skipped.withoutPackage++;
      continue;
    }

    const key = recordKey(affected.package.ecosystem, affected.package.name);
    if (key === undefined) {
      count(skipped.unknownEcosystems, affected.package.ecosystem.split(':')[0]);
      continue;
    }
    if (scope !== undefined && key.ecosystem !== scope) {
      skipped.outOfScope++;
      continue;
    }
    if (key.release === undefined) {
      count(skipped.unknownReleases, affected.package.ecosystem);
      continue;
    }

    // One package may be listed in several entries (GitHub does so for
    // separate branches): their ranges together state what is affected.
    const id = `${key.ecosystem.osv}\u0000${key.release}\u0000${key.packageName}`;
    const group = grouped.get(id) ?? { ecosystem: key.ecosystem, release: key.release, packageName: key.packageName, entries: [] };
    group.entries.push(affected);
    grouped.set(id, group);
  }

  const shared = sharedFields(record);
  shared.published ??= dates?.published;
  shared.modified ??= dates?.modified;
  return [...grouped.values()].map(({ ecosystem, release, packageName, entries }) => {
    const ranges = entries.flatMap((entry) => entry.ranges ?? []);
    const affectedVersions = [...new Set(entries.flatMap((entry) => entry.versions ?? []))];
    const fixes = fixedVersions(ranges);

    return {
      ...shared,
      feed: ecosystem.feed,
      distribution: ecosystem.distribution,
      release,
      packageName,
      state: stateOf(fixes, entries),
      fixedVersion: fixes[0],
      ...severityOf(record, entries),
      ranges,
      affectedVersions: affectedVersions.length > 0 ? affectedVersions : undefined,
    };
  });
}

type SharedFields = Pick<VulnerabilityRecord, 'advisoryId' | 'cves' | 'aliases' | 'description' | 'links' | 'published' | 'modified'>;

/** A distribution's own record of a CVE: `UBUNTU-CVE-2023-0286`, `DEBIAN-CVE-…`, `ALPINE-CVE-…`. */
const DISTRIBUTION_CVE_ID = /^(?:UBUNTU|ALPINE|DEBIAN)-(CVE-\d{4}-\d{4,})$/;

/**
 * Returns the fields every package of a record shares. CVE ids come from
 * the id itself (`CVE-…`, `UBUNTU-CVE-…`), the aliases, and `upstream`,
 * where Alpine's, Debian's and Canonical's records (USNs too) name the CVEs
 * or their own CVE records. `related` ids name different flaws, so they
 * stay out.
 */
function sharedFields(record: OsvRecord): SharedFields {
  const ids = [record.id, ...(record.aliases ?? []), ...(record.upstream ?? [])];
  const cves = [...new Set(ids.map((id) => DISTRIBUTION_CVE_ID.exec(id)?.[1] ?? id).filter(isCveId))];
  const aliases = [...new Set([...(record.aliases ?? []), ...(record.upstream ?? [])].filter((id) => !isCveId(id) && id !== record.id))];

  return {
    advisoryId: record.id,
    cves,
    aliases,
    description: record.summary?.trim() || firstParagraph(record.details),
    links: [`https://osv.dev/vulnerability/${record.id}`, ...new Set((record.references ?? []).map((reference) => reference.url).filter(Boolean))],
    published: realDate(record.published),
    modified: realDate(record.modified),
  };
}

/** The first fixed version of each range, lowest position first as the record lists them. */
function fixedVersions(ranges: OsvRange[]): string[] {
  const fixes: string[] = [];
  for (const range of ranges) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) {
      if (event.fixed !== undefined && !fixes.includes(event.fixed)) fixes.push(event.fixed);
    }
  }
  return fixes;
}

/**
 * Returns `fixed` when any range names a fix, else `unfixed`. Entries that
 * state no affected version at all (GIT ranges only) give `not-affected`,
 * because OSV's evaluation finds nothing affected in them.
 */
function stateOf(fixes: string[], entries: OsvAffected[]): RecordState {
  if (fixes.length > 0) return 'fixed';
  const statesSomething = entries.some((entry) => (entry.versions ?? []).length > 0 || (entry.ranges ?? []).some((range) => range.type !== 'GIT'));
  return statesSomething ? 'unfixed' : 'not-affected';
}

/**
 * Returns the vendor's severity word: GitHub's `database_specific.severity`
 * (LOW, MODERATE, HIGH, CRITICAL), or Canonical's priority, written as an
 * `Ubuntu` severity type or as `ecosystem_specific.ubuntu_priority`
 * (`medium`, `high`, ...), else the severity of its CVSS v3 score.
 */
function severityOf(record: OsvRecord, entries: OsvAffected[]): Pick<VulnerabilityRecord, 'severity' | 'vendorSeverity' | 'cvss'> {
  const severities = [...(record.severity ?? []), ...entries.flatMap((entry) => entry.severity ?? [])];
  const github = record.database_specific?.severity;
  const ubuntu = severities.find((severity) => severity.type === 'Ubuntu')?.score;
  const priority = entries.map((entry) => entry.ecosystem_specific?.ubuntu_priority).find((value) => typeof value === 'string');
  const cvss = cvssScores(record.id, severities);

  const vendorSeverity = [github, ubuntu, priority].find((value): value is string => typeof value === 'string' && value !== '');
  // Without a severity word, the database's own CVSS v3 score gives one.
  const severity = vendorSeverity === undefined && cvss.length > 0 ? severityFromCvssScore(cvss[0]!.baseScore) : normalizeSeverity(vendorSeverity);
  return { vendorSeverity, severity, cvss: cvss.length > 0 ? cvss : undefined };
}

/**
 * Returns the CVSS v3 scores of the record's vectors, scored by the
 * database that wrote the record (`GHSA`, `PYSEC`, `RUSTSEC`, ...).
 * NOTE: CVSS v4 vectors are left out, because their score needs the
 * specification's lookup table, which is not implemented.
 */
function cvssScores(id: string, severities: OsvSeverity[]): CvssScore[] {
  const source = id.split('-')[0]!;
  const scores: CvssScore[] = [];
  for (const { type, score: vector } of severities) {
    if (type !== 'CVSS_V3') continue;
    const scored = cvss3BaseScore(vector);
    if (scored !== undefined && !scores.some((score) => score.vector === vector)) scores.push({ version: scored.version, vector, baseScore: scored.baseScore, source });
  }
  return scores;
}

function firstParagraph(details: string | undefined): string | undefined {
  const text = details?.trim().split(/\n\s*\n/)[0]?.trim();
  return text || undefined;
}

/**
 * Dates as the record states them. Go's database writes the zero time
 * (`0001-01-01T00:00:00Z`) where it has none; that is no date.
 */
function realDate(date: string | undefined): string | undefined {
  if (date === undefined || date === '' || date.startsWith('0001-01-01')) return undefined;
  return Number.isNaN(Date.parse(date)) ? undefined : date;
}

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
