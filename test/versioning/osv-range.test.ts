// OSV affected-range evaluation: each event kind on synthetic entries
// ordered by the dpkg and apk schemes, then real records from the shared
// OSV feeds, with verdicts worked out by reading each record's JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { UserError } from '../../src/errors.js';
import { apkScheme } from '../../src/ecosystems/alpine/version.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import { getScheme, schemeNames } from '../../src/versioning/index.js';
import { schemeForEcosystem } from '../../src/versioning/osv-ecosystems.js';
import {
  evaluateOsvAffected,
  evaluateOsvRecord,
  satisfiesNative,
  type RangeVerdict,
} from '../../src/versioning/osv-range.js';
import type { OsvAffected, OsvEvent, OsvRange } from '../../src/versioning/osv-types.js';
import type { VersionScheme } from '../../src/versioning/types.js';
import { readOsvRecord } from './osv-zip.js';

interface LogLine {
  level: number;
  msg: string;
  recordId?: string;
  repo?: string;
}

/** Returns a pino logger at debug level that appends each line to `lines`. */
function capturingLogger(lines: LogLine[]): pino.Logger {
  return pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
}

function ecosystemRange(...events: OsvEvent[]): OsvRange {
  return { type: 'ECOSYSTEM', events };
}

/** Asserts the verdict for each `[installed version, expected verdict]` pair. */
function assertVerdicts(
  affected: OsvAffected,
  scheme: VersionScheme,
  cases: [string, RangeVerdict][],
  label: string,
): void {
  for (const [version, expected] of cases) {
    assert.equal(evaluateOsvAffected(affected, version, scheme), expected, `${label}: ${version}`);
  }
}

test('introduced and fixed bound a range', () => {
  const affected = { ranges: [ecosystemRange({ introduced: '1.0-1' }, { fixed: '1.2-1' })] };
  assertVerdicts(affected, dpkgScheme, [
    ['0.9-1', 'not-affected'],
    ['1.0-0', 'not-affected'],
    ['1.0-1', 'affected'],
    ['1.1~rc1-1', 'affected'],
    ['1.2~rc1-1', 'affected'],
    ['1.2-1', 'not-affected'],
    ['1:0.1-1', 'not-affected'],
  ], 'introduced 1.0-1, fixed 1.2-1');
});

test('introduced 0 covers every earlier version', () => {
  const affected = { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '1:1.0-1' })] };
  assertVerdicts(affected, dpkgScheme, [
    ['0~~', 'affected'],
    ['0.0.1', 'affected'],
    ['99.0-1', 'affected'],
    ['1:1.0-0', 'affected'],
    ['1:1.0-1', 'not-affected'],
    ['2:0.1', 'not-affected'],
  ], 'introduced 0, fixed 1:1.0-1');
});

test('introduced alone leaves later versions affected', () => {
  const affected = { ranges: [ecosystemRange({ introduced: '2.5-r0' })] };
  assertVerdicts(affected, apkScheme, [
    ['2.4-r9', 'not-affected'],
    ['2.5_rc1-r0', 'not-affected'],
    ['2.5-r0', 'affected'],
    ['100.0-r0', 'affected'],
  ], 'introduced 2.5-r0');
});

test('last_affected without fixed is inclusive', () => {
  const affected = { ranges: [ecosystemRange({ introduced: '0' }, { last_affected: '2.4-3' })] };
  assertVerdicts(affected, dpkgScheme, [
    ['2.4-2', 'affected'],
    ['2.4-3', 'affected'],
    ['2.4-3+b1', 'not-affected'],
    ['2.4-4', 'not-affected'],
  ], 'introduced 0, last_affected 2.4-3');
});

test('several introduced and fixed pairs in one range', () => {
  const affected = {
    ranges: [
      ecosystemRange(
        { introduced: '1.0' },
        { fixed: '1.0.5' },
        { introduced: '2.0' },
        { last_affected: '2.1' },
        { introduced: '3.0' },
      ),
    ],
  };
  assertVerdicts(affected, dpkgScheme, [
    ['0.9', 'not-affected'],
    ['1.0.4', 'affected'],
    ['1.0.5', 'not-affected'],
    ['1.9', 'not-affected'],
    ['2.0', 'affected'],
    ['2.1', 'affected'],
    ['2.1.1', 'not-affected'],
    ['3.0', 'affected'],
    ['4.0', 'affected'],
  ], 'three intervals');
});

