import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalString, parseComparableVersion } from '../../src/ecosystems/maven/comparable-version.js';
import { mavenScheme, parseMavenVersion } from '../../src/ecosystems/maven/version.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, readVectors, sign } from './vectors.js';

const satisfies = mavenScheme.satisfies!;

test('maven orders every vector both ways', () => {
  const rows = readVectors('maven.tsv');
  assert.equal(rows.length, 742);

  for (const row of rows) assertRowOrder(mavenScheme, row);
});

test('maven accepts every vector version', () => {
  for (const row of readVectors('maven.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(mavenScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
      assert.equal(mavenScheme.explainInvalid?.(version), undefined, `${row.line}: "${version}" has no problem`);
    }
  }
});

test('maven canonical form is stable', () => {
  // ComparableVersionTest checks this for every version it builds.
  for (const row of readVectors('maven.tsv')) {
    for (const version of [row.left!, row.right!]) {
      const canonical = canonicalString(parseComparableVersion(version));
      assert.equal(canonicalString(parseComparableVersion(canonical)), canonical, `${row.line}: canonical of "${version}"`);
    }
  }
});

test('maven canonical drops a zero prefix', () => {
  // From ComparableVersionTest.testGetCanonical, and the output of Maven
  // 3.8.7's ComparableVersion main for 1.0.0-SNAPSHOT.
  assert.equal(canonicalString(parseMavenVersion('0.x')), 'x');
  assert.equal(canonicalString(parseMavenVersion('0.2')), '0.2');
  assert.equal(canonicalString(parseMavenVersion('1.0.0-SNAPSHOT')), '1-snapshot');
});

test('maven rejects empty and blank versions', () => {
  for (const version of ['', ' ', '\t\n']) {
    assert.equal(mavenScheme.isValid(version), false, `"${version}" is invalid`);
    assert.match(mavenScheme.explainInvalid?.(version) ?? '', /empty|blank/);
    assert.throws(() => mavenScheme.compare(version, '1'), InvalidVersionError);
    assert.throws(() => mavenScheme.compare('1', version), InvalidVersionError);
    assert.throws(() => satisfies(version, '[1.0,2.0)'), InvalidVersionError);
  }
});

test('maven rejects versions over 256 characters', () => {
  const longest = '1.'.repeat(128);
  assert.equal(longest.length, 256);
  assert.equal(mavenScheme.isValid(longest), true);

  const tooLong = `${longest}1`;
  assert.equal(mavenScheme.isValid(tooLong), false);
  assert.match(mavenScheme.explainInvalid?.(tooLong) ?? '', /too long \(257 > 256 characters\)/);
  assert.throws(() => mavenScheme.compare(tooLong, '1'), InvalidVersionError);
});

test('maven rejects digits Java cannot parse', () => {
  // `-` before a non-ASCII digit starts a combination whose number part
  // then contains a letter, and Integer.parseInt throws on it.
  assert.equal(mavenScheme.isValid('a-\u0668b'), false);
  assert.match(mavenScheme.explainInvalid?.('a-\u0668b') ?? '', /NumberFormatException/);
  assert.throws(() => mavenScheme.compare('a-\u0668b', '1'), InvalidVersionError);

  // Java reads ARABIC-INDIC DIGIT EIGHT as 8 where it parses a number.
  assert.equal(sign(mavenScheme.compare('a-\u0668', 'a-8')), 0);
  assert.equal(sign(mavenScheme.compare('a-\u0668', 'a-9')), -1);
});

test('maven orders large numbers by size', () => {
  assert.equal(sign(mavenScheme.compare('1.2147483648', '1.2147483647')), 1);
  assert.equal(sign(mavenScheme.compare('1.999999999999999999', '1.1000000000000000000')), -1);
  assert.equal(sign(mavenScheme.compare('1.0000000000000000000001', '1.1')), 0);
  assert.equal(sign(mavenScheme.compare('1.12345678901234567890', '1.12345678901234567891')), -1);
});

test('maven release qualifier numbers order', () => {
  // A number after ga, final or release decides against the bare release.
  assert.equal(sign(mavenScheme.compare('1-ga1', '1')), 1);
  assert.equal(sign(mavenScheme.compare('1-ga1', '1-ga2')), -1);
  assert.equal(sign(mavenScheme.compare('1-ga0', '1')), 0);
});

test('maven is registered for vercmp', () => {
  assert.equal(getScheme('maven'), mavenScheme);
});

