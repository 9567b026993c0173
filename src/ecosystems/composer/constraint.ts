// Parsed composer constraints and how a normalized version matches them,
// as composer/semver 3.4 decides it in `src/Constraint/Constraint.php`
// (matchSpecific, versionCompare), `MultiConstraint.php` and
// `MatchAllConstraint.php`.
import { phpVersionCompare } from './php-version-compare.js';

export type ConstraintOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type ComposerConstraint =
  | { readonly kind: 'version'; readonly operator: ConstraintOperator; readonly version: string }
  | { readonly kind: 'multi'; readonly conjunctive: boolean; readonly constraints: readonly ComposerConstraint[] }
  | { readonly kind: 'all' };

export const matchAll: ComposerConstraint = { kind: 'all' };

export function versionConstraint(operator: ConstraintOperator, version: string): ComposerConstraint {
  return { kind: 'version', operator, version };
}

export function multiConstraint(constraints: ComposerConstraint[], conjunctive: boolean): ComposerConstraint {
  return { kind: 'multi', conjunctive, constraints };
}

/** True for a normalized branch version such as `dev-main`. */
export function isBranch(version: string): boolean {
  return version.startsWith('dev-');
}

/**
 * True when PHP's `version_compare(a, b, operator)` is true, after composer's
 * branch rules: two branches are equal only when identical and otherwise
 * unordered, and unless `compareBranches` is set a branch matches no
 * ordering against a numbered version.
 */
export function composerVersionCompare(a: string, b: string, operator: ConstraintOperator, compareBranches: boolean): boolean {
  const aIsBranch = isBranch(a);
  const bIsBranch = isBranch(b);

  if (operator === '!=' && (aIsBranch || bIsBranch)) return a !== b;
  if (aIsBranch && bIsBranch) return operator === '==' && a === b;
  if (!compareBranches && (aIsBranch || bIsBranch)) return false;

  return holds(phpVersionCompare(a, b), operator);
}

function holds(order: number, operator: ConstraintOperator): boolean {
  switch (operator) {
    case '==': return order === 0;
    case '!=': return order !== 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
  }
}

/**
 * True when the normalized version matches the constraint, as
 * `$constraint->matches(new Constraint('==', $version))` decides it in
 * Semver::satisfies.
 */
export function matchesConstraint(constraint: ComposerConstraint, version: string): boolean {
  switch (constraint.kind) {
    case 'all':
      return true;
    case 'multi':
      return constraint.conjunctive
        ? constraint.constraints.every((part) => matchesConstraint(part, version))
        : constraint.constraints.some((part) => matchesConstraint(part, version));
    case 'version':
      // matchSpecific with an `==` provider comes down to one versionCompare
      // of the provided version against the constraint's, branches kept apart.
      return composerVersionCompare(version, constraint.version, constraint.operator, false);
  }
}

/** Prints a constraint as composer's __toString does: `>= 1.0.0.0-dev`, `[a b]` (all), `[a || b]` (any), `*`. */
export function formatComposerConstraint(constraint: ComposerConstraint): string {
  switch (constraint.kind) {
    case 'all':
      return '*';
    case 'version':
      return `${constraint.operator} ${constraint.version}`;
    case 'multi': {
      const parts = constraint.constraints.map(formatComposerConstraint);
      return `[${parts.join(constraint.conjunctive ? ' ' : ' || ')}]`;
    }
  }
}
