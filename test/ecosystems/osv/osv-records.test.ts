// The OSV parser, its ecosystem keys, the merge of records that share ids
// and the range verdicts. Expected values were read by hand from the
// shared zips' JSON and from the OSV schema.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { UserError } from '../../../src/errors.js';
import { openFeedFile } from '../../../src/feeds/feed-file.js';
import type { FeedInput, VulnerabilityRecord } from '../../../src/feeds/types.js';
import { osvEcosystem, recordKey } from '../../../src/ecosystems/osv/ecosystems.js';
import { ecosystemOfArchive, osvParser, parseOsvMember } from '../../../src/ecosystems/osv/parser.js';
import { emptySkipCounts } from '../../../src/ecosystems/osv/record.js';
import { mergeRecords } from '../../../src/matcher/merge.js';
import { judgeByAnyRecord, judgeByFixedVersion } from '../../../src/matcher/verdict.js';
import { getScheme } from '../../../src/versioning/index.js';
import { sharedPath } from '../../shared.js';

function textInput(name: string, text: string): FeedInput {
  return { name, open: () => Readable.from([Buffer.from(text)]) };
}

async function collect(records: AsyncIterable<VulnerabilityRecord>): Promise<VulnerabilityRecord[]> {
  const list: VulnerabilityRecord[] = [];
  for await (const record of records) list.push(record);
  return list;
}

/** Parses the named members of a shared zip through db import's reader and the OSV parser. */
async function parseMembers(zip: string, members: string[]): Promise<VulnerabilityRecord[]> {
  const records: VulnerabilityRecord[] = [];
  const feedFile = await openFeedFile(zip);
  for await (const input of feedFile.members()) {
    if (!members.includes(input.name)) continue;
    records.push(...(await collect(osvParser.parse(input) as AsyncIterable<VulnerabilityRecord>)));
  }
  return records;
}

describe('OSV ecosystem keys', () => {
  const cases: { ecosystem: string; name: string; expected: [string, string | undefined, string] | undefined }[] = [
    { ecosystem: 'npm', name: 'lodash', expected: ['npm', '', 'lodash'] },
    { ecosystem: 'PyPI', name: 'Jinja2', expected: ['pypi', '', 'jinja2'] },
    { ecosystem: 'PyPI', name: 'zope.interface', expected: ['pypi', '', 'zope-interface'] },
    { ecosystem: 'Go', name: 'stdlib', expected: ['golang', '', 'stdlib'] },
    { ecosystem: 'Maven', name: 'log4j:log4j', expected: ['maven', '', 'log4j:log4j'] },
    { ecosystem: 'NuGet', name: 'Newtonsoft.Json', expected: ['nuget', '', 'newtonsoft.json'] },
    { ecosystem: 'crates.io', name: 'smallvec', expected: ['cargo', '', 'smallvec'] },
    { ecosystem: 'Packagist', name: 'guzzlehttp/guzzle', expected: ['composer', '', 'guzzlehttp/guzzle'] },
    { ecosystem: 'RubyGems', name: 'rack', expected: ['gem', '', 'rack'] },
    { ecosystem: 'Debian:12', name: 'openssl', expected: ['debian', 'bookworm', 'openssl'] },
    { ecosystem: 'Debian:9', name: 'openssl', expected: ['debian', 'stretch', 'openssl'] },
    { ecosystem: 'Ubuntu:22.04:LTS', name: 'curl', expected: ['ubuntu', 'jammy', 'curl'] },
    { ecosystem: 'Ubuntu:Pro:18.04:LTS', name: 'curl', expected: ['ubuntu', 'bionic/esm', 'curl'] },
    { ecosystem: 'Ubuntu:Pro:FIPS-updates:22.04:LTS', name: 'openssl', expected: ['ubuntu', 'jammy/fips-updates', 'openssl'] },
    { ecosystem: 'Ubuntu:23.10', name: 'curl', expected: ['ubuntu', 'mantic', 'curl'] },
    { ecosystem: 'Alpine:v3.18', name: 'musl', expected: ['alpine', 'v3.18', 'musl'] },
    { ecosystem: 'Debian:99', name: 'openssl', expected: ['debian', undefined, 'openssl'] },
    { ecosystem: 'OSS-Fuzz', name: 'curl', expected: undefined },
    { ecosystem: 'SwiftURL', name: 'github.com/x/y', expected: undefined },
  ];

  for (const { ecosystem, name, expected } of cases) {
    test(`${ecosystem} ${name}`, () => {
      const key = recordKey(ecosystem, name);
      assert.deepEqual(key === undefined ? undefined : [key.ecosystem.distribution, key.release, key.packageName], expected);
    });
  }

  test('zip name sets the ecosystem', () => {
    assert.equal(ecosystemOfArchive('mirror/npm/all.zip'), osvEcosystem('npm'));
    assert.equal(ecosystemOfArchive('/data/crates.io.osv.zip'), osvEcosystem('crates.io'));
    assert.equal(ecosystemOfArchive('Maven.ghsa-subset.osv.zip'), osvEcosystem('Maven'));
    assert.equal(ecosystemOfArchive('GIT.osv.zip'), undefined);
    assert.equal(ecosystemOfArchive('all.zip'), undefined);
  });
});

