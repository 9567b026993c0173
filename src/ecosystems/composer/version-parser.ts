// Composer's version normalization and constraint parsing, ported from
// composer/semver 3.4 `src/VersionParser.php` (normalize, normalizeBranch,
// normalizeDefaultBranch, parseStability, parseConstraints, parseConstraint,
// manipulateVersionString) and `src/Constraint/MultiConstraint.php`
// (create, with its merge of contiguous OR groups).
//
// The patterns are PCRE, so three of their meanings are spelled out here:
// PCRE's `$` also matches before a final newline, `\s` is ASCII whitespace
// only, and `.` stops only at a newline.
import {
  type ComposerConstraint,
  type ConstraintOperator,
  matchAll,
  multiConstraint,
  versionConstraint,
} from './constraint.js';

/** A version or constraint that composer/semver rejects, with its message. */
export class ComposerParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposerParseError';
  }
}

// PCRE `$` without the D modifier: the end, or just before a final newline.
const END = '(?=\\n?$)';
const SPACE = '[\\t\\n\\x0B\\f\\r ]';
const NOT_SPACE = '[^\\t\\n\\x0B\\f\\r ]';
const NOT_COMMA_OR_SPACE = '[^,\\t\\n\\x0B\\f\\r ]';
const ANY = '[^\\n]';

// Pre-release data: groups stability, stability number, dev suffix.
// composer writes the number as `((?:[.-]?\d+)*+)?`, possessive. JavaScript
// has no possessive quantifier, and the plain form backtracks exponentially
// on a long run of digits, so this is the same language written without
// ambiguity: one digit run, then runs that each follow a separator.
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)([.-]?\\d+(?:[.-]\\d+)*)?)?([.-]?dev)?';
const STABILITIES = 'stable|RC|beta|alpha|dev';

// Groups 1-4 are the numbers, 5-7 the modifier, 8 an `x-dev` wildcard.
const VERSION = `v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?(?:${MODIFIER}|\\.([xX*][.-]?dev))(?:\\+${NOT_SPACE}+)?`;

const ALIAS = new RegExp(`^(${NOT_COMMA_OR_SPACE}+) +as +(${NOT_COMMA_OR_SPACE}+)${END}`);
const STABILITY_FLAG = new RegExp(`@(?:${STABILITIES})${END}`, 'i');
const BUILD_METADATA = new RegExp(`^([^,\\t\\n\\x0B\\f\\r +]+)\\+${NOT_SPACE}+${END}`);
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}${END}`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}${END}`, 'i');
const DEV_SUFFIX = new RegExp(`(${ANY}*?)[.-]?dev${END}`, 'i');
const NUMERIC_BRANCH = new RegExp(`^v?(\\d+)(\\.(?:\\d+|[xX*]))?(\\.(?:\\d+|[xX*]))?(\\.(?:\\d+|[xX*]))?${END}`, 'i');
const STABILITY_OF = new RegExp(`${MODIFIER}(?:\\+${ANY}*)?${END}`, 'i');

const OR_SEPARATOR = new RegExp(`${SPACE}*\\|\\|?${SPACE}*`);
const AND_SEPARATOR = /(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|\n?$)/;
const CONSTRAINT_STABILITY_FLAG = new RegExp(`^(${NOT_COMMA_OR_SPACE}*?)@(${STABILITIES})${END}`, 'i');
const REFERENCE = new RegExp(`^(dev-[^,\\t\\n\\x0B\\f\\r @]+?|[^,\\t\\n\\x0B\\f\\r @]+?\\.x-dev)#${ANY}+${END}`, 'i');
const ANY_VERSION = new RegExp(`^(v)?[xX*](\\.[xX*])*${END}`, 'i');
const TILDE = new RegExp(`^~>?${VERSION}${END}`, 'i');
const CARET = new RegExp(`^\\^${VERSION}(${END})`, 'i');
const WILDCARD = new RegExp(`^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.[xX*])+${END}`);
const HYPHEN = new RegExp(`^(?<from>${VERSION}) +- +(?<to>${VERSION})(${END})`, 'i');
const COMPARATOR = new RegExp(`^(<>|!=|>=?|<=?|==?)?${SPACE}*(${ANY}*)`);
const BRANCH_LIKE = new RegExp(`^[0-9a-zA-Z-./]+${END}`);
const PRE_RELEASE_SUFFIX = new RegExp(`-${MODIFIER}${END}`);

