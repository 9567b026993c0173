import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVulnerabilityTable, severityLabel, summarizeFindings } from '../../src/report/table.js';
import { filterFindings, parseFindingFilter } from '../../src/report/filter.js';
import { UserError } from '../../src/errors.js';
import { bookwormScenario } from './findings.js';

/** Splits cli-table3's box drawing into rows of trimmed cells. */
function tableRows(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
}

test('table rows and order', async () => {
  const { vulnerabilities } = await bookwormScenario();
  const rows = tableRows(formatVulnerabilityTable(vulnerabilities.findings));

  assert.deepEqual(rows, [
    ['PACKAGE', 'INSTALLED', 'FIXED IN', 'VULNERABILITY', 'SEVERITY'],
    ['zlib1g', '1:1.2.13.dfsg-1', '1:1.2.13.dfsg-1+deb12u1', 'CVE-2023-45853', 'Critical'],
    ['libssl3', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2', 'CVE-2023-5678', 'Medium (medium)'],
    ['openssl', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2', 'CVE-2023-5678', 'Medium (medium)'],
    ['bash', '5.2.15-2+b2 (?)', 'not a version', 'CVE-2019-18276', 'Low (low)'],
    ['libcurl4', '7.88.1-10+deb12u4', 'will not fix', 'CVE-2023-38546', 'Low (low)'],
    ['bash', '5.2.15-2+b2', 'no fix yet', 'CVE-2022-3715', 'Negligible (unimportant)'],
  ]);
});

test('table summary line', async () => {
  const { vulnerabilities } = await bookwormScenario();
  const lines = formatVulnerabilityTable(vulnerabilities.findings).trimEnd().split('\n');

  assert.equal(
    lines.at(-1),
    'Total: 6 (Critical: 1, High: 0, Medium: 2, Low: 2, Negligible: 1, Unknown: 0); 1 with versions not comparable, marked (?)',
  );
});

test('empty table says so', () => {
  assert.equal(formatVulnerabilityTable([]), 'No vulnerabilities found\n');
  assert.equal(summarizeFindings([]), 'No vulnerabilities found');
});

test('severity label shows vendor word', () => {
  assert.equal(severityLabel('High', 'high'), 'High (high)');
  assert.equal(severityLabel('High', 'Important'), 'High (Important)');
  assert.equal(severityLabel('Critical', 'Critical'), 'Critical');
  assert.equal(severityLabel('Unknown', undefined), 'Unknown');
});

test('severity and fixable filters', async () => {
  const { vulnerabilities } = await bookwormScenario();
  const findings = vulnerabilities.findings;

  const severe = filterFindings(findings, parseFindingFilter({ severity: 'critical,MEDIUM' }));
  assert.deepEqual(severe.map((f) => `${f.package.name} ${f.vulnerability.name}`).sort(), [
    'libssl3 CVE-2023-5678',
    'openssl CVE-2023-5678',
    'zlib1g CVE-2023-45853',
  ]);

  const fixable = filterFindings(findings, parseFindingFilter({ fixable: true }));
  assert.ok(fixable.every((f) => f.vulnerability.state === 'fixed'));
  assert.deepEqual(fixable.map((f) => f.vulnerability.name).sort(), ['CVE-2019-18276', 'CVE-2023-45853', 'CVE-2023-5678', 'CVE-2023-5678']);

  const both = filterFindings(findings, parseFindingFilter({ severity: 'low', fixable: true }));
  assert.deepEqual(both.map((f) => f.vulnerability.name), ['CVE-2019-18276']);

  assert.equal(filterFindings(findings, parseFindingFilter({})).length, findings.length);
});

test('invalid severity filter is a usage error', () => {
  assert.throws(
    () => parseFindingFilter({ severity: 'high,urgent' }),
    (err: unknown) => err instanceof UserError && err.code === 'USAGE' && /"urgent"/.test(err.message) && /Negligible/.test(err.message),
  );
});
