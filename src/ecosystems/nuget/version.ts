// The `nuget` version scheme: NuGetVersion parsing and VersionComparer.Default
// order (see ./nuget-version.ts) and NuGet version ranges (see ./version-range.ts).
import { InvalidRangeError, InvalidVersionError, type VersionScheme } from '../../versioning/types.js';
import { compareNuGetVersionParts, tryParseNuGetVersion, type NuGetVersion } from './nuget-version.js';
import { rangeContains, tryParseNuGetRange } from './version-range.js';

export { formatNuGetVersion, type NuGetVersion } from './nuget-version.js';

/** Parses a NuGet version, throwing InvalidVersionError when NuGet rejects it. */
export function parseNuGetVersion(version: string): NuGetVersion {
  const parsed = tryParseNuGetVersion(version);
  if (typeof parsed === 'string') throw new InvalidVersionError('nuget', version, parsed);
  return parsed;
}

/** Orders two NuGet versions. Build metadata is ignored. */
export function compareNuGetVersions(a: string, b: string): number {
  return compareNuGetVersionParts(parseNuGetVersion(a), parseNuGetVersion(b));
}

/** Returns why NuGet rejects a version, or undefined when it is valid. */
export function explainInvalidNuGetVersion(version: string): string | undefined {
  const parsed = tryParseNuGetVersion(version);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** True when the version lies inside the NuGet range. */
export function satisfiesNuGetRange(version: string, range: string): boolean {
  const parsed = parseNuGetVersion(version);
  const parsedRange = tryParseNuGetRange(range);
  if (typeof parsedRange === 'string') throw new InvalidRangeError('nuget', range, parsedRange);
  return rangeContains(parsedRange, parsed);
}

export const nugetScheme: VersionScheme = {
  name: 'nuget',
  isValid: (version) => typeof tryParseNuGetVersion(version) !== 'string',
  compare: compareNuGetVersions,
  explainInvalid: explainInvalidNuGetVersion,
  satisfies: satisfiesNuGetRange,
};
