// Enrichment of findings: NVD's CVSS scores and CWEs, FIRST's EPSS
// probability and CISA's known-exploited flag, looked up by the CVE ids of
// each vulnerability (its name and its CVE aliases). Severity stays the
// vendor's. Only where the vendor gives none (Unknown) does NVD's CVSS
// decide it, and then the vulnerability is marked `severitySource: 'nvd'`.
import { isCveId } from '../feeds/cve-id.js';
import type { CvssScore, EnrichmentRecord, Severity } from '../feeds/types.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { severityFromCvssScore } from './severity.js';
import type { Finding, Vulnerability } from './types.js';

/** A CVSS score and the CVE it was published for. */
export interface CveCvssScore extends CvssScore {
  cve: string;
}

/** Facts the enrichment feeds state about a vulnerability's CVEs. */
export interface VulnerabilityEnrichment {
  /** CVE ids looked up: the vulnerability's name when it is a CVE, then its CVE aliases. */
  cves: string[];
  /** NVD's scores, NVD's own (Primary) first, then the CNAs' and ADPs'; each names its scorer in `source`. */
  cvss: CveCvssScore[];
  /** CWE ids NVD lists for the CVEs. */
  cwes: string[];
  /** The highest EPSS score among the CVEs. */
  epss?: { cve: string; score: number; percentile: number; date: string; modelVersion?: string };
  /** The CVE's entry in CISA's Known Exploited Vulnerabilities catalogue (the earliest added, when several CVEs are listed). */
  kev?: {
    cve: string;
    dateAdded: string;
    dueDate?: string;
    knownRansomwareUse: boolean;
    name?: string;
    requiredAction?: string;
    shortDescription?: string;
    catalogVersion?: string;
  };
}

/** CVE ids per store query, well below SQLite's bound-parameter limit. */
const LOOKUP_BATCH = 500;

/**
 * Attaches enrichment to the vulnerability of every finding and fills in
 * the severity of those whose vendor gives none. Vulnerabilities shared by
 * several findings are enriched once.
 */
export async function enrichFindings(findings: Finding[], store: Store, log: Logger): Promise<void> {
  const vulnerabilities = [...new Set(findings.map((finding) => finding.vulnerability))];
  const cvesByVulnerability = new Map(vulnerabilities.map((vulnerability) => [vulnerability, cveIdsOf(vulnerability)]));

  const allCves = [...new Set([...cvesByVulnerability.values()].flat())].sort();
  const recordsByCve = await lookUpEnrichments(allCves, store);

  let enriched = 0;
  let nvdSeverities = 0;
  for (const vulnerability of vulnerabilities) {
    if (vulnerability.severity !== 'Unknown') vulnerability.severitySource = 'vendor';

    const cves = cvesByVulnerability.get(vulnerability) ?? [];
    const records = cves.flatMap((cve) => recordsByCve.get(cve) ?? []);
    if (records.length === 0) continue;

    const enrichment = buildEnrichment(cves, records);
    vulnerability.enrichment = enrichment;
    enriched++;

    const nvdSeverity = severityFromNvd(enrichment.cvss);
    if (vulnerability.severity === 'Unknown' && nvdSeverity !== undefined) {
      vulnerability.severity = nvdSeverity;
      vulnerability.severitySource = 'nvd';
      nvdSeverities++;
    }
  }

  log.debug({ vulnerabilities: vulnerabilities.length, cves: allCves.length, enriched, nvdSeverities }, 'attached enrichment');
}

/** Returns the vulnerability's CVE ids, upper case: its name first when it is a CVE, then its CVE aliases. */
export function cveIdsOf(vulnerability: Pick<Vulnerability, 'name' | 'aliases'>): string[] {
  const cves = [vulnerability.name, ...vulnerability.aliases].map((id) => id.trim().toUpperCase()).filter(isCveId);
  return [...new Set(cves)];
}

async function lookUpEnrichments(cves: string[], store: Store): Promise<Map<string, EnrichmentRecord[]>> {
  const byCve = new Map<string, EnrichmentRecord[]>();

  for (let start = 0; start < cves.length; start += LOOKUP_BATCH) {
    for (const record of await store.findEnrichments(cves.slice(start, start + LOOKUP_BATCH))) {
      const cve = record.cve.toUpperCase();
      byCve.set(cve, [...(byCve.get(cve) ?? []), record]);
    }
  }
  return byCve;
}

/** Combines the records of the vulnerability's CVEs, in the order of `cves`. */
function buildEnrichment(cves: string[], records: EnrichmentRecord[]): VulnerabilityEnrichment {
  const enrichment: VulnerabilityEnrichment = { cves, cvss: [], cwes: [] };
  const cwes = new Set<string>();

  for (const record of records) {
    const cve = record.cve.toUpperCase();

    if (record.nvd) {
      enrichment.cvss.push(...record.nvd.cvss.map((score) => ({ ...score, cve })));
      record.nvd.cwes.forEach((cwe) => cwes.add(cwe));
    }

    if (record.epss && (enrichment.epss === undefined || record.epss.score > enrichment.epss.score)) {
      enrichment.epss = { cve, ...record.epss };
    }

    if (record.kev && (enrichment.kev === undefined || record.kev.dateAdded < enrichment.kev.dateAdded)) {
      enrichment.kev = { cve, ...record.kev };
    }
  }

  enrichment.cwes = [...cwes];
  return enrichment;
}

/**
 * NVD's severity: from the first CVSS v3 or v4 score in NVD's order
 * (Primary first), else from the first v2 score with CVSS v2's bands
 * (Low below 4.0, Medium below 7.0, else High). Undefined without scores.
 */
export function severityFromNvd(cvss: readonly CvssScore[]): Severity | undefined {
  const current = cvss.find((score) => score.version !== '2.0');
  if (current) return severityFromCvssScore(current.baseScore);

  const v2 = cvss.find((score) => score.version === '2.0');
  if (v2 === undefined) return undefined;
  if (v2.baseScore < 4) return 'Low';
  return v2.baseScore < 7 ? 'Medium' : 'High';
}
