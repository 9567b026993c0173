// RPM package versions, `[epoch:]version[-release]`, ordered as rpm 4.18
// orders them: rpmvercmp() in rpmvercmp.c for each part, parseEVR() and
// rpmverCmp() in rpmio/rpmver.c for the split and the part-by-part order,
// which is also what python3-rpm's labelCompare returns.
import { InvalidVersionError, type VersionScheme } from '../../versioning/types.js';

export interface RpmEvr {
  /** Digits before the colon, or undefined when the version has no epoch (rpm then uses "0"). */
  epoch: string | undefined;
  /** Version: after the epoch's colon, up to the last hyphen. */
  version: string;
  /** Release after the last hyphen, or undefined when there is no hyphen. */
  release: string | undefined;
}

/**
 * Offsets of the parts of one EVR string, found without copying it, and
 * the first reason the string is not a valid version. A missing epoch or
 * release has its start at -1.
 */
class EvrLayout {
  epochStart = -1;
  epochEnd = -1;
  versionStart = 0;
  versionEnd = 0;
  releaseStart = -1;
  releaseEnd = -1;
  problem: string | undefined = undefined;
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_TILDE = 126;
const CODE_CARET = 94;
const CODE_COLON = 58;
const CODE_HYPHEN = 45;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

// rpm's risalpha() and risdigit() accept ASCII only, so every byte of a
// character beyond ASCII is a separator.
function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True for the characters rpmvercmp skips between segments: all but letters, digits, `~` and `^`. */
function isSeparator(code: number): boolean {
  return !isDigit(code) && !isAsciiLetter(code) && code !== CODE_TILDE && code !== CODE_CARET;
}

function isSpaceOrControl(code: number): boolean {
  return code <= 32 || code === 127;
}

/**
 * Compares a[aStart, aEnd) with b[bStart, bEnd) as rpm's rpmvercmp does.
 * Separators only split segments. A tilde sorts before anything, even the
 * end of the string. A caret sorts after the end of the string but before
 * any other segment. Digit segments compare as numbers of any length and
 * sort above letter segments. Letter segments compare as ASCII strings.
 */
function compareSegments(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  let i = aStart;
  let j = bStart;

  while (i < aEnd || j < bEnd) {
    while (i < aEnd && isSeparator(a.charCodeAt(i))) i++;
    while (j < bEnd && isSeparator(b.charCodeAt(j))) j++;
    const aCode = i < aEnd ? a.charCodeAt(i) : 0;
    const bCode = j < bEnd ? b.charCodeAt(j) : 0;

    if (aCode === CODE_TILDE || bCode === CODE_TILDE) {
      if (aCode !== CODE_TILDE) return 1;
      if (bCode !== CODE_TILDE) return -1;
      i++;
      j++;
      continue;
    }

    if (aCode === CODE_CARET || bCode === CODE_CARET) {
      if (i >= aEnd) return -1;
      if (j >= bEnd) return 1;
      if (aCode !== CODE_CARET) return 1;
      if (bCode !== CODE_CARET) return -1;
      i++;
      j++;
      continue;
    }

    if (i >= aEnd || j >= bEnd) break;

    // Both sides take a segment of the type that starts a's segment. An
    // empty segment on b's side means that b has the other type there.
    const numeric = isDigit(aCode);
    const isSegmentChar = numeric ? isDigit : isAsciiLetter;
    let aSegmentEnd = i;
    let bSegmentEnd = j;
    while (aSegmentEnd < aEnd && isSegmentChar(a.charCodeAt(aSegmentEnd))) aSegmentEnd++;
    while (bSegmentEnd < bEnd && isSegmentChar(b.charCodeAt(bSegmentEnd))) bSegmentEnd++;
    if (bSegmentEnd === j) return numeric ? 1 : -1;

    if (numeric) {
      while (i < aSegmentEnd && a.charCodeAt(i) === CODE_0) i++;
      while (j < bSegmentEnd && b.charCodeAt(j) === CODE_0) j++;
      const aLength = aSegmentEnd - i;
      const bLength = bSegmentEnd - j;
      if (aLength !== bLength) return aLength > bLength ? 1 : -1;
    }

    const result = compareText(a, i, aSegmentEnd, b, j, bSegmentEnd);
    if (result !== 0) return result;
    i = aSegmentEnd;
    j = bSegmentEnd;
  }

  if (i >= aEnd && j >= bEnd) return 0;
  return i >= aEnd ? -1 : 1;
}

/** strcmp() on two ASCII ranges, as -1, 0 or 1. */
function compareText(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  const common = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < common; k++) {
    const diff = a.charCodeAt(aStart + k) - b.charCodeAt(bStart + k);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  const lengthDiff = (aEnd - aStart) - (bEnd - bStart);
  if (lengthDiff === 0) return 0;
  return lengthDiff < 0 ? -1 : 1;
}

/**
 * Compares two version strings with rpm's rpmvercmp alone, without
 * splitting off an epoch or release. Every string has an order here, as
 * in rpm. Callers with whole EVRs want `compareRpmVersions` instead.
 */
export function rpmvercmp(a: string, b: string): number {
  return compareSegments(a, 0, a.length, b, 0, b.length);
}

/**
 * Locates epoch, version and release as rpm's parseEVR does: an epoch is
 * the run of digits at the start when a colon follows it, and the release
 * follows the last hyphen. Then checks the rules `isValid` documents.
 */
function layoutOf(evr: string, layout = new EvrLayout()): EvrLayout {
  layout.epochStart = -1;
  layout.epochEnd = -1;
  layout.versionStart = 0;
  layout.versionEnd = evr.length;
  layout.releaseStart = -1;
  layout.releaseEnd = -1;
  layout.problem = undefined;

  if (evr === '') {
    layout.problem = 'version is empty';
    return layout;
  }

  let colon = -1;
  let hyphen = -1;
  for (let i = 0; i < evr.length; i++) {
    const code = evr.charCodeAt(i);
    if (isSpaceOrControl(code)) {
      layout.problem = `white space or control character at offset ${i}`;
      return layout;
    }
    if (code === CODE_COLON) {
      if (colon >= 0) {
        layout.problem = `second colon at offset ${i}: only the epoch is followed by a colon`;
        return layout;
      }
      colon = i;
    } else if (code === CODE_HYPHEN) {
      hyphen = i;
    }
  }

  if (colon >= 0) {
    if (colon === 0) {
      layout.problem = 'epoch before the colon is empty';
      return layout;
    }
    for (let i = 0; i < colon; i++) {
      if (!isDigit(evr.charCodeAt(i))) {
        layout.problem = 'epoch before the colon is not a number';
        return layout;
      }
    }
    layout.epochStart = 0;
    layout.epochEnd = colon;
    layout.versionStart = colon + 1;
  }

  if (hyphen >= 0) {
    layout.versionEnd = hyphen;
    layout.releaseStart = hyphen + 1;
    layout.releaseEnd = evr.length;
    if (layout.releaseStart === layout.releaseEnd) {
      layout.problem = 'release after the last hyphen is empty';
      return layout;
    }
  }

  if (layout.versionStart === layout.versionEnd) layout.problem = 'version between epoch and release is empty';
  return layout;
}

/** Throws InvalidVersionError for a string `isValid` rejects. */
function checkedLayout(evr: string, layout?: EvrLayout): EvrLayout {
  const checked = layoutOf(evr, layout);
  if (checked.problem !== undefined) throw new InvalidVersionError('rpm', evr, checked.problem);
  return checked;
}

/**
 * Splits an RPM version into epoch, version and release.
 * Throws InvalidVersionError for a string `isValid` rejects.
 */
export function parseEvr(evr: string): RpmEvr {
  const layout = checkedLayout(evr);
  return {
    epoch: layout.epochStart < 0 ? undefined : evr.slice(layout.epochStart, layout.epochEnd),
    version: evr.slice(layout.versionStart, layout.versionEnd),
    release: layout.releaseStart < 0 ? undefined : evr.slice(layout.releaseStart, layout.releaseEnd),
  };
}

/** Writes an EVR back as `[epoch:]version[-release]`, the form `parseEvr` reads. */
export function formatEvr(evr: RpmEvr): string {
  const epoch = evr.epoch === undefined ? '' : `${evr.epoch}:`;
  const release = evr.release === undefined ? '' : `-${evr.release}`;
  return `${epoch}${evr.version}${release}`;
}

// Compare runs to completion without calling out, so it can reuse these
// layouts instead of allocating.
const leftLayout = new EvrLayout();
const rightLayout = new EvrLayout();
const probeLayout = new EvrLayout();

const DEFAULT_EPOCH = '0';

/** Compares the epochs with rpmvercmp, reading a missing epoch as "0" as rpmverCmp does. */
function compareEpochs(a: string, left: EvrLayout, b: string, right: EvrLayout): number {
  if (left.epochStart < 0 && right.epochStart < 0) return 0;
  if (left.epochStart < 0) return compareSegments(DEFAULT_EPOCH, 0, 1, b, right.epochStart, right.epochEnd);
  if (right.epochStart < 0) return compareSegments(a, left.epochStart, left.epochEnd, DEFAULT_EPOCH, 0, 1);
  return compareSegments(a, left.epochStart, left.epochEnd, b, right.epochStart, right.epochEnd);
}

/**
 * Orders two RPM versions as python3-rpm's labelCompare does: the epochs
 * (a missing epoch is 0), then the versions, then the releases, each with
 * rpmvercmp. A missing release sorts below any release.
 */
export function compareRpmVersions(a: string, b: string): number {
  const left = checkedLayout(a, leftLayout);
  const right = checkedLayout(b, rightLayout);

  const epoch = compareEpochs(a, left, b, right);
  if (epoch !== 0) return epoch;

  const version = compareSegments(a, left.versionStart, left.versionEnd, b, right.versionStart, right.versionEnd);
  if (version !== 0) return version;

  const leftHasRelease = left.releaseStart >= 0;
  const rightHasRelease = right.releaseStart >= 0;
  if (!leftHasRelease || !rightHasRelease) {
    if (leftHasRelease === rightHasRelease) return 0;
    return leftHasRelease ? 1 : -1;
  }
  return compareSegments(a, left.releaseStart, left.releaseEnd, b, right.releaseStart, right.releaseEnd);
}

/** Returns why a string is not a valid RPM version, or undefined when it is valid. */
export function explainInvalidRpmVersion(evr: string): string | undefined {
  return layoutOf(evr, probeLayout).problem;
}

/**
 * rpm itself orders any string, so validity here is a rule of this
 * project: not empty, no white space or control characters, an epoch of
 * ASCII digits when a colon is present and no second colon, and non-empty
 * version and release parts. Characters rpm skips as separators (`.`, `_`,
 * `+`, anything beyond ASCII) are valid.
 */
export const rpmScheme: VersionScheme = {
  name: 'rpm',
  isValid: (evr) => layoutOf(evr, probeLayout).problem === undefined,
  compare: compareRpmVersions,
  explainInvalid: explainInvalidRpmVersion,
};
