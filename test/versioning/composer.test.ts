import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatComposerConstraint, type ConstraintOperator } from '../../src/ecosystems/composer/constraint.js';
import { phpVersionCompare } from '../../src/ecosystems/composer/php-version-compare.js';
import {
  composerComparator,
  composerScheme,
  IncomparableBranchesError,
  normalizeComposerVersion,
} from '../../src/ecosystems/composer/version.js';
import { normalizeVersion, parseConstraints, parseStability } from '../../src/ecosystems/composer/version-parser.js';
import { getScheme } from '../../src/versioning/index.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';
import { repoRoot, sharedPath } from '../shared.js';
import { assertRowOrder, readVectors } from './vectors.js';
import { unescapeField } from './vector-escapes.js';

const COMPARATOR_SOURCE = 'composer-semver:ComparatorTest';

/** The comparator operator for a vector `op`, and the ones that must then be false. */
const OPERATORS: Record<string, { holds: ConstraintOperator[]; fails: ConstraintOperator[] }> = {
  '<': { holds: ['<', '<=', '!='], fails: ['>', '>=', '=='] },
  '=': { holds: ['==', '<=', '>='], fails: ['<', '>', '!='] },
  '>': { holds: ['>', '>=', '!='], fails: ['<', '<=', '=='] },
};

test('composer orders every vector both ways', () => {
  const rows = readVectors('composer.tsv');
  assert.equal(rows.length, 18);

  for (const row of rows) assertRowOrder(composerScheme, row);
});

test('composer Comparator rows hold on raw strings', () => {
  const rows = readVectors('composer.tsv').filter((row) => row.source === COMPARATOR_SOURCE);
  assert.equal(rows.length, 10);

  for (const row of rows) {
    const { left, op, right } = row;
    const label = `${row.line}: ${left} ${op} ${right}`;
    for (const operator of OPERATORS[op!]!.holds) {
      assert.equal(composerComparator(left!, operator, right!), true, `${label}: ${operator} is true`);
    }
    for (const operator of OPERATORS[op!]!.fails) {
      assert.equal(composerComparator(left!, operator, right!), false, `${label}: ${operator} is false`);
    }
  }
});

test('composer sort maps default branches', () => {
  // Semver::sort puts dev-master last, while the raw Comparator puts it
  // below 50.2, because `dev` sorts below every number in version_compare.
  assert.equal(composerComparator('50.2', '<', 'dev-master'), false);
  assert.equal(composerComparator('50.2', '>', 'dev-master'), true);
  assert.ok(composerScheme.compare('50.2', 'dev-master') < 0);
  assert.ok(composerScheme.compare('dev-trunk', '1.0') > 0);
  assert.ok(composerScheme.compare('dev-feature', '0.0.1') < 0);
});

test('composer ranges match every vector', () => {
  const rows = readVectors('composer-ranges.tsv');
  assert.equal(rows.length, 135);

  for (const row of rows) {
    const version = unescapeField(row.version!);
    const range = unescapeField(row.range!);
    const label = `${row.line} [${row.source}]: "${version}" in "${range}"`;
    assert.equal(composerScheme.satisfies!(version, range), row.expected === 'true', label);
  }
});

