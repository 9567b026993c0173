// Ubuntu matching: the Ubuntu CVE tracker states fixes per source package
// and release codename, compared with dpkg's ordering.
import type { Distribution } from '../../indexer/types.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createDistributionMatcher, sourceName, sourceVersion } from '../../matcher/distribution-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

/**
 * Returns the release codename the Ubuntu CVE tracker uses: VERSION_CODENAME,
 * else the first word of the release name in VERSION, which Ubuntu writes as
 * `16.04.7 LTS (Xenial Xerus)` and, before 15.10, as `14.04.6 LTS, Trusty Tahr`.
 */
export function ubuntuRelease(distribution: Distribution): string | undefined {
  if (distribution.versionCodeName) return distribution.versionCodeName.toLowerCase();

  const named = /(?:\(|,\s*)([A-Za-z]+)/.exec(distribution.version);
  return named ? named[1].toLowerCase() : undefined;
}

/** Builds the Ubuntu matcher over the dpkg version scheme. */
export function createUbuntuMatcher(dpkg: VersionScheme): EcosystemMatcher {
  return createDistributionMatcher(
    {
      name: 'ubuntu',
      did: 'ubuntu',
      ecosystem: 'deb',
      release: ubuntuRelease,
      recordPackageName: sourceName,
      installedVersion: sourceVersion,
    },
    dpkg,
  );
}
