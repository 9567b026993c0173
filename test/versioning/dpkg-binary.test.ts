// Cross-checks the dpkg scheme against the dpkg binary of this machine,
// an oracle independent of the vector files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import { InvalidVersionError } from '../../src/versioning/types.js';

const dpkgMissing = spawnSync('dpkg', ['--version']).error !== undefined;
const skip = dpkgMissing ? 'dpkg is not installed on this machine, so there is no oracle to compare with' : false;

interface DpkgVerdict {
  status: number | null;
  stderr: string;
}

function runCompare(a: string, relation: string, b: string): DpkgVerdict {
  const result = spawnSync('dpkg', ['--compare-versions', '--', a, relation, b], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stderr: result.stderr };
}

/** Returns `<`, `=` or `>` as dpkg orders the pair, or `!` when dpkg rejects a side. */
function dpkgOrder(a: string, b: string): string {
  const less = runCompare(a, 'lt', b);
  if (less.status === 2) return '!';
  if (less.status === 0) return '<';
  return runCompare(a, 'gt', b).status === 0 ? '>' : '=';
}

function layerlensOrder(a: string, b: string): string {
  try {
    const order = dpkgScheme.compare(a, b);
    if (order < 0) return '<';
    if (order > 0) return '>';
    return '=';
  } catch (err) {
    if (err instanceof InvalidVersionError) return '!';
    throw err;
  }
}

// Small alphabets make equal prefixes, tildes against the end of a string
// and equal numbers with different zero padding common.
const epoch = fc.constantFrom('', '', '0:', '1:', '2:', '10:');
const upstream = fc
  .tuple(fc.constantFrom('0', '1', '2', '9', '10'), fc.string({ unit: fc.constantFrom(...'0019aAzZ.+~'), maxLength: 5 }))
  .map(([first, rest]) => first + rest);
const revision = fc.oneof(
  fc.constant(''),
  fc.string({ unit: fc.constantFrom(...'0019abz.+~'), minLength: 1, maxLength: 4 }).map((text) => `-${text}`),
);
const version = fc.tuple(epoch, upstream, revision).map((parts) => parts.join(''));

/** Inserts a zero before the nth digit run of the version: numerically the same. */
function padNumber(base: string, nth: number): string {
  const runStarts = [...base.matchAll(/(?<![0-9])[0-9]/g)].map((match) => match.index);
  const at = runStarts[nth % runStarts.length]!;
  return base.slice(0, at) + '0' + base.slice(at);
}

const pair = fc.oneof(
  fc.tuple(version, version),
  // A second version that shares the first's start, so the pair differs late.
  fc.tuple(version, fc.string({ unit: fc.constantFrom(...'019az.+~-'), maxLength: 3 }), fc.nat({ max: 4 })).map(
    ([base, tail, cut]) => [base, base.slice(0, Math.max(1, base.length - cut)) + tail] as [string, string],
  ),
  // The same version with a zero-padded number or an explicit zero epoch.
  fc.tuple(version, fc.nat()).map(
    ([base, nth]) => [base, base.includes(':') || nth % 3 !== 0 ? padNumber(base, nth) : `0:${base}`] as [string, string],
  ),
);

// Pairs the generator cannot reach: versions dpkg only warns about, bytes
// beyond ASCII, colons in the upstream version, hyphens in the upstream.
const handPicked: Array<[string, string]> = [
  ['1.é', '1.a'],
  ['1.é', '1.+'],
  ['1.0_1', '1.0+1'],
  ['a-0', '1'],
  ['~~', '~'],
  ['1:1.2:3-1', '1:1.2:3'],
  ['1.0-1-1', '1.0-1'],
  ['+1:0', '0:9'],
  ['-0:1', '1'],
  [' 1.0 ', '1.0'],
  ['1.0\n', '1.0'],
  ['0001.2', '1.02'],
  ['1.0~rc1', '1.0~RC1'],
];

test('dpkg binary agrees on version pairs', { skip }, () => {
  const generated = fc.sample(pair, { seed: 20261204, numRuns: 90 });
  for (const [a, b] of [...handPicked, ...generated]) {
    const expected = dpkgOrder(a, b);
    assert.equal(layerlensOrder(a, b), expected, `dpkg --compare-versions orders "${a}" ${expected} "${b}"`);
  }
});

// An empty argument is left out: dpkg --compare-versions reads it as "no
// version" before parsing, while dpkg's parser rejects an empty version.
test('dpkg binary agrees on validity', { skip }, () => {
  const versions = [
    ...handPicked.flat(),
    ...fc.sample(version, { seed: 5612, numRuns: 30 }),
    ' ', '1.0 1', ':1', 'a:1', '1a:1', '-1:1', '2147483648:1', '2147483647:1', '1:', '1-', '-1',
    '1:-1', '1.0#1', '1.0-a_b', 'abc', '~1', '1.0-1:2', '\n1:2', '1\t',
  ];

  for (const candidate of versions) {
    const verdict = runCompare(candidate, 'eq', candidate);
    const label = `dpkg --compare-versions "${JSON.stringify(candidate)}" (status ${verdict.status}, ${verdict.stderr.trim() || 'no warning'})`;
    const dpkgAccepts = verdict.status === 0 && verdict.stderr === '';
    assert.equal(dpkgScheme.isValid(candidate), dpkgAccepts, `${label}: validity`);

    const reason = dpkgScheme.explainInvalid?.(candidate);
    if (reason !== undefined) assert.ok(verdict.stderr.includes(reason), `${label}: reason "${reason}"`);
  }
});
