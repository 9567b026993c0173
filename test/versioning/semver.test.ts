import { test } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import {
  compareSemver,
  satisfiesSemver,
  semverScheme,
} from '../../src/ecosystems/npm/version.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError, type RangeOptions } from '../../src/versioning/types.js';
import { expectedSign, readVectors, reverseOp, sign, type VectorRow } from './vectors.js';
import { unescapeField } from './vector-escapes.js';
import { vercmp } from './vercmp-process.js';

/** Maps the `options` column (empty, `loose` or `includePrerelease`) to range options. */
function rowOptions(row: VectorRow): RangeOptions {
  const options = row.options!;
  if (options === '') return {};
  if (options === 'loose') return { loose: true };
  if (options === 'includePrerelease') return { includePrerelease: true };
  throw new Error(`${row.line}: unknown options "${options}"`);
}

function orderRows(): VectorRow[] {
  return readVectors('semver.tsv').map((row) => ({
    ...row,
    left: unescapeField(row.left!),
    right: unescapeField(row.right!),
  }));
}

function rangeRows(): VectorRow[] {
  return readVectors('semver-ranges.tsv').map((row) => ({
    ...row,
    version: unescapeField(row.version!),
    range: unescapeField(row.range!),
  }));
}

test('semver orders every vector both ways', () => {
  const rows = orderRows();
  assert.equal(rows.length, 68);

  for (const row of rows) {
    const { left, op, right, source } = row;
    const options = rowOptions(row);
    const label = `${row.line} [${source}] ${row.options}: "${left}" ${op} "${right}"`;
    assert.equal(sign(compareSemver(left!, right!, options)), expectedSign(op!), label);
    assert.equal(sign(compareSemver(right!, left!, options)), expectedSign(reverseOp(op!)), `${label} (reversed)`);
  }
});

test('semver scheme compares with default options', () => {
  for (const row of orderRows().filter((candidate) => candidate.options === '')) {
    const label = `${row.line}: "${row.left}" ${row.op} "${row.right}"`;
    assert.equal(sign(semverScheme.compare(row.left!, row.right!)), expectedSign(row.op!), label);
    assert.equal(sign(semverScheme.compare(row.right!, row.left!)), expectedSign(reverseOp(row.op!)), label);
  }
});

test('semver loose rows need loose or agree', () => {
  // Strict parsing either gives a loose row the same order or rejects one
  // side. It never gives a different order.
  let strictRejects = 0;
  for (const row of orderRows().filter((candidate) => candidate.options === 'loose')) {
    const label = `${row.line}: "${row.left}" ${row.op} "${row.right}"`;
    const strictValid = semverScheme.isValid(row.left!) && semverScheme.isValid(row.right!);
    if (strictValid) {
      assert.equal(sign(semverScheme.compare(row.left!, row.right!)), expectedSign(row.op!), label);
    } else {
      assert.throws(() => semverScheme.compare(row.left!, row.right!), InvalidVersionError, label);
      strictRejects++;
    }
  }
  assert.equal(strictRejects, 46 - 20, 'the vectors say 20 of the 46 loose rows hold with default options');
});

test('semver ranges match every vector', () => {
  const rows = rangeRows();
  assert.equal(rows.length, 223);

  const rejected: string[] = [];
  for (const row of rows) {
    const { version, range, expected, source } = row;
    const label = `${row.line} [${source}] ${row.options}: "${version}" in "${range}"`;
    let result: boolean;
    try {
      result = satisfiesSemver(version!, range!, rowOptions(row));
    } catch (err) {
      // node-semver returns false for a version it cannot parse, and the
      // scheme must throw instead.
      assert.ok(err instanceof InvalidVersionError, `${label}: ${String(err)}`);
      assert.equal(expected, 'false', label);
      rejected.push(version!);
      continue;
    }
    assert.equal(result, expected === 'true', label);
  }
  assert.deepEqual(rejected.sort(), ['false', 'glorp', 'not a version']);
});