describe('OSV parser on the shared zips', () => {
  test('GHSA lodash records and severity', async () => {
    const records = await parseMembers(sharedPath('feeds', 'npm.ghsa-subset.osv.zip'), ['GHSA-jf85-cpcp-j695.json']);
    const lodash = records.find((record) => record.packageName === 'lodash');

    assert.deepEqual(records.map((record) => record.packageName).sort(), ['lodash', 'lodash-amd', 'lodash-es', 'lodash.defaultsdeep']);
    assert.equal(lodash?.feed, 'osv-npm');
    assert.equal(lodash?.distribution, 'npm');
    assert.equal(lodash?.release, '');
    assert.equal(lodash?.state, 'fixed');
    assert.equal(lodash?.fixedVersion, '4.17.12');
    assert.deepEqual(lodash?.cves, ['CVE-2019-10744']);
    assert.equal(lodash?.vendorSeverity, 'CRITICAL');
    assert.equal(lodash?.severity, 'Critical');
    assert.equal(lodash?.published, '2019-07-10T19:45:23Z');
    assert.deepEqual(lodash?.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.17.12' }] }]);
  });

  test('PyPI severity from CVSS vector', async () => {
    const [record] = await parseMembers(sharedPath('feeds', 'PyPI.osv.zip'), ['PYSEC-2026-1473.json']);
    // CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N scores 5.4 (the same vector carries 5.4 in Red Hat's VEX samples).
    assert.deepEqual(record?.cvss, [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N', baseScore: 5.4, source: 'PYSEC' }]);
    assert.equal(record?.vendorSeverity, undefined);
    assert.equal(record?.severity, 'Medium');
  });

  test('severity word wins over vector', async () => {
    const [record] = await parseMembers(sharedPath('feeds', 'npm.ghsa-subset.osv.zip'), ['GHSA-3xgq-45jj-v275.json']);
    assert.equal(record?.cvss?.[0]?.baseScore, 0);
    assert.equal(record?.vendorSeverity, 'LOW');
    assert.equal(record?.severity, 'Low');
  });

  test('withdrawn record is skipped', async () => {
    const records = await parseMembers(sharedPath('feeds', 'PyPI.osv.zip'), ['PYSEC-2025-74.json']);
    assert.deepEqual(records, []);
  });

  test('dates file replaces Go zero dates', async () => {
    const [record] = await parseMembers(sharedPath('feeds', 'Go.osv.zip'), ['GO-2023-1704.json']);
    assert.equal(record?.packageName, 'stdlib');
    // The GO-2023-1704 row of Go.osv.git-dates.tsv.
    assert.equal(record?.published, '2023-04-05T21:04:28+00:00');
    assert.equal(record?.modified, '2024-05-20T16:03:47+00:00');
    assert.deepEqual(record?.cves, ['CVE-2023-24534']);
  });

  test('Go zero dates dropped without file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-osv-dates-'));
    try {
      const copy = path.join(dir, 'Go.osv.zip');
      fs.copyFileSync(sharedPath('feeds', 'Go.osv.zip'), copy);
      const [record] = await parseMembers(copy, ['GO-2023-1704.json']);
      assert.equal(record?.published, undefined);
      assert.equal(record?.modified, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('malformed dates file names line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-osv-dates-'));
    try {
      const copy = path.join(dir, 'Go.osv.zip');
      fs.copyFileSync(sharedPath('feeds', 'Go.osv.zip'), copy);
      fs.writeFileSync(path.join(dir, 'Go.osv.git-dates.tsv'), 'id\tfirst_commit\tlast_commit\nGO-2020-0001\tyesterday\n');
      await assert.rejects(parseMembers(copy, ['GO-2023-1704.json']), (err: unknown) => err instanceof UserError && /Go\.osv\.git-dates\.tsv line 2/.test(err.message));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Debian DLA release and CVE', async () => {
    const [record] = await parseMembers(sharedPath('feeds', 'osv-recorded', 'Debian.osv.zip'), ['DLA-3008-1.json']);
    assert.equal(record?.feed, 'osv-debian');
    assert.equal(record?.distribution, 'debian');
    assert.equal(record?.release, 'stretch');
    assert.equal(record?.packageName, 'openssl');
    assert.equal(record?.fixedVersion, '1.1.0l-1~deb9u6');
    assert.deepEqual(record?.cves, ['CVE-2022-1292']);
    assert.equal(record?.affectedVersions?.length, 19);
  });

  test('each zip keeps its ecosystem', async () => {
    const debian = await parseMembers(sharedPath('feeds', 'osv-recorded', 'Debian.osv.zip'), ['CVE-2025-26519.json']);
    const alpine = await parseMembers(sharedPath('feeds', 'osv-recorded', 'Alpine.osv.zip'), ['CVE-2025-26519.json']);

    assert.ok(debian.length > 0);
    assert.ok(alpine.length > 0);
    assert.ok(debian.every((record) => record.feed === 'osv-debian'));
    assert.ok(alpine.every((record) => record.feed === 'osv-alpine' && /^v3\.\d+$/.test(record.release)));
  });
});

describe('OSV parser on records written here', () => {
  // Shaped as Canonical's UBUNTU-CVE records: the CVE only in the id, a Ubuntu severity type.
  const ubuntuCve = JSON.stringify({
    id: 'UBUNTU-CVE-2023-0001',
    upstream: ['CVE-2023-0001'],
    severity: [{ type: 'Ubuntu', score: 'medium' }],
    affected: [
      { package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '7.81.0-1ubuntu1.10' }] }] },
      { package: { ecosystem: 'Ubuntu:Pro:18.04:LTS', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] },
    ],
  });

  // NOTE: transcribed from Canonical's USN-2340-1 in OSV form (repository
  // canonical/ubuntu-security-notices, osv/usn/), shortened.
  const usn = JSON.stringify({
    id: 'USN-2340-1',
    summary: 'procmail vulnerability',
    aliases: [],
    upstream: ['UBUNTU-CVE-2014-3618'],
    related: [],
    published: '2014-09-04T17:39:31.063391Z',
    affected: [
      {
        package: { ecosystem: 'Ubuntu:14.04:LTS', name: 'procmail' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.22-21ubuntu0.1' }] }],
        versions: ['3.22-20', '3.22-21'],
        ecosystem_specific: { availability: 'No subscription required', ubuntu_priority: 'medium' },
      },
    ],
  });

  test('USN release and upstream CVE', async () => {
    const [record] = await collect(parseOsvMember(textInput('USN-2340-1.json', usn), undefined, emptySkipCounts()));

    assert.equal(record?.feed, 'osv-ubuntu');
    assert.equal(record?.release, 'trusty');
    assert.equal(record?.packageName, 'procmail');
    assert.equal(record?.fixedVersion, '3.22-21ubuntu0.1');
    assert.deepEqual(record?.cves, ['CVE-2014-3618']);
    assert.deepEqual(record?.aliases, ['UBUNTU-CVE-2014-3618']);
    assert.equal(record?.vendorSeverity, 'medium');
    assert.equal(record?.description, 'procmail vulnerability');
  });

  test('Ubuntu and Ubuntu Pro entries', async () => {
    const records = await collect(parseOsvMember(textInput('UBUNTU-CVE-2023-0001.json', ubuntuCve), undefined, emptySkipCounts()));
    const byRelease = new Map(records.map((record) => [record.release, record]));

    assert.equal(byRelease.get('jammy')?.state, 'fixed');
    assert.equal(byRelease.get('jammy')?.fixedVersion, '7.81.0-1ubuntu1.10');
    assert.equal(byRelease.get('bionic/esm')?.state, 'unfixed');
    assert.deepEqual(byRelease.get('jammy')?.cves, ['CVE-2023-0001']);
    assert.equal(byRelease.get('jammy')?.severity, 'Medium');
  });

  test('invalid JSON names the member', async () => {
    await assert.rejects(
      collect(parseOsvMember(textInput('GHSA-bad.json', '{"id": '), undefined, emptySkipCounts())),
      (err: unknown) => err instanceof UserError && err.code === 'INVALID_FEED' && /GHSA-bad\.json/.test(err.message) && /invalid JSON/.test(err.message),
    );
  });

  test('missing package name reports field', async () => {
    const text = JSON.stringify({ id: 'GHSA-x', affected: [{ package: { ecosystem: 'npm' } }] });
    await assert.rejects(
      collect(parseOsvMember(textInput('GHSA-x.json', text), undefined, emptySkipCounts())),
      (err: unknown) => err instanceof UserError && /GHSA-x\.json at affected\[0\]\.package\.name/.test(err.message),
    );
  });

  test('versionless event names the event', async () => {
    const text = JSON.stringify({ id: 'GHSA-y', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: 3 }] }] }] });
    await assert.rejects(
      collect(parseOsvMember(textInput('GHSA-y.json', text), undefined, emptySkipCounts())),
      (err: unknown) => err instanceof UserError && /affected\[0\]\.ranges\[0\]\.events\[0\]/.test(err.message),
    );
  });
});

