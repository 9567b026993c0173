// Debian matching: the security tracker, DSAs and DLAs state fixes per
// source package and release codename, compared with dpkg's ordering.
import type { Distribution } from '../../indexer/types.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createDistributionMatcher, sourceName, sourceVersion } from '../../matcher/distribution-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

/**
 * Returns the release codename the Debian feeds use: VERSION_CODENAME, which
 * the indexer derives for old releases, else the codename in brackets in
 * VERSION (`7 (wheezy)`) for a distribution that another indexer described.
 */
export function debianRelease(distribution: Distribution): string | undefined {
  if (distribution.versionCodeName) return distribution.versionCodeName.toLowerCase();

  const bracketed = /\(([a-z]+)\)/i.exec(distribution.version);
  return bracketed ? bracketed[1].toLowerCase() : undefined;
}

/** Builds the Debian matcher over the dpkg version scheme. */
export function createDebianMatcher(dpkg: VersionScheme): EcosystemMatcher {
  return createDistributionMatcher(
    {
      name: 'debian',
      did: 'debian',
      ecosystem: 'deb',
      release: debianRelease,
      recordPackageName: sourceName,
      installedVersion: sourceVersion,
    },
    dpkg,
  );
}