const DEFAULT_BRANCHES = new Set(['dev-master', 'dev-default', 'dev-trunk']);

/** The alias composer gives a default branch when sorting. */
export const DEFAULT_BRANCH_ALIAS = '9999999-dev';

/** Removes what PHP's trim() removes: spaces, tabs, newlines, NUL and vertical tab. */
function phpTrim(text: string): string {
  return text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}

/** Lowercases ASCII letters only, as strtolower() and stripos() do since PHP 8.2. */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** PHP's empty() on a preg_match group: unset, "" and "0" are empty. */
function isEmpty(group: string | undefined): boolean {
  return group === undefined || group === '' || group === '0';
}

/** True for a group that matched something; "0" counts, unlike with isEmpty(). */
function isFilled(group: string | undefined): boolean {
  return group !== undefined && group !== '';
}

function expandStability(stability: string): string {
  const lower = asciiLowerCase(stability);
  if (lower === 'a') return 'alpha';
  if (lower === 'b') return 'beta';
  if (lower === 'p' || lower === 'pl') return 'patch';
  if (lower === 'rc') return 'RC';
  return lower;
}

/** Returns composer's stability of a version: `stable`, `RC`, `beta`, `alpha` or `dev`. */
export function parseStability(version: string): string {
  const withoutReference = version.replace(new RegExp(`#${ANY}+${END}`), '');
  if (withoutReference.startsWith('dev-') || withoutReference.endsWith('-dev')) return 'dev';

  const match = STABILITY_OF.exec(asciiLowerCase(withoutReference));
  if (isFilled(match?.[3])) return 'dev';

  const stability = match?.[1];
  if (stability === 'beta' || stability === 'b') return 'beta';
  if (stability === 'alpha' || stability === 'a') return 'alpha';
  if (stability === 'rc') return 'RC';
  return 'stable';
}

/**
 * Normalizes a version as VersionParser::normalize does: `v1.2` becomes
 * `1.2.0.0`, `1.0-b2` becomes `1.0.0.0-beta2`, `2.x-dev` becomes
 * `2.9999999.9999999.9999999-dev` and a branch keeps its `dev-` name.
 * Throws ComposerParseError for anything else.
 */
export function normalizeVersion(input: string): string {
  const original = phpTrim(input);
  let version = original;

  const alias = ALIAS.exec(version);
  if (alias) version = alias[1]!;

  const flag = STABILITY_FLAG.exec(version);
  if (flag) version = version.slice(0, version.length - flag[0].length);

  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  if (asciiLowerCase(version.slice(0, 4)) === 'dev-') return `dev-${version.slice(4)}`;

  const build = BUILD_METADATA.exec(version);
  if (build) version = build[1]!;

  const numbered = normalizeNumbered(version);
  if (numbered !== undefined) return numbered;

  // A numbered branch such as `1.x-dev`; a named one needs the `dev-` prefix.
  const devSuffix = DEV_SUFFIX.exec(version);
  if (devSuffix) {
    const branch = normalizeBranch(devSuffix[1]!);
    if (!branch.includes('dev-')) return branch;
  }

  throw new ComposerParseError(`Invalid version string "${original}"`);
}

/** Normalizes a classical (`1.2.3`) or date (`2010-01-02`) version, or returns undefined. */
function normalizeNumbered(version: string): string | undefined {
  let normalized: string;
  let modifier: RegExpExecArray;
  let index: number;

  const classical = CLASSICAL.exec(version);
  const date = classical ? null : DATE.exec(version);
  if (classical) {
    normalized = classical[1]! + (classical[2] || '.0') + (classical[3] || '.0') + (classical[4] || '.0');
    modifier = classical;
    index = 5;
  } else if (date) {
    normalized = date[1]!.replace(/\D/g, '.');
    modifier = date;
    index = 2;
  } else {
    return undefined;
  }

  const stability = modifier[index];
  if (!isEmpty(stability)) {
    if (stability === 'stable') return normalized;
    const number = modifier[index + 1];
    normalized += `-${expandStability(stability!)}${isFilled(number) ? number!.replace(/^[.-]+/, '') : ''}`;
  }
  if (!isEmpty(modifier[index + 2])) normalized += '-dev';
  return normalized;
}

