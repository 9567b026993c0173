// Vulnerability records from one rpm OVAL definition: one record per
// release, binary package and fix, shared by the SUSE, Oracle and Photon
// parsers, which differ in how they name releases and advisories.
import { normalizeSeverity } from '../matcher/severity.js';
import type { CvssScore, VulnerabilityRecord } from './types.js';
import type { OvalDefinition } from './oval.js';
import { ovalPackageStatements, type OvalPackageStatement } from './oval-packages.js';

/** A distribution release as records key it. */
export interface OvalRelease {
  distribution: string;
  release: string;
}

export interface OvalRecordSpec {
  feed: string;
  /** Release named by a platform criterion comment or an `affected/platform` entry; undefined for other products. */
  release(platform: string): OvalRelease | undefined;
  /** The advisory's own id: `PHSA-2020:00001`, `ELSA-2019-0001`, `CVE-2019-1547`. */
  advisoryId(definition: OvalDefinition): string;
  /** Other ids of the advisory that are not CVEs (SUSE-SU notices); none by default. */
  aliases?(definition: OvalDefinition): string[];
  /** The vendor's severity word, when it is not in the advisory's `severity` element. */
  vendorSeverity?(definition: OvalDefinition): string | undefined;
}

const CVE_IN_TEXT = /CVE-\d{4}-\d{4,}/g;

/** Builds the records of a definition. Statements on products for which `spec.release` returns undefined are left out. */
export function ovalRecords(definition: OvalDefinition, spec: OvalRecordSpec): VulnerabilityRecord[] {
  const advisoryId = spec.advisoryId(definition);
  const cves = definitionCves(definition);
  const aliases = (spec.aliases?.(definition) ?? []).filter((id) => id !== advisoryId);
  const vendorSeverity = definition.severity ?? spec.vendorSeverity?.(definition);
  const metadataReleases = uniqueReleases(definition.platforms.map((platform) => spec.release(platform)));

  const byKey = new Map<string, VulnerabilityRecord>();
  for (const statement of ovalPackageStatements(definition)) {
    const guarded = uniqueReleases(statement.platforms.map((platform) => spec.release(platform.replace(/ is installed$/, ''))));
    const releases = statement.platforms.length > 0 ? guarded : metadataReleases;

    for (const release of releases) {
      const key = [release.distribution, release.release, statement.packageName, statement.state, statement.evr ?? '', statement.module ?? ''].join('\u0000');
      const existing = byKey.get(key);
      if (existing) {
        const arches = mergeArches(existing.arches, statement.arches);
        if (arches) existing.arches = arches;
        else delete existing.arches;
        continue;
      }
      byKey.set(key, record(definition, spec.feed, { advisoryId, cves, aliases }, vendorSeverity, release, statement));
    }
  }
  return [...byKey.values()];
}

function record(
  definition: OvalDefinition,
  feed: string,
  ids: Pick<VulnerabilityRecord, 'advisoryId' | 'cves' | 'aliases'>,
  vendorSeverity: string | undefined,
  release: OvalRelease,
  statement: OvalPackageStatement,
): VulnerabilityRecord {
  const result: VulnerabilityRecord = {
    feed,
    ...ids,
    distribution: release.distribution,
    release: release.release,
    packageName: statement.packageName,
    state: statement.state,
    severity: normalizeSeverity(vendorSeverity),
    links: definitionLinks(definition),
  };
  if (statement.evr !== undefined) result.fixedVersion = shortEvr(statement.evr);
  if (vendorSeverity !== undefined) result.vendorSeverity = vendorSeverity;
  if (definition.description !== '') result.description = definition.description;
  if (definition.issued !== undefined) result.published = definition.issued;
  if (definition.updated !== undefined) result.modified = definition.updated;
  if (statement.arches.length > 0) result.arches = [...statement.arches];
  if (statement.module !== undefined) result.module = statement.module;
  const cvss = definitionCvss(definition, feed);
  if (cvss.length > 0) result.cvss = cvss;
  return result;
}

/**
 * Writes an EVR as the rpm scanner does: the epoch only when it is not 0
 * (`0:3.27.2-5.ph3` is `3.27.2-5.ph3`), as rpm orders both the same.
 */
export function shortEvr(evr: string): string {
  return evr.replace(/^0+:/, '');
}

/** Returns every CVE the advisory lists or a reference names, in order of first mention. */
function definitionCves(definition: OvalDefinition): string[] {
  const found = new Set<string>();
  const texts = [definition.title, ...definition.cves.map((cve) => cve.id), ...definition.references.filter((ref) => /cve/i.test(ref.source)).map((ref) => ref.refId)];
  for (const text of texts) for (const match of text.matchAll(CVE_IN_TEXT)) found.add(match[0]);
  return [...found];
}

function definitionLinks(definition: OvalDefinition): string[] {
  const links = [...definition.references.map((ref) => ref.refUrl), ...definition.cves.map((cve) => cve.attributes.href ?? '')];
  return [...new Set(links.filter((link) => link !== ''))];
}

/** SUSE writes scores on the advisory's cve elements: `cvss3="7.5/CVSS:3.1/AV:N/..."`. */
function definitionCvss(definition: OvalDefinition, feed: string): CvssScore[] {
  const scores: CvssScore[] = [];
  for (const cve of definition.cves) {
    for (const [attribute, fallbackVersion] of [['cvss3', '3.0'], ['cvss2', '2.0']] as const) {
      const value = cve.attributes[attribute];
      const match = value ? /^(\d+(?:\.\d+)?)\/(.+)$/.exec(value) : null;
      if (!match) continue;
      const vector = match[2];
      const declared = /^CVSS:(3\.[01]|4\.0)\//.exec(vector)?.[1] as CvssScore['version'] | undefined;
      scores.push({ version: declared ?? fallbackVersion, vector, baseScore: Number(match[1]), source: feed });
    }
  }
  return scores;
}

function uniqueReleases(releases: Array<OvalRelease | undefined>): OvalRelease[] {
  const unique = new Map<string, OvalRelease>();
  for (const release of releases) if (release) unique.set(`${release.distribution}\u0000${release.release}`, release);
  return [...unique.values()];
}

/** Two statements on the same fix for different architectures: an empty list (every architecture) wins. */
function mergeArches(current: string[] | undefined, more: string[]): string[] | undefined {
  if (current === undefined || current.length === 0 || more.length === 0) return undefined;
  return [...new Set([...current, ...more])].sort();
}
