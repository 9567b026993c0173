// SUSE matching: the OVAL statements name the binary rpm and its fixed EVR
// per SUSE Linux Enterprise service pack (`15.5`) or openSUSE Leap release.
// SLES, SLED and SLES for SAP share the enterprise records.
import { feedRelease } from '../../indexer/distribution-release.js';
import type { VersionScheme } from '../../versioning/types.js';
import { createBinaryPackageMatcher } from '../../matcher/binary-package-matcher.js';
import type { EcosystemMatcher } from '../../matcher/types.js';

export function createSuseMatcher(rpm: VersionScheme): EcosystemMatcher {
  return createBinaryPackageMatcher(
    {
      name: 'suse',
      recordDistribution: { 'sles': 'sles', 'sled': 'sles', 'sles_sap': 'sles', 'opensuse-leap': 'opensuse-leap', 'opensuse-tumbleweed': 'opensuse-tumbleweed' },
      ecosystem: 'rpm',
      release: feedRelease,
    },
    rpm,
  );
}