/** Normalizes a branch name: `1.x` becomes `1.9999999.9999999.9999999-dev`, `feature` becomes `dev-feature`. */
export function normalizeBranch(input: string): string {
  const name = phpTrim(input);
  const match = NUMERIC_BRANCH.exec(name);
  if (!match) return `dev-${name}`;

  let version = '';
  for (let index = 1; index < 5; index++) {
    version += isFilled(match[index]) ? match[index]!.replace(/[*X]/g, 'x') : '.x';
  }
  return `${version.replace(/x/g, '9999999')}-dev`;
}

/** Maps `dev-master`, `dev-default` and `dev-trunk` to 9999999-dev, as Semver::sort does. */
export function normalizeDefaultBranch(name: string): string {
  return DEFAULT_BRANCHES.has(name) ? DEFAULT_BRANCH_ALIAS : name;
}

/**
 * Parses a constraint as VersionParser::parseConstraints does: `||` (or
 * `|`) separates alternatives, a comma or space joins requirements, and each
 * requirement is a comparison, `~`, `^`, a wildcard or a hyphen range.
 * Throws ComposerParseError for a constraint composer cannot parse.
 */
export function parseConstraints(constraints: string): ComposerConstraint {
  const orGroups = phpTrim(constraints)
    .split(OR_SEPARATOR)
    .map((orConstraint) => {
      const parts = orConstraint.split(AND_SEPARATOR).flatMap((andConstraint) => parseConstraint(andConstraint));
      return parts.length === 1 ? parts[0]! : multiConstraint(parts, true);
    });

  const merged = orGroups.length > 1 ? mergeContiguousGroups(orGroups) : orGroups;
  return merged.length === 1 ? merged[0]! : multiConstraint(merged, false);
}

/**
 * Merges OR groups that meet end to start, `[>= 1 < 2] || [>= 2 < 3]` into
 * `[>= 1 < 3]`, as MultiConstraint::create does. This is not always the
 * same set (`[>= 3 < 2] || [>= 2 < 5]` becomes `[>= 3 < 5]`), which is why
 * composer's result is copied rather than simplified here.
 */
function mergeContiguousGroups(groups: ComposerConstraint[]): ComposerConstraint[] {
  const merged: ComposerConstraint[] = [];
  let left = groups[0]!;
  let changed = false;

  for (const right of groups.slice(1)) {
    const joined = joinContiguous(left, right);
    if (joined !== undefined) {
      changed = true;
      left = joined;
    } else {
      merged.push(left);
      left = right;
    }
  }

  if (!changed) return groups;
  merged.push(left);
  return merged;
}

/** Returns `[>= a < c]` when left is `[>= a < b]` and right is `[>= b < c]`, else undefined. */
function joinContiguous(left: ComposerConstraint, right: ComposerConstraint): ComposerConstraint | undefined {
  if (left.kind !== 'multi' || !left.conjunctive || right.kind !== 'multi' || !right.conjunctive) return undefined;
  if (left.constraints.length !== 2 || right.constraints.length !== 2) return undefined;

  const [left0, left1] = left.constraints;
  const [right0, right1] = right.constraints;
  if (left0?.kind !== 'version' || left0.operator !== '>=') return undefined;
  if (left1?.kind !== 'version' || !left1.operator.startsWith('<')) return undefined;
  if (right0?.kind !== 'version' || right0.operator !== '>=') return undefined;
  if (right1?.kind !== 'version' || !right1.operator.startsWith('<')) return undefined;

  // composer compares the printed constraints `< b` and `>= b` after their
  // operators, so `<= b` never lines up with `>= b`.
  if (left1.operator !== '<' || left1.version !== right0.version) return undefined;

  return multiConstraint([left0, right1], true);
}

