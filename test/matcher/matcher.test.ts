import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchReport } from '../../src/matcher/matcher.js';
import type { EcosystemMatcher, Finding } from '../../src/matcher/types.js';
import { createDebianMatcher } from '../../src/ecosystems/debian/matcher.js';
import { createUbuntuMatcher } from '../../src/ecosystems/ubuntu/matcher.js';
import { createAlpineMatcher } from '../../src/ecosystems/alpine/matcher.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import { apkScheme } from '../../src/ecosystems/alpine/version.js';
import type { VersionScheme } from '../../src/versioning/types.js';
import {
  ALPINE_3_11, BIONIC, BOOKWORM, BULLSEYE, apk, captureLog, deb, dpkgHolds, indexReport, record,
} from './fixtures.js';
import { MemoryStore } from '../fakes/memory-store.js';

const MATCHERS: EcosystemMatcher[] = [
  createDebianMatcher(dpkgScheme),
  createUbuntuMatcher(dpkgScheme),
  createAlpineMatcher(apkScheme),
];

function names(findings: Finding[]): string[] {
  return findings.map((finding) => finding.vulnerability.name);
}

test('record states decide the verdict', async () => {
  // xorg-server in bullseye, as DSA-5380-1 fixed CVE-2023-1393 in it.
  const installed = '2:1.20.11-1+deb11u5';
  const fix = '2:1.20.11-1+deb11u6';
  assert.ok(dpkgHolds(installed, 'lt', fix));

  const cases = [
    { state: 'fixed' as const, fixedVersion: fix, expected: { state: 'fixed', fixedVersion: fix } },
    { state: 'fixed' as const, fixedVersion: installed, expected: undefined },
    { state: 'fixed' as const, fixedVersion: '2:1.20.11-1', expected: undefined },
    { state: 'unfixed' as const, fixedVersion: undefined, expected: { state: 'unfixed', fixedVersion: undefined } },
    { state: 'wont-fix' as const, fixedVersion: undefined, expected: { state: 'wont-fix', fixedVersion: undefined } },
    { state: 'not-affected' as const, fixedVersion: undefined, expected: undefined },
  ];
  assert.ok(dpkgHolds('2:1.20.11-1', 'lt', installed));

  for (const c of cases) {
    const store = new MemoryStore([
      record({ advisoryId: 'CVE-2023-1393', packageName: 'xorg-server', release: 'bullseye', state: c.state, fixedVersion: c.fixedVersion }),
    ]);
    const report = await matchReport(
      indexReport(BULLSEYE, [deb('xserver-common', installed, { name: 'xorg-server', version: installed })]),
      store,
      { matchers: MATCHERS },
    );

    const label = `${c.state} ${c.fixedVersion ?? ''}`;
    if (c.expected === undefined) {
      assert.deepEqual(report.findings, [], label);
      continue;
    }
    assert.equal(report.findings.length, 1, label);
    const vulnerability = report.findings[0].vulnerability;
    assert.equal(vulnerability.name, 'CVE-2023-1393', label);
    assert.equal(vulnerability.state, c.expected.state, label);
    assert.equal(vulnerability.fixedVersion, c.expected.fixedVersion, label);
    assert.equal(report.findings[0].versionUncomparable, false, label);
  }
});

test('query uses source package and codename', async () => {
  const store = new MemoryStore([]);
  await matchReport(
    indexReport(BOOKWORM, [
      deb('libssl3', '3.0.11-1~deb12u2', { name: 'openssl', version: '3.0.11-1~deb12u2' }),
      deb('openssl', '3.0.11-1~deb12u2'),
      deb('bsdutils', '1:2.38.1-5+b1', { name: 'util-linux', version: '2.38.1-5' }),
    ]),
    store,
    { matchers: MATCHERS },
  );

  assert.deepEqual(store.queries, [
    { distribution: 'debian', release: 'bookworm', packageNames: ['openssl', 'util-linux'] },
  ]);
});

