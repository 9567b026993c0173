// The matcher's model: per-ecosystem matchers, the merged vulnerability
// statements they judge, and the report that matching produces.
import type { Distribution, ImagePackage } from '../indexer/types.js';
import type { CvssScore, RecordState, Severity, VulnerabilityRecord } from '../feeds/types.js';
import type { RecordQuery } from '../store/store.js';
import type { VersionScheme } from '../versioning/types.js';
import type { VulnerabilityEnrichment } from './enrichment.js';

/**
 * One flaw in one source package of one release, merged from every record
 * that names it (a tracker entry, DSA, DLA, USN, ...).
 */
export interface Vulnerability {
  /** Stable id: `<matcher>/<release>/<package>/<name>`, such as `debian/bookworm/openssl/CVE-2023-0286`. */
  id: string;
  /** The CVE id when the records name exactly one, else the advisory's own id. */
  name: string;
  /** Every other id that names the flaw (DSA, DLA, USN, ...), sorted. */
  aliases: string[];
  /** Name of the ecosystem matcher that produced it. */
  matcher: string;
  /** Feed of the record that decided the state. */
  updater: string;
  /** Every feed that contributed a record, sorted. */
  feeds: string[];
  distribution: string;
  release: string;
  /** Source package (Debian, Ubuntu) or origin (Alpine) the records are keyed by. */
  packageName: string;
  state: RecordState;
  /** Earliest fixed version among the fixing records, when state is `fixed`. */
  fixedVersion?: string;
  /**
   * Every distinct fixed version the fixing records name, earliest first;
   * versions the scheme cannot parse come last, in feed order.
   */
  fixedVersions: string[];
  severity: Severity;
  vendorSeverity?: string;
  description?: string;
  links: string[];
  /** Earliest publication date among the records, ISO 8601. */
  published?: string;
  /**
   * Source of `severity`: the vendor's records, or NVD's CVSS when the
   * vendor gives none. Absent while the severity is Unknown.
   */
  severitySource?: 'vendor' | 'nvd';
  /** CVSS scores the vendors' records publish, each naming its scorer; NVD's are in `enrichment`. */
  cvss?: CvssScore[];
  /** NVD, EPSS and KEV data about the vulnerability's CVEs. Absent when the database contains none. */
  enrichment?: VulnerabilityEnrichment;
}

/** An installed package that a vulnerability affects. */
export interface Finding {
  package: ImagePackage;
  vulnerability: Vulnerability;
  /** Version compared against the records: the source version for Debian and Ubuntu. */
  installedVersion: string;
  /**
   * True when the version scheme could not order the installed version and
   * the fixed versions: the package may or may not be affected.
   */
  versionUncomparable: boolean;
}

/** Result of matching an image's packages against the stored records. */
export interface VulnerabilityReport {
  manifestDigest: string;
  reference: string;
  distribution?: Distribution;
  packages: ImagePackage[];
  /** One finding per (installed package, vulnerability), sorted by package then vulnerability name. */
  findings: Finding[];
  /** Findings whose versions the scheme could not compare. */
  uncomparableCount: number;
  /**
   * Releases the image's packages were matched against for which the
   * database holds no record at all, such as `alpine v3.16` when only older
   * branches were imported: an empty result there means "unknown", not "clean".
   */
  releasesWithoutRecords: string[];
  /** Packages that no ecosystem matcher handles (no records are looked up for them). */
  unmatchedPackageCount: number;
}

/** Outcome of judging one package against one vulnerability. */
export type Verdict = 'affected' | 'not-affected' | 'uncomparable';

/** Matching rules for one ecosystem (a distribution, or a language registry). */
export interface EcosystemMatcher {
  readonly name: string;
  readonly versionScheme: VersionScheme;
  /** True when this matcher judges the package, given the image's distribution. */
  handles(distribution: Distribution | undefined, pkg: ImagePackage): boolean;
  /**
   * Returns the store query for the packages this matcher handles, or
   * undefined when the distribution does not determine the release.
   */
  query(distribution: Distribution | undefined, pkgs: ImagePackage[]): RecordQuery | undefined;
  /** Name the records are keyed by: the source package or origin. */
  recordPackageName(pkg: ImagePackage): string;
  /** Version compared against the records. */
  installedVersion(pkg: ImagePackage): string;
  /**
   * Picks the records that apply to one package, from the records fetched
   * for the query under a package name, for ecosystems where the name alone
   * does not decide (RHEL modularity streams, statements about a source
   * package). When absent, the records named `recordPackageName(pkg)` apply.
   */
  recordsFor?(pkg: ImagePackage, recordsNamed: (packageName: string) => VulnerabilityRecord[]): VulnerabilityRecord[];
  affects(pkg: ImagePackage, vulnerability: Vulnerability): Verdict;
}
