// The `pep440` version scheme: PEP 440 versions and specifier sets as
// pypa/packaging 26.2 reads them. Versions are in ./pep440.ts, specifier
// sets in ./specifier.ts.
//
// @renovatebot/pep440 was checked first. It follows an older packaging's
// specifier rules, so it fails 72 of the 287 specifier cases taken from
// packaging's own tests, and it reads numbers as doubles. These modules
// port packaging itself instead.
import type { RangeOptions, VersionScheme } from '../../versioning/types.js';
import { cachedParsePep440, comparePep440, explainInvalidPep440 } from './pep440.js';
import { satisfiesPep440 } from './specifier.js';

export * from './pep440.js';
export { containsPep440, satisfiesPep440, type Pep440ContainsOptions } from './specifier.js';

export const pep440Scheme: VersionScheme = {
  name: 'pep440',
  isValid: (version) => cachedParsePep440(version) !== undefined,
  compare: comparePep440,
  explainInvalid: explainInvalidPep440,
  // includePrerelease: true is SpecifierSet's prereleases=True. false is
  // node-semver's default, so it maps to packaging's default too, never to
  // prereleases=False, which would drop a matching pre-release;
  // satisfiesPep440 takes every argument of packaging.
  satisfies: (version: string, range: string, options?: RangeOptions) =>
    satisfiesPep440(version, range, { prereleases: options?.includePrerelease === true ? true : undefined }),
};