function record(fields: Partial<VulnerabilityRecord> & Pick<VulnerabilityRecord, 'advisoryId'>): VulnerabilityRecord {
  return {
    feed: 'osv-pypi',
    cves: [],
    aliases: [],
    distribution: 'pypi',
    release: '',
    packageName: 'jinja2',
    state: 'fixed',
    severity: 'Unknown',
    links: [],
    ...fields,
  };
}

describe('merging records that share ids', () => {
  const context = { matcher: 'pypi', distribution: 'pypi', release: '', packageName: 'jinja2', scheme: getScheme('pep440') };

  test('CVE-less GHSA joins PYSEC CVE', () => {
    const merged = mergeRecords(
      [
        record({ advisoryId: 'PYSEC-2024-1', cves: ['CVE-2024-0001'], aliases: ['GHSA-aaaa-bbbb-cccc'], fixedVersion: '3.1.3' }),
        record({ advisoryId: 'GHSA-aaaa-bbbb-cccc', feed: 'osv-pypi', fixedVersion: '3.1.3' }),
      ],
      context,
    );
    assert.deepEqual(merged.map((vulnerability) => [vulnerability.name, vulnerability.aliases]), [['CVE-2024-0001', ['GHSA-aaaa-bbbb-cccc', 'PYSEC-2024-1']]]);
  });

  test('aliased CVE-less advisories merge', () => {
    const merged = mergeRecords(
      [record({ advisoryId: 'PYSEC-2024-9', aliases: ['GHSA-zzzz-zzzz-zzzz'] }), record({ advisoryId: 'GHSA-zzzz-zzzz-zzzz', aliases: ['PYSEC-2024-9'] }), record({ advisoryId: 'GHSA-other' })],
      context,
    );
    assert.deepEqual(merged.map((vulnerability) => vulnerability.name), ['GHSA-other', 'GHSA-zzzz-zzzz-zzzz']);
    assert.deepEqual(merged[1]?.aliases, ['PYSEC-2024-9']);
  });
});

