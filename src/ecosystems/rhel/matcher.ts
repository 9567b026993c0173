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
      return [...candidates].filter((record) => recordApplies(pkg, record));
    },

    affects(pkg, vulnerability) {
      return judgeByFixedVersion(rpm, pkg.version, vulnerability);
    },
  };
}
