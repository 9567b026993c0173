// Python package versions, PEP 440, parsed, normalised and ordered as
// pypa/packaging 26.2 does it (src/packaging/version.py: VERSION_PATTERN,
// Version.__init__, __str__, _parse_letter_version, _parse_local_version and
// _cmpkey).
import { InvalidVersionError } from '../../versioning/types.js';
import { BoundedCache } from '../../versioning/cache.js';

export type PreReleaseLabel = 'a' | 'b' | 'rc';

/**
 * A parsed PEP 440 version. Numbers are kept as decimal digit strings
 * without leading zeros, because Python's integers have no upper bound.
 */
export interface Pep440Version {
  epoch: string;
  release: string[];
  pre: { label: PreReleaseLabel; number: string } | undefined;
  post: string | undefined;
  dev: string | undefined;
  /** Local segments: numbers as digit strings without leading zeros, words lower-cased. */
  local: LocalSegment[] | undefined;
}

export type LocalSegment = { kind: 'number'; value: string } | { kind: 'word'; value: string };

// Python's `\s` on a str: the characters for which str.isspace() is true.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

// VERSION_PATTERN, compiled with re.VERBOSE | re.IGNORECASE. Its body is an
// ASCII group `(?a:...)` in packaging 26, and JavaScript's `i` flag without
// `u` folds ASCII letters only, so the two accept the same strings.
const VERSION_BODY =
  'v?' +
  '(?:(?<epoch>[0-9]+)!)?' +
  '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
  '(?<pre>[._-]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[._-]?(?<pre_n>[0-9]+)?)?' +
  '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[._-]?(?<post_l>post|rev|r)[._-]?(?<post_n2>[0-9]+)?))?' +
  '(?<dev>[._-]?(?<dev_l>dev)[._-]?(?<dev_n>[0-9]+)?)?' +
  '(?:\\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*))?';

const VERSION_REGEX = new RegExp(`^${PY_SPACE}*${VERSION_BODY}${PY_SPACE}*$`, 'i');

// packaging's fast path: only digits and dots is a plain release segment.
const SIMPLE_RELEASE = /^[0-9]+(?:\.[0-9]+)*$/;

const LETTER_NORMALIZATION: Readonly<Record<string, string>> = {
  alpha: 'a',
  beta: 'b',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
  rev: 'post',
  r: 'post',
};

/**
 * Python's int() of a digit run, printed back: leading zeros dropped.
 * NOTE: CPython 3.11+ int() raises ValueError past 4300 digits, so
 * packaging fails on such a version; this accepts any length.
 */
function integer(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start += 1;
  return start === 0 ? digits : digits.slice(start);
}

/** Orders two integers written as digit strings without leading zeros. */
export function compareIntegers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function parseLocal(local: string): LocalSegment[] {
  return local.split(/[._-]/).map((part) =>
    /^[0-9]+$/.test(part) ? { kind: 'number', value: integer(part) } : { kind: 'word', value: part.toLowerCase() },
  );
}

/** Parses a PEP 440 version as packaging's Version() does, or returns undefined. */
export function tryParsePep440(version: string): Pep440Version | undefined {
  if (SIMPLE_RELEASE.test(version)) {
    return { epoch: '0', release: version.split('.').map(integer), pre: undefined, post: undefined, dev: undefined, local: undefined };
  }

  const groups = VERSION_REGEX.exec(version)?.groups;
  if (groups === undefined) return undefined;

  const preLabel = groups['pre_l'];
  const postLabel = groups['post_l'];
  const postNumber = groups['post_n1'] ?? groups['post_n2'];
  const local = groups['local'];

  return {
    epoch: integer(groups['epoch'] ?? '0'),
    release: groups['release']!.split('.').map(integer),
    pre: preLabel === undefined
      ? undefined
      : { label: (LETTER_NORMALIZATION[preLabel.toLowerCase()] ?? preLabel.toLowerCase()) as PreReleaseLabel, number: integer(groups['pre_n'] ?? '0') },
    // `1.0-1` is an implicit post-release, and `1.0.post` has an implicit 0.
    post: postLabel !== undefined || postNumber !== undefined ? integer(postNumber ?? '0') : undefined,
    dev: groups['dev_l'] === undefined ? undefined : integer(groups['dev_n'] ?? '0'),
    local: local === undefined ? undefined : parseLocal(local),
  };
}

// Parsed versions by their text, because a matcher compares one installed
// version with many records. Cleared when full, to bound memory.
const parseCache = new BoundedCache<Pep440Version | undefined>(1000);

/** tryParsePep440 through a bounded cache; callers must not change the result. */
export function cachedParsePep440(version: string): Pep440Version | undefined {
  return parseCache.get(version, tryParsePep440);
}

