// RubyGems versions, ordered as Gem::Version orders them in rubygems 3.3
// (lib/rubygems/version.rb: ANCHORED_VERSION_PATTERN, initialize, segments,
// canonical_segments, <=>, prerelease?, release, bump).
import { InvalidVersionError } from '../../versioning/types.js';
import { BoundedCache } from '../../versioning/cache.js';

/** A segment: a number as a digit string without leading zeros, or a run of letters. */
export type GemSegment = { numeric: true; value: string } | { numeric: false; value: string };

export interface GemVersion {
  /** The version text as Gem::Version#to_s gives it: trimmed, `-` as `.pre.`, empty as `0`. */
  text: string;
  segments: GemSegment[];
  /** canonical_segments, the segments that <=> compares. */
  canonical: GemSegment[];
}


/** Gem::Version::VERSION_PATTERN. */
export const GEM_VERSION_PATTERN = '[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';

// ANCHORED_VERSION_PATTERN is `\A\s*(VERSION_PATTERN)?\s*\z`. The blanks
// are stripped first, because two `\s*` around an optional group take
// quadratic time on a long run of blanks; VERSION_PATTERN has none.
const VERSION_ONLY = new RegExp(`^(?:${GEM_VERSION_PATTERN})?$`);
// Ruby's `\s` is ASCII only: space, \t, \n, \v, \f, \r.
const RUBY_BLANKS = ' \t\n\v\f\r';

/**
 * Ruby's String#strip for a string made of blanks around a version. A loop
 * rather than a `\s+$` regex, which takes quadratic time on long blank runs.
 */
export function rubyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && RUBY_BLANKS.includes(text[start]!)) start += 1;
  while (end > start && RUBY_BLANKS.includes(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

function integer(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start += 1;
  return start === 0 ? digits : digits.slice(start);
}

function compareIntegers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Gem::Version.correct?: the string matches ANCHORED_VERSION_PATTERN (blank counts, as `0`). */
export function isGemVersion(version: string): boolean {
  return VERSION_ONLY.test(rubyStrip(version));
}

/** Gem::Version.new, or undefined where it raises ArgumentError. */
export function tryParseGemVersion(version: string): GemVersion | undefined {
  if (!isGemVersion(version)) return undefined;
  const stripped = rubyStrip(version);
  const text = stripped === '' ? '0' : stripped.replaceAll('-', '.pre.');
  const segments = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((part): GemSegment =>
    /^[0-9]/.test(part) ? { numeric: true, value: integer(part) } : { numeric: false, value: part },
  );
  return { text, segments, canonical: canonicalSegments(segments) };
}

// Parsed versions by their text, because a matcher compares one installed
// version with many records. Cleared when full, to bound memory.
const parseCache = new BoundedCache<GemVersion | undefined>(1000);

/** tryParseGemVersion through a bounded cache; callers must not change the result. */
export function cachedParseGemVersion(version: string): GemVersion | undefined {
  return parseCache.get(version, tryParseGemVersion);
}

/** Gem::Version.new, or InvalidVersionError in RubyGems' words. */
export function parseGemVersion(version: string): GemVersion {
  const parsed = cachedParseGemVersion(version);
  if (parsed === undefined) throw new InvalidVersionError('gem', version, `Malformed version number string ${version}`);
  return parsed;
}

/** Gem::Version#prerelease?: any letter makes a version a pre-release. */
export function isGemPrerelease(version: GemVersion): boolean {
  return /[a-zA-Z]/.test(version.text);
}

function isZero(segment: GemSegment): boolean {
  return segment.numeric && segment.value === '0';
}

/**
 * canonical_segments: the numeric head and the rest (from the first letter
 * segment on), each with its trailing zeros dropped, so `1.0.a.0` equals `1.a`.
 */
function canonicalSegments(segments: readonly GemSegment[]): GemSegment[] {
  const firstLetter = segments.findIndex((segment) => !segment.numeric);
  const split = firstLetter === -1 ? segments.length : firstLetter;
  const trim = (part: readonly GemSegment[]): readonly GemSegment[] => {
    let end = part.length;
    while (end > 0 && isZero(part[end - 1]!)) end -= 1;
    return part.slice(0, end);
  };
  return [...trim(segments.slice(0, split)), ...trim(segments.slice(split))];
}

const ZERO: GemSegment = { numeric: true, value: '0' };

/** Gem::Version#<=>: a letter segment sorts before a number, letters by byte. */
export function compareGemParsed(a: GemVersion, b: GemVersion): number {
  if (a.text === b.text) return 0;
  const left = a.canonical;
  const right = b.canonical;
  const limit = Math.max(left.length, right.length);

  for (let index = 0; index < limit; index += 1) {
    const lhs = left[index] ?? ZERO;
    const rhs = right[index] ?? ZERO;
    if (lhs.numeric !== rhs.numeric) return lhs.numeric ? 1 : -1;
    const order = lhs.numeric ? compareIntegers(lhs.value, rhs.value) : compareBytes(lhs.value, rhs.value);
    if (order !== 0) return order;
  }
  return 0;
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function compareGemVersions(a: string, b: string): number {
  return compareGemParsed(parseGemVersion(a), parseGemVersion(b));
}

function withoutLetters(segments: readonly GemSegment[]): GemSegment[] {
  const firstLetter = segments.findIndex((segment) => !segment.numeric);
  return firstLetter === -1 ? [...segments] : segments.slice(0, firstLetter);
}

function fromSegments(segments: readonly GemSegment[]): GemVersion {
  return { text: segments.map((segment) => segment.value).join('.'), segments: [...segments], canonical: canonicalSegments(segments) };
}

/** Gem::Version#release: the version with its pre-release part (every segment from the first letter on) removed. */
export function gemRelease(version: GemVersion): GemVersion {
  return isGemPrerelease(version) ? fromSegments(withoutLetters(version.segments)) : version;
}

/** Gem::Version#bump: drop the letter part and the last number, then add one to the new last number (`5.3.1` → `5.4`). */
export function gemBump(version: GemVersion): GemVersion {
  const segments = withoutLetters(version.segments);
  if (segments.length > 1) segments.pop();
  const last = segments[segments.length - 1]!;
  const next = last.value.length < 15 ? String(Number(last.value) + 1) : (BigInt(last.value) + 1n).toString();
  segments[segments.length - 1] = { numeric: true, value: next };
  return fromSegments(segments);
}

export function explainInvalidGemVersion(version: string): string | undefined {
  return isGemVersion(version) ? undefined : `Malformed version number string ${version}`;
}
