// Order properties of the pep440 scheme on generated valid versions, in the
// many spellings PEP 440 normalises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizePep440, pep440Scheme, satisfiesPep440 } from '../../src/ecosystems/pypi/version.js';
import { testOrderLaws } from './order-laws.js';

const SEED = 440440;
const RUNS = 400;
const options = { seed: SEED, numRuns: RUNS };

// Small numbers collide often; leading zeros and numbers past 2^53 test
// the integer reading.
const digits = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0', '1', '2', '10') },
  { weight: 2, arbitrary: fc.constantFrom('00', '01', '007') },
  { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '123456789012345678901234567890') },
);

const separator = fc.constantFrom('', '.', '-', '_');
const optionalNumber = fc.oneof(fc.constant(''), digits);

const preLabel = fc.constantFrom('a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview', 'A', 'RC', 'Beta');
const pre = fc.tuple(separator, preLabel, separator, optionalNumber).map((parts) => parts.join(''));

// A post-release is `-N`, or a label with optional separators and number.
const post = fc.oneof(
  digits.map((number) => `-${number}`),
  fc.tuple(separator, fc.constantFrom('post', 'rev', 'r', 'POST'), separator, optionalNumber).map((parts) => parts.join('')),
);
const dev = fc.tuple(separator, fc.constantFrom('dev', 'DEV'), separator, optionalNumber).map((parts) => parts.join(''));

const localPart = fc.oneof(digits, fc.constantFrom('ubuntu', 'abc', 'Z', 'deb12u1', 'x'));
const local = fc
  .array(fc.tuple(fc.constantFrom('.', '-', '_'), localPart), { minLength: 0, maxLength: 2 })
  .chain((rest) => localPart.map((first) => `+${first}${rest.map((parts) => parts.join('')).join('')}`));

const pep440Version = fc
  .record({
    prefix: fc.constantFrom('', '', '', 'v', 'V', ' ', '\t'),
    epoch: fc.option(fc.constantFrom('0', '1', '2'), { freq: 4 }),
    release: fc.array(digits, { minLength: 1, maxLength: 4 }),
    pre: fc.option(pre, { freq: 2 }),
    post: fc.option(post, { freq: 3 }),
    dev: fc.option(dev, { freq: 3 }),
    local: fc.option(local, { freq: 4 }),
    suffix: fc.constantFrom('', '', '', ' ', '\n'),
  })
  .map((parts) =>
    [
      parts.prefix,
      parts.epoch === null ? '' : `${parts.epoch}!`,
      parts.release.join('.'),
      parts.pre ?? '',
      parts.post ?? '',
      parts.dev ?? '',
      parts.local ?? '',
      parts.suffix,
    ].join(''),
  );

testOrderLaws(pep440Scheme, pep440Version, normalizePep440, options);

test('pep440 == and != split every pair, and >= agrees with the order', () => {
  fc.assert(
    fc.property(pep440Version, pep440Version, (a, b) => {
      const spec = normalizePep440(b);
      const equal = satisfiesPep440(a, `==${spec}`);
      assert.notEqual(satisfiesPep440(a, `!=${spec}`), equal, `"${a}" against "${spec}"`);

      // With no local segment on either side, `>=` is the plain order.
      if (!a.includes('+') && !spec.includes('+')) {
        assert.equal(equal, pep440Scheme.compare(a, spec) === 0);
        assert.equal(satisfiesPep440(a, `>=${spec}`), pep440Scheme.compare(a, spec) >= 0, `"${a}" >= "${spec}"`);
      }
    }),
    options,
  );
});