/** Parses one requirement: the port of VersionParser::parseConstraint. */
function parseConstraint(input: string): ComposerConstraint[] {
  let constraint = input;
  let stabilityModifier: string | undefined;

  const alias = ALIAS.exec(constraint);
  if (alias) constraint = alias[1]!;

  const flag = CONSTRAINT_STABILITY_FLAG.exec(constraint);
  if (flag) {
    constraint = flag[1] !== '' ? flag[1]! : '*';
    if (flag[2] !== 'stable') stabilityModifier = flag[2];
  }

  const reference = REFERENCE.exec(constraint);
  if (reference) constraint = reference[1]!;

  const anyVersion = ANY_VERSION.exec(constraint);
  if (anyVersion) {
    if (!isEmpty(anyVersion[1]) || !isEmpty(anyVersion[2])) return [versionConstraint('>=', '0.0.0.0-dev')];
    return [matchAll];
  }

  return (
    parseTilde(constraint) ??
    parseCaret(constraint) ??
    parseWildcard(constraint) ??
    parseHyphenRange(constraint) ??
    parseComparison(constraint, stabilityModifier)
  );
}

/** Stability suffix of a `~`/`^` lower bound: `-dev` unless the version names a stability. */
function lowerBoundSuffix(match: RegExpExecArray): string {
  return isEmpty(match[5]) && isEmpty(match[7]) && isEmpty(match[8]) ? '-dev' : '';
}

// `~1.2` allows the last given number to rise: >=1.2.0.0-dev <2.0.0.0-dev.
function parseTilde(constraint: string): ComposerConstraint[] | undefined {
  const match = TILDE.exec(constraint);
  if (!match) return undefined;
  if (constraint.startsWith('~>')) {
    throw new ComposerParseError(
      `Could not parse version constraint ${constraint}: Invalid operator "~>", you probably meant to use the "~" operator`,
    );
  }

  let position = 1;
  if (isFilled(match[4])) position = 4;
  else if (isFilled(match[3])) position = 3;
  else if (isFilled(match[2])) position = 2;
  if (!isEmpty(match[8])) position++;

  const lowVersion = normalizeVersion((constraint + lowerBoundSuffix(match)).slice(1));
  const highVersion = `${bumpVersion(match, Math.max(1, position - 1), 1)}-dev`;
  return [versionConstraint('>=', lowVersion), versionConstraint('<', highVersion)];
}

// `^1.2` allows everything up to the next change of the left-most non-zero number.
function parseCaret(constraint: string): ComposerConstraint[] | undefined {
  const match = CARET.exec(constraint);
  if (!match) return undefined;

  let position = 3;
  if (match[1] !== '0' || !isFilled(match[2])) position = 1;
  else if (match[2] !== '0' || !isFilled(match[3])) position = 2;

  const lowVersion = normalizeVersion((constraint + lowerBoundSuffix(match)).slice(1));
  const highVersion = `${bumpVersion(match, position, 1)}-dev`;
  return [versionConstraint('>=', lowVersion), versionConstraint('<', highVersion)];
}

// `1.2.*` and `1.2.x`: from the given numbers up to the next one.
function parseWildcard(constraint: string): ComposerConstraint[] | undefined {
  const match = WILDCARD.exec(constraint);
  if (!match) return undefined;

  let position = 1;
  if (isFilled(match[3])) position = 3;
  else if (isFilled(match[2])) position = 2;

  const lowVersion = `${bumpVersion(match, position, 0)}-dev`;
  const highVersion = `${bumpVersion(match, position, 1)}-dev`;
  if (lowVersion === '0.0.0.0-dev') return [versionConstraint('<', highVersion)];
  return [versionConstraint('>=', lowVersion), versionConstraint('<', highVersion)];
}

