// The `maven` version scheme: Maven's ComparableVersion order (see
// ./comparable-version.ts) and Maven version ranges (see ./version-range.ts).
//
// ComparableVersion orders any string, but LayerLens rejects three kinds:
// - an empty or blank version, which Maven orders as `0` but which in an
//   inventory or a feed means the version is missing;
// - a version over 256 characters, which ComparableVersion rejects;
// - a version whose non-ASCII digits make ComparableVersion throw
//   NumberFormatException (such as `a-٨b`).
import { InvalidVersionError, type VersionScheme } from '../../versioning/types.js';
import {
  compareComparableVersions,
  MavenNumberFormatError,
  parseComparableVersion,
  type ComparableVersion,
} from './comparable-version.js';
import { parseMavenRange, restrictionContains } from './version-range.js';

function isBlank(version: string): boolean {
  return version.trim() === '';
}

/** Parses a version, or returns why LayerLens rejects it. */
function tryParse(version: string): ComparableVersion | string {
  if (version === '') return 'version is empty';
  if (isBlank(version)) return 'version is blank';
  try {
    return parseComparableVersion(version);
  } catch (err) {
    if (err instanceof RangeError || err instanceof MavenNumberFormatError) return err.message;
    throw err;
  }
}

/** Parses a Maven version, throwing InvalidVersionError for one LayerLens rejects. */
export function parseMavenVersion(version: string): ComparableVersion {
  const parsed = tryParse(version);
  if (typeof parsed === 'string') throw new InvalidVersionError('maven', version, parsed);
  return parsed;
}

/** Orders two Maven versions as ComparableVersion.compareTo does. */
export function compareMavenVersions(a: string, b: string): number {
  return compareComparableVersions(parseMavenVersion(a), parseMavenVersion(b));
}

/** Returns why a version is rejected, or undefined when it is valid. */
export function explainInvalidMavenVersion(version: string): string | undefined {
  const parsed = tryParse(version);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * True when the version lies inside the Maven range: inside any of its
 * intervals, or equal to a bare version.
 */
export function satisfiesMavenRange(version: string, range: string): boolean {
  const parsed = parseMavenVersion(version);
  const restrictions = parseMavenRange(range, parseMavenVersion);
  return restrictions.some((restriction) => restrictionContains(restriction, parsed));
}

export const mavenScheme: VersionScheme = {
  name: 'maven',
  isValid: (version) => typeof tryParse(version) !== 'string',
  compare: compareMavenVersions,
  explainInvalid: explainInvalidMavenVersion,
  satisfies: satisfiesMavenRange,
};
