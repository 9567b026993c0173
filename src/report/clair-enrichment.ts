// Enrichment in a Clair report, written twice. Each vulnerability gets added
// fields (`cvss`, `cwes`, `epss`, `kev`). The report's `enrichments` map gets
// the entries Clair's enrichers write, so that Clair clients that read
// `clair.cvss`, `clair.epss` or `clair.kev` find the data where they look.
// Clair's map: media type → [ { vulnerability id → [ entry ] } ].
import { isCveId } from '../feeds/cve-id.js';
import type { CvssScore } from '../feeds/types.js';
import type { VulnerabilityEnrichment } from '../matcher/enrichment.js';
import { severityFromCvssScore } from '../matcher/severity.js';
import type { Vulnerability } from '../matcher/types.js';

export interface ClairCvss {
  /** CVE the score was published for; absent for a vendor's score of a flaw with no CVE id. */
  cve?: string;
  version: CvssScore['version'];
  vector: string;
  base_score: number;
  /** Scorer: `nvd@nist.gov` for NVD's own analysis, else the CNA's or ADP's id. */
  source: string;
}

export interface ClairEpss {
  cve: string;
  /** Probability of exploitation activity in the next 30 days, 0 to 1. */
  score: number;
  percentile: number;
  /** Day FIRST computed the score, `YYYY-MM-DD`. */
  date: string;
}

export interface ClairKev {
  cve: string;
  date_added: string;
  due_date?: string;
  known_ransomware_use: boolean;
  name?: string;
  required_action?: string;
  short_description?: string;
}

/** Media types of Clair's enrichers (claircore `enricher/cvss`, `enricher/epss`, `enricher/kev`). */
export const CLAIR_CVSS_TYPE = 'message/vnd.clair.map.vulnerability; enricher=clair.cvss schema=https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema';
export const CLAIR_EPSS_TYPE = 'message/vnd.clair.map.vulnerability; enricher=clair.epss schema=https://csrc.nist.gov/schema/nvd/feed/1.1/cvss-v3.x.json';
export const CLAIR_KEV_TYPE = 'message/vnd.clair.map.vulnerability; enricher=clair.kev schema=https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json';

/**
 * Returns the fields LayerLens adds to a vulnerability: `cvss` lists the
 * vendors' scores first, then NVD's. Empty when there is no score and no enrichment.
 */
export function enrichmentFields(vulnerability: Vulnerability): { cvss?: ClairCvss[]; cwes?: string[]; epss?: ClairEpss; kev?: ClairKev } {
  const fields: { cvss?: ClairCvss[]; cwes?: string[]; epss?: ClairEpss; kev?: ClairKev } = {};
  const enrichment = vulnerability.enrichment;

  const vendorCve = isCveId(vulnerability.name) ? vulnerability.name : undefined;
  const cvss = [
    ...(vulnerability.cvss ?? []).map((score) => clairCvss(score, vendorCve)),
    ...(enrichment?.cvss ?? []).map((score) => clairCvss(score, score.cve)),
  ];
  if (cvss.length > 0) fields.cvss = cvss;
  if (enrichment === undefined) return fields;

  if (enrichment.cwes.length > 0) fields.cwes = enrichment.cwes;
  if (enrichment.epss) {
    const { cve, score, percentile, date } = enrichment.epss;
    fields.epss = { cve, score, percentile, date };
  }
  if (enrichment.kev) fields.kev = clairKev(enrichment.kev);
  return fields;
}

function clairCvss(score: CvssScore, cve: string | undefined): ClairCvss {
  const clair: ClairCvss = { version: score.version, vector: score.vector, base_score: score.baseScore, source: score.source };
  return cve === undefined ? clair : { cve, ...clair };
}

function clairKev(kev: NonNullable<VulnerabilityEnrichment['kev']>): ClairKev {
  const entry: ClairKev = { cve: kev.cve, date_added: kev.dateAdded, known_ransomware_use: kev.knownRansomwareUse };
  if (kev.dueDate) entry.due_date = kev.dueDate;
  if (kev.name) entry.name = kev.name;
  if (kev.requiredAction) entry.required_action = kev.requiredAction;
  if (kev.shortDescription) entry.short_description = kev.shortDescription;
  return entry;
}

/**
 * Builds the report's `enrichments` as Clair's enrichers do. CVSS gets the
 * first CVSS v3.x score (NVD's own first), as NVD's `cvssData`. EPSS gets
 * FIRST's row, and KEV gets claircore's entry. A media type with no data is
 * left out.
 */
export function clairEnrichments(vulnerabilities: Vulnerability[]): Record<string, unknown[]> {
  const cvss: Record<string, unknown[]> = {};
  const epss: Record<string, unknown[]> = {};
  const kev: Record<string, unknown[]> = {};

  for (const vulnerability of vulnerabilities) {
    const enrichment = vulnerability.enrichment;
    if (enrichment === undefined) continue;

    const v3 = enrichment.cvss.find((score) => score.version === '3.1' || score.version === '3.0');
    if (v3) {
      cvss[vulnerability.id] = [{ version: v3.version, vectorString: v3.vector, baseScore: v3.baseScore, baseSeverity: cvss3SeverityName(v3.baseScore) }];
    }
    if (enrichment.epss) {
      const { modelVersion, date, cve, score, percentile } = enrichment.epss;
      epss[vulnerability.id] = [{ modelVersion: modelVersion ?? '', date, cve, epss: score, percentile }];
    }
    if (enrichment.kev) {
      kev[vulnerability.id] = [{
        cve: enrichment.kev.cve,
        vulnerability_name: enrichment.kev.name ?? '',
        catalog_version: enrichment.kev.catalogVersion ?? '',
        date_added: enrichment.kev.dateAdded,
        short_description: enrichment.kev.shortDescription ?? '',
        required_action: enrichment.kev.requiredAction ?? '',
        due_date: enrichment.kev.dueDate ?? '',
        known_ransomware_campaign_use: enrichment.kev.knownRansomwareUse ? 'Known' : 'Unknown',
      }];
    }
  }

  const enrichments: Record<string, unknown[]> = {};
  if (Object.keys(cvss).length > 0) enrichments[CLAIR_CVSS_TYPE] = [cvss];
  if (Object.keys(epss).length > 0) enrichments[CLAIR_EPSS_TYPE] = [epss];
  if (Object.keys(kev).length > 0) enrichments[CLAIR_KEV_TYPE] = [kev];
  return enrichments;
}

/** CVSS v3's qualitative rating as NVD spells it (`NONE` for 0.0, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`). */
function cvss3SeverityName(score: number): string {
  const severity = severityFromCvssScore(score);
  return severity === 'Negligible' ? 'NONE' : severity.toUpperCase();
}