test('unsorted events give the sorted verdicts', () => {
  const sorted: OsvEvent[] = [
    { introduced: '0' },
    { fixed: '1.4.13' },
    { introduced: '1.5.0' },
    { fixed: '1.5.10' },
    { introduced: '1.6.0' },
    { fixed: '1.6.1' },
  ];
  const shuffled: OsvEvent[] = [sorted[5]!, sorted[2]!, sorted[1]!, sorted[4]!, sorted[0]!, sorted[3]!];
  const reversed = [...sorted].reverse();
  const cases: [string, RangeVerdict][] = [
    ['1.4.12', 'affected'],
    ['1.4.13', 'not-affected'],
    ['1.4.99', 'not-affected'],
    ['1.5.0', 'affected'],
    ['1.5.9', 'affected'],
    ['1.5.10', 'not-affected'],
    ['1.6.0', 'affected'],
    ['1.6.1', 'not-affected'],
  ];

  assertVerdicts({ ranges: [ecosystemRange(...sorted)] }, dpkgScheme, cases, 'sorted');
  assertVerdicts({ ranges: [ecosystemRange(...shuffled)] }, dpkgScheme, cases, 'shuffled');
  assertVerdicts({ ranges: [ecosystemRange(...reversed)] }, dpkgScheme, cases, 'reversed');
});

test('overlapping ranges affect their union', () => {
  const affected = {
    ranges: [
      ecosystemRange({ introduced: '1.0' }, { fixed: '2.0' }),
      ecosystemRange({ introduced: '1.5' }, { fixed: '3.0' }),
    ],
  };
  assertVerdicts(affected, dpkgScheme, [
    ['0.5', 'not-affected'],
    ['1.2', 'affected'],
    ['1.7', 'affected'],
    ['2.5', 'affected'],
    ['3.0', 'not-affected'],
  ], 'overlapping ranges');
});

test('limit bounds a range from above', () => {
  const limited = { ranges: [ecosystemRange({ introduced: '1.0' }, { limit: '2.0' })] };
  assertVerdicts(limited, dpkgScheme, [
    ['0.9', 'not-affected'],
    ['1.0', 'affected'],
    ['1.9', 'affected'],
    ['2.0', 'not-affected'],
    ['2.1', 'not-affected'],
  ], 'introduced 1.0, limit 2.0');

  // A version below any one limit is inside the range.
  const twoLimits = { ranges: [ecosystemRange({ introduced: '1.0' }, { limit: '2.0' }, { limit: '4.0' })] };
  assertVerdicts(twoLimits, dpkgScheme, [
    ['3.0', 'affected'],
    ['4.0', 'not-affected'],
  ], 'limits 2.0 and 4.0');

  const unlimited = { ranges: [ecosystemRange({ introduced: '1.0' }, { limit: '*' })] };
  assertVerdicts(unlimited, dpkgScheme, [['99', 'affected']], 'limit *');

  // The limit ends the range even where the events leave it open.
  const withFix = { ranges: [ecosystemRange({ introduced: '1.0' }, { fixed: '1.5' }, { introduced: '2.0' }, { limit: '3.0' })] };
  assertVerdicts(withFix, dpkgScheme, [
    ['1.2', 'affected'],
    ['1.6', 'not-affected'],
    ['2.5', 'affected'],
    ['3.0', 'not-affected'],
  ], 'fix and limit');
});

test('versions list alone matches by scheme equality', () => {
  const affected = { versions: ['1.0-1', '1:1.1-1'] };
  assertVerdicts(affected, dpkgScheme, [
    ['1.0-1', 'affected'],
    // dpkg reads a missing epoch as epoch 0.
    ['0:1.0-1', 'affected'],
    ['1:1.1-1', 'affected'],
    ['1.1-1', 'not-affected'],
    ['1.0-2', 'not-affected'],
  ], 'versions 1.0-1, 1:1.1-1');
});

