import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalGoSemver,
  formatGoToolchainVersion,
  golangScheme,
  goToolchainToSemver,
  parseGoSemver,
  parseGoToolchainVersion,
  type GoToolchainVersion,
} from '../../src/ecosystems/golang/version.js';
import { InvalidVersionError } from '../../src/versioning/types.js';
import { assertRowOrder, expectedSign, readVectors, sign } from './vectors.js';

test('golang orders every vector both ways', () => {
  const rows = readVectors('golang.tsv');
  assert.equal(rows.length, 285);

  for (const row of rows) assertRowOrder(golangScheme, row);
});

test('golang accepts every vector version', () => {
  for (const row of readVectors('golang.tsv')) {
    for (const version of [row.left!, row.right!]) {
      assert.equal(golangScheme.isValid(version), true, `${row.line} [${row.source}]: "${version}" should be valid`);
      assert.equal(golangScheme.explainInvalid?.(version), undefined, `${row.line}: "${version}" has no problem`);
    }
  }
});

test('golang equal vectors share a canonical form', () => {
  // The vector table writes `=` exactly when semver.Canonical is the same.
  for (const row of readVectors('golang.tsv')) {
    const same = canonicalGoSemver(row.left!) === canonicalGoSemver(row.right!);
    assert.equal(same, row.op === '=', `${row.line}: ${row.left} ${row.op} ${row.right}`);
  }
});

test('golang orders the vectors without the v prefix', () => {
  // OSV's Go ecosystem writes versions as 1.2.3; they order as v1.2.3.
  for (const row of readVectors('golang.tsv')) {
    const left = row.left!.slice(1);
    const right = row.right!.slice(1);
    const expected = expectedSign(row.op!);
    assert.equal(sign(golangScheme.compare(left, right)), expected, `${row.line}: ${left} ${row.op} ${right}`);
    assert.equal(sign(golangScheme.compare(row.left!, right)), expected, `${row.line}: ${row.left} ${row.op} ${right}`);
    assert.equal(sign(golangScheme.compare(left, row.right!)), expected, `${row.line}: ${left} ${row.op} ${row.right}`);
  }
});

