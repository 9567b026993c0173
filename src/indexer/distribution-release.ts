// The release that the vulnerability feeds of the RPM and rolling
// distributions name for an installed distribution. Debian, Ubuntu and Alpine
// have theirs beside their matchers (codename, codename, `v3.18` branch).
import type { Distribution } from './types.js';

/** os-release IDs of Red Hat Enterprise Linux and its rebuilds, whose advisories name only the major release. */
const RED_HAT_FAMILY = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'ol']);

/** os-release IDs of SUSE Linux Enterprise products, whose advisories name major.minor (`15.1` for 15 SP1). */
const SUSE_ENTERPRISE = new Set(['sles', 'sled', 'sles_sap']);

/** os-release IDs of rolling distributions, which have a single release. */
const ROLLING = new Set(['wolfi', 'chainguard', 'opensuse-tumbleweed']);

/**
 * Returns the release a vulnerability feed names for the distribution. That is
 * the major of RHEL, CentOS, Rocky, AlmaLinux and Oracle Linux (`8` for 8.9),
 * `2`, `2023` or Amazon Linux 1's full `2018.03`, and major.minor of SLES.
 * openSUSE Leap, Fedora and Photon go by VERSION_ID. The rolling Wolfi,
 * Chainguard and Tumbleweed get an empty string. Other distributions, and a
 * missing VERSION_ID, get undefined.
 */
export function feedRelease(distribution: Distribution): string | undefined {
  const { did, versionId } = distribution;
  if (ROLLING.has(did)) return '';
  if (versionId === '') return undefined;

  const [major, minor] = versionId.split('.');
  if (RED_HAT_FAMILY.has(did)) return major;
  if (did === 'amzn') return amazonLinuxRelease(versionId);
  if (SUSE_ENTERPRISE.has(did)) return minor !== undefined ? `${major}.${minor}` : major;
  if (did === 'opensuse-leap' || did === 'opensuse' || did === 'fedora' || did === 'photon') return versionId;
  return undefined;
}

/** Returns the major of Amazon Linux 2 and 2023, and the full `YYYY.MM` release of Amazon Linux 1. */
export function amazonLinuxRelease(versionId: string): string {
  const major = versionId.split('.')[0];
  return major === '2' || Number(major) >= 2022 ? major : versionId;
}
