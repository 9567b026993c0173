// Severity normalisation: every vendor's word maps onto one scale
// (Unknown < Negligible < Low < Medium < High < Critical), and the vendor's
// own word is kept beside it by the callers.
import { SEVERITIES, type Severity } from '../feeds/types.js';
import { UserError } from '../errors.js';

/**
 * Severity words, lower-cased, that Debian tracker urgencies, Ubuntu CVE
 * tracker priorities and the other vendors below all use with one meaning.
 * Each vendor's parser adds its own words to these.
 */
export const SHARED_SEVERITY_WORDS: ReadonlyMap<string, Severity> = new Map([
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['high', 'High'],
]);

/**
 * Vendor severity words, lower-cased, by the normalised severity they mean.
 * Sources: Debian security tracker urgencies, Ubuntu CVE tracker priorities,
 * GitHub advisory severities, Red Hat impact ratings, NVD base severities.
 */
const VENDOR_WORDS: Record<string, Severity> = {
  ...Object.fromEntries(SHARED_SEVERITY_WORDS),
  // Debian tracker urgency.
  'unimportant': 'Negligible',
  'not yet assigned': 'Unknown',
  'end-of-life': 'Unknown',
  // Ubuntu CVE tracker priority.
  'negligible': 'Negligible',
  'untriaged': 'Unknown',
  // GitHub advisory database and Red Hat.
  'moderate': 'Medium',
  'important': 'High',
  // NVD base severity of a CVSS score of 0.0.
  'none': 'Negligible',
  // Words shared by most vendors, beside the shared words above.
  'unknown': 'Unknown',
  'critical': 'Critical',
};

/** Position of a severity on the scale: 0 for Unknown up to 5 for Critical. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Orders two severities, lowest first, as Array.prototype.sort expects. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/**
 * Maps a vendor's severity word onto the normalised scale; Unknown when the
 * word is missing or not known. Debian marks urgencies it has not reviewed
 * with trailing asterisks (`high**`), which are ignored here.
 */
export function normalizeSeverity(vendorSeverity: string | undefined): Severity {
  if (vendorSeverity === undefined) return 'Unknown';
  const word = vendorSeverity.trim().replace(/\*+$/, '').trim().toLowerCase();
  // Object.hasOwn keeps inherited names such as `constructor` from matching.
  return Object.hasOwn(VENDOR_WORDS, word) ? VENDOR_WORDS[word] : 'Unknown';
}

/** Maps a CVSS v3 or v4 base score onto the scale, with the bands of the CVSS specification. */
export function severityFromCvssScore(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'Unknown';
  if (score === 0) return 'Negligible';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}

/**
 * Parses a comma-separated list of severity names, as `--severity` takes it,
 * case-insensitively. Throws a USAGE UserError naming the invalid entry and
 * listing the valid names.
 */
export function parseSeverityList(list: string, optionName = '--severity'): Severity[] {
  const parsed: Severity[] = [];

  for (const entry of list.split(',')) {
    const name = entry.trim();
    if (name === '') continue;

    const severity = SEVERITIES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (severity === undefined) {
      throw new UserError(
        'USAGE',
        `invalid ${optionName} value "${name}": use a comma-separated list of ${SEVERITIES.join(', ')}`,
      );
    }
    if (!parsed.includes(severity)) parsed.push(severity);
  }

  if (parsed.length === 0) {
    throw new UserError('USAGE', `empty ${optionName} list: give one or more of ${SEVERITIES.join(', ')}`);
  }
  return parsed;
}