// `1.0 - 2.1`: inclusive, and a partial upper version covers everything it prefixes.
function parseHyphenRange(constraint: string): ComposerConstraint[] | undefined {
  const match = HYPHEN.exec(constraint);
  if (!match) return undefined;

  const lowSuffix = isEmpty(match[6]) && isEmpty(match[8]) && isEmpty(match[9]) ? '-dev' : '';
  const lowerBound = versionConstraint('>=', normalizeVersion(match.groups!.from!) + lowSuffix);

  const exactUpper =
    (isFilled(match[12]) && isFilled(match[13])) || !isEmpty(match[15]) || !isEmpty(match[17]) || !isEmpty(match[18]);
  if (exactUpper) return [lowerBound, versionConstraint('<=', normalizeVersion(match.groups!.to!))];

  // The upper version is only checked here: its bound is built from its numbers.
  normalizeVersion(match.groups!.to!);
  const upperNumbers = ['', match[11], match[12], match[13], match[14]];
  const highVersion = `${bumpVersion(upperNumbers, isFilled(match[12]) ? 2 : 1, 1)}-dev`;
  return [lowerBound, versionConstraint('<', highVersion)];
}

// `>=1.0`, `!=1.2.3`, `1.0` (an exact version) and branch names.
function parseComparison(constraint: string, stabilityModifier: string | undefined): ComposerConstraint[] {
  const match = COMPARATOR.exec(constraint)!;
  const operatorText = match[1] ?? '';
  const versionText = match[2]!;

  let version: string;
  try {
    version = normalizeVersion(versionText);
  } catch (err) {
    if (!(err instanceof ComposerParseError)) throw err;
    // `foo-dev` is read as the branch `dev-foo`, for constraints written before branches took the prefix.
    if (!(versionText.endsWith('-dev') && BRANCH_LIKE.test(versionText))) {
      throw new ComposerParseError(`Could not parse version constraint ${constraint}: ${err.message}`);
    }
    version = normalizeVersion(`dev-${versionText.slice(0, -4)}`);
  }

  const operator = operatorText === '' ? '=' : operatorText;
  if (operator !== '==' && operator !== '=' && stabilityModifier !== undefined && stabilityModifier !== '' && parseStability(version) === 'stable') {
    version += `-${stabilityModifier}`;
  } else if (operator === '<' || operator === '>=') {
    // `<1.0` and `>=1.0` also cover 1.0's pre-releases, unless a stability is given.
    if (!PRE_RELEASE_SUFFIX.test(asciiLowerCase(versionText)) && !versionText.startsWith('dev-')) version += '-dev';
  }

  return [versionConstraint(toOperator(operator), version)];
}

function toOperator(text: string): ConstraintOperator {
  if (text === '=' || text === '==') return '==';
  if (text === '<>' || text === '!=') return '!=';
  return text as ConstraintOperator;
}

/**
 * Pads the numbers after `position` with zeros and adds `increment` to the
 * number at `position`, as manipulateVersionString does. Groups 1-4 of
 * `numbers` are the four numbers.
 */
function bumpVersion(numbers: ArrayLike<string | undefined>, position: number, increment: number): string {
  const parts: string[] = [];
  for (let index = 1; index <= 4; index++) {
    const number = numbers[index] ?? '';
    if (index > position) parts.push('0');
    else if (index === position && increment !== 0) parts.push(addToNumber(number, increment));
    else parts.push(number);
  }
  return parts.join('.');
}

const PHP_INT_MAX = 9223372036854775807n;

/**
 * Adds to a number as PHP's `+=` does: a result above PHP_INT_MAX becomes a
 * float, which PHP prints with 14 significant digits (`9.2233720368548E+18`).
 */
function addToNumber(number: string, increment: number): string {
  const value = BigInt(number === '' ? '0' : number);
  const sum = value + BigInt(increment);
  if (value <= PHP_INT_MAX && sum <= PHP_INT_MAX) return sum.toString();
  return formatPhpFloat(Number(number) + increment);
}

/** Prints a large float as PHP does with its default precision of 14: `1.0E+20`, `1.234569223372E+24`. */
function formatPhpFloat(value: number): string {
  const [digits, exponent] = value.toExponential(13).split('e') as [string, string];
  let mantissa = digits.replace(/\.?0+$/, '');
  if (!mantissa.includes('.')) mantissa += '.0';
  return `${mantissa}E${exponent.startsWith('-') ? '-' : '+'}${exponent.replace(/^[+-]/, '')}`;
}
