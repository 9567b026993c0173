// The `pep440` version scheme: PEP 440 versions and specifier sets as
// pypa/packaging 26.2 reads them. Versions are in ./pep440.ts, specifier
// sets in ./specifier.ts.
//
// @renovatebot/pep440 was checked first: it orders the ordering vectors
// right except for whitespace around a version, but reads numbers as
// doubles and follows an older packaging's specifier rules (72 of the 287
// range vectors fail), so these modules port packaging itself.
import type { RangeOptions, VersionScheme } from '../../versioning/types.js';
import { comparePep440, explainInvalidPep440, tryParsePep440 } from './pep440.js';
import { satisfiesPep440 } from './specifier.js';

export * from './pep440.js';
export { containsPep440, satisfiesPep440, type Pep440ContainsOptions } from './specifier.js';

export const pep440Scheme: VersionScheme = {
  name: 'pep440',
  isValid: (version) => tryParsePep440(version) !== undefined,
  compare: comparePep440,
  explainInvalid: explainInvalidPep440,
  // includePrerelease is SpecifierSet's `prereleases` argument: true, false,
  // or left out for packaging's default.
  satisfies: (version: string, range: string, options?: RangeOptions) =>
    satisfiesPep440(version, range, { prereleases: options?.includePrerelease }),
};
