// Order properties of the composer scheme on generated valid versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareComposer,
  composerScheme,
  IncomparableBranchesError,
  normalizeComposerVersion,
} from '../../src/ecosystems/composer/version.js';
import { anyVersion, classical, namedBranch, version } from './composer-arbitraries.js';
import { testOrderLaws } from './order-laws.js';
import { sign } from './vectors.js';

const options = { seed: 20261204, numRuns: 400 };

// A date version does not print as a version equal to itself, so the
// printed form is tested below on releases and branches only.
testOrderLaws(composerScheme, anyVersion, undefined, options);

test('composer normal form is stable', () => {
  fc.assert(
    fc.property(version, (text) => {
      const normalized = normalizeComposerVersion(text);
      assert.equal(normalizeComposerVersion(normalized), normalized, `"${text}" → "${normalized}"`);
    }),
    options,
  );
});

test('composer print keeps the order', () => {
  fc.assert(
    fc.property(version, version, (a, b) => {
      const printedA = normalizeComposerVersion(a);
      const printedB = normalizeComposerVersion(b);
      assert.equal(sign(compareComposer(printedA, printedB)), sign(compareComposer(a, b)), `"${a}" vs "${b}"`);
    }),
    options,
  );
});

test('composer named branches sort first', () => {
  fc.assert(
    fc.property(namedBranch, classical, (name, release) => {
      // `dev` sorts below every number in version_compare.
      assert.ok(compareComposer(name, release) < 0, `"${name}" < "${release}"`);
      assert.ok(compareComposer(release, name) > 0, `"${release}" > "${name}"`);
    }),
    options,
  );
});

test('composer branch pairs have no order', () => {
  fc.assert(
    fc.property(namedBranch, namedBranch, (a, b) => {
      fc.pre(a !== b);
      assert.throws(() => compareComposer(a, b), IncomparableBranchesError);
    }),
    options,
  );
});
