// Runs `layerlens vercmp --range` as a user does: the built CLI,
// VERSION<TAB>RANGE lines on standard input, true or false per line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import { schemeNames } from '../../src/versioning/index.js';
import { unescapeField } from './vector-escapes.js';
import { readVectors, type VectorRow } from './vectors.js';
import { vercmp } from './vercmp-process.js';

const semverMissing = { skip: !schemeNames().includes('semver') && 'scheme semver is not registered' };

// The CLI flag for each value of the semver range table's options column.
const SEMVER_FLAGS: Record<string, string[]> = {
  '': [],
  loose: ['--loose'],
  includePrerelease: ['--include-prerelease'],
};

test('vercmp --range matches each semver range row', semverMissing, () => {
  const rows = readVectors('semver-ranges.tsv');
  assert.ok(rows.length >= 200, `expected the semver range vectors, found ${rows.length} rows`);

  const byOptions = new Map<string, VectorRow[]>();
  for (const row of rows) {
    const group = byOptions.get(row.options!) ?? [];
    group.push(row);
    byOptions.set(row.options!, group);
  }

  let checked = 0;
  for (const [options, group] of byOptions) {
    const flags = SEMVER_FLAGS[options];
    assert.ok(flags, `a CLI flag for options "${options}"`);

    // A newline cannot travel inside one input line.
    const lines = group
      .map((row) => ({ row, version: unescapeField(row.version!), range: unescapeField(row.range!) }))
      .filter(({ version, range }) => !`${version}${range}`.includes('\n') && !version.includes('\t'));
    const result = vercmp(['--scheme', 'semver', '--range', ...flags], lines.map(({ version, range }) => `${version}\t${range}\n`).join(''));

    const output = result.stdout.split('\n');
    assert.equal(output.pop(), '', 'output ends with a newline');
    assert.equal(output.length, lines.length);

    // node-semver's satisfies returns false for a version it cannot parse;
    // vercmp marks that line invalid instead.
    let invalid = 0;
    lines.forEach(({ row, version, range }, index) => {
      const label = `${row.line} [${row.source}] ${options}: "${version}" in "${range}"`;
      if (semver.valid(version, { loose: options === 'loose' }) === null) {
        assert.equal(row.expected, 'false', label);
        assert.equal(output[index], '!', label);
        assert.match(result.stderr, new RegExp(`line ${index + 1}: invalid semver version`), label);
        invalid++;
      } else {
        assert.equal(output[index], row.expected, label);
      }
    });
    assert.equal(result.status, invalid > 0 ? 2 : 0, result.stderr);
    checked += lines.length;
  }
  assert.equal(checked, rows.length, 'every row went through the CLI');
});

// Range tables without an options column: every row runs with default options.
for (const scheme of ['gem', 'nuget', 'composer']) {
  const missing = { skip: !schemeNames().includes(scheme) && `scheme ${scheme} is not registered` };

  test(`vercmp --range matches each ${scheme} range row`, missing, () => {
    const rows = readVectors(`${scheme}-ranges.tsv`);
    assert.ok(rows.length > 0, `expected the ${scheme} range vectors`);
    const lines = rows.map((row) => ({ row, version: unescapeField(row.version!), range: unescapeField(row.range!) }));
    const result = vercmp(['--scheme', scheme, '--range'], lines.map(({ version, range }) => `${version}\t${range}\n`).join(''));

    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const output = result.stdout.split('\n');
    assert.equal(output.pop(), '', 'output ends with a newline');
    assert.equal(output.length, lines.length);
    lines.forEach(({ row, version, range }, index) => {
      assert.equal(output[index], row.expected, `${row.line} [${row.source}]: "${version}" in "${range}"`);
    });
  });
}

test('vercmp --range keeps tabs inside a range', semverMissing, () => {
  // node-semver reads the tab between the comparators as a space.
  const result = vercmp(['--scheme', 'semver', '--range'], '1.5.0\t>=1.0.0\t<2.0.0\n2.5.0\t>=1.0.0\t<2.0.0\n');
  assert.equal(result.stdout, 'true\nfalse\n');
  assert.equal(result.status, 0, result.stderr);
});

test('vercmp --range marks invalid lines', semverMissing, () => {
  const result = vercmp(['--scheme', 'semver', '--range'], '1.2.3\t^1.0.0\nbad\t^1.0.0\n1.0.0\t>>1\nno tab here\n2.0.0\t^1.0.0\n');
  assert.equal(result.stdout, 'true\n!\n!\n!\nfalse\n');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /line 2: invalid semver version "bad"/);
  assert.match(result.stderr, /line 3: invalid semver range ">>1"/);
  assert.match(result.stderr, /line 4: expected VERSION<TAB>RANGE but the line has no tab: "no tab here"/);
});

test('vercmp --range options change matching', semverMissing, () => {
  // A pre-release matches only with --include-prerelease; "=1.2.3" parses only with --loose.
  const prerelease = '1.3.0-beta.1\t^1.2.0\n';
  assert.equal(vercmp(['--scheme', 'semver', '--range'], prerelease).stdout, 'false\n');
  assert.equal(vercmp(['--scheme', 'semver', '--range', '--include-prerelease'], prerelease).stdout, 'true\n');

  const loose = '=1.2.3\t1.2.3\n';
  const strict = vercmp(['--scheme', 'semver', '--range'], loose);
  assert.equal(strict.stdout, '!\n');
  assert.equal(strict.status, 2);
  assert.equal(vercmp(['--scheme', 'semver', '--range', '--loose'], loose).stdout, 'true\n');
});

test('vercmp --range rejects schemes without ranges', () => {
  for (const scheme of ['dpkg', 'apk']) {
    const result = vercmp(['--scheme', scheme, '--range'], '1.0\t>= 1.0\n');
    assert.equal(result.status, 2, scheme);
    assert.equal(result.stdout, '', scheme);
    assert.match(result.stderr, new RegExp(`scheme ${scheme} has no range syntax`), scheme);
    assert.match(result.stderr, /without --range/, scheme);
  }
});

test('vercmp rejects range options without --range', () => {
  for (const flag of ['--loose', '--include-prerelease']) {
    const result = vercmp(['--scheme', 'dpkg', flag], '1.0\t2.0\n');
    assert.equal(result.status, 2, flag);
    assert.equal(result.stdout, '', flag);
    assert.match(result.stderr, /change range matching only: add --range/, flag);
  }
});