test('source version decides, not the binary version', async () => {
  // util-linux builds bsdutils with an epoch of its own: 1:2.33.1-0.1 from source 2.33.1-0.1.
  const fix = '2.33.1-0.1+deb10u1';
  assert.ok(dpkgHolds('2.33.1-0.1', 'lt', fix));
  assert.ok(dpkgHolds('1:2.33.1-0.1', 'gt', fix));

  const store = new MemoryStore([
    record({ advisoryId: 'CVE-2021-37600', packageName: 'util-linux', release: 'buster', state: 'fixed', fixedVersion: fix }),
  ]);
  const buster = { ...BOOKWORM, version: '10 (buster)', versionId: '10', versionCodeName: 'buster' };
  const report = await matchReport(
    indexReport(buster, [deb('bsdutils', '1:2.33.1-0.1', { name: 'util-linux', version: '2.33.1-0.1' })]),
    store,
    { matchers: MATCHERS },
  );

  assert.deepEqual(names(report.findings), ['CVE-2021-37600']);
  assert.equal(report.findings[0].installedVersion, '2.33.1-0.1');
});

test('every binary of a source gets the finding', async () => {
  const store = new MemoryStore([
    record({ advisoryId: 'CVE-2023-0286', packageName: 'openssl', state: 'fixed', fixedVersion: '3.0.8-1' }),
  ]);
  const report = await matchReport(
    indexReport(BOOKWORM, [
      deb('libssl3', '3.0.7-1', { name: 'openssl', version: '3.0.7-1' }),
      deb('openssl', '3.0.7-1'),
      deb('zlib1g', '1:1.2.13.dfsg-1', { name: 'zlib', version: '1:1.2.13.dfsg-1' }),
    ]),
    store,
    { matchers: MATCHERS },
  );

  assert.deepEqual(report.findings.map((f) => f.package.name), ['libssl3', 'openssl']);
  assert.equal(report.findings[0].vulnerability, report.findings[1].vulnerability);
});

test('earliest fix counts across DSA and DLA', async () => {
  // Two advisories for the same release and CVE: the first fix counts, and
  // a package carrying it is not affected although the later fix is higher.
  const dsaFix = '2.4.56-1~deb10u1';
  const dlaFix = '2.4.56-1~deb10u2';
  assert.ok(dpkgHolds(dsaFix, 'lt', dlaFix));
  assert.ok(dpkgHolds('2.4.38-3+deb10u10', 'lt', dsaFix));

  const records = [
    record({ feed: 'debian-dla', advisoryId: 'DLA-3401-1', cves: ['CVE-2023-25690'], packageName: 'apache2', release: 'buster', state: 'fixed', fixedVersion: dlaFix }),
    record({ feed: 'debian-dsa', advisoryId: 'DSA-5376-1', cves: ['CVE-2023-25690'], packageName: 'apache2', release: 'buster', state: 'fixed', fixedVersion: dsaFix }),
  ];
  const buster = { ...BOOKWORM, version: '10 (buster)', versionId: '10', versionCodeName: 'buster' };

  const below = await matchReport(indexReport(buster, [deb('apache2', '2.4.38-3+deb10u10')]), new MemoryStore(records), { matchers: MATCHERS });
  assert.equal(below.findings.length, 1);
  const vulnerability = below.findings[0].vulnerability;
  assert.equal(vulnerability.name, 'CVE-2023-25690');
  assert.equal(vulnerability.fixedVersion, dsaFix);
  assert.equal(vulnerability.updater, 'debian-dsa');
  assert.deepEqual(vulnerability.aliases, ['DLA-3401-1', 'DSA-5376-1']);
  assert.deepEqual(vulnerability.fixedVersions, [dsaFix, dlaFix]);

  const atFirstFix = await matchReport(indexReport(buster, [deb('apache2', dsaFix)]), new MemoryStore(records), { matchers: MATCHERS });
  assert.deepEqual(atFirstFix.findings, []);
});

