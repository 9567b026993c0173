import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  containsPep440,
  normalizePep440,
  pep440Scheme,
  satisfiesPep440,
  type Pep440ContainsOptions,
} from '../../src/ecosystems/pypi/version.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, readVectors, sign, type VectorRow } from './vectors.js';
import { unescapeField } from './vector-escapes.js';

function orderRows(): VectorRow[] {
  return readVectors('pep440.tsv').map((row) => ({ ...row, left: unescapeField(row.left!), right: unescapeField(row.right!) }));
}

function rangeRows(): VectorRow[] {
  return readVectors('pep440-ranges.tsv').map((row) => ({ ...row, version: unescapeField(row.version!), range: unescapeField(row.range!) }));
}

const OPTION_NAMES: Readonly<Record<string, keyof Pep440ContainsOptions>> = {
  prereleases: 'prereleases',
  contains_prereleases: 'containsPrereleases',
  installed: 'installed',
};

/** Reads the options column, `prereleases=True,installed=False`, as packaging's arguments. */
function rowOptions(row: VectorRow): Pep440ContainsOptions {
  const options: Pep440ContainsOptions = {};
  for (const pair of row.options!.split(',').filter((text) => text !== '')) {
    const [name, value] = pair.split('=');
    const key = OPTION_NAMES[name!];
    if (key === undefined || (value !== 'True' && value !== 'False')) throw new Error(`${row.line}: unknown option "${pair}"`);
    options[key] = value === 'True';
  }
  return options;
}

test('pep440 orders every vector both ways', () => {
  const rows = orderRows();
  assert.equal(rows.length, 3000);

  for (const row of rows) assertRowOrder(pep440Scheme, row);
});

test('pep440 normalises each test_normalized_versions input to its pair', () => {
  const rows = orderRows().filter((row) => row.source!.endsWith(':normalized'));
  assert.ok(rows.length > 50, `expected the normalisation rows, found ${rows.length}`);

  for (const row of rows) {
    assert.equal(normalizePep440(row.left!), row.right, `${row.line}: ${JSON.stringify(row.left)}`);
  }
});

test('pep440 specifier sets match every vector with its options', () => {
  const rows = rangeRows();
  assert.equal(rows.length, 287);

  for (const row of rows) {
    const options = rowOptions(row);
    const label = `${row.line} [${row.source}] ${row.options}: ${row.version} in "${row.range}"`;
    assert.equal(satisfiesPep440(row.version!, row.range!, options), row.expected === 'true', label);
  }
});

test('pep440 scheme satisfies maps includePrerelease onto prereleases=True', () => {
  // Rows with no option or only the set's prereleases=True run through the generic range API.
  const rows = rangeRows().filter((row) => row.options === '' || row.options === 'prereleases=True');
  assert.ok(rows.length > 200);

  for (const row of rows) {
    const options = row.options === '' ? undefined : { includePrerelease: true };
    const label = `${row.line} ${row.options}: ${row.version} in "${row.range}"`;
    assert.equal(getScheme('pep440').satisfies!(row.version!, row.range!, options), row.expected === 'true', label);
  }
});

test('pep440 scheme reads includePrerelease false as the default, not prereleases=False', () => {
  // packaging: SpecifierSet(">=1.0").contains("2.0a1") is True, and False with prereleases=False.
  assert.equal(pep440Scheme.satisfies!('2.0a1', '>=1.0', { includePrerelease: false }), true);
  assert.equal(satisfiesPep440('2.0a1', '>=1.0', { prereleases: false }), false);
});

test('pep440 rejects what packaging rejects', () => {
  for (const version of ['', 'french toast', '1.0+', '1.0+_foo', '1.0.dev.post', '1!', '1..0', '1.0.*', ' 1.0 junk']) {
    assert.equal(pep440Scheme.isValid(version), false, JSON.stringify(version));
    assert.equal(pep440Scheme.explainInvalid!(version), `Invalid version: '${version}'`);
    assert.throws(() => pep440Scheme.compare(version, '1.0'), InvalidVersionError);
  }

  for (const range of ['>=1.0+local', '~=1', '==1.0.*+local', '>= 1.0 junk', 'lolwat', '~=1.0.*', '<1.*']) {
    assert.throws(() => satisfiesPep440('1.0', range), InvalidRangeError, range);
  }
});

test('pep440 never orders an invalid version against a range', () => {
  assert.throws(() => satisfiesPep440('not a version', '>=1.0'), InvalidVersionError);
  assert.throws(() => satisfiesPep440('not a version', ''), InvalidVersionError);
  // `===` is the one operator packaging defines on arbitrary strings.
  assert.equal(satisfiesPep440('Foobar', '===foobar'), true);
  assert.equal(containsPep440('not a version', '>=1.0'), false);
});

test('pep440 orders numbers past 2^53 exactly', () => {
  assert.equal(sign(pep440Scheme.compare('1.9007199254740993', '1.9007199254740992')), 1);
  assert.equal(sign(pep440Scheme.compare('1.0+9007199254740993', '1.0+9007199254740992')), 1);
  assert.equal(sign(pep440Scheme.compare('1.0.00', '1')), 0);
});
