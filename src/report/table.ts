// The human-readable scan report: one row per (installed package,
// vulnerability), most severe first, and a summary line of counts.
import Table from 'cli-table3';
import { TABLE_STYLE } from './table-style.js';
import { SEVERITIES, type Severity } from '../feeds/types.js';
import { compareSeverity } from '../matcher/severity.js';
import type { Finding } from '../matcher/types.js';

const HEADERS = ['PACKAGE', 'INSTALLED', 'FIXED IN', 'VULNERABILITY', 'SEVERITY'];

/** Renders findings as a table followed by a summary line; only the summary when there are none. */
export function formatVulnerabilityTable(findings: Finding[]): string {
  if (findings.length === 0) return `${summarizeFindings(findings)}\n`;

  const table = new Table({ head: HEADERS, ...TABLE_STYLE });
  for (const finding of [...findings].sort(compareForTable)) {
    table.push([
      finding.package.name,
      installedCell(finding),
      fixedInCell(finding),
      finding.vulnerability.name,
      severityCell(finding),
    ]);
  }
  return `${table.toString()}\n${summarizeFindings(findings)}\n`;
}

/**
 * Returns the summary line: the total and the count per severity, most
 * severe first, and how many findings could not be version-compared.
 */
export function summarizeFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'No vulnerabilities found';

  const counts = new Map<Severity, number>(SEVERITIES.map((severity) => [severity, 0]));
  for (const finding of findings) {
    const severity = finding.vulnerability.severity;
    counts.set(severity, (counts.get(severity) ?? 0) + 1);
  }

  const perSeverity = [...SEVERITIES].reverse().map((severity) => `${severity}: ${counts.get(severity)}`);
  const uncomparable = findings.filter((finding) => finding.versionUncomparable).length;
  const note = uncomparable > 0 ? `; ${uncomparable} with versions not comparable, marked (?)` : '';
  return `Total: ${findings.length} (${perSeverity.join(', ')})${note}`;
}

/** Normalised severity, with the vendor's own word in brackets when it is spelled differently. */
export function severityLabel(severity: Severity, vendorSeverity: string | undefined): string {
  if (vendorSeverity === undefined || vendorSeverity === '' || vendorSeverity === severity) return severity;
  return `${severity} (${vendorSeverity})`;
}

function installedCell(finding: Finding): string {
  return finding.versionUncomparable ? `${finding.package.version} (?)` : finding.package.version;
}

function fixedInCell(finding: Finding): string {
  const { state, fixedVersion } = finding.vulnerability;
  switch (state) {
    case 'fixed':
      return fixedVersion ?? '';
    case 'wont-fix':
      return 'will not fix';
    case 'unfixed':
      return 'no fix yet';
    case 'not-affected':
      return '';
  }
}

function severityCell(finding: Finding): string {
  return severityLabel(finding.vulnerability.severity, finding.vulnerability.vendorSeverity);
}

function compareForTable(a: Finding, b: Finding): number {
  return (
    compareSeverity(b.vulnerability.severity, a.vulnerability.severity) ||
    a.package.name.localeCompare(b.package.name) ||
    a.vulnerability.name.localeCompare(b.vulnerability.name)
  );
}
