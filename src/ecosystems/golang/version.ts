// Go versions, in the three forms a vulnerability scanner meets:
//
// - module versions `v1.2.3-pre+build`, ordered as golang.org/x/mod/semver
//   (semver/semver.go: Compare, IsValid, Canonical). Pseudo-versions such as
//   v0.0.0-20191109021931-daa7c04131f5 are prereleases there and need no
//   rule of their own;
// - the same without the `v`, `1.2.3`, which is how OSV's Go ecosystem
//   writes every version in its ranges, the standard library's included;
// - toolchain versions `go1.21.3`, `go1.21rc2`, `go1.21`, ordered as Go's
//   go/version package (src/go/version/version.go and
//   src/internal/gover/gover.go at golang/go commit 337f922303a0).
//
// Two toolchain versions compare with go/version. Any other pair compares
// as module versions, a toolchain version first converted the way
// govulncheck's GoTagToSemver does (golang/vuln internal/semver/semver.go).
import { InvalidVersionError, type VersionScheme } from '../../versioning/types.js';

/** A module version split as x/mod/semver's parse does; numbers stay decimal strings. */
export interface GoSemver {
  major: string;
  minor: string;
  patch: string;
  /** `.0.0` or `.0` when the version was the shorthand `vMAJOR` or `vMAJOR.MINOR`, else empty. */
  short: string;
  /** Prerelease with its leading `-`, or empty. */
  prerelease: string;
  /** Build metadata with its leading `+`, or empty; ignored in ordering. */
  build: string;
}

/** A toolchain version split as internal/gover's Parse does; an empty string marks a missing part. */
export interface GoToolchainVersion {
  major: string;
  minor: string;
  /** Empty for a prerelease without a patch (`1.21rc1`) and for a language version from 1.21 on (`1.21`). */
  patch: string;
  /** Prerelease kind: lower-case letters such as `alpha`, `beta`, `rc`, or empty for a release. */
  kind: string;
  /** Prerelease number after the kind, or empty. */
  pre: string;
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_HYPHEN = 45;
const CODE_PLUS = 43;
const CODE_LOWER_A = 97;
const CODE_LOWER_Z = 122;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isIdentifierChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= CODE_LOWER_A && code <= CODE_LOWER_Z) ||
    code === CODE_HYPHEN;
}

/** Returns the end of the decimal number at `start`, or -1 when there is none or it has a leading zero. */
function numberEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  if (end === start) return -1;
  if (text.charCodeAt(start) === CODE_0 && end - start > 1) return -1;
  return end;
}

