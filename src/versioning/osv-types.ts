// The parts of an OSV record that state which package versions a
// vulnerability affects, as the OSV schema 1.6 defines them
// (https://ossf.github.io/osv-schema/, "affected fields"; unchanged in 1.7).
// Every field a feed may leave out is optional here, so a record read from
// JSON can be typed without filling in defaults.

/**
 * One point on a range's timeline. The schema allows exactly one of the
 * four keys per event; a reader that finds several uses the first of
 * `introduced`, `fixed`, `last_affected`, `limit`.
 */
export interface OsvEvent {
  /** First affected version; `"0"` sorts before every version. */
  introduced?: string;
  /** First version that carries the fix: it and later versions are not affected. */
  fixed?: string;
  /** Last known affected version, inclusive: later versions are taken as not affected. */
  last_affected?: string;
  /** Upper bound of the range on one branch, exclusive; a value containing `*` is infinity. */
  limit?: string;
}

/**
 * Ordering of a range's event versions: `SEMVER` by SemVer 2.0 precedence,
 * `ECOSYSTEM` by the package ecosystem's own rules, `GIT` by commit ancestry.
 * Databases may add types, and a reader skips a type it does not know.
 */
export type OsvRangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT' | (string & {});

export interface OsvRange {
  type: OsvRangeType;
  /** Repository URL, required for `GIT` ranges. */
  repo?: string;
  events: OsvEvent[];
  /** Database notes, which the schema excludes from evaluation. */
  database_specific?: Record<string, unknown>;
}

export interface OsvPackage {
  /**
   * Ecosystem name as the schema lists it (`npm`, `PyPI`, `Go`, ...),
   * optionally followed by `:` and a release or repository (`Debian:11`,
   * `Maven:https://maven.google.com`).
   */
  ecosystem: string;
  name: string;
  purl?: string;
}

export interface OsvSeverity {
  /** `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ... */
  type: string;
  /** A CVSS vector string, or the type's own value. */
  score: string;
}

/** One package of a record and the versions of it that the vulnerability affects. */
export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  /** Every affected version, spelled as the ecosystem spells it. */
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  /**
   * Database notes. GitHub's `last_known_affected_version_range` (such as
   * `<= 1.2.17`) lives here and does not take part in evaluation.
   */
  database_specific?: Record<string, unknown>;
}

/** An OSV record: the fields a matcher reads. */
export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type: string; url: string }[];
  database_specific?: Record<string, unknown>;
}
