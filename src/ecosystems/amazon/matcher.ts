// Amazon Linux matching: ALAS advisories name the binary rpms that carry
// each fix, per release (`2018.03`, `2`, `2023`).
import { feedRelease } from '../../indexer/distribution-release.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createBinaryPackageMatcher } from '../../matcher/binary-package-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

export function createAmazonMatcher(rpm: VersionScheme): EcosystemMatcher {
  return createBinaryPackageMatcher({ name: 'amazon', recordDistribution: { amzn: 'amzn' }, ecosystem: 'rpm', release: feedRelease }, rpm);
}
