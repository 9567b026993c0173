import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNuGetVersion } from '../../src/ecosystems/nuget/nuget-version.js';
import { tryParseNuGetRange } from '../../src/ecosystems/nuget/version-range.js';
import { nugetScheme, parseNuGetVersion } from '../../src/ecosystems/nuget/version.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, readVectors } from './vectors.js';

const satisfies = nugetScheme.satisfies!;

test('nuget orders every vector both ways', () => {
  const rows = readVectors('nuget.tsv');
  assert.equal(rows.length, 52);

  for (const row of rows) assertRowOrder(nugetScheme, row);
});

test('nuget accepts every vector version', () => {
  for (const row of readVectors('nuget.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(nugetScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
    }
  }
});

test('nuget range vectors match', () => {
  const rows = readVectors('nuget-ranges.tsv');
  assert.equal(rows.length, 36);

  for (const row of rows) {
    const { version, range, expected, source } = row;
    assert.equal(satisfies(version!, range!), expected === 'true', `${row.line} [${source}]: ${version} in ${range}`);
  }
});

test('nuget rejects what NuGetVersion.Parse rejects', () => {
  // NuGetVersionTest.ParseThrowsIfStringIsNotAValidSemVer and
  // ParseThrowsIfStringIsNullOrEmpty.
  const invalid = [
    '',
    '1beta',
    '$version$',
    '1.2Av^c',
    '1.2..',
    '1.2.3.4.5',
    '1.2.3.Beta',
    '1.2.3.4This version is full of awesomeness!!',
    'So.is.this',
    '1.34.2Alpha',
    '1.34.2Release Candidate',
    '1.4.7-',
    '1.4.7-*',
    '1.4.7+*',
    '1.4.7-AA.01^',
    '1.4.7-AA.0A^',
    '1.4.7-A^A',
    '1.4.7+AA.01^',
  ];
  for (const version of invalid) {
    assert.equal(nugetScheme.isValid(version), false, `"${version}" is invalid`);
    assert.ok((nugetScheme.explainInvalid?.(version) ?? '').length > 0, `"${version}" has a reason`);
    assert.throws(() => nugetScheme.compare(version, '1.0.0'), InvalidVersionError, `compare "${version}"`);
    assert.throws(() => satisfies(version, '[1.0.0, 2.0.0)'), InvalidVersionError, `satisfies "${version}"`);
  }
});

test('nuget rejects other malformed versions', () => {
  // Each follows from the parsing rules: a leading v, a numeric label with
  // a leading zero, an empty label, a part over int.MaxValue.
  for (const version of ['v1.0.0', '1.0.0-01', '1.0.0-a..b', '1.0.0+', '2147483648.0', '   ']) {
    assert.equal(nugetScheme.isValid(version), false, `"${version}" is invalid`);
  }
  assert.equal(nugetScheme.isValid('2147483647.0'), true);
  assert.equal(nugetScheme.isValid('1.0.0-0A'), true);
  assert.equal(nugetScheme.isValid('1.0.0+01'), true);
});

test('nuget reads legacy and padded versions', () => {
  // NuGetVersionTest: ParseReadsLegacyStyleVersionNumbers,
  // ParseIgnoresLeadingAndTrailingWhitespace, StringConstructorParsesValuesCorrectly,
  // and VersionRangeTests.ParseVersionRangeSimpleVersionNoBracketsExtraSpaces.
  const cases: [string, string][] = [
    ['1.022', '1.22.0'],
    ['23.2.3', '23.2.3'],
    ['1.3.42.10133', '1.3.42.10133'],
    ['  1.022-Beta', '1.22.0-Beta'],
    ['23.2.3-Alpha  ', '23.2.3-Alpha'],
    ['    1.3.42.10133-PreRelease  ', '1.3.42.10133-PreRelease'],
    ['3.4.0.3-RC-3', '3.4.0.3-RC-3'],
    ['1  .   2', '1.2.0'],
  ];
  for (const [input, normalized] of cases) {
    assert.equal(formatNuGetVersion(parseNuGetVersion(input)), normalized, `"${input}"`);
  }
});

test('nuget normalizes as ToFullString', () => {
  // NuGetVersionTest.ToStringReturnsNormalizedForSemVer2 and VersionParsingTests.VersionLength.
  const cases: [string, string][] = [
    ['1.0+A', '1.0.0+A'],
    ['1.0-1.1', '1.0.0-1.1'],
    ['1.0-1.1+B.B', '1.0.0-1.1+B.B'],
    ['1.0.0009.01-1.1+A', '1.0.9.1-1.1+A'],
    ['2', '2.0.0'],
    ['2.0', '2.0.0'],
    ['2.0.0.0', '2.0.0'],
    ['1.0.0-RC.X.35.A.3455+Meta-A-B-C', '1.0.0-RC.X.35.A.3455+Meta-A-B-C'],
  ];
  for (const [input, full] of cases) {
    assert.equal(formatNuGetVersion(parseNuGetVersion(input)), full, `"${input}"`);
  }
});

test('nuget is registered for vercmp', () => {
  assert.equal(getScheme('nuget'), nugetScheme);
});

