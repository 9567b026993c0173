// Composer (Packagist) versions and constraints, as composer/semver 3.4
// orders and matches them. No npm package ports composer/semver, so this
// folder ports it: version-parser.ts (VersionParser), constraint.ts
// (Constraint, MultiConstraint) and php-version-compare.ts (PHP's
// version_compare, which composer uses for every ordering).
import {
  InvalidRangeError,
  InvalidVersionError,
  type RangeOptions,
  type VersionScheme,
} from '../../versioning/types.js';
import { BoundedCache } from '../../versioning/cache.js';
import {
  type ComposerConstraint,
  type ConstraintOperator,
  composerVersionCompare,
  isBranch,
  matchesConstraint,
} from './constraint.js';
import { phpVersionCompare } from './php-version-compare.js';
import { ComposerParseError, normalizeDefaultBranch, normalizeVersion, parseConstraints } from './version-parser.js';

const SCHEME = 'composer';

/** Thrown when two different branches are compared: composer gives branch names no order. */
export class IncomparableBranchesError extends InvalidVersionError {
  readonly other: string;

  constructor(version: string, other: string) {
    super(SCHEME, version, `"${version}" and "${other}" are different branches, and composer does not order branch names`);
    this.name = 'IncomparableBranchesError';
    this.other = other;
  }
}

// Normalized versions and parsed constraints by their text, because a
// matcher compares one installed version with many records and checks one
// affected range against many versions. Each cache is cleared when full.
const versionCache = new BoundedCache<string>(10_000);
const constraintCache = new BoundedCache<ComposerConstraint>(10_000);

/** Normalizes a version as composer does (`v1.2-b3` → `1.2.0.0-beta3`); throws InvalidVersionError. */
export function normalizeComposerVersion(version: string): string {
  return versionCache.get(version, () => {
    try {
      return normalizeVersion(version);
    } catch (err) {
      if (!(err instanceof ComposerParseError)) throw err;
      throw new InvalidVersionError(SCHEME, version, err.message);
    }
  });
}

/** Parses a constraint as VersionParser::parseConstraints does; throws InvalidRangeError. */
export function parseComposerConstraint(range: string): ComposerConstraint {
  return constraintCache.get(range, () => {
    try {
      return parseConstraints(range);
    } catch (err) {
      if (!(err instanceof ComposerParseError)) throw err;
      throw new InvalidRangeError(SCHEME, range, err.message);
    }
  });
}

/**
 * Orders two versions as Semver::sort does: both are normalized, and the
 * default branches (`dev-master`, `dev-default`, `dev-trunk`) sort as
 * 9999999-dev, above every release. Two different branches have no order,
 * as Comparator says, so they throw IncomparableBranchesError.
 */
export function compareComposer(a: string, b: string): number {
  const left = normalizeComposerVersion(a);
  const right = normalizeComposerVersion(b);

  if (isBranch(left) && isBranch(right)) {
    if (left === right) return 0;
    throw new IncomparableBranchesError(a, b);
  }
  return phpVersionCompare(normalizeDefaultBranch(left), normalizeDefaultBranch(right));
}

/**
 * Evaluates `left operator right` on the raw strings, as composer's
 * Comparator::compare does: PHP's version_compare, except that two
 * branches are only ever equal when identical.
 */
export function composerComparator(left: string, operator: ConstraintOperator, right: string): boolean {
  // matchSpecific hands `==` to version_compare with the sides swapped. That
  // only matters for a string starting with `#`, which PHP does not
  // canonicalize.
  if (operator === '==') return composerVersionCompare(right, left, operator, true);
  return composerVersionCompare(left, right, operator, true);
}

/** True when the version satisfies the constraint, as Semver::satisfies decides it. */
export function satisfiesComposer(version: string, range: string, _options?: RangeOptions): boolean {
  const normalized = normalizeComposerVersion(version);
  return matchesConstraint(parseComposerConstraint(range), normalized);
}

/** Returns composer's reason for rejecting a version, or undefined when it is valid. */
export function explainInvalidComposer(version: string): string | undefined {
  try {
    normalizeVersion(version);
    return undefined;
  } catch (err) {
    if (!(err instanceof ComposerParseError)) throw err;
    return err.message;
  }
}

export const composerScheme: VersionScheme = {
  name: SCHEME,
  isValid: (version) => explainInvalidComposer(version) === undefined,
  compare: compareComposer,
  explainInvalid: explainInvalidComposer,
  satisfies: satisfiesComposer,
};