test('versions list and ranges both count', () => {
  const affected = { versions: ['0.5'], ranges: [ecosystemRange({ introduced: '1.0' }, { fixed: '2.0' })] };
  assertVerdicts(affected, dpkgScheme, [
    ['0.5', 'affected'],
    ['0.6', 'not-affected'],
    ['1.5', 'affected'],
  ], 'versions and range');
});

test('GIT range is skipped and logged once', () => {
  const lines: LogLine[] = [];
  const logger = capturingLogger(lines);
  const gitOnly: OsvAffected = {
    ranges: [{ type: 'GIT', repo: 'https://github.com/example/project', events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }] }],
  };

  const first = evaluateOsvAffected(gitOnly, '1.0', dpkgScheme, { recordId: 'TEST-GIT-1', logger });
  const second = evaluateOsvAffected(gitOnly, '2.0', dpkgScheme, { recordId: 'TEST-GIT-1', logger });

  assert.equal(first, 'not-affected');
  assert.equal(second, 'not-affected');
  const gitLines = lines.filter((line) => line.msg.includes('GIT range skipped'));
  assert.equal(gitLines.length, 1, JSON.stringify(lines));
  assert.equal(gitLines[0]!.recordId, 'TEST-GIT-1');
  assert.equal(gitLines[0]!.repo, 'https://github.com/example/project');
  assert.equal(gitLines[0]!.level, 20, 'logged at debug level');
});

test('GIT range beside an ECOSYSTEM range', () => {
  const lines: LogLine[] = [];
  const affected: OsvAffected = {
    ranges: [
      { type: 'GIT', repo: 'https://github.com/example/project', events: [{ introduced: '0' }, { fixed: 'b'.repeat(40) }] },
      ecosystemRange({ introduced: '0' }, { fixed: '1.5' }),
    ],
  };
  const log = { recordId: 'TEST-GIT-2', logger: capturingLogger(lines) };

  assert.equal(evaluateOsvAffected(affected, '1.4', dpkgScheme, log), 'affected');
  assert.equal(evaluateOsvAffected(affected, '1.5', dpkgScheme, log), 'not-affected');
  assert.equal(lines.filter((line) => line.msg.includes('GIT range skipped')).length, 1);
});

test('entry without ranges or versions is logged', () => {
  const lines: LogLine[] = [];
  const verdict = evaluateOsvAffected({ package: { ecosystem: 'Debian:12', name: 'hello' } }, '1.0', dpkgScheme, {
    recordId: 'TEST-EMPTY-1',
    logger: capturingLogger(lines),
  });
  assert.equal(verdict, 'not-affected');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!.msg, /no versions list and no range/);
});

test('invalid installed version is uncomparable', () => {
  const affected = { ranges: [ecosystemRange({ introduced: '1.0' }, { fixed: '2.0' })] };
  // dpkg rejects "1:" and only warns about "a-0"; neither is ordered here.
  for (const version of ['1:', 'a-0', '1.0-', '']) {
    assert.equal(dpkgScheme.isValid(version), false, `"${version}" is invalid for dpkg`);
    assert.equal(evaluateOsvAffected(affected, version, dpkgScheme), 'uncomparable', `"${version}"`);
  }
  // apk orders every string but marks "1.0bc" invalid.
  assert.equal(evaluateOsvAffected(affected, '1.0bc', apkScheme), 'uncomparable');
});