/** Writes a parsed range as VersionRange's pretty print: `(>= 1.0.0 && < 2.0.0)`. */
function prettyPrint(range: string): string {
  const parsed = tryParseNuGetRange(range);
  if (typeof parsed === 'string') return `invalid: ${parsed}`;

  const bound = (version: NonNullable<typeof parsed.minVersion>): string =>
    formatNuGetVersion({ ...version, metadata: '' });
  const parts: string[] = [];
  if (parsed.minVersion !== undefined) parts.push(`${parsed.isMinInclusive ? '>=' : '>'} ${bound(parsed.minVersion)}`);
  if (parsed.maxVersion !== undefined) parts.push(`${parsed.isMaxInclusive ? '<=' : '<'} ${bound(parsed.maxVersion)}`);
  if (
    parsed.minVersion !== undefined &&
    parsed.maxVersion !== undefined &&
    parsed.isMinInclusive &&
    parsed.isMaxInclusive &&
    formatNuGetVersion(parsed.minVersion) === formatNuGetVersion(parsed.maxVersion)
  ) {
    return `(= ${bound(parsed.minVersion)})`;
  }
  return `(${parts.join(' && ')})`;
}

test('nuget range bounds as PrettyPrint', () => {
  // VersionRangeTests.VersionRange_PrettyPrintTests.
  const cases: [string, string][] = [
    ['1.0.0', '(>= 1.0.0)'],
    ['[1.0.0]', '(= 1.0.0)'],
    ['[1.0.0, ]', '(>= 1.0.0)'],
    ['[1.0.0, )', '(>= 1.0.0)'],
    ['(1.0.0, )', '(> 1.0.0)'],
    ['(1.0.0, ]', '(> 1.0.0)'],
    ['(1.0.0, 2.0.0)', '(> 1.0.0 && < 2.0.0)'],
    ['[1.0.0, 2.0.0]', '(>= 1.0.0 && <= 2.0.0)'],
    ['[1.0.0, 2.0.0)', '(>= 1.0.0 && < 2.0.0)'],
    ['(1.0.0, 2.0.0]', '(> 1.0.0 && <= 2.0.0)'],
    ['(, 2.0.0]', '(<= 2.0.0)'],
    ['(, 2.0.0)', '(< 2.0.0)'],
    ['[, 2.0.0)', '(< 2.0.0)'],
    ['[, 2.0.0]', '(<= 2.0.0)'],
    ['1.0.0-beta*', '(>= 1.0.0-beta)'],
    ['[1.0.0-beta*, 2.0.0)', '(>= 1.0.0-beta && < 2.0.0)'],
    ['[1.0.0-beta.1, 2.0.0-alpha.2]', '(>= 1.0.0-beta.1 && <= 2.0.0-alpha.2)'],
    ['[1.0.0+beta.1, 2.0.0+alpha.2]', '(>= 1.0.0 && <= 2.0.0)'],
    ['[1.0, 2.0]', '(>= 1.0.0 && <= 2.0.0)'],
    // VersionRangeTests.ParseVersionRangeSingleDigit and ...InclusiveInclusiveExtraSpaces.
    ['[1,3)', '(>= 1.0.0 && < 3.0.0)'],
    ['   [  1 .2   , 2  .3   ]  ', '(>= 1.2.0 && <= 2.3.0)'],
  ];
  for (const [range, expected] of cases) {
    assert.equal(prettyPrint(range), expected, `range "${range}"`);
  }
});

test('nuget floating ranges set a lower bound', () => {
  // Satisfies checks the bounds only, so a float admits every later version.
  assert.equal(satisfies('1.0.0', '1.*'), true);
  assert.equal(satisfies('2.5.0', '1.*'), true);
  assert.equal(satisfies('0.9.0', '1.*'), false);
  assert.equal(satisfies('0.0.1', '*'), true);
  assert.equal(satisfies('1.0.0-beta', '1.0.0-*'), true);
});

test('nuget rejects invalid ranges', () => {
  // VersionRangeTests: ParseVersionRangeIntegerRanges and the
  // ParseVersionThrowsIf... facts. The rest follow VersionRangeFactory's checks.
  const invalid = [
    '   [-1, 2]  ',
    '(,)',
    '[,]',
    '[,)',
    '(,]',
    '(,1.3..2]',
    '(1.2.3.4.5,1.2]',
    '',
    '   ',
    '[1.0.0',
    '[1.0.0, 2.0.0, 3.0.0]',
    '(1.0.0]',
    '[2.0.0, 1.0.0]',
    '(1.0.0, 1.0.0]',
    '[1.0.0, 2.*]',
    '1.*.0',
    'v1.0.0',
  ];
  for (const range of invalid) {
    assert.throws(
      () => satisfies('1.0.0', range),
      (err: unknown) => err instanceof InvalidRangeError && err.range === range,
      `range "${range}"`,
    );
  }
});

test('nuget invalid version wins over invalid range', () => {
  assert.throws(() => satisfies('not a version', '(,)'), InvalidVersionError);
  assert.throws(() => satisfies('1.0.0', '(,)'), InvalidRangeError);
});
