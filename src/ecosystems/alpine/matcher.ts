// Alpine matching: secdb states the apk version that fixes each CVE per
// origin package and branch (`v3.11`), compared with apk's ordering.
import type { Distribution } from '../../indexer/types.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createDistributionMatcher, sourceName } from '../../matcher/distribution-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

/**
 * Returns the secdb branch of an Alpine release: `v` and the major.minor of
 * VERSION_ID (`3.11.6` is `v3.11`), or `edge` for the development branch,
 * which PRETTY_NAME names while VERSION_ID carries an alpha version.
 */
export function alpineBranch(distribution: Distribution): string | undefined {
  if (/\bedge\b/i.test(distribution.prettyName)) return 'edge';

  const majorMinor = /^(\d+)\.(\d+)/.exec(distribution.versionId);
  return majorMinor ? `v${majorMinor[1]}.${majorMinor[2]}` : undefined;
}

/** Builds the Alpine matcher over the apk version scheme. */
export function createAlpineMatcher(apk: VersionScheme): EcosystemMatcher {
  return createDistributionMatcher(
    {
      name: 'alpine',
      did: 'alpine',
      ecosystem: 'apk',
      release: alpineBranch,
      recordPackageName: sourceName,
      // An apk origin has no version of its own: the binary's version is the one secdb names.
      installedVersion: (pkg) => pkg.version,
    },
    apk,
  );
}
