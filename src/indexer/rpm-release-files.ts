// Release files that RPM distributions wrote before os-release(5): the one-line
// `NAME release VERSION (CODENAME)` files of the Red Hat family and Amazon
// Linux, and the key-value /etc/SuSE-release of SUSE Linux Enterprise and
// openSUSE before 15.
import type { Distribution } from './types.js';
import { parseOsRelease } from './os-release-parse.js';
import { amazonLinuxRelease } from './distribution-release.js';

/** Product names of Red Hat style release lines, with the os-release ID the same product writes. */
const RED_HAT_STYLE_PRODUCTS: Array<{ pattern: RegExp; did: string }> = [
  { pattern: /^Red Hat Enterprise Linux\b/, did: 'rhel' },
  { pattern: /^CentOS\b/, did: 'centos' },
  { pattern: /^Oracle Linux\b/, did: 'ol' },
  { pattern: /^Rocky Linux\b/, did: 'rocky' },
  { pattern: /^AlmaLinux\b/, did: 'almalinux' },
  { pattern: /^Fedora\b/, did: 'fedora' },
  { pattern: /^Amazon Linux\b/, did: 'amzn' },
];

const RED_HAT_STYLE_LINE = /^(.+?) release (\d[\w.]*)(?:\s.*)?$/;

/**
 * Builds a Distribution from a Red Hat style release line, as written in
 * /etc/redhat-release, /etc/centos-release, /etc/oracle-release and
 * /etc/system-release: `CentOS Linux release 7.9.2009 (Core)`,
 * `Amazon Linux AMI release 2018.03`. VERSION_ID is cut to the form that the
 * same release writes in os-release. Returns undefined for an unknown product.
 */
export function distributionFromRedHatStyleRelease(text: string): Distribution | undefined {
  const line = text.split(/\r?\n/, 1)[0].trim();
  const match = RED_HAT_STYLE_LINE.exec(line);
  if (!match) return undefined;

  const [, name, release] = match;
  const product = RED_HAT_STYLE_PRODUCTS.find((candidate) => candidate.pattern.test(name));
  if (!product) return undefined;

  return {
    did: product.did,
    name,
    version: line.slice(line.indexOf(' release ') + ' release '.length),
    versionId: osReleaseVersionId(product.did, release),
    versionCodeName: '',
    prettyName: line,
    cpe: '',
  };
}

/**
 * Cuts a release number to os-release's VERSION_ID: CentOS writes only the
 * major (`7` for 7.9.2009), and Amazon Linux writes `2` and `2023` for
 * `2.0` and `2023.3.20240131` but keeps the full `2018.03` of Amazon Linux 1.
 */
function osReleaseVersionId(did: string, release: string): string {
  if (did === 'centos') return release.split('.')[0];
  if (did === 'amzn') return amazonLinuxRelease(release);
  return release;
}

/**
 * Builds a Distribution from /etc/SuSE-release: a product line
 * (`SUSE Linux Enterprise Server 11 (x86_64)`, `openSUSE 13.2 (x86_64)`) then
 * `VERSION = 11`, `PATCHLEVEL = 4` and, on openSUSE, `CODENAME = Harlequin`.
 * VERSION_ID is major.minor as SLES 12 and later write it (`11.4`).
 */
export function distributionFromSuseRelease(text: string): Distribution | undefined {
  const productLine = text.split(/\r?\n/, 1)[0].trim();
  const did = suseProductId(productLine);
  if (!did) return undefined;

  // The product line has no `=`, so the os-release parser skips it.
  const vars = parseOsRelease(text);
  const version = vars.get('VERSION');
  if (!version) return undefined;

  const patchLevel = vars.get('PATCHLEVEL');
  const servicePack = patchLevel !== undefined && patchLevel !== '0' ? patchLevel : undefined;

  return {
    did,
    name: productLine.replace(/\s*\(.*\)$/, ''),
    version: servicePack ? `${version}-SP${servicePack}` : version,
    versionId: servicePack ? `${version}.${servicePack}` : version,
    versionCodeName: (vars.get('CODENAME') ?? '').toLowerCase(),
    prettyName: productLine,
    cpe: '',
  };
}

/** Returns the os-release ID of a SuSE-release product line. */
function suseProductId(productLine: string): string | undefined {
  if (/^SUSE Linux Enterprise Server\b/i.test(productLine)) return 'sles';
  if (/^SUSE Linux Enterprise Desktop\b/i.test(productLine)) return 'sled';
  if (/^openSUSE\b/i.test(productLine)) return 'opensuse';
  return undefined;
}
