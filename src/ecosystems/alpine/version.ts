// Alpine package versions, `digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}`,
// ordered as apk-tools 3 orders them (src/version.c: a token reader and a
// token-by-token comparison).
import type { VersionScheme } from '../../versioning/types.js';

/** Token types, in the order apk allows them to follow one another. */
const enum Token {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  RevisionNumber,
  End,
  Invalid,
}

/**
 * Suffix weights: the pre-release suffixes sort below `None` (no suffix),
 * the others above it.
 */
const enum Suffix {
  Invalid,
  Alpha,
  Beta,
  Pre,
  Rc,
  None,
  Cvs,
  Svn,
  Git,
  Hg,
  P,
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_A = 97;
const CODE_F = 102;
const CODE_Z = 122;
const CODE_DOT = 46;
const CODE_UNDERSCORE = 95;
const CODE_TILDE = 126;
const CODE_HYPHEN = 45;
const CODE_R = 114;

// Digit runs this long or shorter are below 2^64, so comparing them as
// strings gives the numeric order without overflow.
const SAFE_DIGITS = 19;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isLowerLetter(code: number): boolean {
  return code >= CODE_A && code <= CODE_Z;
}

function isLowerHexDigit(code: number): boolean {
  return isDigit(code) || (code >= CODE_A && code <= CODE_F);
}

function suffixOf(version: string, start: number, end: number): Suffix {
  const length = end - start;
  const matches = (literal: string): boolean => length === literal.length && version.startsWith(literal, start);

  switch (version.charCodeAt(start)) {
    case 97: return matches('alpha') ? Suffix.Alpha : Suffix.Invalid;
    case 98: return matches('beta') ? Suffix.Beta : Suffix.Invalid;
    case 99: return matches('cvs') ? Suffix.Cvs : Suffix.Invalid;
    case 103: return matches('git') ? Suffix.Git : Suffix.Invalid;
    case 104: return matches('hg') ? Suffix.Hg : Suffix.Invalid;
    case 112:
      if (length === 1) return Suffix.P;
      return matches('pre') ? Suffix.Pre : Suffix.Invalid;
    case 114: return matches('rc') ? Suffix.Rc : Suffix.Invalid;
    case 115: return matches('svn') ? Suffix.Svn : Suffix.Invalid;
    default: return Suffix.Invalid;
  }
}

/**
 * Reads a version one token at a time. A token's text is kept as offsets
 * into the version, so reading allocates nothing.
 */
class TokenReader {
  version = '';
  position = 0;
  token: Token = Token.End;
  suffix: Suffix = Suffix.Invalid;
  valueStart = 0;
  valueEnd = 0;
  /** Offset where the current token starts, which locates an invalid token. */
  tokenStart = 0;

  first(version: string): void {
    this.version = version;
    this.position = 0;
    this.tokenStart = 0;
    this.token = Token.InitialDigit;
    this.readDigits();
  }

  next(): void {
    const version = this.version;
    this.tokenStart = this.position;
    if (this.position >= version.length) {
      this.token = Token.End;
      return;
    }

    const code = version.charCodeAt(this.position);
    if (isLowerLetter(code)) {
      this.readLetter();
    } else if (code === CODE_DOT || isDigit(code)) {
      this.readNumber(code === CODE_DOT);
    } else if (code === CODE_UNDERSCORE) {
      this.readSuffix();
    } else if (code === CODE_TILDE) {
      this.readCommitHash();
    } else if (code === CODE_HYPHEN) {
      this.readRevision();
    } else {
      this.token = Token.Invalid;
    }
  }

  private readLetter(): void {
    if (this.token > Token.Digit) {
      this.token = Token.Invalid;
      return;
    }
    this.valueStart = this.position;
    this.position++;
    this.valueEnd = this.position;
    this.token = Token.Letter;
  }

  private readNumber(afterDot: boolean): void {
    if (afterDot) {
      if (this.token > Token.Digit) {
        this.token = Token.Invalid;
        return;
      }
      this.position++;
    }

    if (this.token === Token.InitialDigit || this.token === Token.Digit) {
      this.token = Token.Digit;
    } else if (this.token === Token.Suffix) {
      this.token = Token.SuffixNumber;
    } else {
      this.token = Token.Invalid;
      return;
    }
    this.readDigits();
  }

  private readSuffix(): void {
    if (this.token > Token.SuffixNumber) {
      this.token = Token.Invalid;
      return;
    }
    this.position++;
    this.valueStart = this.position;
    while (this.position < this.version.length && isLowerLetter(this.version.charCodeAt(this.position))) {
      this.position++;
    }
    this.valueEnd = this.position;

    this.suffix = this.valueEnd > this.valueStart ? suffixOf(this.version, this.valueStart, this.valueEnd) : Suffix.Invalid;
    this.token = this.suffix === Suffix.Invalid ? Token.Invalid : Token.Suffix;
  }

  private readCommitHash(): void {
    if (this.token >= Token.CommitHash) {
      this.token = Token.Invalid;
      return;
    }
    this.position++;
    this.valueStart = this.position;
    while (this.position < this.version.length && isLowerHexDigit(this.version.charCodeAt(this.position))) {
      this.position++;
    }
    this.valueEnd = this.position;
    this.token = this.valueEnd > this.valueStart ? Token.CommitHash : Token.Invalid;
  }

  private readRevision(): void {
    if (this.token >= Token.RevisionNumber || this.version.charCodeAt(this.position + 1) !== CODE_R) {
      this.token = Token.Invalid;
      return;
    }
    this.position += 2;
    this.token = Token.RevisionNumber;
    this.readDigits();
  }

  /** Reads a run of decimal digits as the value of the current token. An empty run makes it invalid. */
  private readDigits(): void {
    this.valueStart = this.position;
    while (this.position < this.version.length && isDigit(this.version.charCodeAt(this.position))) {
      this.position++;
    }
    this.valueEnd = this.position;
    if (this.valueEnd === this.valueStart) this.token = Token.Invalid;
  }
}

/** Byte-wise order of two token texts, shorter first on a common prefix (apk_blob_sort). */
function compareText(a: TokenReader, b: TokenReader): number {
  const aLength = a.valueEnd - a.valueStart;
  const bLength = b.valueEnd - b.valueStart;
  const common = Math.min(aLength, bLength);
  for (let k = 0; k < common; k++) {
    const diff = a.version.charCodeAt(a.valueStart + k) - b.version.charCodeAt(b.valueStart + k);
    if (diff !== 0) return Math.sign(diff);
  }
  return Math.sign(aLength - bLength);
}

/**
 * Numeric order of two digit runs. apk-tools 3 reads them into a uint64_t,
 * so a number of 2^64 or more wraps around, and this does the same.
 * NOTE: some older apk-tools read into a 32-bit unsigned int, and no test
 * vector has a number this large.
 */
function compareNumbers(a: TokenReader, b: TokenReader): number {
  let aStart = a.valueStart;
  let bStart = b.valueStart;
  while (aStart < a.valueEnd - 1 && a.version.charCodeAt(aStart) === CODE_0) aStart++;
  while (bStart < b.valueEnd - 1 && b.version.charCodeAt(bStart) === CODE_0) bStart++;
  const aLength = a.valueEnd - aStart;
  const bLength = b.valueEnd - bStart;

  if (aLength > SAFE_DIGITS || bLength > SAFE_DIGITS) {
    const aValue = BigInt.asUintN(64, BigInt(a.version.slice(aStart, a.valueEnd)));
    const bValue = BigInt.asUintN(64, BigInt(b.version.slice(bStart, b.valueEnd)));
    if (aValue === bValue) return 0;
    return aValue < bValue ? -1 : 1;
  }

  if (aLength !== bLength) return aLength < bLength ? -1 : 1;
  for (let k = 0; k < aLength; k++) {
    const diff = a.version.charCodeAt(aStart + k) - b.version.charCodeAt(bStart + k);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** Compares two tokens of the same type (token_cmp in apk-tools). */
function compareTokens(a: TokenReader, b: TokenReader): number {
  switch (a.token) {
    case Token.Digit:
      // A leading zero after a dot makes the part a string, as in Gentoo's
      // version rules: 1.01 < 1.1 and 1.0 < 1.00.
      if (a.version.charCodeAt(a.valueStart) === CODE_0 || b.version.charCodeAt(b.valueStart) === CODE_0) {
        return compareText(a, b);
      }
      return compareNumbers(a, b);
    case Token.InitialDigit:
    case Token.SuffixNumber:
    case Token.RevisionNumber:
      return compareNumbers(a, b);
    case Token.Letter:
      return Math.sign(a.version.charCodeAt(a.valueStart) - b.version.charCodeAt(b.valueStart));
    case Token.Suffix:
      return Math.sign(a.suffix - b.suffix);
    default:
      return compareText(a, b);
  }
}

// Compare and validate run to completion without calling out, so the
// readers can be shared between calls.
const left = new TokenReader();
const right = new TokenReader();

/**
 * Orders two Alpine versions. Like apk, it orders invalid versions too:
 * tokens are compared until one side turns invalid, and an invalid token
 * sorts below any other token except a pre-release suffix.
 */
export function compareApkVersions(a: string, b: string): number {
  left.first(a);
  right.first(b);
  while (left.token === right.token && left.token < Token.End) {
    const result = compareTokens(left, right);
    if (result !== 0) return result;
    left.next();
    right.next();
  }

  if (left.token === right.token) return 0;

  // A version that goes on is greater, unless it goes on with a
  // pre-release suffix.
  if (left.token === Token.Suffix && left.suffix < Suffix.None) return -1;
  if (right.token === Token.Suffix && right.suffix < Suffix.None) return 1;
  if (left.token > right.token) return -1;
  return 1;
}

/** Returns the offset of the first token apk rejects, or -1 for a valid version. */
function invalidOffset(version: string): number {
  left.first(version);
  while (left.token < Token.End) left.next();
  return left.token === Token.End ? -1 : left.tokenStart;
}

/** Returns why apk rejects a version, or undefined when it is valid. */
export function explainInvalidApkVersion(version: string): string | undefined {
  if (version === '') return 'version is empty';
  const offset = invalidOffset(version);
  if (offset < 0) return undefined;
  return `unexpected "${version.slice(offset)}" at offset ${offset}: ` +
    'expected digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}';
}

export const apkScheme: VersionScheme = {
  name: 'apk',
  isValid: (version) => invalidOffset(version) < 0,
  compare: compareApkVersions,
  explainInvalid: explainInvalidApkVersion,
};
