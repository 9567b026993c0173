// RHEL matching: Red Hat's VEX files and advisories state fixes per binary
// rpm, major release and modularity stream, compared with rpm's ordering.
import type { Distribution, ImagePackage } from '../../indexer/types.js';
import type { VulnerabilityRecord } from '../../feeds/types.js';
import type { VersionScheme } from '../../versioning/types.js';
import { sourceName } from '../../matcher/distribution-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';
import { judgeByFixedVersion } from '../../matcher/verdict.js';

/**
 * os-release IDs matched against Red Hat's records.
 *
 * NOTE: CentOS, Rocky Linux and AlmaLinux rebuild RHEL's source packages
 * with the same names and versions, so RHEL's statements are a close proxy.
 * They ship fixes on their own schedule, though, and CentOS Stream runs
 * ahead of RHEL. A finding there means "RHEL fixed this in version X",
 * not the rebuild's own advisory.
 */
export const RHEL_COMPATIBLE = new Set(['rhel', 'centos', 'rocky', 'almalinux']);

/** Returns the major release of VERSION_ID (`9.4` is `9`), the release Red Hat's records are keyed by. */
export function rhelRelease(distribution: Distribution): string | undefined {
  return /^(\d+)/.exec(distribution.versionId)?.[1];
}

/**
 * True when a record applies to an installed package: it names the binary
 * package, or it is a statement about the source rpm the package was built
 * from. A package from a module stream matches only records of that
 * stream, and a package outside modules only records outside modules,
 * because a stream ships its own build of the same package name.
 */
export function recordApplies(pkg: ImagePackage, record: VulnerabilityRecord): boolean {
  if ((record.module ?? '') !== (pkg.module ?? '')) return false;

  const aboutSource = record.arches?.includes('src') ?? false;
  return aboutSource ? record.packageName === sourceName(pkg) : record.packageName === pkg.name;
}

/**
 * Returns the minor release an rpm was built for, from the dist tag of its
 * release: `el9_2` (z-stream builds) or `module+el8.6.0+…` (module builds).
 * Undefined for a tag without a minor (`el9`), as GA builds have.
 */
export function installedMinor(version: string): number | undefined {
  const match = /(?:^|[.+])el\d+[._](\d+)/.exec(version.slice(version.lastIndexOf('-') + 1));
  return match ? Number(match[1]) : undefined;
}

/**
 * Keeps, per CVE, the fixes of one minor release stream: the installed
 * package's own minor, else the first later minor that states a fix (the
 * package must reach that build), else the newest. Red Hat's release
 * numbers do not grow across minors (`23.el9_2.4` carries the fix that
 * `26.el9_3` lacks), so fixes of different minors cannot be compared with
 * each other. Records that state no fix pass unchanged.
 */
function streamFixesFor(pkg: ImagePackage, records: VulnerabilityRecord[]): VulnerabilityRecord[] {
  const fixed = records.filter((record) => record.state === 'fixed');
  if (fixed.length === 0) return records;

  const installed = installedMinor(pkg.version);
  const chosen = new Map<string, number>();
  for (const cve of new Set(fixed.flatMap((record) => record.cves))) {
    const minors = [...new Set(fixed.filter((record) => record.cves.includes(cve)).map(minorOf))];
    const later = installed === undefined ? [] : minors.filter((minor) => minor >= installed);
    chosen.set(cve, later.length > 0 ? Math.min(...later) : Math.max(...minors));
  }

  return records.filter((record) => record.state !== 'fixed' || record.cves.length === 0 || record.cves.some((cve) => chosen.get(cve) === minorOf(record)));
}

/** Returns the minor of a record's `minorRelease` (`9.2` is 2), or -1 for a stream that names none. */
function minorOf(record: VulnerabilityRecord): number {
  const minor = record.minorRelease?.split('.')[1];
  return minor === undefined ? -1 : Number(minor);
}

/** Builds the RHEL matcher over the rpm version scheme. */
export function createRhelMatcher(rpm: VersionScheme): EcosystemMatcher {
  return {
    name: 'rhel',
    versionScheme: rpm,

    handles(distribution, pkg) {
      return distribution !== undefined && RHEL_COMPATIBLE.has(distribution.did) && pkg.ecosystem === 'rpm';
    },

    query(distribution, pkgs) {
      if (distribution === undefined) return undefined;

      const release = rhelRelease(distribution);
      if (release === undefined) return undefined;

      const names = new Set<string>();
      for (const pkg of pkgs) {
        names.add(pkg.name);
        names.add(sourceName(pkg));
      }
      return { distribution: 'rhel', release, packageNames: [...names].sort() };
    },

    recordPackageName: (pkg) => pkg.name,

    // The binary's own EVR: Red Hat states fixes per binary NEVRA, and
    // the source rpm's file name carries no epoch.
    installedVersion: (pkg) => pkg.version,

    recordsFor(pkg, recordsNamed) {
      const candidates = new Set([...recordsNamed(pkg.name), ...recordsNamed(sourceName(pkg))]);
      return streamFixesFor(pkg, [...candidates].filter((record) => recordApplies(pkg, record)));
    },

    affects(pkg, vulnerability) {
      return judgeByFixedVersion(rpm, pkg.version, vulnerability);
    },
  };
}