/** Reads the branch pairs that have no order: `left ? right source reason`, with no header line. */
function incomparableRows(): string[][] {
  return readFileSync(sharedPath('vectors', 'composer-invalid.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

test('composer branches have no order', () => {
  const rows = incomparableRows();
  assert.equal(rows.length, 2);

  for (const [left, op, right] of rows) {
    assert.equal(op, '?');
    for (const [a, b] of [[left!, right!], [right!, left!]]) {
      assert.throws(
        () => composerScheme.compare(a, b),
        (err: unknown) => err instanceof IncomparableBranchesError && err instanceof InvalidVersionError,
        `${a} vs ${b}`,
      );
      for (const operator of ['<', '==', '>'] as const) {
        assert.equal(composerComparator(a, operator, b), false, `${a} ${operator} ${b}`);
      }
    }
  }
  assert.equal(composerScheme.compare('dev-foo', 'dev-foo'), 0);
});

// composer/semver tests/VersionParserTest.php, successfulNormalizedVersions.
const NORMALIZED: Array<[string, string]> = [
  ['1.0.0', '1.0.0.0'], ['1.2.3.4', '1.2.3.4'], ['1.0.0RC1dev', '1.0.0.0-RC1-dev'],
  ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'], ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'], ['1.0.0-rc1', '1.0.0.0-RC1'],
  ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'], ['1.0-dev', '1.0.0.0-dev'], ['0', '0.0.0.0'],
  ['10.4.13-beta', '10.4.13.0-beta'], ['10.4.13beta2', '10.4.13.0-beta2'], ['10.4.13beta.2', '10.4.13.0-beta2'],
  ['v1.13.11-beta.0', '1.13.11.0-beta0'], ['10.4.13-b', '10.4.13.0-beta'], ['10.4.13-b5', '10.4.13.0-beta5'],
  ['v1.0.0', '1.0.0.0'], ['2010.01', '2010.01.0.0'], ['2010.01.02', '2010.01.02.0'], ['2010.10.200', '2010.10.200.0'],
  ['20230131.0.0', '20230131.0.0'], ['202301310000.0.0', '202301310000.0.0'], ['v20100102', '20100102'],
  ['2010-01-02-10-20-30.0.3', '2010.01.02.10.20.30.0.3'], ['2010-01-02', '2010.01.02'], ['2010-01-02.5', '2010.01.02.5'],
  ['20100102-203040', '20100102.203040'], ['20100102.x-dev', '20100102.9999999.9999999.9999999-dev'],
  ['20100102203040-10', '20100102203040.10'], ['20100102-203040-p1', '20100102.203040-patch1'],
  ['201903.0-p2', '201903.0-patch2'], ['dev-master', 'dev-master'], ['master', 'dev-master'],
  ['1.x-dev', '1.9999999.9999999.9999999-dev'], ['DEV-FOOBAR', 'dev-FOOBAR'], ['dev-feature/foo', 'dev-feature/foo'],
  ['dev-master as 1.0.0', 'dev-master'], ['dev-load-varnish-only-when-used@dev as ^2.0@dev', 'dev-load-varnish-only-when-used'],
  ['1.0.0+foo@dev', '1.0.0.0'], ['1.0.0-beta.5+foo', '1.0.0.0-beta5'], ['1.0.0-alpha-2.1-3+foo', '1.0.0.0-alpha2.1-3'],
  ['1.0.0+foo as 2.0', '1.0.0.0'], ['00.01.03.04', '00.01.03.04'], ['0700', '0700.0.0.0'],
  ['041.x-dev', '041.9999999.9999999.9999999-dev'], ['dev-1.0.0-dev<1.0.5-dev', 'dev-1.0.0-dev<1.0.5-dev'],
  ['dev-foo bar', 'dev-foo bar'], [' 1.0.0', '1.0.0.0'], ['1.0.0 ', '1.0.0.0'],
];

test('composer normalizes as VersionParser does', () => {
  for (const [input, expected] of NORMALIZED) {
    assert.equal(normalizeComposerVersion(input), expected, `"${input}"`);
    assert.equal(composerScheme.isValid(input), true, `"${input}" is valid`);
  }
});

// composer/semver tests/VersionParserTest.php, failingNormalizedVersions.
const INVALID_VERSIONS = [
  '', 'a', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0.0+foo bar', '1.0.1-SNAPSHOT', '1.0.0<1.0.5-dev',
  '1.0.0-dev<1.0.5-dev', 'foo bar-dev', '1.0 .2', ' as ', ' as 1.2', '^', '^8 || ^', '~', '~1 ~', '~1', '^1',
  '1.*', '20100102.0.3.4',
];

test('composer rejects what VersionParser rejects', () => {
  for (const version of INVALID_VERSIONS) {
    assert.equal(composerScheme.isValid(version), false, `"${version}" is invalid`);
    assert.equal(composerScheme.explainInvalid?.(version), `Invalid version string "${version.trim()}"`);
    assert.throws(() => composerScheme.compare(version, '1.0'), InvalidVersionError, `"${version}"`);
    assert.throws(() => composerScheme.satisfies!(version, '*'), InvalidVersionError, `"${version}"`);
  }
});

// composer/semver tests/VersionParserTest.php: simpleConstraints, wildcardConstraints,
// tildeConstraints, caretConstraints, hyphenConstraints, constraintProvider and the
// multi-constraint tests, printed as composer prints them.
const CONSTRAINTS: Array<[string, string]> = [
  ['*', '*'], ['v*', '>= 0.0.0.0-dev'], ['x.X.x.*', '>= 0.0.0.0-dev'], ['<>1.0.0', '!= 1.0.0.0'],
  ['<1.2.3.4', '< 1.2.3.4-dev'], ['<=1.2.3', '<= 1.2.3.0'], ['>=1.2.3', '>= 1.2.3.0-dev'], ['==1.2.3', '== 1.2.3.0'],
  ['1.2.3b5', '== 1.2.3.0-beta5'], ['1.2.3pl1234', '== 1.2.3.0-patch1234'], ['< 1.2.3', '< 1.2.3.0-dev'],
  ['>=dev-master', '>= dev-master'], ['dev-master as 1.0.0', '== dev-master'], ['<1.2.3.4-stable', '< 1.2.3.4'],
  ['v2.*', '[>= 2.0.0.0-dev < 3.0.0.0-dev]'], ['2.10.X', '[>= 2.10.0.0-dev < 2.11.0.0-dev]'], ['0.x.x', '< 1.0.0.0-dev'],
  ['~1.0', '[>= 1.0.0.0-dev < 2.0.0.0-dev]'], ['~1.2.3.4', '[>= 1.2.3.4-dev < 1.2.4.0-dev]'],
  ['~1.2-BETA2', '[>= 1.2.0.0-beta2 < 2.0.0.0-dev]'], ['~1.2.2-stable', '[>= 1.2.2.0 < 1.3.0.0-dev]'],
  ['~201903.205830.1-stable', '[>= 201903.205830.1 < 201903.205831.0.0-dev]'],
  ['~2.0.x-dev', '[>= 2.0.9999999.9999999-dev < 2.1.0.0-dev]'], ['^0', '[>= 0.0.0.0-dev < 1.0.0.0-dev]'],
  ['^0.0', '[>= 0.0.0.0-dev < 0.1.0.0-dev]'], ['^1.2.3-beta.2', '[>= 1.2.3.0-beta2 < 2.0.0.0-dev]'],
  ['^0.0.3-alpha', '[>= 0.0.3.0-alpha < 0.0.4.0-dev]'], ['^2.0.*-dev', '[>= 2.0.9999999.9999999-dev < 3.0.0.0-dev]'],
  ['v1 - v2', '[>= 1.0.0.0-dev < 3.0.0.0-dev]'], ['1.2-beta - 2.3', '[>= 1.2.0.0-beta < 2.4.0.0-dev]'],
  ['1.2-beta - 2.3-dev', '[>= 1.2.0.0-beta <= 2.3.0.0-dev]'], ['1 - 2.0', '[>= 1.0.0.0-dev < 2.1.0.0-dev]'],
  ['2.x-dev - 3.x-dev', '[>= 2.9999999.9999999.9999999-dev <= 3.9999999.9999999.9999999-dev]'],
  ['3-dev', '== 3.0.0.0-dev'], ['xsd2php-dev', '== dev-xsd2php'], ['3.next-dev', '== dev-3.next'],
  ['foobar-dev as 2.1.0 || 3.5 as 1.5', '[== dev-foobar || == 3.5.0.0]'], ['^1.', '[>= 1.0.0.0-dev < 2.0.0.0-dev]'],
  ['1.2..dev', '== 1.2.0.0-dev'], ['1.2_-dev', '== 1.2.0.0-dev'],
  ['~2.5.9|~2.6,>=2.6.2', '[[>= 2.5.9.0-dev < 2.6.0.0-dev] || [>= 2.6.0.0-dev < 3.0.0.0-dev >= 2.6.2.0-dev]]'],
  ['  > 2.0  ,  <=  3.0 ', '[> 2.0.0.0 <= 3.0.0.0]'], ['> 2.0 , <2.0.5 | >  2.0.6', '[[> 2.0.0.0 < 2.0.5.0-dev] || > 2.0.6.0]'],
  ['>=1.1.0-alpha4,<1.2.x-dev', '[>= 1.1.0.0-alpha4 < 1.2.9999999.9999999-dev]'],
  ['>2.0@stable,<=3.0@dev', '[> 2.0.0.0 <= 3.0.0.0-dev]'], ['>2.0@stable,@dev', '[> 2.0.0.0 *]'],
  ['>2.0@stable || 0@dev', '[> 2.0.0.0 || == 0.0.0.0]'], ['>=1.0@beta', '>= 1.0.0.0-beta'],
  ['1.0.x-dev#trunk/@123', '== 1.0.9999999.9999999-dev'],
];

test('composer parses constraints as VersionParser does', () => {
  for (const [input, expected] of CONSTRAINTS) {
    assert.equal(formatComposerConstraint(parseConstraints(input)), expected, `"${input}"`);
  }
});

test('composer merges contiguous alternatives', () => {
  // MultiConstraint::create joins `[>= a < b] || [>= b < c]` into one range.
  assert.equal(formatComposerConstraint(parseConstraints('~1.0 || ~2.0')), '[>= 1.0.0.0-dev < 3.0.0.0-dev]');
  assert.equal(formatComposerConstraint(parseConstraints('^1.0 || ^3.0')), '[[>= 1.0.0.0-dev < 2.0.0.0-dev] || [>= 3.0.0.0-dev < 4.0.0.0-dev]]');
});

// composer/semver tests/VersionParserTest.php, failingConstraints.
const INVALID_RANGES = [
  '', '1.0.0-meh', '>2.0,,<=3.0', '>2.0 ||| <=3.0', ',^1@dev || ^4@dev', '|| ^1@dev', '^1@dev ||', '^1@dev ,',
  '^2.0.*', '^2.x-beta', '^2.1.2.x', '~2.0.x', '~2.*', '~2.1.2.x-beta', '1.x - 2.*', '2.x.x.x-dev - 3.x.x.x-dev',
  '^1.*-beta-dev', '^1. *-dev', '1.0.0-dev<1.0.5-dev', '*-dev', '^', '^8 || ^', '~', '~1 ~', '1.0#abcd123', '~>1.2',
];

test('composer rejects invalid constraints', () => {
  for (const range of INVALID_RANGES) {
    assert.throws(
      () => composerScheme.satisfies!('1.0.0', range),
      (err: unknown) => err instanceof InvalidRangeError && err.range === range,
      `"${range}"`,
    );
  }
  assert.throws(() => composerScheme.satisfies!('1.0.0', '~>1.2'), /Invalid operator "~>", you probably meant to use the "~" operator/);
});

test('composer reads stability as VersionParser does', () => {
  // composer/semver tests/VersionParserTest.php, stabilityProvider.
  const cases: Array<[string, string]> = [
    ['1', 'stable'], ['v3.2.1', 'stable'], ['v2.0.x-dev#trunk/@123', 'dev'], ['3.0-RC2', 'RC'], ['dev-master', 'dev'],
    ['3.1.2-dev', 'dev'], ['3.1.2-pl2', 'stable'], ['3.1.2-patch', 'stable'], ['3.1.2-alpha5', 'alpha'],
    ['2.0B1', 'beta'], ['1.2_a1', 'alpha'], ['2.0.0rc1', 'RC'], ['1.0.0-alpha11+cs-1.1.0', 'alpha'], ['1-2_dev', 'dev'],
  ];
  for (const [version, stability] of cases) assert.equal(parseStability(version), stability, version);
});

test('composer branch constraints match exactly', () => {
  assert.equal(composerScheme.satisfies!('dev-master', 'dev-master'), true);
  assert.equal(composerScheme.satisfies!('dev-main', 'dev-master'), false);
  assert.equal(composerScheme.satisfies!('dev-main', '!=dev-master'), true);
  // A branch matches no ordering and no numbered range, only `*`.
  assert.equal(composerScheme.satisfies!('dev-master', '>=1.0'), false);
  assert.equal(composerScheme.satisfies!('dev-master', '*'), true);
  assert.equal(composerScheme.satisfies!('dev-master', '*.*'), false);
  // From composer/semver VersionParserTest::testComplexConjunctive.
  assert.equal(composerScheme.satisfies!('1.0.1', '~0.1 || ~1.0 !=1.0.1'), false);
});

// php-src ext/standard/tests/versioning/version_compare.phpt, TESTING COMPARE.
const PHP_ORDER: Array<[string, string, number]> = [
  ['1', '2', -1], ['10', '2', 1], ['1.0', '1.1', -1], ['1.2', '1.0.1', 1],
  ['1.0-dev', '1.0a1', -1], ['1.0a1', '1.0b1', -1], ['1.0b1', '1.0RC1', -1], ['1.0RC1', '1.0rc1', 0],
  ['1.0rc1', '1.0', -1], ['1.0', '1.0pl1', -1], ['1.0-dev', '1.0pl1', -1], ['1.0pl1', '1.0a1', 1],
];

test('php version_compare matches its tests', () => {
  for (const [a, b, expected] of PHP_ORDER) {
    assert.equal(phpVersionCompare(a, b), expected, `${a} vs ${b}`);
    assert.equal(phpVersionCompare(b, a), -expected || 0, `${b} vs ${a}`);
  }
});

test('php version_compare keeps PHP 8 quirks', () => {
  // PHP 8.2 turns the `)` into a trailing dot, and a trailing empty part
  // sorts below a number, so this string is below itself.
  assert.equal(phpVersionCompare('1.2(message)', '1.2(message)'), -1);
  assert.equal(phpVersionCompare('1.', '1'), -1);
  // The C code reads UTF-8 bytes: `é` is two non-alphanumeric bytes.
  assert.equal(phpVersionCompare('é', 'X_@beta01'), -1);
  assert.equal(phpVersionCompare('1.0\u0000beta', '1.0'), 0);
});

test('php version_compare saturates numbers', () => {
  // strtol() stops at LONG_MAX, so larger numbers compare equal.
  assert.equal(phpVersionCompare('9223372036854775807', '99999999999999999999'), 0);
  assert.equal(phpVersionCompare('9223372036854775806', '9223372036854775807'), -1);
  assert.equal(phpVersionCompare('007', '7'), 0);
});

test('composer normalizes and rejects through the scheme', () => {
  assert.equal(normalizeVersion('v1.2-b3'), '1.2.0.0-beta3');
  assert.equal(composerScheme.explainInvalid?.('1.0.0'), undefined);
  assert.equal(getScheme('composer'), composerScheme);
});

const mainScript = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

test('vercmp composer writes each vector order', () => {
  const rows = readVectors('composer.tsv');
  const input = [...rows.map((row) => `${row.left}\t${row.right}\n`), 'dev-foo\tdev-bar\n'].join('');
  const result = spawnSync(process.execPath, [mainScript, 'vercmp', '--scheme', 'composer'], { input, encoding: 'utf8' });

  assert.equal(result.status, 2, 'the branch pair fails the run');
  assert.deepEqual(result.stdout.split('\n'), [...rows.map((row) => row.op), '!', '']);
  assert.match(result.stderr, /line 19: .*"dev-foo" and "dev-bar" are different branches/);
});