test('DSA and tracker entry give one finding', async () => {
  const fix = '2:1.20.11-1+deb11u6';
  const records = [
    record({
      feed: 'debian-tracker',
      advisoryId: 'CVE-2023-1393',
      packageName: 'xorg-server',
      release: 'bullseye',
      state: 'fixed',
      fixedVersion: fix,
      severity: 'High',
      vendorSeverity: 'high',
      description: 'A use-after-free flaw was found in xorg-server.',
      links: ['https://security-tracker.debian.org/tracker/CVE-2023-1393'],
    }),
    record({
      feed: 'debian-dsa',
      advisoryId: 'DSA-5380-1',
      cves: ['CVE-2023-1393'],
      packageName: 'xorg-server',
      release: 'bullseye',
      state: 'fixed',
      fixedVersion: fix,
      links: ['https://security-tracker.debian.org/tracker/DSA-5380-1'],
      published: '2023-03-29',
    }),
  ];
  const report = await matchReport(
    indexReport(BULLSEYE, [deb('xserver-common', '2:1.20.11-1+deb11u5', { name: 'xorg-server', version: '2:1.20.11-1+deb11u5' })]),
    new MemoryStore(records),
    { matchers: MATCHERS },
  );

  assert.equal(report.findings.length, 1);
  const vulnerability = report.findings[0].vulnerability;
  assert.equal(vulnerability.id, 'debian/bullseye/xorg-server/CVE-2023-1393');
  assert.equal(vulnerability.name, 'CVE-2023-1393');
  assert.deepEqual(vulnerability.aliases, ['DSA-5380-1']);
  assert.deepEqual(vulnerability.feeds, ['debian-dsa', 'debian-tracker']);
  assert.equal(vulnerability.severity, 'High');
  assert.equal(vulnerability.vendorSeverity, 'high');
  assert.equal(vulnerability.description, 'A use-after-free flaw was found in xorg-server.');
  assert.deepEqual(vulnerability.links, [
    'https://security-tracker.debian.org/tracker/CVE-2023-1393',
    'https://security-tracker.debian.org/tracker/DSA-5380-1',
  ]);
  assert.equal(vulnerability.published, '2023-03-29');
});

test('multi-CVE advisory gives one finding per CVE', async () => {
  const records = [
    record({
      feed: 'debian-dsa',
      advisoryId: 'DSA-5376-1',
      cves: ['CVE-2022-36760', 'CVE-2023-25690'],
      packageName: 'apache2',
      release: 'bullseye',
      state: 'fixed',
      fixedVersion: '2.4.56-1~deb11u1',
    }),
  ];
  const report = await matchReport(indexReport(BULLSEYE, [deb('apache2', '2.4.54-1~deb11u1')]), new MemoryStore(records), { matchers: MATCHERS });

  assert.deepEqual(names(report.findings), ['CVE-2022-36760', 'CVE-2023-25690']);
  for (const finding of report.findings) {
    assert.deepEqual(finding.vulnerability.aliases, ['DSA-5376-1'], finding.vulnerability.name);
  }
});

test('advisory without CVE stands alone', async () => {
  // DSA-5356-2 is a regression update that names no CVE.
  const records = [
    record({ feed: 'debian-dsa', advisoryId: 'DSA-5356-2', cves: [], packageName: 'sox', release: 'bullseye', state: 'fixed', fixedVersion: '14.4.2+git20190427-2+deb11u2' }),
    record({ feed: 'debian-dsa', advisoryId: 'DSA-5356-1', cves: ['CVE-2021-23159'], packageName: 'sox', release: 'bullseye', state: 'fixed', fixedVersion: '14.4.2+git20190427-2+deb11u1' }),
  ];
  assert.ok(dpkgHolds('14.4.2+git20190427-2', 'lt', '14.4.2+git20190427-2+deb11u1'));

  const report = await matchReport(indexReport(BULLSEYE, [deb('sox', '14.4.2+git20190427-2')]), new MemoryStore(records), { matchers: MATCHERS });

  assert.deepEqual(names(report.findings), ['CVE-2021-23159', 'DSA-5356-2']);
  const standalone = report.findings[1].vulnerability;
  assert.deepEqual(standalone.aliases, []);
  assert.equal(standalone.id, 'debian/bullseye/sox/DSA-5356-2');
});

