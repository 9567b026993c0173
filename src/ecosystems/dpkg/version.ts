// Debian package versions, `[epoch:]upstream[-revision]`, ordered as
// dpkg 1.21 orders them: lib/dpkg/version.c and parseversion in
// lib/dpkg/parsehelp.c. Debian Policy 5.6.12 describes the same rules.
import { InvalidVersionError, type VersionScheme } from '../../versioning/types.js';

export interface DpkgVersion {
  /** Epoch before the first colon, or 0 when the version has none. */
  epoch: number;
  /** Upstream version: between the epoch and the last hyphen. */
  upstream: string;
  /** Debian revision after the last hyphen, or empty when there is none. */
  revision: string;
}

/**
 * Offsets of the parts of one version string, found without copying it,
 * and the first syntax problem dpkg's parseversion reports. dpkg rejects a
 * version with a fatal problem, and only warns about the others (an
 * upstream version that does not start with a digit, a character outside
 * the allowed set) but still orders the version.
 */
class VersionLayout {
  epoch = 0;
  upstreamStart = 0;
  upstreamEnd = 0;
  revisionStart = 0;
  revisionEnd = 0;
  problem: string | undefined = undefined;
  fatal = false;
  nonAscii = false;
}

const EPOCH_MAX = 2147483647;

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_TILDE = 126;
const CODE_COLON = 58;
const CODE_HYPHEN = 45;
const CODE_PLUS = 43;
const CODE_DOT = 46;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

// strtol skips isspace() characters before the number; space and tab are
// already trimmed here, so only these are left.
function isOtherSpace(code: number): boolean {
  return code >= 10 && code <= 13;
}

function isUpstreamChar(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code) || code === CODE_DOT || code === CODE_HYPHEN ||
    code === CODE_PLUS || code === CODE_TILDE || code === CODE_COLON;
}

function isRevisionChar(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code) || code === CODE_DOT || code === CODE_PLUS || code === CODE_TILDE;
}

function fatal(layout: VersionLayout, reason: string): VersionLayout {
  layout.problem = reason;
  layout.fatal = true;
  return layout;
}

/**
 * Parses the epoch in [start, colon) as strtol(3) does: optional leading
 * white space and sign, then digits that must run up to the colon.
 * Returns the epoch, or a reason string when dpkg rejects it.
 */
function parseEpoch(version: string, start: number, colon: number): number | string {
  let i = start;
  while (i < colon && isOtherSpace(version.charCodeAt(i))) i++;

  let negative = false;
  const sign = version.charCodeAt(i);
  if (i < colon && (sign === CODE_PLUS || sign === CODE_HYPHEN)) {
    negative = sign === CODE_HYPHEN;
    i++;
  }

  const digitsStart = i;
  while (i < colon && isDigit(version.charCodeAt(i))) i++;
  if (i === digitsStart) return 'epoch in version is empty';
  if (i !== colon) return 'epoch in version is not number';

  let significant = digitsStart;
  while (significant < colon - 1 && version.charCodeAt(significant) === CODE_0) significant++;
  if (colon - significant > 10) return negative ? 'epoch in version is negative' : 'epoch in version is too big';

  const value = Number(version.slice(significant, colon));
  if (negative && value !== 0) return 'epoch in version is negative';
  if (value > EPOCH_MAX) return 'epoch in version is too big';
  return value;
}

/**
 * Locates epoch, upstream version and revision, checking them as
 * parseversion does. Fills `layout`, a fresh one unless the caller reuses
 * its own.
 */
function layoutOf(version: string, layout = new VersionLayout()): VersionLayout {
  layout.epoch = 0;
  layout.upstreamStart = 0;
  layout.upstreamEnd = 0;
  layout.revisionStart = 0;
  layout.revisionEnd = 0;
  layout.problem = undefined;
  layout.fatal = false;
  layout.nonAscii = false;

  let start = 0;
  let end = version.length;
  while (start < end && isBlank(version.charCodeAt(start))) start++;
  if (start === end) return fatal(layout, 'version string is empty');
  while (isBlank(version.charCodeAt(end - 1))) end--;

  // One pass finds the first colon, the last hyphen, embedded blanks and
  // any character beyond ASCII.
  let colon = -1;
  let hyphen = -1;
  for (let i = start; i < end; i++) {
    const code = version.charCodeAt(i);
    if (isBlank(code)) return fatal(layout, 'version string has embedded spaces');
    if (code === CODE_COLON && colon < 0) colon = i;
    else if (code === CODE_HYPHEN) hyphen = i;
    else if (code > 127) layout.nonAscii = true;
  }

  let upstreamStart = start;
  if (colon >= 0) {
    const epoch = parseEpoch(version, start, colon);
    if (typeof epoch === 'string') return fatal(layout, epoch);
    if (colon + 1 === end) return fatal(layout, 'nothing after colon in version number');
    layout.epoch = epoch;
    upstreamStart = colon + 1;
  }

  // The revision follows the last hyphen, unless that hyphen is the sign of
  // the epoch, which parseEpoch has already read.
  let upstreamEnd = end;
  if (hyphen >= upstreamStart) {
    if (hyphen + 1 === end) return fatal(layout, 'revision number is empty');
    upstreamEnd = hyphen;
    layout.revisionStart = hyphen + 1;
    layout.revisionEnd = end;
  }
  if (upstreamEnd === upstreamStart) return fatal(layout, 'version number is empty');
  layout.upstreamStart = upstreamStart;
  layout.upstreamEnd = upstreamEnd;

  layout.problem = warningOf(version, layout);
  return layout;
}