test('semver range options change the outcome', () => {
  assert.equal(satisfiesSemver('1.2.3pre', '*', { loose: true }), false);
  assert.equal(satisfiesSemver('3.0.0-pre.0', '>=2', { includePrerelease: true }), true);
  assert.equal(satisfiesSemver('3.0.0-pre.0', '>=2'), false);
  assert.throws(() => satisfiesSemver('1.2.3pre', '*'), InvalidVersionError);
  assert.equal(satisfiesSemver('v 1.2.3', '1.x', { loose: true }), true);
});

test('semver rejects an invalid range', () => {
  for (const range of ['blerg', '>=1.2.3 <', 'git+https://example.invalid/x', '1.2.3 - ', '>=a.b']) {
    assert.equal(semver.validRange(range), null, `node-semver rejects "${range}"`);
    assert.throws(
      () => semverScheme.satisfies!('1.2.3', range),
      (err: unknown) => err instanceof InvalidRangeError && err.range === range && err.scheme === 'semver',
      range,
    );
  }
});

test('semver rejects an invalid version', () => {
  for (const version of ['', '1.2', 'a.b.c', '1.2.3.4', '01.2.3', '1.2.3-', `1.2.${'9'.repeat(300)}`]) {
    assert.equal(semverScheme.isValid(version), false, `"${version}" is invalid`);
    assert.ok((semverScheme.explainInvalid?.(version) ?? '').length > 0, `"${version}" has a reason`);
    assert.throws(() => semverScheme.compare(version, '1.0.0'), InvalidVersionError, version);
    assert.throws(() => semverScheme.compare('1.0.0', version), InvalidVersionError, version);
    assert.throws(() => semverScheme.satisfies!(version, '*'), InvalidVersionError, version);
  }
  assert.match(semverScheme.explainInvalid?.('a.b.c') ?? '', /Invalid Version: a\.b\.c/);
  assert.match(semverScheme.explainInvalid?.('1'.repeat(300)) ?? '', /longer than 256 characters/);
});

test('semver accepts the prefixes node-semver strips', () => {
  for (const version of ['1.2.3', 'v1.2.3', ' 1.2.3 ', '1.2.3-rc.1+build.5', '0.0.0-0']) {
    assert.equal(semverScheme.isValid(version), true, `"${version}" is valid`);
    assert.equal(semverScheme.explainInvalid?.(version), undefined, version);
  }
  assert.equal(sign(semverScheme.compare('v1.2.3', '1.2.3+build')), 0);
});

test('semver is registered', () => {
  assert.equal(getScheme('semver'), semverScheme);
});

test('vercmp semver writes each vector order', () => {
  const rows = orderRows().filter((row) => row.options === '');
  const result = vercmp(['--scheme', 'semver'], rows.map((row) => `${row.left}\t${row.right}\n`).join('') + '1.2\t1.2.0\n');

  assert.equal(result.status, 2, 'the invalid pair fails the run');
  assert.deepEqual(result.stdout.split('\n'), [...rows.map((row) => row.op), '!', '']);
  assert.match(result.stderr, new RegExp(`line ${rows.length + 1}: invalid semver version "1\\.2"`));
});

for (const options of ['', 'loose', 'includePrerelease']) {
  test(`vercmp semver ranges with ${options || 'default'} options`, () => {
    const rows = rangeRows().filter((row) => row.options === options);
    const flags = { '': [], loose: ['--loose'], includePrerelease: ['--include-prerelease'] }[options]!;
    const result = vercmp(['--scheme', 'semver', '--range', ...flags], rows.map((row) => `${row.version}\t${row.range}\n`).join(''));

    // The three vector versions node-semver cannot parse are written as `!`.
    const expected = rows.map((row) => (semver.valid(row.version!, { loose: options === 'loose' }) === null ? '!' : row.expected));
    assert.deepEqual(result.stdout.split('\n'), [...expected, '']);
    assert.equal(result.status, expected.includes('!') ? 2 : 0, result.stderr);
  });
}
