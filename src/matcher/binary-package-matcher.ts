// The matcher shape of distributions whose feeds key records by package
// name and full version: SUSE, Oracle Linux, Photon and Amazon Linux over
// rpm (binary names), Wolfi and Chainguard over apk (origins). The
// installed version is compared with the record's fix. A record limited to
// some architectures or to a module stream applies only to packages built
// for them.
import type { Distribution, Ecosystem, ImagePackage } from '../indexer/types.js';
import type { VulnerabilityRecord } from '../feeds/types.js';
import type { VersionScheme } from '../versioning/types.js';
import { createDistributionMatcher } from './distribution-matcher.js';
import type { EcosystemMatcher } from './types.js';

export interface BinaryPackageMatcherSpec {
  /** Matcher name, also the first part of vulnerability ids. */
  name: string;
  /** The distribution id records are stored under, by the os-release IDs it covers (`sles` for `sles`, `sled`, `sles_sap`). */
  recordDistribution: Record<string, string>;
  ecosystem: Ecosystem;
  release(distribution: Distribution): string | undefined;
  /** Name records are keyed by; the binary package name by default. */
  recordPackageName?(pkg: ImagePackage): string;
}

/** Builds an ecosystem matcher for records keyed by binary package and full version. */
export function createBinaryPackageMatcher(spec: BinaryPackageMatcherSpec, scheme: VersionScheme): EcosystemMatcher {
  const recordPackageName = spec.recordPackageName ?? ((pkg: ImagePackage) => pkg.name);
  const matchers = new Map(
    [...new Set(Object.values(spec.recordDistribution))].map((did) => [
      did,
      createDistributionMatcher({ name: spec.name, did, ecosystem: spec.ecosystem, release: spec.release, recordPackageName, installedVersion: (pkg) => pkg.version }, scheme),
    ]),
  );
  const matcherFor = (distribution: Distribution | undefined): EcosystemMatcher | undefined => {
    const did = distribution ? spec.recordDistribution[distribution.did] : undefined;
    return did === undefined ? undefined : matchers.get(did);
  };
  const first = [...matchers.values()][0]!;

  return {
    name: spec.name,
    versionScheme: scheme,

    handles(distribution, pkg) {
      return pkg.ecosystem === spec.ecosystem && matcherFor(distribution) !== undefined;
    },

    query(distribution, pkgs) {
      const did = distribution ? spec.recordDistribution[distribution.did] : undefined;
      if (distribution === undefined || did === undefined) return undefined;
      return matcherFor(distribution)?.query({ ...distribution, did }, pkgs);
    },

    recordPackageName,
    installedVersion: first.installedVersion,

    recordsFor(pkg, recordsNamed) {
      return recordsNamed(recordPackageName(pkg)).filter((record) => appliesToBuild(record, pkg));
    },

    affects: first.affects,
  };
}

/**
 * Returns true when a record applies to the package's build: its
 * architectures include the package's (or it names none), and it belongs to
 * the same module stream (or both are outside modules).
 */
export function appliesToBuild(record: VulnerabilityRecord, pkg: ImagePackage): boolean {
  const arches = record.arches ?? [];
  if (arches.length > 0 && !archApplies(arches, pkg.arch)) return false;
  return (record.module ?? '') === (pkg.module ?? '');
}

const X86_32 = /^i[3-6]86$/;

/**
 * Oracle's arch criteria name the machine's architecture, under which
 * noarch packages and, on x86_64, 32-bit multilib packages are listed too.
 * So a noarch package, or a 32-bit x86 one under x86_64, is not ruled out
 * by the architecture.
 */
function archApplies(arches: string[], arch: string): boolean {
  if (arch === '' || arch === 'noarch' || arches.includes('noarch') || arches.includes(arch)) return true;
  return X86_32.test(arch) && arches.includes('x86_64');
}
