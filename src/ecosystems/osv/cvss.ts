// CVSS v3.0 and v3.1 base scores from vector strings, by the equations of
// the CVSS v3.1 specification, section 7 (https://www.first.org/cvss/v3.1/specification-document).
// OSV records state vectors without scores, so the score is computed here.

/** Metric weights, section 7.4. */
const ATTACK_VECTOR: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ATTACK_COMPLEXITY: Record<string, number> = { L: 0.77, H: 0.44 };
const USER_INTERACTION: Record<string, number> = { N: 0.85, R: 0.62 };
const IMPACT: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/** Privileges Required weighs more when the scope changes. */
const PRIVILEGES: Record<string, { unchanged: number; changed: number }> = {
  N: { unchanged: 0.85, changed: 0.85 },
  L: { unchanged: 0.62, changed: 0.68 },
  H: { unchanged: 0.27, changed: 0.5 },
};

const VECTOR_PREFIX = /^CVSS:3\.([01])\//;

/** A v3 vector and its base score. */
export interface Cvss3Score {
  version: '3.0' | '3.1';
  baseScore: number;
}

/**
 * Returns the base score of a CVSS v3.0 or v3.1 vector, or undefined when
 * the string is not one (a v2 or v4 vector, a missing base metric, an
 * unknown value).
 */
export function cvss3BaseScore(vector: string): Cvss3Score | undefined {
  const prefix = VECTOR_PREFIX.exec(vector);
  if (prefix === null) return undefined;

  const metrics = new Map<string, string>();
  for (const part of vector.slice(prefix[0].length).split('/')) {
    const [name, value] = part.split(':');
    if (name === undefined || value === undefined || metrics.has(name)) return undefined;
    metrics.set(name, value);
  }

  const weight = (table: Record<string, number>, name: string): number | undefined => {
    const value = metrics.get(name);
    return value !== undefined && Object.hasOwn(table, value) ? table[value] : undefined;
  };
  const scope = metrics.get('S');
  const privileges = PRIVILEGES[metrics.get('PR') ?? ''];
  const weights = [weight(ATTACK_VECTOR, 'AV'), weight(ATTACK_COMPLEXITY, 'AC'), weight(USER_INTERACTION, 'UI'), weight(IMPACT, 'C'), weight(IMPACT, 'I'), weight(IMPACT, 'A')];
  if ((scope !== 'U' && scope !== 'C') || privileges === undefined || weights.some((value) => value === undefined)) return undefined;

  const [attackVector, complexity, interaction, confidentiality, integrity, availability] = weights as number[];
  const changed = scope === 'C';

  const subScore = 1 - (1 - confidentiality!) * (1 - integrity!) * (1 - availability!);
  const impact = changed ? 7.52 * (subScore - 0.029) - 3.25 * (subScore - 0.02) ** 15 : 6.42 * subScore;
  const exploitability = 8.22 * attackVector! * complexity! * (changed ? privileges.changed : privileges.unchanged) * interaction!;

  const version = prefix[1] === '0' ? '3.0' : '3.1';
  if (impact <= 0) return { version, baseScore: 0 };
  const sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return { version, baseScore: roundUp(Math.min(sum, 10)) };
}

/**
 * Rounds up to one decimal as the v3.1 specification's Appendix A defines
 * Roundup, which avoids floating-point artefacts such as 4.000001 → 4.1.
 * NOTE: v3.0 rounds with a plain ceiling; the two differ only on such
 * artefacts.
 */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
