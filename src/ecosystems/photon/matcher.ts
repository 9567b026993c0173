// Photon OS matching: PHSA advisories state the EVR that fixes each binary
// rpm of a major release (`3.0`, as VERSION_ID writes it).
import { feedRelease } from '../../indexer/distribution-release.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createBinaryPackageMatcher } from '../../matcher/binary-package-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

export function createPhotonMatcher(rpm: VersionScheme): EcosystemMatcher {
  return createBinaryPackageMatcher({ name: 'photon', recordDistribution: { photon: 'photon' }, ecosystem: 'rpm', release: feedRelease }, rpm);
}
