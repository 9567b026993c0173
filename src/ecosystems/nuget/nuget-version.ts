// NuGet package versions, parsed and ordered as NuGet.Versioning does in
// NuGet/NuGet.Client src/NuGet.Core/NuGet.Versioning (Apache-2.0):
// NuGetVersion.TryParse (NuGetVersionFactory.cs), ParseSections and
// IsValidPart (SemanticVersionFactory.cs) and VersionComparer.Compare in the
// default mode (VersionComparer.cs). A version is 1 to 4 numbers, then
// optional `-` release labels and `+` build metadata.
// - Numbers are System.Version parts: decimal, leading zeros allowed
//   (1.01 = 1.1), each at most 2147483647; missing parts are 0, so
//   1.0 = 1.0.0 = 1.0.0.0.
// - Release labels are SemVer 2.0 identifiers ([0-9A-Za-z-], no empty label,
//   no leading zero in a numeric label). A label that reads as a 32-bit
//   integer is numeric and sorts below any other label; other labels compare
//   case-insensitively.
// - Build metadata is checked but never ordered.
// - Surrounding white space is trimmed; a leading `v` is not accepted.

export interface NuGetVersion {
  major: number;
  minor: number;
  patch: number;
  revision: number;
  /** Release labels split at dots, empty for a stable version. */
  releaseLabels: string[];
  /** Build metadata after `+`, or empty. */
  metadata: string;
}

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_HYPHEN = 45;
const CODE_PLUS = 43;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isLetterOrDigitOrDash(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === CODE_HYPHEN;
}

/** .NET char.IsWhiteSpace for one UTF-16 unit. */
export function isDotnetWhiteSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0) return true;
  if (code < 0x1680) return false;
  return code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000;
}

/** .NET string.Trim(): removes char.IsWhiteSpace units at both ends. */
export function dotnetTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isDotnetWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isDotnetWhiteSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Checks a SemVer identifier as IsValidPart does: non-empty, [0-9A-Za-z-], and no leading zero in a number unless allowed. */
function isValidPart(part: string, allowLeadingZeros: boolean): boolean {
  if (part.length === 0) return false;

  if (!allowLeadingZeros && part.length > 1 && part.charCodeAt(0) === CODE_0) {
    let allDigits = true;
    for (let i = 1; i < part.length; i++) {
      if (!isDigit(part.charCodeAt(i))) {
        allDigits = false;
        break;
      }
    }
    if (allDigits) return false;
  }

  for (let i = 0; i < part.length; i++) {
    if (!isLetterOrDigitOrDash(part.charCodeAt(i))) return false;
  }
  return true;
}

interface Sections {
  version: string | undefined;
  releaseLabels: string[] | undefined;
  metadata: string | undefined;
}

/**
 * Splits a version at the first `-` and the first `+` after it, as
 * ParseSections does. Like NuGet, a separator in the last position stays
 * in the section before it, which then fails validation.
 */
function parseSections(value: string): Sections {
  const sections: Sections = { version: undefined, releaseLabels: undefined, metadata: undefined };
  let dashPos = -1;
  let plusPos = -1;

  for (let i = 0; i < value.length; i++) {
    const end = i === value.length - 1;
    const code = value.charCodeAt(i);

    if (dashPos < 0) {
      if (end || code === CODE_HYPHEN || code === CODE_PLUS) {
        sections.version = value.slice(0, i + (end ? 1 : 0));
        dashPos = i;
        if (code === CODE_PLUS) plusPos = i;
      }
    } else if (plusPos < 0) {
      if (end || code === CODE_PLUS) {
        sections.releaseLabels = value.slice(dashPos + 1, i + (end ? 1 : 0)).split('.');
        plusPos = i;
      }
    } else if (end) {
      sections.metadata = value.slice(plusPos + 1, i + 1);
    }
  }
  return sections;
}

/**
 * Reads a System.Version component as int.TryParse with NumberStyles.Integer:
 * optional white space around an optionally signed decimal number. Returns
 * -1 when the text is not one, or the number is negative or over int.MaxValue.
 */
function parseVersionComponent(text: string): number {
  let start = 0;
  let end = text.length;
  while (start < end && isDotnetWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isDotnetWhiteSpace(text.charCodeAt(end - 1))) end--;

  let negative = false;
  const sign = text.charCodeAt(start);
  if (sign === CODE_PLUS || sign === CODE_HYPHEN) {
    negative = sign === CODE_HYPHEN;
    start++;
  }
  if (start >= end) return -1;

  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - CODE_0);
    if (value > INT32_MAX + 1) return -1;
  }
  if (negative) return value === 0 ? 0 : -1;
  return value > INT32_MAX ? -1 : value;
}

