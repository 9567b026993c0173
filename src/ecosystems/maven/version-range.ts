// Maven version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `[1.5,)` and unions
// such as `(,1.0],[1.2,)`, parsed as VersionRange.createFromVersionSpec and
// matched as Restriction.containsVersion in apache/maven
// compat/maven-artifact/src/main/java/org/apache/maven/artifact/versioning/
// (VersionRange.java, Restriction.java), with the messages Maven throws.
//
// A bare version such as `1.0` differs from that class on purpose. Maven's
// VersionRange keeps it as a "recommended version" that every version
// satisfies, which would mark any installed version as affected. It matches
// that version alone here, as maven-resolver's GenericVersionConstraint
// does (containsVersion is version.equals for a constraint without a range).
import { InvalidRangeError, InvalidVersionError } from '../../versioning/types.js';
import { compareComparableVersions, type ComparableVersion } from './comparable-version.js';

/** One interval of a range. A missing bound is unbounded on that side. */
export interface Restriction {
  lowerBound?: ComparableVersion;
  lowerBoundInclusive: boolean;
  upperBound?: ComparableVersion;
  upperBoundInclusive: boolean;
}

/** Parses a version for a bound, throwing InvalidVersionError when it is not valid. */
export type BoundParser = (version: string) => ComparableVersion;

function invalidRange(spec: string, reason: string): InvalidRangeError {
  return new InvalidRangeError('maven', spec, reason);
}

/** Parses one bound, reporting an invalid version as a problem of the range. */
function parseBoundOf(rangeSpec: string, text: string, parseBound: BoundParser): ComparableVersion {
  try {
    return parseBound(text);
  } catch (err) {
    if (err instanceof InvalidVersionError) throw invalidRange(rangeSpec, `bound "${text}" is not valid: ${err.message}`);
    throw err;
  }
}

function parseRestriction(spec: string, rangeSpec: string, parseBound: BoundParser): Restriction {
  const lowerBoundInclusive = spec.startsWith('[');
  const upperBoundInclusive = spec.endsWith(']');
  const inner = spec.slice(1, -1).trim();
  const comma = inner.indexOf(',');

  if (comma < 0) {
    if (!lowerBoundInclusive || !upperBoundInclusive) {
      throw invalidRange(rangeSpec, `Single version must be surrounded by []: ${spec}`);
    }
    const version = parseBoundOf(rangeSpec, inner, parseBound);
    return { lowerBound: version, lowerBoundInclusive, upperBound: version, upperBoundInclusive };
  }

  const lowerText = inner.slice(0, comma).trim();
  const upperText = inner.slice(comma + 1).trim();
  const lowerBound = lowerText === '' ? undefined : parseBoundOf(rangeSpec, lowerText, parseBound);
  const upperBound = upperText === '' ? undefined : parseBoundOf(rangeSpec, upperText, parseBound);

  if (lowerBound !== undefined && upperBound !== undefined) {
    const result = compareComparableVersions(upperBound, lowerBound);
    if (result < 0 || (result === 0 && (!lowerBoundInclusive || !upperBoundInclusive))) {
      throw invalidRange(rangeSpec, `Range defies version ordering: ${spec}`);
    }
  }
  return { lowerBound, lowerBoundInclusive, upperBound, upperBoundInclusive };
}

/**
 * Parses a range into its restrictions, in order. Surrounding white space
 * is ignored, which Maven only does between the parts of a union.
 * Throws InvalidRangeError for an empty, unclosed, overlapping or
 * disordered range.
 */
export function parseMavenRange(range: string, parseBound: BoundParser): Restriction[] {
  const restrictions: Restriction[] = [];
  let rest = range.trim();
  if (rest === '') throw invalidRange(range, 'the range is empty');

  let upperBound: ComparableVersion | undefined;
  while (rest.startsWith('[') || rest.startsWith('(')) {
    const closeParen = rest.indexOf(')');
    const closeBracket = rest.indexOf(']');
    let close = closeBracket;
    if ((closeBracket < 0 || closeParen < closeBracket) && closeParen >= 0) close = closeParen;
    if (close < 0) throw invalidRange(range, `Unbounded range: ${range}`);

    const restriction = parseRestriction(rest.slice(0, close + 1), range, parseBound);
    if (upperBound !== undefined) {
      if (restriction.lowerBound === undefined || compareComparableVersions(restriction.lowerBound, upperBound) < 0) {
        throw invalidRange(range, `Ranges overlap: ${range}`);
      }
    }
    restrictions.push(restriction);
    upperBound = restriction.upperBound;

    rest = rest.slice(close + 1).trim();
    if (rest.startsWith(',')) rest = rest.slice(1).trim();
  }

  if (rest !== '') {
    if (restrictions.length > 0) {
      throw invalidRange(range, `Only fully-qualified sets allowed in multiple set scenario: ${range}`);
    }
    const version = parseBoundOf(range, rest, parseBound);
    restrictions.push({ lowerBound: version, lowerBoundInclusive: true, upperBound: version, upperBoundInclusive: true });
  }
  return restrictions;
}

/** True when the version lies inside the restriction (Restriction.containsVersion). */
export function restrictionContains(restriction: Restriction, version: ComparableVersion): boolean {
  if (restriction.lowerBound !== undefined) {
    const result = compareComparableVersions(restriction.lowerBound, version);
    if (result > 0 || (result === 0 && !restriction.lowerBoundInclusive)) return false;
  }
  if (restriction.upperBound !== undefined) {
    const result = compareComparableVersions(restriction.upperBound, version);
    if (result === 0) return restriction.upperBoundInclusive;
    return result > 0;
  }
  return true;
}
