// NuGet version ranges, parsed as VersionRange.TryParse with floating
// versions allowed (VersionRangeFactory.cs, FloatRange.cs in NuGet/NuGet.Client
// src/NuGet.Core/NuGet.Versioning) and matched as VersionRangeBase.Satisfies:
//   1.0       1.0 <= x
//   [1.0]     x == 1.0
//   (1.0,)    1.0 < x
//   (,1.0]    x <= 1.0
//   [1.0,2.0) 1.0 <= x < 2.0
// A floating version (`1.*`, `1.0.0-beta*`, `*`) only sets the lower bound:
// NuGet uses the float to pick the best match when restoring, but
// Satisfies checks the bounds alone, so `1.*` admits 2.0 as well.
import { compareNuGetVersionParts, dotnetTrim, tryParseNuGetVersion, type NuGetVersion } from './nuget-version.js';

export interface NuGetVersionRange {
  minVersion?: NuGetVersion;
  isMinInclusive: boolean;
  maxVersion?: NuGetVersion;
  isMaxInclusive: boolean;
}

const ZERO: NuGetVersion = { major: 0, minor: 0, patch: 0, revision: 0, releaseLabels: [], metadata: '' };

function parseOrUndefined(text: string): NuGetVersion | undefined {
  const parsed = tryParseNuGetVersion(text);
  return typeof parsed === 'string' ? undefined : parsed;
}

/**
 * Returns the minimum version of a floating version as FloatRange.TryParse
 * computes it, or undefined when NuGet rejects the float.
 */
function floatMinVersion(text: string): NuGetVersion | undefined {
  const firstStar = text.indexOf('*');
  const lastStar = text.lastIndexOf('*');

  if (text.length === 1 && firstStar === 0) return ZERO;
  if (text === '*-*') return parseOrUndefined('0.0.0-0');

  if (firstStar !== lastStar && lastStar !== -1 && !text.includes('+')) {
    // Two stars are allowed only as `STABLE*-LABEL*`, the first just before the first dash.
    const dash = text.indexOf('-');
    if (dash === -1 || lastStar !== text.length - 1 || firstStar !== dash - 1) return undefined;
    const stablePart = `${text.slice(0, dash - 1)}0`;
    const releasePrefix = text.slice(dash + 1, -1);
    const releasePart = releasePrefix.length === 0 || releasePrefix.endsWith('.') ? `${releasePrefix}0` : releasePrefix;
    return parseOrUndefined(`${stablePart}-${releasePart}`);
  }

  if (lastStar === text.length - 1 && !text.includes('+')) {
    let actualVersion = text.slice(0, -1);
    if (!text.includes('-')) {
      actualVersion += '0';
    } else if (text.indexOf('-') === text.lastIndexOf('-')) {
      // An empty label is not valid, so `1.0.0-*` floats from label 0.
      const releasePrefix = actualVersion.slice(text.lastIndexOf('-') + 1);
      if (releasePrefix.length === 0 || actualVersion.endsWith('.')) actualVersion += '0';
    }
    return parseOrUndefined(actualVersion);
  }

  // A star anywhere else, or in the metadata, is not a floating version.
  return undefined;
}

/** Parses a NuGet range, or returns why NuGet rejects it. */
export function tryParseNuGetRange(value: string): NuGetVersionRange | string {
  const trimmed = dotnetTrim(value);
  if (trimmed === '') return 'the range is empty';
  if (trimmed === '*') return { minVersion: ZERO, isMinInclusive: true, isMaxInclusive: true };

  let minText: string;
  let maxText: string | undefined;
  let isMinInclusive: boolean;
  let isMaxInclusive = false;

  const first = trimmed[0];
  if (first === '(' || first === '[') {
    isMinInclusive = first === '[';
    const last = trimmed[trimmed.length - 1];
    if (last !== ']' && last !== ')') return 'a range that opens with "[" or "(" must close with "]" or ")"';
    isMaxInclusive = last === ']';

    const parts = trimmed.slice(1, -1).split(',');
    if (parts.length > 2) return 'a range has at most two versions, separated by ","';
    if (parts.every((part) => part === '')) return 'a range needs a lower or an upper bound';
    if (parts.length === 1 && !(isMinInclusive && isMaxInclusive)) {
      return 'a single version must be written [VERSION]';
    }
    minText = parts[0]!;
    maxText = parts.length === 2 ? parts[1]! : parts[0]!;
  } else {
    isMinInclusive = true;
    minText = trimmed;
  }

  let minVersion: NuGetVersion | undefined;
  if (dotnetTrim(minText) !== '') {
    minVersion = minText.includes('*') ? floatMinVersion(minText) : parseOrUndefined(minText);
    if (minVersion === undefined) return `"${dotnetTrim(minText)}" is not a valid NuGet version or floating version`;
  }

  let maxVersion: NuGetVersion | undefined;
  if (maxText !== undefined && dotnetTrim(maxText) !== '') {
    // The upper bound cannot float.
    maxVersion = parseOrUndefined(maxText);
    if (maxVersion === undefined) return `"${dotnetTrim(maxText)}" is not a valid NuGet version`;
  }

  if (minVersion !== undefined && maxVersion !== undefined) {
    const result = compareNuGetVersionParts(minVersion, maxVersion);
    if (result > 0) return 'the lower bound is above the upper bound';
    if (result === 0 && isMinInclusive !== isMaxInclusive) {
      return 'equal bounds must be both inclusive or both exclusive';
    }
  }

  return { minVersion, isMinInclusive, maxVersion, isMaxInclusive };
}

/** True when the version meets the range's bounds (VersionRangeBase.Satisfies; metadata is ignored). */
export function rangeContains(range: NuGetVersionRange, version: NuGetVersion): boolean {
  if (range.minVersion !== undefined) {
    const result = compareNuGetVersionParts(range.minVersion, version);
    if (range.isMinInclusive ? result > 0 : result >= 0) return false;
  }
  if (range.maxVersion !== undefined) {
    const result = compareNuGetVersionParts(range.maxVersion, version);
    if (range.isMaxInclusive ? result < 0 : result <= 0) return false;
  }
  return true;
}