test('tracker entry outranks advisory tags', async () => {
  const cve = 'CVE-2020-24659';
  const cases = [
    {
      label: 'open tracker entry beats an advisory not-affected tag',
      tracker: 'unfixed' as const,
      advisory: 'not-affected' as const,
      expected: ['unfixed'],
    },
    {
      label: 'tracker not-affected and advisory not-affected',
      tracker: 'not-affected' as const,
      advisory: 'not-affected' as const,
      expected: [],
    },
    {
      label: 'tracker not-affected beats an advisory wont-fix',
      tracker: 'not-affected' as const,
      advisory: 'wont-fix' as const,
      expected: [],
    },
    {
      label: 'tracker wont-fix kept over an advisory unfixed',
      tracker: 'wont-fix' as const,
      advisory: 'unfixed' as const,
      expected: ['wont-fix'],
    },
  ];

  for (const c of cases) {
    const records = [
      record({ advisoryId: cve, packageName: 'gnutls28', release: 'bullseye', state: c.tracker }),
      record({ feed: 'debian-dla', advisoryId: 'DLA-2000-1', cves: [cve], packageName: 'gnutls28', release: 'bullseye', state: c.advisory }),
    ];
    const report = await matchReport(indexReport(BULLSEYE, [deb('libgnutls30', '3.7.1-5', { name: 'gnutls28', version: '3.7.1-5' })]), new MemoryStore(records), { matchers: MATCHERS });
    assert.deepEqual(report.findings.map((f) => f.vulnerability.state), c.expected, c.label);
  }
});

test('fixed advisory decides over tracker not-affected', async () => {
  const records = [
    record({ advisoryId: 'CVE-2021-20231', packageName: 'gnutls28', release: 'bullseye', state: 'not-affected' }),
    record({ feed: 'debian-dsa', advisoryId: 'DSA-4900-1', cves: ['CVE-2021-20231'], packageName: 'gnutls28', release: 'bullseye', state: 'fixed', fixedVersion: '3.7.1-5+deb11u1' }),
  ];
  assert.ok(dpkgHolds('3.7.1-5', 'lt', '3.7.1-5+deb11u1'));

  const report = await matchReport(indexReport(BULLSEYE, [deb('libgnutls30', '3.7.1-5', { name: 'gnutls28', version: '3.7.1-5' })]), new MemoryStore(records), { matchers: MATCHERS });

  assert.deepEqual(names(report.findings), ['CVE-2021-20231']);
  assert.equal(report.findings[0].vulnerability.state, 'fixed');
  assert.equal(report.findings[0].vulnerability.updater, 'debian-dsa');
});

