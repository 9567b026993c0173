// Order properties of the gem scheme on generated valid versions: numeric
// heads, letter segments, `-` suffixes and surrounding blanks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gemScheme, parseGemVersion, satisfiesGemRequirement } from '../../src/ecosystems/rubygems/version.js';
import { testOrderLaws } from './order-laws.js';
import { sign } from './vectors.js';

const SEED = 3315;
const RUNS = 400;
const options = { seed: SEED, numRuns: RUNS };

const digits = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0', '1', '2', '10') },
  { weight: 2, arbitrary: fc.constantFrom('00', '01') },
  { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '123456789012345678901234567890') },
);

// A dotted segment is letters and digits in any mix: `a`, `rc1`, `0b`, `B`.
const segment = fc.oneof(
  { weight: 4, arbitrary: digits },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'pre', 'rc', 'beta', 'B', 'Z', 'x') },
  { weight: 1, arbitrary: fc.constantFrom('rc1', 'a10', '0b', 'alpha2', 'b1c') },
);
const suffixPart = fc.constantFrom('1', 'rc1', 'alpha', 'a-b', 'pre', '0');

const gemVersion = fc
  .record({
    lead: fc.constantFrom('', '', '', ' ', '\t', '\n'),
    head: digits,
    segments: fc.array(segment, { maxLength: 4 }),
    suffix: fc.option(fc.array(suffixPart, { minLength: 1, maxLength: 2 }), { freq: 4 }),
    trail: fc.constantFrom('', '', '', ' ', '\n'),
  })
  .map(({ lead, head, segments, suffix, trail }) => {
    let text = [head, ...segments].join('.');
    if (suffix !== null) text += `-${suffix.join('.')}`;
    return `${lead}${text}${trail}`;
  });

// Gem::Version#to_s is the printed form.
testOrderLaws(gemScheme, gemVersion, (text) => parseGemVersion(text).text, options);

test('gem requirement operators agree with the order', () => {
  fc.assert(
    fc.property(gemVersion, gemVersion, (a, b) => {
      const order = sign(gemScheme.compare(a, b));
      const required = parseGemVersion(b).text;
      assert.equal(satisfiesGemRequirement(a, `= ${required}`), order === 0);
      assert.equal(satisfiesGemRequirement(a, `!= ${required}`), order !== 0);
      assert.equal(satisfiesGemRequirement(a, `< ${required}`), order < 0);
      assert.equal(satisfiesGemRequirement(a, `>= ${required}`), order >= 0);
      // `~>` never admits a version below its own bound.
      if (order < 0) assert.equal(satisfiesGemRequirement(a, `~> ${required}`), false);
    }),
    options,
  );
});