/** Returns the first problem dpkg only warns about, if any. */
function warningOf(version: string, layout: VersionLayout): string | undefined {
  if (!isDigit(version.charCodeAt(layout.upstreamStart))) return 'version number does not start with digit';
  for (let i = layout.upstreamStart + 1; i < layout.upstreamEnd; i++) {
    if (!isUpstreamChar(version.charCodeAt(i))) return 'invalid character in version number';
  }
  for (let i = layout.revisionStart; i < layout.revisionEnd; i++) {
    if (!isRevisionChar(version.charCodeAt(i))) return 'invalid character in revision number';
  }
  return undefined;
}

/**
 * Rewrites a string so that each UTF-16 code unit contains one byte of its
 * UTF-8 encoding, because dpkg compares bytes. Only versions with
 * characters beyond ASCII, which dpkg warns about, take this path.
 */
function toByteString(version: string): string {
  return Buffer.from(version, 'utf8').toString('latin1');
}

/**
 * Weight of a non-digit character in verrevcmp: `~` before the end of the
 * string, the end before letters, letters before everything else.
 */
function order(code: number): number {
  if (isDigit(code)) return 0;
  if (isAsciiLetter(code)) return code;
  if (code === CODE_TILDE) return -1;
  // dpkg reads bytes as signed char on amd64, so a byte above 127 weighs
  // (byte - 256) + 256: after letters, before ASCII punctuation.
  if (code > 127) return code;
  if (code !== 0) return code + 256;
  return 0;
}

/**
 * Compares two version fragments as dpkg's verrevcmp does: alternating
 * runs of non-digits (compared character by character with `order`) and
 * digits (compared as numbers of any length).
 */
function verrevcmp(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  let i = aStart;
  let j = bStart;

  while (i < aEnd || j < bEnd) {
    while ((i < aEnd && !isDigit(a.charCodeAt(i))) || (j < bEnd && !isDigit(b.charCodeAt(j)))) {
      const ac = i < aEnd ? order(a.charCodeAt(i)) : 0;
      const bc = j < bEnd ? order(b.charCodeAt(j)) : 0;
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }

    while (i < aEnd && a.charCodeAt(i) === CODE_0) i++;
    while (j < bEnd && b.charCodeAt(j) === CODE_0) j++;

    let firstDiff = 0;
    while (i < aEnd && j < bEnd && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }

    if (i < aEnd && isDigit(a.charCodeAt(i))) return 1;
    if (j < bEnd && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }

  return 0;
}

/** Throws InvalidVersionError for a version dpkg rejects outright. */
function checkedLayout(version: string, layout?: VersionLayout): VersionLayout {
  const checked = layoutOf(version, layout);
  if (checked.fatal) throw new InvalidVersionError('dpkg', version, checked.problem ?? 'invalid');
  return checked;
}

/**
 * Splits a Debian version into epoch, upstream version and revision.
 * Throws InvalidVersionError when dpkg rejects the version, but returns the
 * parts of a version dpkg only warns about.
 */
export function parseDpkgVersion(version: string): DpkgVersion {
  const layout = checkedLayout(version);
  return {
    epoch: layout.epoch,
    upstream: version.slice(layout.upstreamStart, layout.upstreamEnd),
    revision: version.slice(layout.revisionStart, layout.revisionEnd),
  };
}

// The functions below run to completion without calling out, so they can
// reuse these layouts instead of allocating.
const leftLayout = new VersionLayout();
const rightLayout = new VersionLayout();
const probeLayout = new VersionLayout();

/** Orders two Debian versions: epoch, then upstream version, then revision. */
export function compareDpkgVersions(a: string, b: string): number {
  const left = checkedLayout(a, leftLayout);
  const right = checkedLayout(b, rightLayout);

  if (left.nonAscii) {
    a = toByteString(a);
    layoutOf(a, left);
  }
  if (right.nonAscii) {
    b = toByteString(b);
    layoutOf(b, right);
  }

  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;

  const upstream = verrevcmp(a, left.upstreamStart, left.upstreamEnd, b, right.upstreamStart, right.upstreamEnd);
  if (upstream !== 0) return Math.sign(upstream);

  return Math.sign(verrevcmp(a, left.revisionStart, left.revisionEnd, b, right.revisionStart, right.revisionEnd));
}

/** Returns why dpkg rejects or warns about a version, or undefined when it is valid. */
export function explainInvalidDpkgVersion(version: string): string | undefined {
  return layoutOf(version, probeLayout).problem;
}

export const dpkgScheme: VersionScheme = {
  name: 'dpkg',
  isValid: (version) => layoutOf(version, probeLayout).problem === undefined,
  compare: compareDpkgVersions,
  explainInvalid: explainInvalidDpkgVersion,
};