describe('range verdicts', () => {
  test('introduced version spares older versions', () => {
    const dpkg = getScheme('dpkg');
    const [vulnerability] = mergeRecords(
      [record({ advisoryId: 'CVE-2025-26519', cves: ['CVE-2025-26519'], feed: 'osv-debian', distribution: 'debian', release: 'bookworm', packageName: 'musl', fixedVersion: '1.2.3-3', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0.9.13' }, { fixed: '1.2.3-3' }] }] })],
      { matcher: 'debian', distribution: 'debian', release: 'bookworm', packageName: 'musl', scheme: dpkg },
    );

    assert.equal(judgeByFixedVersion(dpkg, '0.9.12-1', vulnerability!), 'not-affected');
    assert.equal(judgeByFixedVersion(dpkg, '1.2.2-1', vulnerability!), 'affected');
    assert.equal(judgeByFixedVersion(dpkg, '1.2.3-3', vulnerability!), 'not-affected');
  });

  test('Go SEMVER ranges read toolchain versions', () => {
    const golang = getScheme('golang');
    const [vulnerability] = mergeRecords(
      [record({ advisoryId: 'GO-2023-1704', feed: 'osv-go', distribution: 'golang', packageName: 'stdlib', fixedVersion: '1.19.8', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.19.8' }, { introduced: '1.20.0-0' }, { fixed: '1.20.3' }] }] })],
      { matcher: 'golang', distribution: 'golang', release: '', packageName: 'stdlib', scheme: golang },
    );

    assert.equal(judgeByAnyRecord(golang, 'go1.19.7', vulnerability!, { semverByScheme: true }), 'affected');
    assert.equal(judgeByAnyRecord(golang, 'go1.19.8', vulnerability!, { semverByScheme: true }), 'not-affected');
    assert.equal(judgeByAnyRecord(golang, 'go1.20.2', vulnerability!, { semverByScheme: true }), 'affected');
    assert.equal(judgeByAnyRecord(golang, 'go1.20.3', vulnerability!, { semverByScheme: true }), 'not-affected');
  });

  test('last_affected includes its own version only', () => {
    const maven = getScheme('maven');
    const [vulnerability] = mergeRecords(
      [record({ advisoryId: 'GHSA-65fg-84f6-3jq3', cves: ['CVE-2022-23305'], feed: 'osv-maven', distribution: 'maven', packageName: 'log4j:log4j', state: 'unfixed', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '1.2.17' }] }] })],
      { matcher: 'maven', distribution: 'maven', release: '', packageName: 'log4j:log4j', scheme: maven },
    );

    assert.equal(judgeByAnyRecord(maven, '1.2.17', vulnerability!), 'affected');
    assert.equal(judgeByAnyRecord(maven, '1.2.18', vulnerability!), 'not-affected');
  });
});
