// Record fields that Red Hat's VEX files and advisories state the same way:
// CVSS scores per product, the impact rating, errata links.
import type { CvssScore } from '../../feeds/types.js';
import type { CsafScore, CsafThreat } from './csaf.js';
import { impactWord } from './csaf.js';

/** Source of Red Hat's CVSS scores, spelled as NVD spells it. */
export const RED_HAT_CVSS_SOURCE = 'secalert@redhat.com';

const RHSA_ID = /RHSA-\d{4}:\d+/;

/** Returns the distinct CVSS scores of the entries, in document order. */
export function cvssScores(entries: CsafScore[]): CvssScore[] {
  const scores: CvssScore[] = [];
  const seen = new Set<string>();

  for (const entry of entries) {
    for (const [field, fallback] of [['cvss_v4', '4.0'], ['cvss_v3', '3.1'], ['cvss_v2', '2.0']] as const) {
      const cvss = entry[field];
      if (cvss?.vectorString === undefined || typeof cvss.baseScore !== 'number') continue;

      const version = cvssVersion(cvss.version, cvss.vectorString, fallback);
      const key = `${version} ${cvss.vectorString}`;
      if (seen.has(key)) continue;
      seen.add(key);
      scores.push({ version, vector: cvss.vectorString, baseScore: cvss.baseScore, source: RED_HAT_CVSS_SOURCE });
    }
  }
  return scores;
}

/** The version a score states, else the one its vector prefix names (`CVSS:3.0/`), else the field's. */
function cvssVersion(stated: string | undefined, vector: string, fallback: CvssScore['version']): CvssScore['version'] {
  const known: readonly string[] = ['2.0', '3.0', '3.1', '4.0'];
  if (stated !== undefined && known.includes(stated)) return stated as CvssScore['version'];

  const prefix = /^CVSS:(\d\.\d)\//.exec(vector)?.[1];
  return prefix !== undefined && known.includes(prefix) ? (prefix as CvssScore['version']) : fallback;
}

/** Returns the impact rating (`Important`) of the first `impact` threat among the entries. */
export function impactOf(threats: CsafThreat[]): string | undefined {
  return impactWord(threats.find((threat) => threat.category === 'impact' && threat.details)?.details);
}

/** Returns the RHSA id an errata URL names (`https://access.redhat.com/errata/RHSA-2024:2011`). */
export function rhsaId(url: string | undefined): string | undefined {
  return url === undefined ? undefined : RHSA_ID.exec(url)?.[0];
}

/** Returns the link to Red Hat's page about a CVE. */
export function cvePageUrl(cve: string): string {
  return `https://access.redhat.com/security/cve/${cve}`;
}