test('invalid installed version where the answer is certain', () => {
  // Every version is affected, whatever it is.
  assert.equal(evaluateOsvAffected({ ranges: [ecosystemRange({ introduced: '0' })] }, '1:', dpkgScheme), 'affected');
  // The same string is listed.
  assert.equal(evaluateOsvAffected({ versions: ['a-0'] }, 'a-0', dpkgScheme), 'affected');
  // An invalid version equals no valid version.
  assert.equal(evaluateOsvAffected({ versions: ['1.0-1'] }, 'a-0', dpkgScheme), 'not-affected');
  // With a fixed version, the invalid version might be on either side.
  assert.equal(evaluateOsvAffected({ ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.0' })] }, '1:', dpkgScheme), 'uncomparable');
});

test('invalid event version is uncomparable when it decides', () => {
  const badFix = { ranges: [ecosystemRange({ introduced: '1.0' }, { fixed: '2.0-' })] };
  assertVerdicts(badFix, dpkgScheme, [
    // Below the introduced version, wherever the fix sorts.
    ['0.5', 'not-affected'],
    ['1.5', 'uncomparable'],
    ['3.0', 'uncomparable'],
  ], 'fixed "2.0-"');

  const badIntroduced = { ranges: [ecosystemRange({ introduced: 'x:1' }, { fixed: '2.0' })] };
  assertVerdicts(badIntroduced, dpkgScheme, [
    ['1.0', 'uncomparable'],
    // The introduced version may sort above the fix and start a new interval.
    ['3.0', 'uncomparable'],
  ], 'introduced "x:1"');

  const badLastAffected = { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '1.0' }, { introduced: '2.0' }, { last_affected: '2.5-' })] };
  assertVerdicts(badLastAffected, dpkgScheme, [
    // An unparsable version has no place in the order, so it might end
    // the first interval too.
    ['0.5', 'uncomparable'],
    ['1.5', 'not-affected'],
    ['2.2', 'uncomparable'],
  ], 'last_affected "2.5-"');

  const badLimit = { ranges: [ecosystemRange({ introduced: '1.0' }, { limit: '2.0-' })] };
  assertVerdicts(badLimit, dpkgScheme, [
    ['0.5', 'not-affected'],
    ['1.5', 'uncomparable'],
  ], 'limit "2.0-"');

  // A second range that affects the version decides on its own.
  const withGoodRange = { ranges: [badFix.ranges[0]!, ecosystemRange({ introduced: '1.4' }, { fixed: '1.6' })] };
  assert.equal(evaluateOsvAffected(withGoodRange, '1.5', dpkgScheme), 'affected');
});

// Real records. Each verdict below was read off the record's JSON by hand.

function hasScheme(name: string): boolean {
  return schemeNames().includes(name);
}

function skipUnless(...names: string[]): { skip: string | false } {
  const missing = names.filter((name) => !hasScheme(name));
  return { skip: missing.length > 0 && `scheme ${missing.join(', ')} is not registered` };
}

interface RecordCase {
  zip: string;
  id: string;
  ecosystem: string;
  name: string;
  cases: [string, RangeVerdict][];
}

async function assertRecordVerdicts({ zip, id, ecosystem, name, cases }: RecordCase): Promise<void> {
  const record = await readOsvRecord(zip, id);
  const scheme = schemeForEcosystem(ecosystem);
  assert.ok(scheme, `a scheme for ${ecosystem}`);
  const logger = pino({ level: 'silent' });

  for (const [version, expected] of cases) {
    const verdict = evaluateOsvRecord(record, { ecosystem, name }, version, scheme, logger);
    assert.equal(verdict, expected, `${id} ${name} ${version}`);
  }
}

test('npm lodash GHSA-jf85-cpcp-j695', skipUnless('semver'), async () => {
  // lodash: introduced 0, fixed 4.17.12; lodash-es: fixed 4.17.14.
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-jf85-cpcp-j695',
    ecosystem: 'npm',
    name: 'lodash',
    cases: [
      ['4.17.15', 'not-affected'],
      ['4.17.12', 'not-affected'],
      ['4.17.11', 'affected'],
      ['3.10.1', 'affected'],
    ],
  });
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-jf85-cpcp-j695',
    ecosystem: 'npm',
    name: 'lodash-es',
    cases: [
      ['4.17.13', 'affected'],
      ['4.17.14', 'not-affected'],
    ],
  });
});

