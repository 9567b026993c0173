import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gemScheme,
  parseGemVersion,
  satisfiesGemRequirement,
  tryParseGemVersion,
} from '../../src/ecosystems/rubygems/version.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, readVectors, sign, type VectorRow } from './vectors.js';
import { unescapeField } from './vector-escapes.js';

function orderRows(): VectorRow[] {
  return readVectors('gem.tsv').map((row) => ({ ...row, left: unescapeField(row.left!), right: unescapeField(row.right!) }));
}

test('gem orders every vector both ways', () => {
  const rows = orderRows();
  assert.equal(rows.length, 34);

  // `:refuted(...)` rows state the Gem::Version#<=> order of a pair the
  // test only calls unequal (or not eql?), so they are ordered the same way.
  for (const row of rows) assertRowOrder(gemScheme, row);
});

test('gem accepts every vector version, blank ones as 0', () => {
  for (const row of orderRows()) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(gemScheme.isValid(version), true, `${row.line}: ${JSON.stringify(version)}`);
    }
  }
  assert.equal(parseGemVersion('  ').text, '0');
  assert.equal(parseGemVersion(' 1.0\n').text, '1.0');
  assert.equal(parseGemVersion('1.0.0-rc1').text, '1.0.0.pre.rc1');
});

test('gem requirements match every vector', () => {
  const rows: VectorRow[] = readVectors('gem-ranges.tsv').map((row) => ({ ...row, version: unescapeField(row.version!), range: unescapeField(row.range!) }));
  assert.equal(rows.length, 108);

  for (const row of rows) {
    const label = `${row.line} [${row.source}]: ${JSON.stringify(row.version)} satisfies "${row.range}"`;
    assert.equal(getScheme('gem').satisfies!(row.version!, row.range!), row.expected === 'true', label);
  }
});

test('gem rejects malformed versions', () => {
  // The first four are test_initialize_invalid's in rubygems'
  // test_gem_version.rb; Ruby's `\s` does not take the no-break space, and
  // Gem::Version.correct? of rubygems 3.3.15 rejects the last two as well.
  for (const version of ['junk', '1.0\n2.0', '1..2', '1.2 3.4', '\u00a01.0', '1.0_1']) {
    assert.equal(gemScheme.isValid(version), false, JSON.stringify(version));
    assert.equal(gemScheme.explainInvalid!(version), `Malformed version number string ${version}`);
    assert.throws(() => gemScheme.compare(version, '1.0'), InvalidVersionError);
    assert.throws(() => satisfiesGemRequirement(version, '>= 0'), InvalidVersionError);
  }
});

test('gem rejects ill-formed requirements', () => {
  for (const range of ['>= junk', '>> 1.0', '1.0 1.1', '> 1.0,', '=< 1.0', '~> ']) {
    assert.throws(() => satisfiesGemRequirement('1.0', range), InvalidRangeError, range);
  }
});

test('gem reads a blank requirement as the default >= 0', () => {
  assert.equal(satisfiesGemRequirement('0', ''), true);
  assert.equal(satisfiesGemRequirement('3.2', ' '), true);
  assert.equal(satisfiesGemRequirement('0.a', ''), false);
});

test('gem compares letters by byte and numbers without a size limit', () => {
  // Ruby's String#<=> puts upper case before lower case.
  assert.equal(sign(gemScheme.compare('1.0.B', '1.0.a')), -1);
  assert.equal(sign(gemScheme.compare('1.9007199254740993', '1.9007199254740992')), 1);
  assert.equal(sign(gemScheme.compare('1.0.a.0', '1.a')), 0);
  assert.equal(satisfiesGemRequirement('1.99999999999999999999.5', '~> 1.99999999999999999999.0'), true);
  assert.equal(satisfiesGemRequirement('1.100000000000000000000', '~> 1.99999999999999999999.0'), false);
  assert.equal(tryParseGemVersion('1.0 junk'), undefined);
});
