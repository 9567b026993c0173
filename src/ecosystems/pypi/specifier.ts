// PEP 440 version specifiers and specifier sets (`>=1.0,!=1.3.*,<2`), matched
// as pypa/packaging 26.2 matches one version: src/packaging/specifiers.py,
// Specifier (its regex, the _compare_* operators, the prereleases property)
// and SpecifierSet.contains / filter for a single item.
import { InvalidRangeError, InvalidVersionError } from '../../versioning/types.js';
import { BoundedCache } from '../../versioning/cache.js';
import {
  comparePep440Parsed,
  comparePep440Public,
  formatPep440,
  isPep440Prerelease,
  cachedParsePep440,
  tryParsePep440,
  type Pep440Version,
} from './pep440.js';

/** The arguments of SpecifierSet(range, prereleases=).contains(version, prereleases=, installed=). */
export interface Pep440ContainsOptions {
  /** SpecifierSet's `prereleases`: true or false overrides what the specifiers imply. */
  prereleases?: boolean | undefined;
  /** contains()'s `prereleases`: overrides the set's setting for this call. */
  containsPrereleases?: boolean | undefined;
  /** contains()'s `installed`: an installed pre-release always may match. */
  installed?: boolean | undefined;
}

type Operator = '===' | '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>';

interface Specifier {
  operator: Operator;
  /** The version text after the operator, trimmed, as Specifier.version. */
  text: string;
  /** The parsed version, for every operator except `===` and wildcards. */
  version: Pep440Version | undefined;
  /** The split prefix a version must start with, for `==V.*`, `!=V.*` and `~=V`. */
  prefix: string[] | undefined;
  /** Specifier.prereleases with no explicit setting: does the specifier imply pre-releases? */
  prereleases: boolean | undefined;
}

// Python's `\s` on a str (see ./pep440.ts).
const S = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

const PRE = '(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?';
const POST = '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?';
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const LOCAL = '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?';
const EPOCH_RELEASE = 'v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*';

// Specifier._regex. packaging leaves the `~=` branch outside its ASCII
// groups, so Python also folds `ſ` into `s` and `ı`/`İ` into `i` there.
// Such a specifier's version never parses, and packaging then fails an
// assertion, so rejecting it as an invalid range keeps the outcome.
const SPECIFIER_REGEX = new RegExp(
  `^${S}*(?:` +
    `(?:===${S}*[^;)\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*)` +
    `|(?:(?:==|!=)${S}*${EPOCH_RELEASE}(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL}))` +
    `|(?:~=${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV})` +
    `|(?:(?:<=|>=|<|>)${S}*${EPOCH_RELEASE}${PRE}${POST}${DEV})` +
    `)${S}*$`,
  'i',
);

const PY_SPACE = new RegExp(S);

/**
 * Python's str.strip() with no argument. A loop rather than a `\s+$`
 * regex, which takes quadratic time on a long run of inner blanks.
 */
