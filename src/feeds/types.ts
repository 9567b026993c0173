// Vulnerability records, the unit that every feed parser produces and the
// matcher consumes.
import type { Readable } from 'node:stream';
import type { OsvRange } from '../versioning/osv-types.js';

/** Severity normalised across vendors, lowest first. */
export const SEVERITIES = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a record states about one package in one release:
 * - `fixed`: versions below `fixedVersion` are affected;
 * - `unfixed`: every version is affected and no fix exists yet;
 * - `not-affected`: the release never shipped the flaw;
 * - `wont-fix`: affected, and the vendor decided not to fix it.
 */
export type RecordState = 'fixed' | 'unfixed' | 'not-affected' | 'wont-fix';

/** One advisory statement about one package in one release. */
export interface VulnerabilityRecord {
  /** Feed that produced the record, such as `debian-tracker`, `debian-dsa`, `ubuntu-uct`, `alpine-secdb`. */
  feed: string;
  /** The feed's own id for the advisory: `DSA-5380-1`, `CVE-2020-1234`, ... */
  advisoryId: string;
  /** Every CVE id the advisory names. */
  cves: string[];
  /** Other ids that name the same flaw (DSA/DLA/USN, GHSA, ...). */
  aliases: string[];
  /**
   * Distribution id as os-release spells it (`debian`, `ubuntu`, `alpine`,
   * `rhel`, `sles`, `amzn`, ...), or for a language ecosystem its
   * package-URL type (`npm`, `pypi`, `golang`, `maven`, `gem`, `cargo`,
   * `nuget`, `composer`), the same word as `Package.ecosystem`.
   */
  distribution: string;
  /**
   * Release the statement is about: a codename (`bullseye`, `bionic`), an
   * Alpine branch (`v3.11`), a major version (`9` for RHEL), or `''` for a
   * language ecosystem and for rolling distributions (Wolfi).
   */
  release: string;
  /**
   * Source package for Debian and Ubuntu, origin for Alpine, binary package
   * for the rpm distributions, and for a language ecosystem the package name
   * as the matcher looks it up (PyPI names normalised per PEP 503, Maven
   * `group:artifact`).
   */
  packageName: string;
  state: RecordState;
  /** First fixed version, when state is `fixed`. */
  fixedVersion?: string;
  /** The vendor's own severity or urgency word, unchanged. */
  vendorSeverity?: string;
  severity: Severity;
  description?: string;
  /** Tracker pages for the CVE or advisory. */
  links: string[];
  /** Publication date, ISO 8601, when the feed has one. */
  published?: string;
  /** Last modification date, ISO 8601, when the feed has one. */
  modified?: string;
  /**
   * Affected ranges in OSV's form (OSV records, and any feed that states
   * introduced versions): when present the matcher evaluates them instead
   * of `fixedVersion`, which then only reports the first fix.
   */
  ranges?: OsvRange[];
  /** Versions listed one by one as affected (OSV `versions`). */
  affectedVersions?: string[];
  /** RHEL modularity stream `name:stream` the statement applies to; absent for packages outside modules. */
  module?: string;
  /**
   * Minor release (`9.2`) whose stream a fix was built for, in feeds keyed
   * by major release that state fixes per minor (Red Hat); absent otherwise.
   */
  minorRelease?: string;
  /** Architectures the statement is limited to; absent or empty for every architecture. */
  arches?: string[];
  /** CVSS scores the vendor publishes with the record. */
  cvss?: CvssScore[];
}

/** One CVSS score with its vector, as a vendor or NVD states it. */
export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  baseScore: number;
  /** Scorer: `nvd@nist.gov`, `secalert@redhat.com`, `GHSA`, the feed name, ... */
  source: string;
}

/**
 * Data about a CVE that does not say which packages it affects: NVD's
 * scores and description, FIRST's EPSS probability, CISA's
 * known-exploited catalogue. Attached to findings by CVE id.
 */
export interface EnrichmentRecord {
  /** Feed that produced it: `nvd`, `epss`, `kev`. */
  feed: string;
  kind: 'nvd' | 'epss' | 'kev';
  /** CVE id, upper case. */
  cve: string;
  nvd?: {
    cvss: CvssScore[];
    description?: string;
    published?: string;
    modified?: string;
    cwes: string[];
  };
  epss?: {
    /** Probability of exploitation activity in the next 30 days, 0 to 1. */
    score: number;
    /** Rank among all scored CVEs, 0 to 1. */
    percentile: number;
    /** Day the scores were computed, ISO 8601. */
    date: string;
    /** EPSS model that computed the scores, such as `v2023.03.01`. */
    modelVersion?: string;
  };
  kev?: {
    /** Day CISA added the CVE to the catalogue, `YYYY-MM-DD`. */
    dateAdded: string;
    dueDate?: string;
    knownRansomwareUse: boolean;
    name?: string;
    requiredAction?: string;
    shortDescription?: string;
    /** Version of the catalogue the entry was read from, such as `2025.08.25`. */
    catalogVersion?: string;
  };
}

/** Item that feed parsers and updaters produce. */
export type FeedItem = VulnerabilityRecord | EnrichmentRecord;

export function isEnrichment(item: FeedItem): item is EnrichmentRecord {
  return 'kind' in item && 'cve' in item;
}

/** A file handed to a feed parser: its name for messages and a fresh stream of its bytes. */
export interface FeedInput {
  /** Path inside the imported file, such as `ubuntu-cve-tracker/active/CVE-2020-1234`. */
  name: string;
  open(): Readable;
}

/** A parser for one upstream feed format. */
export interface FeedParser {
  /** Feed name stored with each record and shown by `db status`. */
  readonly name: string;
  /** True when the parser reads this member of an imported file (decided by path and name). */
  accepts(memberPath: string): boolean;
  /**
   * Picks which of the members it accepted in one imported file to parse,
   * for a feed published in two encodings of the same document (Alpine
   * secdb's JSON and YAML twins) to be read once. Default: every accepted member.
   */
  selectMembers?(memberPaths: string[]): string[];
  /**
   * True when an imported file contains only part of its feeds' records,
   * such as an OSV zip whose name names no ecosystem. Its records are then
   * added to the feeds' current records, replacing those with the same
   * advisory id, instead of replacing the whole feeds. Default: false.
   */
  mergesIntoFeeds?(file: string): boolean;
  /**
   * Parses one member. Throws a UserError (code INVALID_FEED) naming the member
   * and the line or field when the input is malformed.
   */
  parse(input: FeedInput): AsyncIterable<FeedItem>;
}
