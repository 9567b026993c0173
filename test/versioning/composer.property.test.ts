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
import { sign } from './vectors.js';

const options = { seed: 20261204, numRuns: 400 };

test('composer generated versions are valid', () => {
  fc.assert(
    fc.property(anyVersion, (text) => composerScheme.isValid(text)),
    options,
  );
});

test('composer order is total and antisymmetric', () => {
  fc.assert(
    fc.property(anyVersion, anyVersion, (a, b) => {
      assert.equal(sign(compareComposer(a, b)), sign(-compareComposer(b, a)), `"${a}" vs "${b}"`);
      assert.equal(sign(compareComposer(a, a)), 0, `"${a}" equals itself`);
    }),
    options,
  );
});

test('composer order is transitive', () => {
  fc.assert(
    fc.property(anyVersion, anyVersion, anyVersion, (a, b, c) => {
      const [low, middle, high] = [a, b, c].sort(compareComposer);
      assert.ok(compareComposer(low!, middle!) <= 0);
      assert.ok(compareComposer(middle!, high!) <= 0);
      assert.ok(compareComposer(low!, high!) <= 0, `"${low}" <= "${middle}" <= "${high}"`);
    }),
    options,
  );
});

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
