// The `gem` version scheme: Gem::Version and Gem::Requirement of rubygems
// 3.3. Versions are in ./gem-version.ts, requirements in ./requirement.ts.
//
// @renovatebot/ruby-semver was checked first and passes the vectors, but it
// orders letter segments with localeCompare (Ruby compares bytes, so
// `1.0.B` < `1.0.a`), reads numbers as doubles and takes JavaScript's
// Unicode `\s` for Ruby's ASCII one, so these modules port rubygems itself.
import type { VersionScheme } from '../../versioning/types.js';
import { compareGemVersions, explainInvalidGemVersion, isGemVersion } from './gem-version.js';
import { satisfiesGemRequirement } from './requirement.js';

export * from './gem-version.js';
export { parseGemRequirement, satisfiesGemRequirement, type GemOperator, type GemRequirementPart } from './requirement.js';

export const gemScheme: VersionScheme = {
  name: 'gem',
  isValid: isGemVersion,
  compare: compareGemVersions,
  explainInvalid: explainInvalidGemVersion,
  // Gem::Requirement#satisfied_by? takes no options.
  satisfies: (version: string, range: string) => satisfiesGemRequirement(version, range),
};
