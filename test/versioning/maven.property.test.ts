// Order properties of the maven scheme on generated versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canonicalString,
  compareComparableVersions,
  parseComparableVersion,
} from '../../src/ecosystems/maven/comparable-version.js';
import { mavenScheme } from '../../src/ecosystems/maven/version.js';
import { testOrderLaws } from './order-laws.js';
import { sign } from './vectors.js';

const SEED = 20261204;
const RUNS = 500;

// A few tokens, so that generated versions often tie or differ in one
// place: zeros that trim away, numbers of each width (int, long,
// BigInteger), every known qualifier and alias in both cases, and some
// unknown qualifiers.
const numberToken = fc.oneof(
  fc.nat(12).map(String),
  fc.constantFrom('0', '00', '007', '2147483647', '2147483648', '999999999999999999', '12345678901234567890'),
);
const qualifierToken = fc.constantFrom(
  'alpha', 'a', 'beta', 'b', 'milestone', 'm', 'rc', 'cr', 'snapshot', 'SNAPSHOT',
  'ga', 'GA', 'final', 'release', 'sp', 'abc', 'x', 'Final', 'RC', 'redhat',
);
const separator = fc.constantFrom('.', '-', '');

const version = fc
  .tuple(
    fc.constantFrom('', '', '', '.', '-'),
    fc.array(fc.tuple(fc.oneof(numberToken, qualifierToken), separator), { minLength: 1, maxLength: 6 }),
  )
  .map(([prefix, parts]) => prefix + parts.map(([token, sep], i) => (i === parts.length - 1 ? token : token + sep)).join(''));

const options = { seed: SEED, numRuns: RUNS };

function compare(a: string, b: string): number {
  return sign(mavenScheme.compare(a, b));
}

// The canonical form is not always a valid version, so its test follows.
testOrderLaws(mavenScheme, version, undefined, options);

test('maven canonical form keeps the order', () => {
  // The canonical form of `0` is empty, which the scheme rejects, so the
  // canonical forms are compared with the parser's own comparator.
  fc.assert(
    fc.property(version, version, (a, b) => {
      const parsedA = parseComparableVersion(a);
      const canonicalA = canonicalString(parsedA);
      const reparsedA = parseComparableVersion(canonicalA);
      const reparsedB = parseComparableVersion(canonicalString(parseComparableVersion(b)));
      assert.equal(sign(compareComparableVersions(reparsedA, parsedA)), 0, `"${a}" equals its canonical "${canonicalA}"`);
      assert.equal(sign(compareComparableVersions(reparsedA, reparsedB)), compare(a, b), `"${a}" vs "${b}"`);
      // Maven's canonical form can need a second round to settle: `alpha.alpha.0`
      // prints as `alpha.alpha`, which reads back as `alpha-alpha`.
      const settled = canonicalString(reparsedA);
      assert.equal(canonicalString(parseComparableVersion(settled)), settled, `"${settled}" is its own canonical`);
    }),
    options,
  );
});

test('maven exact range matches equal versions', () => {
  fc.assert(
    fc.property(version, version, (a, b) => {
      assert.equal(mavenScheme.satisfies!(a, `[${b}]`), compare(a, b) === 0, `"${a}" in [${b}]`);
    }),
    options,
  );
});