function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.test(text[start]!)) start += 1;
  while (end > start && PY_SPACE.test(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

function parseSpecifier(range: string, spec: string): Specifier {
  if (!SPECIFIER_REGEX.test(spec)) throw new InvalidRangeError('pep440', range, `Invalid specifier: '${spec}'`);

  const trimmed = pyStrip(spec);
  const length = trimmed.startsWith('===') ? 3 : /^(?:~=|==|!=|<=|>=)/.test(trimmed) ? 2 : 1;
  const operator = trimmed.slice(0, length) as Operator;
  const text = pyStrip(trimmed.slice(length));

  if (operator === '===') {
    const version = tryParsePep440(text);
    return { operator, text, version: undefined, prefix: undefined, prereleases: version && isPep440Prerelease(version) };
  }
  if (text.endsWith('.*')) {
    parsedOrThrow(range, text.slice(0, -2));
    return { operator, text, version: undefined, prefix: wildcardSplit(text), prereleases: false };
  }

  const version = parsedOrThrow(range, text);
  return {
    operator,
    text,
    version,
    prefix: operator === '~=' ? wildcardSplit(compatiblePrefix(text)) : undefined,
    // `!=` never implies pre-releases, even of a pre-release version.
    prereleases: operator !== '!=' && isPep440Prerelease(version),
  };
}

function parsedOrThrow(range: string, text: string): Pep440Version {
  const version = tryParsePep440(text);
  if (version === undefined) throw new InvalidRangeError('pep440', range, `Invalid version in specifier: '${text}'`);
  return version;
}

// Parsed specifier sets by their text, because a matcher checks one
// affected range against many installed versions. Cleared when full.
const setCache = new BoundedCache<readonly Specifier[]>(1000);

/** Splits a specifier set on commas, as SpecifierSet() does, dropping empty parts. */
export function parseSpecifierSet(range: string): readonly Specifier[] {
  return setCache.get(range, () =>
    range
      .split(',')
      .filter((part) => pyStrip(part) !== '')
      .map((part) => parseSpecifier(range, pyStrip(part))),
  );
}

function withoutLocal(version: Pep440Version): Pep440Version {
  return version.local === undefined ? version : { ...version, local: undefined };
}

// _version_split: the epoch first, then the dot-separated parts, with a
// pre-release glued to a number (`5a4`) split in two.
const PREFIX_PART = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/;

function versionSplit(version: string): string[] {
  const bang = version.lastIndexOf('!');
  const result = [bang === -1 || bang === 0 ? '0' : version.slice(0, bang)];
  for (const item of version.slice(bang + 1).split('.')) {
    const match = PREFIX_PART.exec(item);
    if (match !== null) result.push(match[1]!, match[2]!);
    else result.push(item);
  }
  return result;
}

function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

function numericPrefixLength(split: readonly string[]): number {
  let count = 0;
  while (count < split.length && isDigits(split[count]!)) count += 1;
  return count;
}

/** canonicalize_version(text, strip_trailing_zero=False): the normal form, or the text when it does not parse. */
function canonical(text: string): string {
  const version = tryParsePep440(text);
  return version === undefined ? text : formatPep440(version);
}

/** Splits a `V.*` wildcard into the parts a version must start with, as _get_wildcard_split does. */
function wildcardSplit(wildcardText: string): string[] {
  return versionSplit(canonical(wildcardText.slice(0, -2)));
}

/** _compare_equal for a `V.*` wildcard: V is a prefix of the zero-padded public version. */
function matchesPrefix(prospective: Pep440Version, spec: readonly string[]): boolean {
  const candidate = versionSplit(formatPep440(withoutLocal(prospective)));

  const numeric = numericPrefixLength(candidate);
  const padding = numericPrefixLength(spec) - numeric;
  if (padding > 0) candidate.splice(numeric, 0, ...Array<string>(padding).fill('0'));

  return spec.every((part, index) => candidate[index] === part);
}

const SUFFIX_PREFIXES = ['dev', 'a', 'b', 'rc', 'post'];

/**
 * `~=V` is `>=V, ==P.*`, where P is V's release without its last part.
 * packaging cuts P from the specifier text as written, so it keeps the
 * same quirks (a `.c1` or `.r1` part is not seen as a suffix).
 */
function compatiblePrefix(text: string): string {
  const split = versionSplit(text);
  const release: string[] = [];
  for (const part of split) {
    if (SUFFIX_PREFIXES.some((prefix) => part.startsWith(prefix))) break;
    release.push(part);
  }
  const [epoch, ...rest] = release.slice(0, -1);
  return `${epoch}!${rest.join('.')}.*`;
}

function equals(prospective: Pep440Version, spec: Specifier): boolean {
  if (spec.operator !== '~=' && spec.prefix !== undefined) return matchesPrefix(prospective, spec.prefix);
  const version = spec.version!;
  // A specifier without a local segment ignores the prospective one.
  if (version.local === undefined) return comparePep440Public(prospective, version) === 0;
  return comparePep440Parsed(prospective, version) === 0;
}

function lessThan(prospective: Pep440Version, spec: Pep440Version): boolean {
  if (comparePep440Parsed(prospective, spec) >= 0) return false;
  // `<V` excludes V's own pre-releases unless V is one.
  if (isPep440Prerelease(spec) || !isPep440Prerelease(prospective)) return true;
  const earliest: Pep440Version = { ...spec, dev: '0', local: undefined };
  return comparePep440Parsed(prospective, earliest) < 0;
}

function greaterThan(prospective: Pep440Version, spec: Pep440Version): boolean {
  if (comparePep440Parsed(prospective, spec) <= 0) return false;
  // `>V` excludes V's post-releases unless V is one, and V's local versions.
  if (spec.post === undefined && prospective.post !== undefined) {
    const base: Pep440Version = { ...prospective, post: undefined, dev: undefined, local: undefined };
    if (comparePep440Parsed(base, spec) === 0) return false;
  }
  return !(prospective.local !== undefined && comparePep440Parsed(withoutLocal(prospective), spec) === 0);
}

/** One specifier's operator on a parsed version (Specifier._compare_*). */
function matches(prospective: Pep440Version, spec: Specifier): boolean {
  switch (spec.operator) {
    case '==': return equals(prospective, spec);
    case '!=': return !equals(prospective, spec);
    case '<=': return comparePep440Public(prospective, spec.version!) <= 0;
    case '>=': return comparePep440Public(prospective, spec.version!) >= 0;
    case '<': return lessThan(prospective, spec.version!);
    case '>': return greaterThan(prospective, spec.version!);
    case '~=':
      return comparePep440Public(prospective, spec.version!) >= 0
        && matchesPrefix(prospective, spec.prefix!);
    case '===': return false;
  }
}

/**
 * SpecifierSet(range, prereleases).contains(version, prereleases, installed),
 * exactly: a string that is not a PEP 440 version only matches `===`
 * specifiers (which compare raw strings, ignoring case) or an empty set.
 */
export function containsPep440(version: string, range: string, options: Pep440ContainsOptions = {}): boolean {
  return containsParsed(version, cachedParsePep440(version), parseSpecifierSet(range), options);
}

/**
 * The range check the scheme exposes: containsPep440, except that a version
 * packaging cannot parse throws InvalidVersionError unless every specifier
 * is `===`, the one operator defined on arbitrary strings.
 */
export function satisfiesPep440(version: string, range: string, options: Pep440ContainsOptions = {}): boolean {
  const specs = parseSpecifierSet(range);
  const parsed = cachedParsePep440(version);
  if (parsed === undefined && (specs.length === 0 || specs.some((spec) => spec.operator !== '==='))) {
    throw new InvalidVersionError('pep440', version, `Invalid version: '${version}'`);
  }
  return containsParsed(version, parsed, specs, options);
}

function containsParsed(
  version: string,
  parsed: Pep440Version | undefined,
  specs: readonly Specifier[],
  options: Pep440ContainsOptions,
): boolean {
  const allMatch = specs.every((spec) => {
    if (spec.operator === '===') return version.toLowerCase() === spec.text.toLowerCase();
    return parsed !== undefined && matches(parsed, spec);
  });
  if (!allMatch || parsed === undefined || !isPep440Prerelease(parsed)) return allMatch;

  // With one item to filter, packaging drops a matching pre-release only
  // when pre-releases are turned off: by the call, else by the set.
  if (options.installed === true) return true;
  const implied = specs.some((spec) => spec.prereleases === true) ? true : undefined;
  return (options.containsPrereleases ?? options.prereleases ?? implied) !== false;
}