test('npm minimist advisories', skipUnless('semver'), async () => {
  // GHSA-vh95-rmgr-6w4m: [0, 0.2.1) and [1.0.0, 1.2.3), in two entries.
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-vh95-rmgr-6w4m',
    ecosystem: 'npm',
    name: 'minimist',
    cases: [
      ['1.2.0', 'affected'],
      ['0.2.0', 'affected'],
      ['0.2.1', 'not-affected'],
      ['1.2.3', 'not-affected'],
      ['1.2.6', 'not-affected'],
    ],
  });
  // GHSA-xvch-5gv4-984h: [1.0.0, 1.2.6) and [0, 0.2.4).
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-xvch-5gv4-984h',
    ecosystem: 'npm',
    name: 'minimist',
    cases: [
      ['1.2.0', 'affected'],
      ['1.2.5', 'affected'],
      ['0.2.1', 'affected'],
      ['0.2.4', 'not-affected'],
      ['1.2.6', 'not-affected'],
    ],
  });
});

test('npm lodash.trim last_affected 4.5.1', skipUnless('semver'), async () => {
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-29mw-wpgm-hmr9',
    ecosystem: 'npm',
    name: 'lodash.trim',
    cases: [
      ['4.5.1', 'affected'],
      ['4.5.2', 'not-affected'],
      ['not a version', 'uncomparable'],
    ],
  });
});

test('npm node-fetch with unparsable introduced', skipUnless('semver'), async () => {
  // Entries: [1.0, 3.1.1) and [0, 2.6.7). "1.0" is not a semver version, so
  // it may sort anywhere, and only the second entry gives certain verdicts.
  await assertRecordVerdicts({
    zip: 'npm.ghsa-subset.osv.zip',
    id: 'GHSA-r683-j2x4-v87g',
    ecosystem: 'npm',
    name: 'node-fetch',
    cases: [
      ['2.6.6', 'affected'],
      ['2.6.7', 'uncomparable'],
      ['3.1.1', 'uncomparable'],
    ],
  });
});

test('PyPI tensorflow-cpu ranges beyond its versions list', skipUnless('pep440'), async () => {
  // Versions list: 1.15.0 2.1.0 2.1.1 2.2.0 2.3.0. ECOSYSTEM range: [0, 1.15.4),
  // [2.0.0, 2.0.3), [2.1.0, 2.1.2), [2.2.0, 2.2.1), [2.3.0, 2.3.1). Plus a GIT range.
  await assertRecordVerdicts({
    zip: 'PyPI.osv.zip',
    id: 'PYSEC-2020-270',
    ecosystem: 'PyPI',
    name: 'tensorflow-cpu',
    cases: [
      ['1.15.0', 'affected'],
      ['1.15.3', 'affected'],
      ['1.15.4', 'not-affected'],
      ['2.0.1', 'affected'],
      ['2.0.3', 'not-affected'],
      ['2.1.1', 'affected'],
      ['2.2.1', 'not-affected'],
      ['2.3.1', 'not-affected'],
      ['2.4.0', 'not-affected'],
    ],
  });
});

test('PyPI wagtail with unsorted events', skipUnless('pep440'), async () => {
  // Events as listed: introduced 2.11, fixed 2.11.7, introduced 0, fixed 2.11.6,
  // introduced 2.12, fixed 2.12.4. Sorted, they affect [0, 2.11.6) and
  // [2.12, 2.12.4). The versions list also names 2.11.6 (and every release up
  // to 2.12.3) but not 2.11.7.
  await assertRecordVerdicts({
    zip: 'PyPI.osv.zip',
    id: 'PYSEC-2021-114',
    ecosystem: 'PyPI',
    name: 'wagtail',
    cases: [
      ['2.10.3', 'affected'],
      ['2.11.5', 'affected'],
      ['2.11.6', 'affected'],
      ['2.11.7', 'not-affected'],
      ['2.11.8', 'not-affected'],
      ['2.12.3', 'affected'],
      ['2.12.4', 'not-affected'],
    ],
  });
});

