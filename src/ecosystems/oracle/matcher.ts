// Oracle Linux matching: ELSA statements name the binary rpm, its fixed EVR
// and, for some, the architectures and module stream they cover, per major
// release (`8`).
import { feedRelease } from '../../indexer/distribution-release.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createBinaryPackageMatcher } from '../../matcher/binary-package-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

export function createOracleMatcher(rpm: VersionScheme): EcosystemMatcher {
  return createBinaryPackageMatcher({ name: 'oracle', recordDistribution: { ol: 'ol' }, ecosystem: 'rpm', release: feedRelease }, rpm);
}
