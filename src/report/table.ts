// The human-readable scan report: one row per (installed package,
// vulnerability), most severe first, and a summary line of counts. A CVE
// that CISA lists as known exploited is marked [KEV], and an EPSS column
// appears when any finding has an EPSS score.
import Table from 'cli-table3';
import { TABLE_STYLE } from './table-style.js';
import { SEVERITIES, type Severity } from '../feeds/types.js';
import { compareSeverity } from '../matcher/severity.js';
import type { Finding } from '../matcher/types.js';

const HEADERS = ['PACKAGE', 'INSTALLED', 'FIXED IN', 'VULNERABILITY', 'SEVERITY'];

/** Renders findings as a table followed by a summary line; only the summary when there are none. */
export function formatVulnerabilityTable(findings: Finding[]): string {
  if (findings.length === 0) return `${summarizeFindings(findings)}\n`;

  const withEpss = findings.some((finding) => finding.vulnerability.enrichment?.epss !== undefined);
  const table = new Table({ head: withEpss ? [...HEADERS, 'EPSS'] : HEADERS, ...TABLE_STYLE });
  for (const finding of [...findings].sort(compareForTable)) {
    const row = [
      finding.package.name,
      installedCell(finding),
      fixedInCell(finding),
      vulnerabilityCell(finding),
      severityCell(finding),
    ];
    if (withEpss) row.push(epssCell(finding));
    table.push(row);
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
  const exploited = findings.filter((finding) => finding.vulnerability.enrichment?.kev !== undefined).length;
  const kevNote = exploited > 0 ? `; ${exploited} known exploited (CISA KEV), marked [KEV]` : '';
  return `Total: ${findings.length} (${perSeverity.join(', ')})${note}${kevNote}`;
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

function vulnerabilityCell(finding: Finding): string {
  const { name, enrichment } = finding.vulnerability;
  return enrichment?.kev ? `${name} [KEV]` : name;
}

/** The severity label; one that NVD's CVSS decided reads `High (NVD 7.5)`. */
function severityCell(finding: Finding): string {
  const { severity, severitySource, vendorSeverity, enrichment } = finding.vulnerability;
  if (severitySource === 'nvd' && enrichment) {
    // The score severityFromNvd chose: the first v3 or v4 one, else the first (v2) one.
    const score = enrichment.cvss.find((cvss) => cvss.version !== '2.0') ?? enrichment.cvss[0];
    return score ? `${severity} (NVD ${score.baseScore.toFixed(1)})` : `${severity} (NVD)`;
  }
  return severityLabel(severity, vendorSeverity);
}

/** EPSS probability and percentile, as `91.9% (99th)`; probabilities below 1% get two decimals (`0.04%`). */
export function epssCell(finding: Finding): string {
  const epss = finding.vulnerability.enrichment?.epss;
  if (epss === undefined) return '';

  const percent = epss.score * 100;
  return `${percent.toFixed(percent < 1 ? 2 : 1)}% (${ordinal(Math.floor(epss.percentile * 100))})`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function compareForTable(a: Finding, b: Finding): number {
  return (
    compareSeverity(b.vulnerability.severity, a.vulnerability.severity) ||
    a.package.name.localeCompare(b.package.name) ||
    a.vulnerability.name.localeCompare(b.vulnerability.name)
  );
}
