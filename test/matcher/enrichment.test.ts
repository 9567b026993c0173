// Enrichment of findings by the matcher: lookup by CVE name and CVE
// aliases, NVD severity only where the vendor gives none, and the choice
// among several CVEs. Records and enrichment are built by hand here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchReport } from '../../src/matcher/matcher.js';
import { cveIdsOf, enrichFindings, severityFromNvd } from '../../src/matcher/enrichment.js';
import { createDebianMatcher } from '../../src/ecosystems/debian/matcher.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import type { EnrichmentRecord, Severity, VulnerabilityRecord } from '../../src/feeds/types.js';
import type { VulnerabilityReport } from '../../src/matcher/types.js';
import { MemoryStore } from '../fakes/memory-store.js';
import { BOOKWORM, captureLog, deb, indexReport, record } from './fixtures.js';

function nvd(cve: string, cvss: Array<[version: '2.0' | '3.0' | '3.1' | '4.0', score: number, source: string]>): EnrichmentRecord {
  return {
    feed: 'nvd',
    kind: 'nvd',
    cve,
    nvd: { cvss: cvss.map(([version, baseScore, source]) => ({ version, vector: `vector-${version}`, baseScore, source })), cwes: ['CWE-79'] },
  };
}

function epss(cve: string, score: number, percentile: number): EnrichmentRecord {
  return { feed: 'epss', kind: 'epss', cve, epss: { score, percentile, date: '2024-10-25' } };
}

function kev(cve: string, dateAdded: string): EnrichmentRecord {
  return { feed: 'kev', kind: 'kev', cve, kev: { dateAdded, knownRansomwareUse: false } };
}

function openRecord(cve: string, packageName: string, severity: Severity, fields: Partial<VulnerabilityRecord> = {}): VulnerabilityRecord {
  return record({ advisoryId: cve, cves: [cve], packageName, state: 'unfixed', severity, ...fields });
}

async function scan(records: VulnerabilityRecord[], enrichments: EnrichmentRecord[]): Promise<VulnerabilityReport> {
  const store = new MemoryStore(records);
  for (const item of enrichments) store.enrichments.set(item.feed, [...(store.enrichments.get(item.feed) ?? []), item]);

  const packages = [
    deb('libfoo1', '1.0-1', { name: 'foo', version: '1.0-1' }),
    deb('foo-utils', '1.0-1', { name: 'foo', version: '1.0-1' }),
    deb('bar', '2.0-1'),
  ];
  return matchReport(indexReport(BOOKWORM, packages), store, { matchers: [createDebianMatcher(dpkgScheme)], log: captureLog().log });
}

function vulnerabilityOf(report: VulnerabilityReport, packageName: string, name: string) {
  const finding = report.findings.find((candidate) => candidate.package.name === packageName && candidate.vulnerability.name === name);
  assert.ok(finding, `a finding for ${packageName} ${name}`);
  return finding.vulnerability;
}

test('NVD severity only when vendor gives none', async () => {
  const report = await scan(
    [openRecord('CVE-2024-0001', 'foo', 'Unknown', { vendorSeverity: 'not yet assigned' }), openRecord('CVE-2024-0002', 'bar', 'Low', { vendorSeverity: 'low' })],
    [nvd('CVE-2024-0001', [['3.1', 9.8, 'nvd@nist.gov']]), nvd('CVE-2024-0002', [['3.1', 9.8, 'nvd@nist.gov']])],
  );

  const unknown = vulnerabilityOf(report, 'libfoo1', 'CVE-2024-0001');
  assert.equal(unknown.severity, 'Critical');
  assert.equal(unknown.severitySource, 'nvd');
  assert.equal(unknown.vendorSeverity, 'not yet assigned');

  const low = vulnerabilityOf(report, 'bar', 'CVE-2024-0002');
  assert.equal(low.severity, 'Low');
  assert.equal(low.severitySource, 'vendor');
  assert.deepEqual(low.enrichment?.cvss, [{ cve: 'CVE-2024-0002', version: '3.1', vector: 'vector-3.1', baseScore: 9.8, source: 'nvd@nist.gov' }]);
});

test('no enrichment leaves Unknown unmarked', async () => {
  const report = await scan([openRecord('CVE-2024-0003', 'bar', 'Unknown')], []);
  const vulnerability = vulnerabilityOf(report, 'bar', 'CVE-2024-0003');
  assert.equal(vulnerability.severity, 'Unknown');
  assert.equal(vulnerability.severitySource, undefined);
  assert.equal(vulnerability.enrichment, undefined);
});