/** System.Version.TryParse: 2 to 4 dot-separated components. Returns undefined when it fails. */
function parseSystemVersion(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length < 2 || parts.length > 4) return undefined;

  const numbers: number[] = [];
  for (const part of parts) {
    const value = parseVersionComponent(part);
    if (value < 0) return undefined;
    numbers.push(value);
  }
  return numbers;
}

/** Parses a version as NuGetVersion.TryParse does, or returns why it fails. */
export function tryParseNuGetVersion(value: string): NuGetVersion | string {
  const trimmed = dotnetTrim(value);
  if (trimmed === '') return 'version is empty';

  const sections = parseSections(trimmed);
  if (sections.version === undefined || sections.version === '') return 'version has no version number before "-" or "+"';

  // System.Version needs at least two parts.
  const versionPart = sections.version.includes('.') ? sections.version : `${sections.version}.0`;
  const numbers = parseSystemVersion(versionPart);
  if (numbers === undefined) {
    return `"${sections.version}" is not 1 to 4 dot-separated numbers from 0 to ${INT32_MAX}`;
  }

  const labels = sections.releaseLabels ?? [];
  for (const label of labels) {
    if (!isValidPart(label, false)) {
      return `release label "${label}" is not valid: labels are non-empty [0-9A-Za-z-] and numbers have no leading zero`;
    }
  }

  if (sections.metadata !== undefined) {
    for (const part of sections.metadata.split('.')) {
      if (!isValidPart(part, true)) return `build metadata "${sections.metadata}" is not dot-separated non-empty [0-9A-Za-z-]`;
    }
  }

  return {
    major: numbers[0]!,
    minor: numbers[1]!,
    patch: numbers[2] ?? 0,
    revision: numbers[3] ?? 0,
    releaseLabels: labels,
    metadata: sections.metadata ?? '',
  };
}

/** int.TryParse on a release label: an optionally signed 32-bit decimal. Returns undefined for other labels. */
function numericLabel(label: string): number | undefined {
  let start = 0;
  const first = label.charCodeAt(0);
  if (first === CODE_HYPHEN || first === CODE_PLUS) start = 1;
  if (start >= label.length) return undefined;

  let value = 0;
  for (let i = start; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (!isDigit(code)) return undefined;
    value = value * 10 + (code - CODE_0);
    if (value > INT32_MAX + 1) return undefined;
  }
  const signed = first === CODE_HYPHEN ? -value : value;
  return signed < INT32_MIN || signed > INT32_MAX ? undefined : signed;
}

/** StringComparer.OrdinalIgnoreCase for ASCII text: compares upper-cased UTF-16 units. */
function compareOrdinalIgnoreCase(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 97 && x <= 122) x -= 32;
    if (y >= 97 && y <= 122) y -= 32;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

function compareRelease(a: string, b: string): number {
  const aNumber = numericLabel(a);
  const bNumber = numericLabel(b);
  if (aNumber !== undefined && bNumber !== undefined) return Math.sign(aNumber - bNumber);
  if (aNumber !== undefined) return -1;
  if (bNumber !== undefined) return 1;
  return Math.sign(compareOrdinalIgnoreCase(a, b));
}

function compareReleaseLabels(a: string[], b: string[]): number {
  const count = Math.max(a.length, b.length);
  for (let i = 0; i < count; i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const result = compareRelease(a[i]!, b[i]!);
    if (result !== 0) return result;
  }
  return 0;
}

/**
 * Orders two parsed versions as VersionComparer.Default does: the four
 * numbers, then a pre-release below its release, then the labels.
 * Build metadata is ignored.
 */
export function compareNuGetVersionParts(a: NuGetVersion, b: NuGetVersion): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.revision !== b.revision) return a.revision < b.revision ? -1 : 1;

  const aPrerelease = a.releaseLabels.length > 0;
  const bPrerelease = b.releaseLabels.length > 0;
  if (aPrerelease && !bPrerelease) return -1;
  if (!aPrerelease && bPrerelease) return 1;
  return aPrerelease ? compareReleaseLabels(a.releaseLabels, b.releaseLabels) : 0;
}

/** Returns NuGet's normalized form: three or four numbers, labels, metadata (ToNormalizedString plus metadata). */
export function formatNuGetVersion(version: NuGetVersion): string {
  let text = `${version.major}.${version.minor}.${version.patch}`;
  if (version.revision > 0) text += `.${version.revision}`;
  if (version.releaseLabels.length > 0) text += `-${version.releaseLabels.join('.')}`;
  if (version.metadata !== '') text += `+${version.metadata}`;
  return text;
}
