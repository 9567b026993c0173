// Wolfi and Chainguard matching: secdb names the apk version that fixes
// each id per origin package, with no release (both distributions roll).
import { feedRelease } from '../../indexer/distribution-release.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createBinaryPackageMatcher } from '../../matcher/binary-package-matcher.js';
import { sourceName } from '../../matcher/distribution-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

export function createWolfiMatcher(apk: VersionScheme): EcosystemMatcher {
  return createBinaryPackageMatcher(
    { name: 'wolfi', recordDistribution: { wolfi: 'wolfi', chainguard: 'chainguard' }, ecosystem: 'apk', release: feedRelease, recordPackageName: sourceName },
    apk,
  );
}