test('golang rejects what Go semver calls invalid', () => {
  // Go's Compare puts invalid strings below valid ones; this scheme
  // rejects them, so each row's named invalid side must throw.
  const rows = readVectors('golang-invalid.txt');
  assert.equal(rows.length, 220);

  for (const row of rows) {
    const { left, right, reason } = row;
    const label = `${row.line} [${row.source}]: ${left} ${row.op} ${right}`;
    const named = /IsValid: ([^(]*)\(/.exec(reason!)?.[1]?.split(',').map((name) => name.trim()) ?? [];
    assert.ok(named.length > 0, `${label}: reason names a version`);

    for (const version of [left!, right!]) {
      const invalid = named.includes(version);
      assert.equal(golangScheme.isValid(version), !invalid, `${label}: validity of "${version}"`);
      if (invalid) assert.ok((golangScheme.explainInvalid?.(version) ?? '') !== '', `${label}: reason for "${version}"`);
    }
    assert.throws(
      () => golangScheme.compare(left!, right!),
      (err: unknown) => err instanceof InvalidVersionError && named.includes(err.version),
      `${label}: compare throws for the invalid side`,
    );
    assert.throws(() => golangScheme.compare(right!, left!), InvalidVersionError, `${label}: reversed compare throws`);
  }
});

// semver_test.go's `tests` table: each input and its Canonical form, the
// empty string for an invalid input.
const canonicalTable: Array<[string, string]> = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

test('golang canonical forms as semver.Canonical', () => {
  for (const [version, canonical] of canonicalTable) {
    assert.equal(canonicalGoSemver(version), canonical, `canonical form of ${version}`);
    assert.equal(golangScheme.isValid(version), canonical !== '', `validity of ${version}`);
    if (canonical === '') continue;

    // Prerelease(v) is the canonical form's text from its first hyphen.
    const hyphen = canonical.indexOf('-');
    assert.equal(parseGoSemver(version).prerelease, hyphen < 0 ? '' : canonical.slice(hyphen), `prerelease of ${version}`);
    assert.equal(canonicalGoSemver(version.slice(1)), canonical, `canonical form of ${version.slice(1)}`);
  }
  assert.throws(() => parseGoSemver('v1.2-pre'), InvalidVersionError);
});

test('golang explicit compare cases', () => {
  // The extra cases at the end of semver_test.go's TestCompare.
  assert.equal(sign(golangScheme.compare('v1', 'v1')), 0);
  assert.equal(sign(golangScheme.compare('v2', 'v1')), 1);
  assert.equal(sign(golangScheme.compare('v1', 'v2')), -1);
  assert.equal(sign(golangScheme.compare('v1.19', 'v1.2')), 1);
  assert.equal(sign(golangScheme.compare('v1.2', 'v1.19')), -1);
  assert.equal(sign(golangScheme.compare('0', 'v0.0.0')), 0);
  assert.equal(sign(golangScheme.compare('v2.0.0+incompatible', '2.0.0')), 0);
});

test('golang rejects malformed module versions', () => {
  // SemVer 2.0.0's rules as x/mod/semver's parse applies them, with the `v` optional.
  const cases: Array<[string, RegExp]> = [
    ['', /version is empty/],
    ['bad', /major version at offset 0 is missing/],
    ['v01.2.3', /major version at offset 1 is missing or has a leading zero/],
    ['v1.02.3', /minor version/],
    ['v1.2.03', /patch version/],
    ['v1-pre', /vMAJOR takes no suffix/],
    ['v1.2+meta', /vMAJOR.MINOR takes no suffix/],
    ['v1.2.3-01', /leading zero/],
    ['v1.2.3-pre..1', /empty prerelease identifier/],
    ['v1.2.3-', /empty prerelease identifier/],
    ['v1.2.3+', /empty build metadata identifier/],
    ['v1.2.3-pre_1', /character "_"/],
    ['v1.2.3 ', /character " "|unexpected/],
    ['V1.2.3', /major version/],
  ];
  for (const [version, reason] of cases) {
    assert.equal(golangScheme.isValid(version), false, `"${version}" should be invalid`);
    assert.match(golangScheme.explainInvalid?.(version) ?? '', reason, `reason for "${version}"`);
    assert.throws(() => golangScheme.compare(version, 'v1.0.0'), InvalidVersionError, `compare with "${version}" throws`);
  }
});

test('golang pseudo-versions order as prereleases', () => {
  // module/pseudo.go: vX.0.0-yyyymmddhhmmss-abcdefabcdef sorts before vX.0.0,
  // vX.Y.(Z+1)-0.yyyymmddhhmmss-... after vX.Y.Z, and by time among themselves.
  const cases: Array<[string, string, number]> = [
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0', -1],
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-000000000000', -1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3', 1],
    ['v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4', -1],
    ['v1.2.4-pre.0.20191109021931-daa7c04131f5', 'v1.2.4-pre', 1],
    ['1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4-0.20191109021931-daa7c04131f5', 0],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(sign(golangScheme.compare(a, b)), expected, `${a} vs ${b}`);
    assert.equal(sign(golangScheme.compare(b, a)), -expected + 0, `${b} vs ${a}`);
  }
});

// go/version's version_test.go compareTests whose sides are both valid.
const toolchainOrder: Array<[string, string, number]> = [
  ['go1', 'go1.1', -1],
  ['go1.5', 'go1.6', -1],
  ['go1.5', 'go1.10', -1],
  ['go1.6', 'go1.6.1', -1],
  ['go1.19', 'go1.19.0', 0],
  ['go1.19rc1', 'go1.19', -1],
  ['go1.20', 'go1.20.0', 0],
  ['go1.20', 'go1.20.0-bigcorp', 0],
  ['go1.20rc1', 'go1.20', -1],
  ['go1.21', 'go1.21.0', -1],
  ['go1.21', 'go1.21.0-bigcorp', -1],
  ['go1.21', 'go1.21rc1', -1],
  ['go1.21rc1', 'go1.21.0', -1],
  ['go1.6', 'go1.19', -1],
  ['go1.19', 'go1.19.1', -1],
  ['go1.19rc1', 'go1.19.1', -1],
  ['go1.19rc1', 'go1.19rc2', -1],
  ['go1.19.0', 'go1.19.1', -1],
  ['go1.19rc1', 'go1.19.0', -1],
  ['go1.19alpha3', 'go1.19beta2', -1],
  ['go1.19beta2', 'go1.19rc1', -1],
  ['go1.1', 'go1.99999999999999998', -1],
  ['go1.9.2rc2', 'go1.9.2', -1],
  ['go1.9.2rc2', 'go1.9.2rc3', -1],
  ['go1.9.2beta2', 'go1.9.2rc3', -1],
  ['go1.9.2alpha1', 'go1.9.2beta2', -1],
  ['go1.99999999999999998', 'go1.99999999999999999', -1],
  // Examples from the documentation of go/version's Compare.
  ['go1.21rc1', 'go1.21', 1],
  ['go1.22rc1', 'go1.22', 1],
  ['go1.22rc1', 'go1.22.0', -1],
  ['go1.20rc1', 'go1.21', -1],
  ['go1.18', 'go1.18rc1', 1],
  ['go1.8.5rc4', 'go1.8.5rc5', -1],
  ['go1.8.5rc5', 'go1.8.5', -1],
  ['go1.9.2rc2', 'go1.9', 1],
];

test('golang toolchain versions order as go/version', () => {
  for (const [a, b, expected] of toolchainOrder) {
    assert.equal(sign(golangScheme.compare(a, b)), expected, `${a} vs ${b}`);
    assert.equal(sign(golangScheme.compare(b, a)), -expected + 0, `${b} vs ${a}`);
  }
});

test('golang toolchain validity as go/version', () => {
  // version_test.go isValidTests; "1.2.3" is left out because here a
  // string without `go` is a module version, and valid.
  const cases: Array<[string, boolean]> = [
    ['go1.2rc3', true],
    ['go1.2.3', true],
    ['go1.999testmod', true],
    ['go1.600+auto', false],
    ['go1.22', true],
    ['go1.21.0', true],
    ['go1.21rc2', true],
    ['go1.21', true],
    ['go1.20.0', true],
    ['go1.20', true],
    ['go1.19', true],
    ['go1.3', true],
    ['go1.2', true],
    ['go1.9.2rc2', true],
    ['go1.9.2+rc2', false],
    ['go1', true],
    ['go', false],
    ['go1.21rc01', false],
    ['go1.21RC1', false],
    ['go01.21', false],
  ];
  for (const [version, valid] of cases) {
    assert.equal(golangScheme.isValid(version), valid, `validity of ${version}`);
    assert.equal(parseGoToolchainVersion(version) !== undefined, valid, `parse of ${version}`);
    if (!valid) assert.throws(() => golangScheme.compare(version, 'go1.21.0'), InvalidVersionError, `compare with ${version}`);
  }
});

test('parseGoToolchainVersion splits as gover.Parse', () => {
  // gover_test.go parseTests, with the `go` prefix go/version expects.
  const cases: Array<[string, GoToolchainVersion]> = [
    ['go1', { major: '1', minor: '0', patch: '0', kind: '', pre: '' }],
    ['go1.2', { major: '1', minor: '2', patch: '0', kind: '', pre: '' }],
    ['go1.2.3', { major: '1', minor: '2', patch: '3', kind: '', pre: '' }],
    ['go1.2rc3', { major: '1', minor: '2', patch: '', kind: 'rc', pre: '3' }],
    ['go1.20', { major: '1', minor: '20', patch: '0', kind: '', pre: '' }],
    ['go1.21', { major: '1', minor: '21', patch: '', kind: '', pre: '' }],
    ['go1.21rc3', { major: '1', minor: '21', patch: '', kind: 'rc', pre: '3' }],
    ['go1.21.0', { major: '1', minor: '21', patch: '0', kind: '', pre: '' }],
    ['go1.24', { major: '1', minor: '24', patch: '', kind: '', pre: '' }],
    ['go1.999testmod', { major: '1', minor: '999', patch: '', kind: 'testmod', pre: '' }],
    ['go1.99999999999999999', { major: '1', minor: '99999999999999999', patch: '', kind: '', pre: '' }],
  ];
  for (const [version, expected] of cases) {
    const parsed = parseGoToolchainVersion(version);
    assert.deepEqual(parsed, expected, `parts of ${version}`);
    assert.equal(sign(golangScheme.compare(formatGoToolchainVersion(parsed!), version)), 0, `${version} prints back equal`);
  }
});

test('golang toolchain against OSV module versions', () => {
  // govulncheck's GoTagToSemver: go1.19 → v1.19.0, go1.21rc2 → v1.21.0-rc.2.
  const conversions: Array<[string, string]> = [
    ['go1.19', 'v1.19.0'],
    ['go1', 'v1.0.0'],
    ['go1.21.3', 'v1.21.3'],
    ['go1.21rc2', 'v1.21.0-rc.2'],
    ['go1.9beta1', 'v1.9.0-beta.1'],
    ['go1.9.2rc2', 'v1.9.2-rc.2'],
  ];
  for (const [toolchain, semver] of conversions) {
    const converted = goToolchainToSemver(parseGoToolchainVersion(toolchain)!);
    const written = `v${converted.major}.${converted.minor}.${converted.patch}${converted.prerelease}`;
    assert.equal(written, semver, `${toolchain} converts to ${semver}`);
    assert.equal(sign(golangScheme.compare(toolchain, semver)), 0, `${toolchain} = ${semver}`);
    assert.equal(sign(golangScheme.compare(toolchain, semver.slice(1))), 0, `${toolchain} = ${semver.slice(1)}`);
  }

  // A standard library range as the Go vulnerability database writes it:
  // introduced 1.21.0-0, fixed 1.21.3.
  assert.equal(sign(golangScheme.compare('go1.21.2', '1.21.3')), -1);
  assert.equal(sign(golangScheme.compare('go1.21.3', '1.21.3')), 0);
  assert.equal(sign(golangScheme.compare('go1.21rc2', '1.21.0-0')), 1);
  assert.equal(sign(golangScheme.compare('go1.20.10', '1.21.0-0')), -1);
  assert.equal(sign(golangScheme.compare('go1.21.0-bigcorp', '1.21.0')), 0);
});
