// Order properties of the semver scheme on generated valid versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareSemver, parseSemver, semverScheme } from '../../src/ecosystems/npm/version.js';
import { testOrderLaws } from './order-laws.js';
import { sign } from './vectors.js';

const SEED = 20261204;
const RUNS = 400;

// Numbers near the edges: 0, small values that collide often, and values
// up to Number.MAX_SAFE_INTEGER, the largest node-semver accepts.
const versionNumber = fc.oneof(
  fc.constantFrom(0, 1, 2, 10),
  fc.nat(20),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

const alphanumeric = fc.stringMatching(/^[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*$/).filter((id) => id.length <= 8);

// A numeric pre-release identifier has no leading zero; an alphanumeric one
// holds a letter or a hyphen.
const prereleaseIdentifier = fc.oneof(fc.nat(30).map(String), fc.constantFrom('alpha', 'beta', 'rc', 'a-1', '-', 'Z'), alphanumeric);

const buildIdentifier = fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/);

const version = fc
  .record({
    major: versionNumber,
    minor: versionNumber,
    patch: versionNumber,
    prerelease: fc.array(prereleaseIdentifier, { maxLength: 3 }),
    build: fc.array(buildIdentifier, { maxLength: 2 }),
  })
  .map(({ major, minor, patch, prerelease, build }) => {
    let text = `${major}.${minor}.${patch}`;
    if (prerelease.length > 0) text += `-${prerelease.join('.')}`;
    if (build.length > 0) text += `+${build.join('.')}`;
    return text;
  });

// Spellings that strict node-semver reads as the same version: a `v` prefix
// and surrounding spaces.
const spelling = fc.tuple(version, fc.constantFrom('', 'v', ' ', ' v')).map(([text, prefix]) => `${prefix}${text}`);

const options = { seed: SEED, numRuns: RUNS };

testOrderLaws(semverScheme, spelling, (text) => parseSemver(text).format(), options);

test('semver equality ignores only build metadata', () => {
  fc.assert(
    fc.property(version, version, (a, b) => {
      const equal = semverScheme.compare(a, b) === 0;
      const withoutBuild = (text: string): string => text.replace(/\+.*$/, '');
      assert.equal(equal, withoutBuild(a) === withoutBuild(b), `"${a}" vs "${b}"`);
    }),
    options,
  );
});

test('semver loose agrees on strict versions', () => {
  fc.assert(
    fc.property(version, version, (a, b) => {
      assert.equal(sign(compareSemver(a, b, { loose: true })), sign(compareSemver(a, b)));
    }),
    options,
  );
});
