// Order properties of the nuget scheme on generated valid versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNuGetVersion, nugetScheme, parseNuGetVersion } from '../../src/ecosystems/nuget/version.js';
import { testOrderLaws } from './order-laws.js';
import { sign } from './vectors.js';

const SEED = 20261204;
const RUNS = 500;

// Version parts near the edges: small values that collide often, leading
// zeros (which NuGet allows in version numbers), and int.MaxValue.
const part = fc.oneof(
  fc.nat(3).map(String),
  fc.constantFrom('0', '00', '01', '10', '2147483647'),
  fc.integer({ min: 0, max: 2147483647 }).map(String),
);

// Numeric labels have no leading zero; other labels mix case, digits and hyphens.
const label = fc.oneof(
  fc.nat(20).map(String),
  fc.constantFrom('alpha', 'Alpha', 'BETA', 'beta', 'rc', 'RC-1', '-', '-1', '0A', 'a-b', '2147483648'),
  fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/).filter((text) => !/^0[0-9]+$/.test(text)),
);

const metadataPart = fc.stringMatching(/^[0-9A-Za-z-]{1,5}$/);

const version = fc
  .record({
    parts: fc.array(part, { minLength: 1, maxLength: 4 }),
    labels: fc.array(label, { maxLength: 3 }),
    metadata: fc.array(metadataPart, { maxLength: 2 }),
    padding: fc.constantFrom('', '', ' ', '\t'),
  })
  .map(({ parts, labels, metadata, padding }) => {
    let text = parts.join('.');
    if (labels.length > 0) text += `-${labels.join('.')}`;
    if (metadata.length > 0) text += `+${metadata.join('.')}`;
    return `${padding}${text}${padding}`;
  });

const options = { seed: SEED, numRuns: RUNS };

function compare(a: string, b: string): number {
  return sign(nugetScheme.compare(a, b));
}

testOrderLaws(nugetScheme, version, (text) => formatNuGetVersion(parseNuGetVersion(text)), options);

test('nuget metadata never changes the order', () => {
  fc.assert(
    fc.property(version, metadataPart, (a, metadata) => {
      const withoutMetadata = a.trim().replace(/\+.*$/, '');
      assert.equal(compare(`${withoutMetadata}+${metadata}`, withoutMetadata), 0, `"${withoutMetadata}+${metadata}"`);
    }),
    options,
  );
});

test('nuget exact range matches equal versions', () => {
  fc.assert(
    fc.property(version, version, (a, b) => {
      assert.equal(nugetScheme.satisfies!(a, `[${b}]`), compare(a, b) === 0, `"${a}" in [${b}]`);
    }),
    options,
  );
});
