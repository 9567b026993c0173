// Finding filters shared by `scan` and the API: `--severity LIST` keeps the
// listed normalised severities, `--fixable` keeps findings with a fixed version.
import type { Severity } from '../feeds/types.js';
import { parseSeverityList } from '../matcher/severity.js';
import type { Finding } from '../matcher/types.js';

export interface FindingFilter {
  /** Severities to keep; every severity when undefined. */
  severities?: Severity[];
  /** Keep only findings that a fixed version resolves. */
  fixable?: boolean;
}

/** Builds a filter from command-line values; throws a USAGE UserError for an invalid severity name. */
export function parseFindingFilter(options: { severity?: string; fixable?: boolean }): FindingFilter {
  return {
    severities: options.severity === undefined ? undefined : parseSeverityList(options.severity),
    fixable: options.fixable === true,
  };
}

/** Returns the findings that pass the filter, in their original order. */
export function filterFindings(findings: Finding[], filter: FindingFilter): Finding[] {
  return findings.filter((finding) => {
    const { severity, state, fixedVersion } = finding.vulnerability;
    if (filter.severities !== undefined && !filter.severities.includes(severity)) return false;
    if (filter.fixable && (state !== 'fixed' || fixedVersion === undefined)) return false;
    return true;
  });
}