test('shared vulnerability enriched for every binary', async () => {
  const report = await scan([openRecord('CVE-2024-0004', 'foo', 'Unknown')], [kev('CVE-2024-0004', '2024-05-01'), nvd('CVE-2024-0004', [['2.0', 7.5, 'nvd@nist.gov']])]);

  for (const name of ['libfoo1', 'foo-utils']) {
    const vulnerability = vulnerabilityOf(report, name, 'CVE-2024-0004');
    assert.equal(vulnerability.enrichment?.kev?.dateAdded, '2024-05-01', name);
    assert.equal(vulnerability.severity, 'High', `${name}: CVSS v2 7.5 is High in v2's bands`);
  }
});

test('severity filter sees NVD severity', async () => {
  const report = await scan([openRecord('CVE-2024-0005', 'bar', 'Unknown')], [nvd('CVE-2024-0005', [['3.1', 5.3, 'nvd@nist.gov']])]);
  assert.equal(vulnerabilityOf(report, 'bar', 'CVE-2024-0005').severity, 'Medium');
});

test('vendor CVSS scores kept beside NVD', async () => {
  const vendorScore = { version: '3.1' as const, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', baseScore: 5.9, source: 'secalert@redhat.com' };
  const report = await scan([openRecord('CVE-2024-0006', 'bar', 'Medium', { cvss: [vendorScore] })], [nvd('CVE-2024-0006', [['3.1', 7.5, 'nvd@nist.gov']])]);

  const vulnerability = vulnerabilityOf(report, 'bar', 'CVE-2024-0006');
  assert.deepEqual(vulnerability.cvss, [vendorScore]);
  assert.equal(vulnerability.enrichment?.cvss[0]?.baseScore, 7.5);
  assert.equal(vulnerability.severity, 'Medium', 'the vendor severity stays');
});

test('CVE ids from name and aliases', () => {
  assert.deepEqual(cveIdsOf({ name: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q', 'cve-2021-45046'] }), ['CVE-2021-44228', 'CVE-2021-45046']);
  assert.deepEqual(cveIdsOf({ name: 'GHSA-jfh8-c2jp-5v3q', aliases: ['CVE-2021-44228'] }), ['CVE-2021-44228']);
  assert.deepEqual(cveIdsOf({ name: 'DSA-5380-1', aliases: [] }), []);
});

test('NVD severity picks v3 or v4 before v2', () => {
  const score = (version: '2.0' | '3.0' | '3.1' | '4.0', baseScore: number) => ({ version, vector: 'v', baseScore, source: 'nvd@nist.gov' });
  const cases: Array<[ReturnType<typeof score>[], Severity | undefined]> = [
    [[score('2.0', 9.3), score('3.1', 5.0)], 'Medium'],
    [[score('4.0', 9.3), score('3.1', 5.0)], 'Critical'],
    [[score('2.0', 3.9)], 'Low'],
    [[score('2.0', 4.0)], 'Medium'],
    [[score('2.0', 10.0)], 'High'],
    [[score('3.0', 0.0)], 'Negligible'],
    [[], undefined],
  ];
  for (const [scores, expected] of cases) {
    assert.equal(severityFromNvd(scores), expected, JSON.stringify(scores));
  }
});

test('several CVEs: highest EPSS, earliest KEV', async () => {
  const base = (await scan([openRecord('CVE-2024-0007', 'bar', 'High')], [])).findings[0]!;
  // An OSV-style vulnerability named by a GHSA id with two CVE aliases.
  const vulnerability = { ...base.vulnerability, name: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2024-1000', 'CVE-2024-2000'] };
  const store = new MemoryStore();
  store.enrichments.set('epss', [epss('CVE-2024-1000', 0.2, 0.8), epss('CVE-2024-2000', 0.6, 0.97)]);
  store.enrichments.set('kev', [kev('CVE-2024-1000', '2024-06-01'), kev('CVE-2024-2000', '2024-03-15')]);

  await enrichFindings([{ ...base, vulnerability }], store, captureLog().log);

  assert.deepEqual(vulnerability.enrichment?.cves, ['CVE-2024-1000', 'CVE-2024-2000']);
  assert.deepEqual(vulnerability.enrichment?.epss, { cve: 'CVE-2024-2000', score: 0.6, percentile: 0.97, date: '2024-10-25' });
  assert.equal(vulnerability.enrichment?.kev?.cve, 'CVE-2024-2000');
  assert.equal(vulnerability.enrichment?.kev?.dateAdded, '2024-03-15');
});