test('PyPI designate versions list only', skipUnless('pep440'), async () => {
  // No ranges; versions: ["2015.1.0b2"].
  await assertRecordVerdicts({
    zip: 'PyPI.osv.zip',
    id: 'PYSEC-2017-114',
    ecosystem: 'PyPI',
    name: 'designate',
    cases: [
      ['2015.1.0b2', 'affected'],
      // PEP 440 spells the same pre-release several ways.
      ['2015.1.0beta2', 'affected'],
      ['2015.1.0b3', 'not-affected'],
      ['2015.1.0', 'not-affected'],
    ],
  });
});

test('PyPI django two release branches', skipUnless('pep440'), async () => {
  // ECOSYSTEM: [1.3, 1.3.4) and [1.4, 1.4.2); a GIT range beside it.
  await assertRecordVerdicts({
    zip: 'PyPI.osv.zip',
    id: 'PYSEC-2012-7',
    ecosystem: 'PyPI',
    name: 'django',
    cases: [
      ['1.2.7', 'not-affected'],
      ['1.3', 'affected'],
      ['1.3.3', 'affected'],
      ['1.3.4', 'not-affected'],
      ['1.4.1', 'affected'],
      ['1.4.2', 'not-affected'],
    ],
  });
});

test('Go containerd from introduced 0', skipUnless('semver', 'golang'), async () => {
  // SEMVER: [0, 1.4.13), [1.5.0, 1.5.10), [1.6.0, 1.6.1).
  await assertRecordVerdicts({
    zip: 'Go.osv.zip',
    id: 'GO-2022-0344',
    ecosystem: 'Go',
    name: 'github.com/containerd/containerd',
    cases: [
      ['v1.2.0', 'affected'],
      ['v1.4.12', 'affected'],
      ['v1.4.13', 'not-affected'],
      ['v1.5.9', 'affected'],
      ['v1.5.10', 'not-affected'],
      ['v1.6.0', 'affected'],
      ['v1.6.1', 'not-affected'],
    ],
  });
});

test('Go argo-cd with a pre-release bound', skipUnless('semver', 'golang'), async () => {
  // SEMVER: [0, 2.1.11), [2.2.0, 2.2.6), [2.3.0-rc1, 2.3.0).
  await assertRecordVerdicts({
    zip: 'Go.osv.zip',
    id: 'GO-2022-0357',
    ecosystem: 'Go',
    name: 'github.com/argoproj/argo-cd/v2',
    cases: [
      ['v2.1.10', 'affected'],
      ['v2.1.11', 'not-affected'],
      ['v2.2.5', 'affected'],
      ['v2.2.6', 'not-affected'],
      ['v2.3.0-rc1', 'affected'],
      ['v2.3.0-rc5', 'affected'],
      ['v2.3.0', 'not-affected'],
    ],
  });
});

test('crates.io cookie with 0.7.0-0', skipUnless('semver'), async () => {
  // SEMVER: [0.6.0, 0.6.2), [0.7.0-0, 0.7.6).
  await assertRecordVerdicts({
    zip: 'crates.io.osv.zip',
    id: 'RUSTSEC-2017-0005',
    ecosystem: 'crates.io',
    name: 'cookie',
    cases: [
      ['0.5.9', 'not-affected'],
      ['0.6.1', 'affected'],
      ['0.6.2', 'not-affected'],
      ['0.7.0-beta', 'affected'],
      ['0.7.5', 'affected'],
      ['0.7.6', 'not-affected'],
    ],
  });
});

test('Maven spring-beans with RELEASE qualifiers', skipUnless('maven'), async () => {
  // Two entries: [0, 5.2.20.RELEASE) and [5.3.0, 5.3.18).
  await assertRecordVerdicts({
    zip: 'Maven.ghsa-subset.osv.zip',
    id: 'GHSA-36p3-wjmg-h94x',
    ecosystem: 'Maven',
    name: 'org.springframework:spring-beans',
    cases: [
      ['5.2.19.RELEASE', 'affected'],
      ['5.2.20.RELEASE', 'not-affected'],
      ['5.3.17', 'affected'],
      ['5.3.18', 'not-affected'],
    ],
  });
});

