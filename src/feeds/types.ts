// Vulnerability records, the unit that every feed parser produces and the
// matcher consumes.
import type { Readable } from 'node:stream';

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
  /** Distribution id as os-release spells it: `debian`, `ubuntu`, `alpine`. */
  distribution: string;
  /** Release the statement is about: a codename (`bullseye`, `bionic`) or an Alpine branch (`v3.11`). */
  release: string;
  /** Source package for Debian and Ubuntu, origin for Alpine. */
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
   * Parses one member. Throws a UserError (code INVALID_FEED) naming the member
   * and the line or field when the input is malformed.
   */
  parse(input: FeedInput): AsyncIterable<VulnerabilityRecord>;
}
