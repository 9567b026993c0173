// npm package versions and ranges, as node-semver orders and matches them.
// node-semver (the `semver` package, 7.x) is npm's own implementation, so
// this module wraps it rather than re-implementing the grammar.
//
// node-semver's `satisfies` and `compare` differ in how they report bad
// input: `satisfies` returns false for an invalid range or version, which a
// matcher would read as "not affected". The wrappers below throw
// InvalidRangeError or InvalidVersionError instead.
import semver from 'semver';
import {
  InvalidRangeError,
  InvalidVersionError,
  type RangeOptions,
  type VersionScheme,
} from '../../versioning/types.js';

const SCHEME = 'semver';

/** node-semver's options that change parsing and matching; nothing else is passed on. */
function semverOptions(options: RangeOptions = {}): semver.RangeOptions {
  return { loose: options.loose === true, includePrerelease: options.includePrerelease === true };
}

/**
 * Parses a version as node-semver does: a leading `v` and surrounding
 * spaces are allowed, and with `loose` also `=1.2.3`, `v 1.2.3` and
 * `1.2.3beta`. Throws InvalidVersionError with node-semver's own message.
 */
export function parseSemver(version: string, options: RangeOptions = {}): semver.SemVer {
  try {
    return new semver.SemVer(version, semverOptions(options));
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new InvalidVersionError(SCHEME, version, err.message);
  }
}

/** Parses an npm range (`^1.2`, `>=1 <2 || 3.x`, `1 - 2`); throws InvalidRangeError with node-semver's message. */
export function parseSemverRange(range: string, options: RangeOptions = {}): semver.Range {
  try {
    return new semver.Range(range, semverOptions(options));
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new InvalidRangeError(SCHEME, range, err.message);
  }
}

/**
 * Orders two versions as `semver.compare(a, b, options)` does: build
 * metadata is ignored and a pre-release sorts below its release.
 */
export function compareSemver(a: string, b: string, options: RangeOptions = {}): number {
  return parseSemver(a, options).compare(parseSemver(b, options));
}

/**
 * True when the version lies inside the range, as `semver.satisfies`
 * decides it. Unlike `semver.satisfies`, it throws for an invalid range or
 * version.
 */
export function satisfiesSemver(version: string, range: string, options: RangeOptions = {}): boolean {
  const parsedRange = parseSemverRange(range, options);
  return parsedRange.test(parseSemver(version, options));
}

/** Returns node-semver's reason for rejecting a strict version, or undefined when it is valid. */
export function explainInvalidSemver(version: string): string | undefined {
  try {
    new semver.SemVer(version);
    return undefined;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return err.message;
  }
}

export const semverScheme: VersionScheme = {
  name: SCHEME,
  isValid: (version) => semver.valid(version) !== null,
  compare: (a, b) => compareSemver(a, b),
  explainInvalid: explainInvalidSemver,
  satisfies: satisfiesSemver,
};