/** Parses a PEP 440 version or throws InvalidVersionError in packaging's words. */
export function parsePep440(version: string): Pep440Version {
  const parsed = cachedParsePep440(version);
  if (parsed === undefined) throw new InvalidVersionError('pep440', version, `Invalid version: '${version}'`);
  return parsed;
}

/** True for a pre-release or a development release, as Version.is_prerelease. */
export function isPep440Prerelease(version: Pep440Version): boolean {
  return version.pre !== undefined || version.dev !== undefined;
}

/** Returns the local segment as Version.local prints it, or undefined. */
export function localLabel(version: Pep440Version): string | undefined {
  return version.local?.map((segment) => segment.value).join('.');
}

/** Prints the normal form, as str(Version): `1.0RC1` → `1.0rc1`. */
export function formatPep440(version: Pep440Version): string {
  let text = version.release.join('.');
  if (version.epoch !== '0') text = `${version.epoch}!${text}`;
  if (version.pre !== undefined) text += `${version.pre.label}${version.pre.number}`;
  if (version.post !== undefined) text += `.post${version.post}`;
  if (version.dev !== undefined) text += `.dev${version.dev}`;
  const local = localLabel(version);
  if (local !== undefined) text += `+${local}`;
  return text;
}

/** Returns the normal form of a version string, or throws InvalidVersionError. */
export function normalizePep440(version: string): string {
  return formatPep440(parsePep440(version));
}

// _cmpkey's suffix ranks: a dev release with no pre- or post-release sorts
// before every pre-release, and a final release after rc.
const PRE_RANK: Readonly<Record<PreReleaseLabel, number>> = { a: 0, b: 1, rc: 2 };
const PRE_RANK_DEV_ONLY = -1;
const PRE_RANK_FINAL = 3;

function trimmedLength(release: readonly string[]): number {
  let length = release.length;
  while (length > 0 && release[length - 1] === '0') length -= 1;
  return length;
}

function compareReleases(a: readonly string[], b: readonly string[]): number {
  const aLength = trimmedLength(a);
  const bLength = trimmedLength(b);
  const shared = Math.min(aLength, bLength);
  for (let index = 0; index < shared; index += 1) {
    const order = compareIntegers(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return aLength - bLength;
}

function preRank(version: Pep440Version): number {
  if (version.pre !== undefined) return PRE_RANK[version.pre.label];
  return version.post === undefined && version.dev !== undefined ? PRE_RANK_DEV_ONLY : PRE_RANK_FINAL;
}

/** Orders the suffix tuple (pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n). */
function compareSuffixes(a: Pep440Version, b: Pep440Version): number {
  const rank = preRank(a) - preRank(b);
  if (rank !== 0) return rank;
  const pre = compareIntegers(a.pre?.number ?? '0', b.pre?.number ?? '0');
  if (pre !== 0) return pre;

  // No post-release sorts first, no dev release sorts last.
  if ((a.post === undefined) !== (b.post === undefined)) return a.post === undefined ? -1 : 1;
  const post = compareIntegers(a.post ?? '0', b.post ?? '0');
  if (post !== 0) return post;
  if ((a.dev === undefined) !== (b.dev === undefined)) return a.dev === undefined ? 1 : -1;
  return compareIntegers(a.dev ?? '0', b.dev ?? '0');
}

/** Words sort before numbers, words by code point, numbers by value. */
function compareLocalSegments(a: LocalSegment, b: LocalSegment): number {
  if (a.kind !== b.kind) return a.kind === 'word' ? -1 : 1;
  if (a.kind === 'number') return compareIntegers(a.value, b.value);
  if (a.value === b.value) return 0;
  return a.value < b.value ? -1 : 1;
}

function compareLocals(a: readonly LocalSegment[] | undefined, b: readonly LocalSegment[] | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 0 : 1) - (b === undefined ? 0 : 1);
  const shared = Math.min(a.length, b.length);
  for (let index = 0; index < shared; index += 1) {
    const order = compareLocalSegments(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Orders two parsed versions as packaging compares their _cmpkey tuples. */
export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  return compareIntegers(a.epoch, b.epoch)
    || compareReleases(a.release, b.release)
    || compareSuffixes(a, b)
    || compareLocals(a.local, b.local);
}

/** Same as comparePep440Parsed with the local segments left out (public versions). */
export function comparePep440Public(a: Pep440Version, b: Pep440Version): number {
  return compareIntegers(a.epoch, b.epoch) || compareReleases(a.release, b.release) || compareSuffixes(a, b);
}

export function comparePep440(a: string, b: string): number {
  return comparePep440Parsed(parsePep440(a), parsePep440(b));
}

export function explainInvalidPep440(version: string): string | undefined {
  return cachedParsePep440(version) === undefined ? `Invalid version: '${version}'` : undefined;
}
