// RubyGems requirements (`~> 1.4, >= 1.4.4`), matched as Gem::Requirement
// does in rubygems 3.3 (lib/rubygems/requirement.rb: OPS, PATTERN, parse,
// initialize and satisfied_by?).
import { InvalidRangeError } from '../../versioning/types.js';
import { BoundedCache } from '../../versioning/cache.js';
import {
  GEM_VERSION_PATTERN,
  compareGemParsed,
  gemBump,
  gemRelease,
  parseGemVersion,
  rubyStrip,
  tryParseGemVersion,
  type GemVersion,
} from './gem-version.js';

export type GemOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';

export interface GemRequirementPart {
  operator: GemOperator;
  version: GemVersion;
}

// Gem::Requirement::PATTERN, `\A\s*(op)?\s*(VERSION_PATTERN)\s*\z`, matched
// on the stripped part, because the two `\s*` around the optional operator
// take quadratic time on a long run of blanks. Ruby's `\s` is ASCII only.
const PATTERN = new RegExp(`^(=|!=|>|<|>=|<=|~>)?[ \\t\\n\\v\\f\\r]*(${GEM_VERSION_PATTERN})$`);

/** Gem::Requirement.parse for one part: `~> 1.4`, or a bare version meaning `=`. */
export function parseGemRequirementPart(range: string, part: string): GemRequirementPart {
  const match = PATTERN.exec(rubyStrip(part));
  if (match === null) throw new InvalidRangeError('gem', range, `Illformed requirement ["${part}"]`);
  return { operator: (match[1] ?? '=') as GemOperator, version: tryParseGemVersion(match[2]!)! };
}

// Parsed requirements by their text, because a matcher checks one affected
// range against many installed versions. Cleared when full.
const requirementCache = new BoundedCache<readonly GemRequirementPart[]>(1000);

/**
 * Parses a requirement written as its parts joined by commas, the way
 * Gem::Requirement.new("> 1.1", "< 1.3") receives them. A blank range has
 * no parts, which Gem::Requirement.new reads as its default, `>= 0`.
 */
export function parseGemRequirement(range: string): readonly GemRequirementPart[] {
  return requirementCache.get(range, () =>
    /^[ \t\n\v\f\r]*$/.test(range)
      ? [{ operator: '>=' as const, version: parseGemVersion('0') }]
      : range.split(',').map((part) => parseGemRequirementPart(range, part)),
  );
}

/** Checks one part against the version, as the part's entry of Gem::Requirement::OPS does. */
function holds(version: GemVersion, { operator, version: required }: GemRequirementPart): boolean {
  const order = compareGemParsed(version, required);
  switch (operator) {
    case '=': return order === 0;
    case '!=': return order !== 0;
    case '>': return order > 0;
    case '<': return order < 0;
    case '>=': return order >= 0;
    case '<=': return order <= 0;
    // Pessimistic: at least the version, and below its bump (`~> 1.4.4` is `>= 1.4.4, < 1.5`).
    case '~>': return order >= 0 && compareGemParsed(gemRelease(version), gemBump(required)) < 0;
  }
}

/** Gem::Requirement#satisfied_by?: every part holds. */
export function satisfiesGemRequirement(version: string, range: string): boolean {
  const parts = parseGemRequirement(range);
  const parsed = parseGemVersion(version);
  return parts.every((part) => holds(parsed, part));
}