/** Compares two decimal strings without leading zeros as numbers of any size (compareInt, CmpInt). */
function compareDecimal(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function compareStrings(x: string, y: string): number {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

// ---------------------------------------------------------------------------
// Module versions (golang.org/x/mod/semver)

/** True for a prerelease identifier that is all digits with a leading zero (isBadNum). */
function isBadNumber(text: string, start: number, end: number): boolean {
  if (end - start < 2 || text.charCodeAt(start) !== CODE_0) return false;
  for (let i = start; i < end; i++) {
    if (!isDigit(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * Returns the end of the dot-separated identifiers that start at `start`
 * (after the `-` or `+`), or a reason they are malformed. A prerelease ends
 * at `+`; build metadata runs to the end.
 */
function identifiersEnd(text: string, start: number, prerelease: boolean): number | string {
  const part = prerelease ? 'prerelease' : 'build metadata';
  let i = start;
  let identifierStart = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (prerelease && code === CODE_PLUS) break;
    if (code === CODE_DOT) {
      if (identifierStart === i) return `empty ${part} identifier at offset ${i}`;
      if (prerelease && isBadNumber(text, identifierStart, i)) return `numeric prerelease identifier with a leading zero at offset ${identifierStart}`;
      identifierStart = i + 1;
    } else if (!isIdentifierChar(code)) {
      return `character "${text[i]}" at offset ${i} is not allowed in ${part}: use [0-9A-Za-z-]`;
    }
  }
  if (identifierStart === i) return `empty ${part} identifier at offset ${i}`;
  if (prerelease && isBadNumber(text, identifierStart, i)) return `numeric prerelease identifier with a leading zero at offset ${identifierStart}`;
  return i;
}

/**
 * Parses `vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]` as x/mod/semver's
 * parse does, from `start` (just after the `v`). Returns the parts, or the
 * reason the string is not a valid version.
 */
function parseSemverFrom(text: string, start: number): GoSemver | string {
  const majorEnd = numberEnd(text, start);
  if (majorEnd < 0) return `major version at offset ${start} is missing or has a leading zero`;
  const major = text.slice(start, majorEnd);
  if (majorEnd === text.length) return { major, minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (text.charCodeAt(majorEnd) !== CODE_DOT) return `expected "." after the major version at offset ${majorEnd}; vMAJOR takes no suffix`;

  const minorEnd = numberEnd(text, majorEnd + 1);
  if (minorEnd < 0) return `minor version at offset ${majorEnd + 1} is missing or has a leading zero`;
  const minor = text.slice(majorEnd + 1, minorEnd);
  if (minorEnd === text.length) return { major, minor, patch: '0', short: '.0', prerelease: '', build: '' };
  if (text.charCodeAt(minorEnd) !== CODE_DOT) return `expected "." after the minor version at offset ${minorEnd}; vMAJOR.MINOR takes no suffix`;

  const patchEnd = numberEnd(text, minorEnd + 1);
  if (patchEnd < 0) return `patch version at offset ${minorEnd + 1} is missing or has a leading zero`;
  const patch = text.slice(minorEnd + 1, patchEnd);

  let rest = patchEnd;
  let prerelease = '';
  if (text.charCodeAt(rest) === CODE_HYPHEN) {
    const end = identifiersEnd(text, rest + 1, true);
    if (typeof end === 'string') return end;
    prerelease = text.slice(rest, end);
    rest = end;
  }

  let build = '';
  if (text.charCodeAt(rest) === CODE_PLUS) {
    const end = identifiersEnd(text, rest + 1, false);
    if (typeof end === 'string') return end;
    build = text.slice(rest, end);
    rest = end;
  }

  if (rest !== text.length) return `unexpected "${text.slice(rest)}" at offset ${rest}`;
  return { major, minor, patch, short: '', prerelease, build };
}

/**
 * Returns the offset where the semver text starts: after the `v`, or 0 for
 * OSV's form without it. So `0` reads as v0.0.0, which is above v0.0.0's
 * pseudo-versions; OSV's `introduced: "0"`, which means "from the first
 * version", is for the range evaluator to handle.
 */
function semverStart(version: string): number {
  return version.startsWith('v') ? 1 : 0;
}

/**
 * Parses a Go module version, `v1.2.3` or OSV's `1.2.3`.
 * Throws InvalidVersionError when x/mod/semver would not accept it with a `v`.
 */
export function parseGoSemver(version: string): GoSemver {
  const parsed = parseSemverFrom(version, semverStart(version));
  if (typeof parsed === 'string') throw new InvalidVersionError('golang', version, parsed);
  return parsed;
}

/**
 * Returns the canonical form x/mod/semver's Canonical gives: shorthands
 * filled in, build metadata dropped, always with the `v`. Two module
 * versions are equal exactly when their canonical forms are. Returns the
 * empty string for an invalid version, as Canonical does.
 */
export function canonicalGoSemver(version: string): string {
  const parsed = parseSemverFrom(version, semverStart(version));
  if (typeof parsed === 'string') return '';
  return `v${parsed.major}.${parsed.minor}.${parsed.patch}${parsed.prerelease}`;
}

/** Returns the index where the dot-separated identifier at `start` ends. */
function identifierEnd(text: string, start: number): number {
  const dot = text.indexOf('.', start);
  return dot < 0 ? text.length : dot;
}

function isNumeric(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!isDigit(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * Orders two prereleases (each empty or starting with `-`) as SemVer 2.0.0
 * and comparePrerelease do: no prerelease sorts last, then identifier by
 * identifier, numbers below words, and a longer list above its prefix.
 */
function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;

  let i = 1;
  let j = 1;
  for (;;) {
    const xEnd = identifierEnd(x, i);
    const yEnd = identifierEnd(y, j);
    const xNumeric = isNumeric(x, i, xEnd);
    const yNumeric = isNumeric(y, j, yEnd);
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    if (xNumeric && xEnd - i !== yEnd - j) return xEnd - i < yEnd - j ? -1 : 1;

    const common = Math.min(xEnd - i, yEnd - j);
    for (let k = 0; k < common; k++) {
      const diff = x.charCodeAt(i + k) - y.charCodeAt(j + k);
      if (diff !== 0) return diff < 0 ? -1 : 1;
    }
    if (xEnd - i !== yEnd - j) return xEnd - i < yEnd - j ? -1 : 1;

    if (xEnd === x.length || yEnd === y.length) {
      if (xEnd === x.length && yEnd === y.length) return 0;
      return xEnd === x.length ? -1 : 1;
    }
    i = xEnd + 1;
    j = yEnd + 1;
  }
}

function compareSemver(x: GoSemver, y: GoSemver): number {
  return compareDecimal(x.major, y.major) ||
    compareDecimal(x.minor, y.minor) ||
    compareDecimal(x.patch, y.patch) ||
    comparePrerelease(x.prerelease, y.prerelease);
}

// ---------------------------------------------------------------------------
// Toolchain versions (go/version, internal/gover)

/** Parses what follows the numbers: lower-case letters, then an optional number (parsePreRelease). */
function parseToolchainPrerelease(text: string, start: number, version: GoToolchainVersion): boolean {
  let i = start;
  while (i < text.length && !isDigit(text.charCodeAt(i))) {
    const code = text.charCodeAt(i);
    if (code < CODE_LOWER_A || code > CODE_LOWER_Z) return false;
    i++;
  }
  if (i === start) return false;
  version.kind = text.slice(start, i);
  if (i === text.length) return true;

  const end = numberEnd(text, i);
  if (end !== text.length) return false;
  version.pre = text.slice(i, end);
  return true;
}

/**
 * Parses the text after `go` as gover.Parse does. Patch is set to "0" for
 * `1.N` with N below 21, because those releases were named without `.0`.
 */
function parseGover(text: string): GoToolchainVersion | undefined {
  const version: GoToolchainVersion = { major: '', minor: '', patch: '', kind: '', pre: '' };

  const majorEnd = numberEnd(text, 0);
  if (majorEnd < 0) return undefined;
  version.major = text.slice(0, majorEnd);
  if (majorEnd === text.length) {
    version.minor = '0';
    version.patch = '0';
    return version;
  }
  if (text.charCodeAt(majorEnd) !== CODE_DOT) return undefined;

  const minorEnd = numberEnd(text, majorEnd + 1);
  if (minorEnd < 0) return undefined;
  version.minor = text.slice(majorEnd + 1, minorEnd);
  if (minorEnd === text.length) {
    if (compareDecimal(version.minor, '21') < 0) version.patch = '0';
    return version;
  }

  if (text.charCodeAt(minorEnd) === CODE_DOT) {
    const patchEnd = numberEnd(text, minorEnd + 1);
    if (patchEnd < 0) return undefined;
    version.patch = text.slice(minorEnd + 1, patchEnd);
    if (patchEnd === text.length) return version;
    return parseToolchainPrerelease(text, patchEnd, version) ? version : undefined;
  }

  return parseToolchainPrerelease(text, minorEnd, version) ? version : undefined;
}

/** True when the string takes the toolchain path: it starts with `go`. */
function isToolchainForm(version: string): boolean {
  return version.startsWith('go');
}

/**
 * Parses a toolchain version such as `go1.21.3`, `go1.21rc2` or
 * `go1.21.0-bigcorp` as go/version does: the text from the first `-` on is
 * a custom toolchain suffix and is ignored. Returns undefined when
 * go/version's IsValid is false.
 */
export function parseGoToolchainVersion(version: string): GoToolchainVersion | undefined {
  if (!isToolchainForm(version)) return undefined;
  const hyphen = version.indexOf('-');
  return parseGover(version.slice(2, hyphen < 0 ? version.length : hyphen));
}

/** Writes a parsed toolchain version back as `go…`, in a form that parses to an equal version. */
export function formatGoToolchainVersion(version: GoToolchainVersion): string {
  const patch = version.patch === '' ? '' : `.${version.patch}`;
  return `go${version.major}.${version.minor}${patch}${version.kind}${version.pre}`;
}

/**
 * Orders two toolchain versions as gover.Compare does. A language version
 * from 1.21 on sorts below its prereleases (1.21 < 1.21rc1 < 1.21.0). A
 * prerelease without a patch sorts below the release, which for versions
 * before 1.21 is `1.N` itself (1.20rc1 < 1.20 = 1.20.0).
 */
export function compareGoToolchainVersions(x: GoToolchainVersion, y: GoToolchainVersion): number {
  const numbers = compareDecimal(x.major, y.major) ||
    compareDecimal(x.minor, y.minor) ||
    compareDecimal(x.patch, y.patch);
  if (numbers !== 0) return numbers;

  // Kinds sort "" < alpha < beta < rc, but for a release with a patch
  // number the release itself sorts after its prereleases.
  const kind = compareStrings(x.kind, y.kind);
  if (kind !== 0) {
    if (x.patch !== '') {
      if (x.kind === '') return 1;
      if (y.kind === '') return -1;
    }
    return kind;
  }
  return compareDecimal(x.pre, y.pre);
}

/**
 * Converts a toolchain version to the module version OSV and the Go
 * vulnerability database use for the standard library, as govulncheck's
 * GoTagToSemver does: go1.21.3 → v1.21.3, go1.21rc2 → v1.21.0-rc.2,
 * go1.21 → v1.21.0, go1 → v1.0.0. Forms GoTagToSemver leaves out but
 * go/version accepts (alpha kinds, go1.0, a kind without a number) are
 * converted by the same pattern.
 */
export function goToolchainToSemver(version: GoToolchainVersion): GoSemver {
  let prerelease = '';
  if (version.kind !== '') prerelease = version.pre === '' ? `-${version.kind}` : `-${version.kind}.${version.pre}`;
  return {
    major: version.major,
    minor: version.minor === '' ? '0' : version.minor,
    patch: version.patch === '' ? '0' : version.patch,
    short: '',
    prerelease,
    build: '',
  };
}

// ---------------------------------------------------------------------------
// The scheme

const TOOLCHAIN_FORM = 'go1.N[.P][alpha|beta|rcN], such as go1.21.3 or go1.22rc1';

/** Returns why a string is not a Go version in any of the three forms, or undefined when it is valid. */
export function explainInvalidGoVersion(version: string): string | undefined {
  if (version === '') return 'version is empty';
  if (isToolchainForm(version)) {
    return parseGoToolchainVersion(version) === undefined ? `not a Go toolchain version: expected ${TOOLCHAIN_FORM}` : undefined;
  }
  const parsed = parseSemverFrom(version, semverStart(version));
  return typeof parsed === 'string' ? `${parsed}: expected vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]` : undefined;
}

/** Parses either form into a module version, and keeps the toolchain parse when there is one. */
function parseEither(version: string): { semver: GoSemver; toolchain: GoToolchainVersion | undefined } {
  if (isToolchainForm(version)) {
    const toolchain = parseGoToolchainVersion(version);
    if (toolchain === undefined) {
      throw new InvalidVersionError('golang', version, `not a Go toolchain version: expected ${TOOLCHAIN_FORM}`);
    }
    return { semver: goToolchainToSemver(toolchain), toolchain };
  }
  return { semver: parseGoSemver(version), toolchain: undefined };
}

/**
 * Orders two Go versions. Two toolchain versions compare as go/version
 * does. Otherwise both compare as module versions, with build metadata and
 * `+incompatible` ignored.
 * NOTE: a mixed pair converts the toolchain side first. Two kinds of
 * toolchain version then sort differently against module versions than
 * against the toolchain versions around them. One is a language version
 * from go1.21 on: go1.21 becomes v1.21.0 but sorts below go1.21rc1. The
 * other is a prerelease of a `.0` patch, such as go1.21.0rc1, a name Go
 * never released.
 */
export function compareGoVersions(a: string, b: string): number {
  const left = parseEither(a);
  const right = parseEither(b);
  if (left.toolchain !== undefined && right.toolchain !== undefined) {
    return compareGoToolchainVersions(left.toolchain, right.toolchain);
  }
  return compareSemver(left.semver, right.semver);
}

/**
 * Go's own Compare functions put every invalid string below every valid
 * one. Here an invalid version is rejected instead: `compare` throws
 * InvalidVersionError, so that a malformed version is reported rather than
 * matched as older than every fix.
 */
export const golangScheme: VersionScheme = {
  name: 'golang',
  isValid: (version) => explainInvalidGoVersion(version) === undefined,
  compare: compareGoVersions,
  explainInvalid: explainInvalidGoVersion,
};
