// The matcher shape shared by Debian, Ubuntu and Alpine: records are keyed
// by (distribution id, release, source package), and each states a first
// fixed version or a fix state.
import type { Distribution, Ecosystem, ImagePackage } from '../indexer/types.js';
import type { VersionScheme } from '../versioning/types.js';
import type { EcosystemMatcher } from './types.js';
import { judgeByFixedVersion } from './verdict.js';

export interface DistributionMatcherSpec {
  /** Matcher name, also the first part of vulnerability ids. */
  name: string;
  /** os-release ID the records are stored under. */
  did: string;
  ecosystem: Ecosystem;
  /** Release name the feeds use for this distribution, or undefined when the distribution does not determine it. */
  release(distribution: Distribution): string | undefined;
  recordPackageName(pkg: ImagePackage): string;
  installedVersion(pkg: ImagePackage): string;
}

/** Builds an ecosystem matcher for a distribution whose records state first fixed versions. */
export function createDistributionMatcher(spec: DistributionMatcherSpec, scheme: VersionScheme): EcosystemMatcher {
  return {
    name: spec.name,
    versionScheme: scheme,

    handles(distribution, pkg) {
      return distribution?.did === spec.did && pkg.ecosystem === spec.ecosystem;
    },

    query(distribution, pkgs) {
      if (distribution === undefined) return undefined;

      const release = spec.release(distribution);
      if (release === undefined) return undefined;

      const packageNames = [...new Set(pkgs.map((pkg) => spec.recordPackageName(pkg)))].sort();
      return { distribution: spec.did, release, packageNames };
    },

    recordPackageName: spec.recordPackageName,
    installedVersion: spec.installedVersion,

    affects(pkg, vulnerability) {
      return judgeByFixedVersion(scheme, spec.installedVersion(pkg), vulnerability);
    },
  };
}

/** Source package name, falling back to the binary name when the database names no source. */
export function sourceName(pkg: ImagePackage): string {
  return pkg.sourceName || pkg.name;
}

/** Source package version, falling back to the binary version when the database names no source. */
export function sourceVersion(pkg: ImagePackage): string {
  return pkg.sourceVersion || pkg.version;
}