test('uncomparable versions are flagged and logged', async () => {
  // dpkg rejects an empty epoch and embedded spaces.
  assert.throws(() => dpkgHolds('a:1.0', 'lt', '1.0'));
  assert.throws(() => dpkgHolds('1.0 2', 'lt', '1.0'));
  assert.ok(dpkgHolds('1.0-1', 'lt', '1.0-2'));

  const cases = [
    { label: 'installed version invalid', installed: 'a:1.0', fixes: ['1.0-2'], expected: 'uncomparable', reason: /epoch/ },
    { label: 'only fix invalid', installed: '1.0-1', fixes: ['1.0 2'], expected: 'uncomparable', reason: /fixed version/ },
    { label: 'below the valid fix, another fix invalid', installed: '1.0-1', fixes: ['1.0-2', '1.0 2'], expected: 'uncomparable', reason: /fixed version/ },
    { label: 'at the valid fix, another fix invalid', installed: '1.0-2', fixes: ['1.0-2', '1.0 2'], expected: 'none', reason: /^$/ },
    { label: 'fixed record without a version', installed: '1.0-1', fixes: [undefined], expected: 'uncomparable', reason: /fixed version/ },
  ];

  for (const c of cases) {
    const records = c.fixes.map((fixedVersion, i) =>
      record({ feed: 'debian-dsa', advisoryId: `DSA-900${i}-1`, cves: ['CVE-2022-0001'], packageName: 'foo', state: 'fixed', fixedVersion }),
    );
    const capture = captureLog();
    const report = await matchReport(indexReport(BOOKWORM, [deb('foo', c.installed)]), new MemoryStore(records), { matchers: MATCHERS, log: capture.log });

    if (c.expected === 'none') {
      assert.deepEqual(report.findings, [], c.label);
      assert.equal(report.uncomparableCount, 0, c.label);
      continue;
    }
    assert.equal(report.findings.length, 1, c.label);
    assert.equal(report.findings[0].versionUncomparable, true, c.label);
    assert.equal(report.uncomparableCount, 1, c.label);

    const warnings = capture.lines().filter((line) => line.level === 40 && line.package === 'foo');
    assert.equal(warnings.length, 1, c.label);
    assert.equal(warnings[0].installedVersion, c.installed, c.label);
    assert.match(String(warnings[0].reason), c.reason, c.label);
  }
});

test('unfixed affects even an unparseable version', async () => {
  const records = [record({ advisoryId: 'CVE-2022-0002', packageName: 'foo', state: 'unfixed' })];
  const report = await matchReport(indexReport(BOOKWORM, [deb('foo', 'a:1.0')]), new MemoryStore(records), { matchers: MATCHERS });

  assert.equal(report.findings.length, 1);
  assert.equal(report.findings[0].versionUncomparable, false);
});

test('injected scheme judges the versions', async () => {
  // A stand-in that parses nothing: every fixed-version verdict becomes uncomparable.
  const parsesNothing: VersionScheme = {
    name: 'none',
    isValid: () => false,
    compare: () => {
      throw new Error('compare must not be called for invalid versions');
    },
  };
  const records = [
    record({ advisoryId: 'CVE-2022-0003', packageName: 'foo', state: 'fixed', fixedVersion: '2.0-1' }),
    record({ advisoryId: 'CVE-2022-0004', packageName: 'foo', state: 'wont-fix' }),
  ];
  const report = await matchReport(indexReport(BOOKWORM, [deb('foo', '1.0-1')]), new MemoryStore(records), {
    matchers: [createDebianMatcher(parsesNothing)],
    log: captureLog().log,
  });

  assert.deepEqual(report.findings.map((f) => [f.vulnerability.name, f.versionUncomparable]), [
    ['CVE-2022-0003', true],
    ['CVE-2022-0004', false],
  ]);
});

test('Ubuntu matches by codename and source', async () => {
  const records = [
    record({
      feed: 'ubuntu-uct',
      distribution: 'ubuntu',
      release: 'bionic',
      advisoryId: 'CVE-2020-8177',
      aliases: ['USN-4402-1'],
      packageName: 'curl',
      state: 'fixed',
      fixedVersion: '7.58.0-2ubuntu3.9',
      severity: 'Medium',
      vendorSeverity: 'medium',
    }),
    record({ feed: 'ubuntu-uct', distribution: 'ubuntu', release: 'focal', advisoryId: 'CVE-2020-8177', packageName: 'curl', state: 'fixed', fixedVersion: '7.68.0-1ubuntu2.1' }),
  ];
  assert.ok(dpkgHolds('7.58.0-2ubuntu3.8', 'lt', '7.58.0-2ubuntu3.9'));

  const report = await matchReport(
    indexReport(BIONIC, [deb('libcurl4', '7.58.0-2ubuntu3.8', { name: 'curl', version: '7.58.0-2ubuntu3.8' })]),
    new MemoryStore(records),
    { matchers: MATCHERS },
  );

  assert.equal(report.findings.length, 1);
  const vulnerability = report.findings[0].vulnerability;
  assert.equal(vulnerability.id, 'ubuntu/bionic/curl/CVE-2020-8177');
  assert.equal(vulnerability.fixedVersion, '7.58.0-2ubuntu3.9');
  assert.deepEqual(vulnerability.aliases, ['USN-4402-1']);
});