test('Maven log4j last_affected 1.2.17', skipUnless('maven'), async () => {
  await assertRecordVerdicts({
    zip: 'Maven.ghsa-subset.osv.zip',
    id: 'GHSA-65fg-84f6-3jq3',
    ecosystem: 'Maven',
    name: 'log4j:log4j',
    cases: [
      ['1.2.17', 'affected'],
      ['1.2.18', 'not-affected'],
    ],
  });
});

test('RubyGems rack four branches', skipUnless('gem'), async () => {
  // [1.5.0, 2.0.9.2), [2.1.0.0, 2.1.4.2), [2.2.0.0, 2.2.6.2), [3.0.0.0, 3.0.4.1).
  await assertRecordVerdicts({
    zip: 'RubyGems.ghsa-subset.osv.zip',
    id: 'GHSA-65f5-mfpf-vfhj',
    ecosystem: 'RubyGems',
    name: 'rack',
    cases: [
      ['1.4.7', 'not-affected'],
      ['2.0.9.1', 'affected'],
      ['2.0.9.2', 'not-affected'],
      ['2.2.6', 'affected'],
      ['2.2.6.2', 'not-affected'],
      ['3.0.4.1', 'not-affected'],
    ],
  });
});

test('NuGet Newtonsoft.Json fixed 13.0.1', skipUnless('nuget'), async () => {
  await assertRecordVerdicts({
    zip: 'NuGet.ghsa-subset.osv.zip',
    id: 'GHSA-5crp-9r3c-p9vr',
    ecosystem: 'NuGet',
    name: 'Newtonsoft.Json',
    cases: [
      ['12.0.3', 'affected'],
      ['13.0.1', 'not-affected'],
    ],
  });
});

test('Packagist guzzle two branches', skipUnless('composer'), async () => {
  // [4.0.0, 6.5.7) and [7.0.0, 7.4.4).
  await assertRecordVerdicts({
    zip: 'Packagist.ghsa-subset.osv.zip',
    id: 'GHSA-f2wf-25xc-69c9',
    ecosystem: 'Packagist',
    name: 'guzzlehttp/guzzle',
    cases: [
      ['3.8.1', 'not-affected'],
      ['6.5.6', 'affected'],
      ['6.5.7', 'not-affected'],
      ['7.4.3', 'affected'],
      ['7.4.4', 'not-affected'],
    ],
  });
});

test('record verdict skips other packages', async () => {
  const record = await readOsvRecord('npm.ghsa-subset.osv.zip', 'GHSA-jf85-cpcp-j695');
  // No entry names this package, so the scheme is never asked.
  assert.equal(evaluateOsvRecord(record, { ecosystem: 'npm', name: 'underscore' }, '1.0.0', getScheme('dpkg')), 'not-affected');
});

test('native range verdicts through satisfies', skipUnless('semver'), () => {
  assert.equal(satisfiesNative('1.2.3', '^1.0.0', 'semver'), 'affected');
  assert.equal(satisfiesNative('2.0.0', '^1.0.0', 'semver'), 'not-affected');
  assert.equal(satisfiesNative('1.3.0-beta.1', '^1.2.0', 'semver'), 'not-affected');
  assert.equal(satisfiesNative('1.3.0-beta.1', '^1.2.0', 'semver', { includePrerelease: true }), 'affected');
  assert.equal(satisfiesNative('=1.2.3', '1.2.3', 'semver', { loose: true }), 'affected');
});

test('native range invalid input is uncomparable', skipUnless('semver'), () => {
  assert.equal(satisfiesNative('not a version', '^1.0.0', 'semver'), 'uncomparable');
  assert.equal(satisfiesNative('=1.2.3', '1.2.3', 'semver'), 'uncomparable');
  assert.equal(satisfiesNative('1.2.3', '>>1', 'semver'), 'uncomparable');
});

test('native range on a scheme without ranges', () => {
  for (const scheme of ['dpkg', 'apk']) {
    assert.throws(
      () => satisfiesNative('1.0', '>= 1.0', scheme),
      (err: unknown) => err instanceof UserError && err.code === 'USAGE' && err.message.includes(`scheme ${scheme} has no range syntax`),
      scheme,
    );
  }
});
