// Maps each OSV ecosystem to the version scheme that orders its versions. Names
// follow the OSV schema's ecosystem list (https://ossf.github.io/osv-schema/,
// "Defined ecosystems"), where the part after the first `:` scopes a record
// to a release (`Debian:11`, `Alpine:v3.18`, `Ubuntu:Pro:18.04:LTS`) or a
// repository (`Maven:https://maven.google.com`) and does not change how
// versions compare.
import { getScheme, schemeNames } from './index.js';
import type { VersionScheme } from './types.js';

const SCHEME_BY_ECOSYSTEM: ReadonlyMap<string, string> = new Map([
  ['npm', 'semver'],
  // Cargo orders crate versions by SemVer 2.0 precedence.
  ['crates.io', 'semver'],
  ['PyPI', 'pep440'],
  ['Go', 'golang'],
  ['Maven', 'maven'],
  ['RubyGems', 'gem'],
  ['NuGet', 'nuget'],
  ['Packagist', 'composer'],
  ['Debian', 'dpkg'],
  ['Ubuntu', 'dpkg'],
  ['Alpine', 'apk'],
  // Wolfi, Chainguard and MinimOS build apk packages and version them as apk-tools does.
  ['Wolfi', 'apk'],
  ['Chainguard', 'apk'],
  ['MinimOS', 'apk'],
  ['Red Hat', 'rpm'],
  ['AlmaLinux', 'rpm'],
  ['Rocky Linux', 'rpm'],
  ['openSUSE', 'rpm'],
  ['SUSE', 'rpm'],
  ['Mageia', 'rpm'],
  ['openEuler', 'rpm'],
  ['Photon OS', 'rpm'],
]);

/** Returns the ecosystem without its `:`-suffix: `Debian:11` becomes `Debian`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/** Returns the name of the scheme for an OSV ecosystem, or undefined when no scheme covers it. */
export function schemeNameForEcosystem(ecosystem: string): string | undefined {
  return SCHEME_BY_ECOSYSTEM.get(baseEcosystem(ecosystem));
}

/**
 * Returns the registered scheme for an OSV ecosystem, or undefined when the
 * ecosystem has no scheme or its scheme is not registered.
 */
export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const name = schemeNameForEcosystem(ecosystem);
  if (name === undefined || !schemeNames().includes(name)) return undefined;
  return getScheme(name);
}