test('Alpine matches origin on its branch', async () => {
  const records = [
    record({ feed: 'alpine-secdb', distribution: 'alpine', release: 'v3.11', advisoryId: 'CVE-2020-1967', packageName: 'openssl', state: 'fixed', fixedVersion: '1.1.1g-r0' }),
    record({ feed: 'alpine-secdb', distribution: 'alpine', release: 'v3.10', advisoryId: 'CVE-2019-1549', packageName: 'openssl', state: 'fixed', fixedVersion: '1.1.1d-r0' }),
  ];
  const store = new MemoryStore(records);
  const report = await matchReport(indexReport(ALPINE_3_11, [apk('libssl1.1', '1.1.1d-r3', 'openssl')]), store, { matchers: MATCHERS });

  assert.deepEqual(store.queries, [{ distribution: 'alpine', release: 'v3.11', packageNames: ['openssl'] }]);
  assert.deepEqual(names(report.findings), ['CVE-2020-1967']);
  assert.equal(report.findings[0].vulnerability.id, 'alpine/v3.11/openssl/CVE-2020-1967');
});

test('packages without a matcher are counted', async () => {
  const npm = { ...deb('minimist', '1.2.0'), ecosystem: 'npm' as const, path: 'opt/vendor/node_modules/minimist/package.json' };
  const report = await matchReport(indexReport(BOOKWORM, [deb('bash', '5.2.15-2+b2', { name: 'bash', version: '5.2.15-2' }), npm]), new MemoryStore([]), { matchers: MATCHERS });

  assert.equal(report.unmatchedPackageCount, 1);
  assert.deepEqual(report.findings, []);
});

test('unknown release leaves packages unmatched', async () => {
  const noRelease = { ...BOOKWORM, version: '', versionId: '', versionCodeName: '' };
  const capture = captureLog();
  const store = new MemoryStore([record({ advisoryId: 'CVE-2022-0005', packageName: 'bash', state: 'unfixed' })]);

  const report = await matchReport(indexReport(noRelease, [deb('bash', '5.2.15-2')]), store, { matchers: MATCHERS, log: capture.log });

  assert.deepEqual(report.findings, []);
  assert.equal(report.unmatchedPackageCount, 1);
  assert.deepEqual(store.queries, []);
  assert.ok(capture.lines().some((line) => line.level === 40 && line.matcher === 'debian'));
});

test('default matchers use registered schemes', async () => {
  const store = new MemoryStore([
    record({ advisoryId: 'CVE-2023-0286', packageName: 'openssl', state: 'fixed', fixedVersion: '3.0.8-1' }),
    record({ feed: 'alpine-secdb', distribution: 'alpine', release: 'v3.11', advisoryId: 'CVE-2020-1967', packageName: 'openssl', state: 'fixed', fixedVersion: '1.1.1g-r0' }),
  ]);
  assert.ok(dpkgHolds('3.0.7-1', 'lt', '3.0.8-1'));

  const debian = await matchReport(indexReport(BOOKWORM, [deb('libssl3', '3.0.7-1', { name: 'openssl', version: '3.0.7-1' })]), store);
  assert.deepEqual(names(debian.findings), ['CVE-2023-0286']);

  const alpine = await matchReport(indexReport(ALPINE_3_11, [apk('libssl1.1', '1.1.1d-r3', 'openssl')]), store);
  assert.deepEqual(names(alpine.findings), ['CVE-2020-1967']);
});
