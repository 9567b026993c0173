import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedPath } from '../shared.js';
import { createDebianMatcher } from '../../src/ecosystems/debian/matcher.js';
import { createAlpineMatcher } from '../../src/ecosystems/alpine/matcher.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import { apkScheme } from '../../src/ecosystems/alpine/version.js';
import type { EcosystemMatcher, Verdict, Vulnerability } from '../../src/matcher/types.js';
import { apk, deb } from './fixtures.js';

interface OrderCase {
  left: string;
  op: '<' | '=' | '>';
  right: string;
}

const REVERSED = { '<': '>', '=': '=', '>': '<' } as const;

/** Reads a `left op right source` vector file, whose orders come from each scheme's reference implementation. */
function readVectors(name: string): OrderCase[] {
  const [, ...rows] = fs.readFileSync(sharedPath('vectors', name), 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const [left, op, right] = row.split('\t');
    return { left, op: op as OrderCase['op'], right };
  });
}

function fixedAt(version: string): Vulnerability {
  return {
    id: 'test/release/foo/CVE-2024-0001',
    name: 'CVE-2024-0001',
    aliases: [],
    matcher: 'test',
    updater: 'test',
    feeds: ['test'],
    distribution: 'test',
    release: 'release',
    packageName: 'foo',
    state: 'fixed',
    fixedVersion: version,
    fixedVersions: [version],
    severity: 'Unknown',
    links: [],
  };
}

/** Expected verdict for a package at `installed` and a fix at `fixed`, where `installed op fixed`. */
function expectedVerdict(op: OrderCase['op']): Verdict {
  return op === '<' ? 'affected' : 'not-affected';
}

function checkVectors(matcher: EcosystemMatcher, cases: OrderCase[], pkgAt: (version: string) => ReturnType<typeof deb>): number {
  const scheme = matcher.versionScheme;
  let compared = 0;

  for (const { left, op, right } of cases) {
    const reverse = REVERSED[op];
    const valid = scheme.isValid(left) && scheme.isValid(right);
    if (valid) compared++;

    for (const [installed, fixed, order] of [[left, right, op], [right, left, reverse]] as const) {
      const expected = valid ? expectedVerdict(order) : 'uncomparable';
      assert.equal(matcher.affects(pkgAt(installed), fixedAt(fixed)), expected, `${installed} ${order} ${fixed}`);
    }
  }
  return compared;
}

test('dpkg vectors give verdicts', () => {
  const matcher = createDebianMatcher(dpkgScheme);
  const compared = checkVectors(matcher, readVectors('dpkg.tsv'), (version) => deb('foo', version));
  assert.ok(compared >= 80, `only ${compared} dpkg rows compared`);
});

test('apk vectors give verdicts', () => {
  const matcher = createAlpineMatcher(apkScheme);
  const compared = checkVectors(matcher, readVectors('apk.tsv'), (version) => apk('foo', version));
  assert.ok(compared >= 600, `only ${compared} apk rows compared`);
});