// Cases from Maven's VersionRangeTest (containsVersion), as
// [range, version, expected].
const rangeCases: [string, string, boolean][] = [
  ['[0-alpha,x]', 'alpha', true],
  ['[0-alpha,x]', '0-alpha', true],
  ['[0-alpha,x]', '0-0-alpha', true],
  ['[0-alpha,x]', '0-beta', true],
  ['[0-alpha,x]', '0', true],
  ['[0-alpha,x]', 'x', true],
  ['[0-alpha,x]', '0-x', true],
  ['[0-alpha,x]', 'alpha-snapshot', false],
  ['[0-alpha,x]', 'y', false],
  ['[alpha]', '0-alpha', true],
  ['[alpha]', '0-0-alpha', true],
  ['[alpha]', '0', false],
  ['[1,1-0-ga.1]', '1-ga0', true],
  ['[1,1-0-ga.1]', `1-ga${'0'.repeat(19)}`, true],
  ['[1,1-0-ga.1]', '1-ga1', false],
  ['[1-ga]', '1-ga0', true],
  ['[1,1-0-final.1]', '1-final0', true],
  ['[1,1-0-final.1]', '1-final1', false],
  ['[1,1-0-release.1]', '1-release0', true],
  ['[1,1-0-release.1]', '1-release1', false],
  ['[1.0,)', '1.0-SNAPSHOT', false],
  ['[1.0,1.1-SNAPSHOT]', '1.1-SNAPSHOT', true],
  ['[5.0.9.0,5.0.10.0)', '5.0.9.0', true],
  ['[1.2.3]', '1.2.3', true],
  ['[1.2.3]', '1.2.3-ga2', false],
  ['[1.2.3]', '1.2.3-final1', false],
];

test('maven ranges match as VersionRangeTest', () => {
  for (const [range, version, expected] of rangeCases) {
    assert.equal(satisfies(version, range), expected, `${version} in ${range}`);
  }
});

test('maven range bounds and unions', () => {
  const cases: [string, string, boolean][] = [
    ['[1.0,2.0)', '1.0', true],
    ['[1.0,2.0)', '1.5', true],
    ['[1.0,2.0)', '2.0', false],
    ['[1.0,2.0)', '2.0-SNAPSHOT', true],
    ['(1.0,2.0]', '1.0', false],
    ['(1.0,2.0]', '2.0.0', true],
    ['(,1.0]', '0.1', true],
    ['(,1.0]', '1.0.0', true],
    ['(,1.0]', '1.0.1', false],
    ['[1.5,)', '99', true],
    ['[1.5,)', '1.4', false],
    ['[1.2]', '1.2.0', true],
    ['[1.2]', '1.2.1', false],
    ['(,1.0],[1.2,)', '1.1', false],
    ['(,1.0],[1.2,)', '0.9', true],
    ['(,1.0],[1.2,)', '1.2', true],
    ['[1.0,2.0),[3.0,)', '2.5', false],
    ['[1.0,2.0),[3.0,)', '3.1', true],
    [' [1.0 , 2.0) , [3.0,4.0) ', '3.5', true],
    ['(,)', '1', true],
  ];
  for (const [range, version, expected] of cases) {
    assert.equal(satisfies(version, range), expected, `${version} in ${range}`);
  }
});

test('maven bare version matches only itself', () => {
  // A decision of LayerLens: Maven's VersionRange would admit every version.
  assert.equal(satisfies('1.0', '1.0'), true);
  assert.equal(satisfies('1', '1.0'), true);
  assert.equal(satisfies('1.0.0-ga', '1.0'), true);
  assert.equal(satisfies('1.0.1', '1.0'), false);
  assert.equal(satisfies('0.9', '1.0'), false);
});

test('maven rejects invalid ranges', () => {
  const cases: [string, RegExp][] = [
    // From VersionRangeTest.testInvalidRanges.
    ['(1.0)', /Single version must be surrounded by \[\]/],
    ['[1.0)', /Single version must be surrounded by \[\]/],
    ['(1.0]', /Single version must be surrounded by \[\]/],
    ['(1.0,1.0]', /Range defies version ordering/],
    ['[1.0,1.0)', /Range defies version ordering/],
    ['(1.0,1.0)', /Range defies version ordering/],
    ['[1.1,1.0]', /Range defies version ordering/],
    ['[1.0,1.2),1.3', /Only fully-qualified sets allowed in multiple set scenario/],
    ['[1.0,1.2),(1.1,1.3]', /Ranges overlap/],
    ['[1.1,1.3),(1.0,1.2]', /Ranges overlap/],
    ['(1.1,1.2],[1.0,1.1)', /Ranges overlap/],
    // Cases of LayerLens's own.
    ['[1.0,2.0', /Unbounded range/],
    ['', /the range is empty/],
    ['  ', /the range is empty/],
    ['[]', /bound "" is not valid/],
    [`[${'1.'.repeat(129)}]`, /too long/],
  ];
  for (const [range, message] of cases) {
    assert.throws(
      () => satisfies('1.0', range),
      (err: unknown) => err instanceof InvalidRangeError && err.range === range && message.test(err.message),
      `range "${range}"`,
    );
  }
});
