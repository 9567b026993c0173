// Maps an OSV `affected[].package` to the record keys the matchers look up.
// An OSV ecosystem names a language registry (stored under its package-URL
// type, release `''`) or a distribution release: `Debian:12` is Debian
// bookworm, `Ubuntu:Pro:18.04:LTS` is Ubuntu bionic's ESM archive and
// `Alpine:v3.18` is the Alpine branch v3.18.
import { normalizeProjectName } from '../pypi/scanner.js';
import { baseEcosystem } from '../../versioning/osv-ecosystems.js';

/** One OSV ecosystem LayerLens stores: its feed name and how its package keys map. */
export interface OsvEcosystem {
  /** Ecosystem as OSV spells it without the release suffix: `npm`, `PyPI`, `Debian`. */
  osv: string;
  /** Feed name of its records: `osv-` and the ecosystem in lower case. */
  feed: string;
  /** Record distribution: the package-URL type of a language, or the os-release ID. */
  distribution: string;
  /** True for a language registry, whose records have release `''`. */
  language: boolean;
  /** Record package name from the OSV package name. */
  packageName(name: string): string;
}

/** Package keys after the mapping; undefined release means the release suffix is not one we know. */
export interface RecordKey {
  ecosystem: OsvEcosystem;
  release: string | undefined;
  packageName: string;
}

const asIs = (name: string): string => name;
const lowerCase = (name: string): string => name.toLowerCase();

// NuGet ids and Composer package names compare case-insensitively in their
// registries; npm, RubyGems, crates.io and Go names are case-sensitive.
// NOTE: GitHub wrote one npm record for `Axios`, but the package is `axios`.
// That record stays unmatched, because lower-casing every npm name would
// merge legacy names with capitals (`JSONStream`) into other packages.
const ECOSYSTEMS: readonly OsvEcosystem[] = [
  language('npm', 'npm', asIs),
  language('PyPI', 'pypi', normalizeProjectName),
  language('Go', 'golang', asIs),
  language('Maven', 'maven', asIs),
  language('RubyGems', 'gem', asIs),
  language('crates.io', 'cargo', asIs),
  language('NuGet', 'nuget', lowerCase),
  language('Packagist', 'composer', lowerCase),
  distribution('Debian', 'debian'),
  distribution('Ubuntu', 'ubuntu'),
  distribution('Alpine', 'alpine'),
];

function language(osv: string, purlType: string, packageName: (name: string) => string): OsvEcosystem {
  return { osv, feed: `osv-${osv.toLowerCase()}`, distribution: purlType, language: true, packageName };
}

function distribution(osv: string, did: string): OsvEcosystem {
  return { osv, feed: `osv-${osv.toLowerCase()}`, distribution: did, language: false, packageName: asIs };
}

/** Returns every OSV ecosystem LayerLens stores, in a fixed order. */
export function osvEcosystems(): readonly OsvEcosystem[] {
  return ECOSYSTEMS;
}

/** Returns the stored ecosystem for an OSV ecosystem name, with or without its release suffix. */
export function osvEcosystem(name: string): OsvEcosystem | undefined {
  const base = baseEcosystem(name);
  return ECOSYSTEMS.find((ecosystem) => ecosystem.osv === base);
}

/** Returns the stored ecosystem whose package-URL type is `purlType`. */
export function osvEcosystemForPurlType(purlType: string): OsvEcosystem | undefined {
  return ECOSYSTEMS.find((ecosystem) => ecosystem.language && ecosystem.distribution === purlType);
}

/**
 * Maps an OSV package to record keys, or undefined when LayerLens does not
 * store its ecosystem. The release is undefined when the ecosystem is known
 * but its release suffix is not (a Debian or Ubuntu version missing from
 * the codename tables below).
 */
export function recordKey(ecosystemName: string, name: string): RecordKey | undefined {
  const ecosystem = osvEcosystem(ecosystemName);
  if (ecosystem === undefined) return undefined;

  const suffix = ecosystemName.slice(ecosystem.osv.length + 1);
  return { ecosystem, release: releaseOf(ecosystem, suffix), packageName: ecosystem.packageName(name) };
}

/** Debian and Ubuntu release numbers and their codenames. */
const DEBIAN_CODENAMES: Record<string, string> = {
  '7': 'wheezy', '8': 'jessie', '9': 'stretch', '10': 'buster', '11': 'bullseye',
  '12': 'bookworm', '13': 'trixie', '14': 'forky',
};

const UBUNTU_CODENAMES: Record<string, string> = {
  '12.04': 'precise', '14.04': 'trusty', '16.04': 'xenial', '18.04': 'bionic', '20.04': 'focal',
  '20.10': 'groovy', '21.04': 'hirsute', '21.10': 'impish', '22.04': 'jammy', '22.10': 'kinetic',
  '23.04': 'lunar', '23.10': 'mantic', '24.04': 'noble', '24.10': 'oracular', '25.04': 'plucky',
  '25.10': 'questing',
};

function releaseOf(ecosystem: OsvEcosystem, suffix: string): string | undefined {
  if (ecosystem.language) return '';

  switch (ecosystem.osv) {
    case 'Debian':
      return DEBIAN_CODENAMES[suffix.split('.')[0]];
    case 'Alpine':
      return /^v\d+\.\d+$/.test(suffix) || suffix === 'edge' ? suffix : undefined;
    case 'Ubuntu':
      return ubuntuRelease(suffix);
    default:
      return undefined;
  }
}

/**
 * Maps Ubuntu's suffix to the release as the Ubuntu CVE tracker names it.
 * `22.04:LTS` is jammy. `Pro:18.04:LTS` is Ubuntu Pro's ESM archive, which
 * the tracker names `bionic/esm`, and the FIPS archives such as
 * `Pro:FIPS-updates:22.04:LTS` become `jammy/fips-updates`.
 */
function ubuntuRelease(suffix: string): string | undefined {
  const parts = suffix.split(':');
  const version = parts.find((part) => /^\d+\.\d+$/.test(part));
  const codename = version === undefined ? undefined : UBUNTU_CODENAMES[version];
  if (codename === undefined) return undefined;

  if (parts[0] !== 'Pro') return codename;
  const variant = parts.find((part) => /^FIPS/i.test(part));
  return `${codename}/${variant === undefined ? 'esm' : variant.toLowerCase()}`;
}
